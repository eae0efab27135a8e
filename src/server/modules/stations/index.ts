export { stationRoutes } from './station.routes.js';
export { stationIndex, createStation } from './station.service.js';
export { amenities, services } from './station.js';
export { insertStation, encodeHours } from './station.repository.js';
export { mealRoutes } from './meals/meals.routes.js';
export { lendingRoutes } from './lending/lending.routes.js';
export { lawyerRoutes } from './lawyers/lawyers.routes.js';
