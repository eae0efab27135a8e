// Agency figures (P2 of issue 7): routes, and what the observatory reads.
export { agencyRoutes } from './agency.routes.js';
export { suppliedFigures, type SuppliedFilter } from './agency.service.js';
