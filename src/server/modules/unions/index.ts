export { unionRoutes } from './union.routes.js';
