export { workerRoutes } from './worker.routes.js';
export { register as registerWorker, workerIdOf, workerIdByPhone, type WorkerInput } from './worker.service.js';
export { insertWorker, setPlatforms, setPlates } from './worker.repository.js';
export { hasConsent } from './consent.service.js';
