export { parkingRoutes } from './parking.routes.js';
export { gatePrincipal, ZONE_KEY_HEADER } from './parking.setup.js';
