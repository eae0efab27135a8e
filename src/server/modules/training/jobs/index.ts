export { jobRoutes } from './job.routes.js';
export { loadGraduates } from './job.repository.js';
export { poolOf, rankPool, rank } from './matching.js';
