export { incubatorRoutes } from './incubator.routes.js';
export { presentEnterprise, requireEnterprise } from './incubator.service.js';
export * from './facts.js';
