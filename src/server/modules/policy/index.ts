export { policyRoutes } from './policy.routes.js';
