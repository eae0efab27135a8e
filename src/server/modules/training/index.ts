export { trainingRoutes, VERIFY_PER_MINUTE } from './training.routes.js';
export * from './jobs/index.js';
export * from './facts.js';
