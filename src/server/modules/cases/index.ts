export { caseRoutes } from './case.routes.js';
export { sweep as sweepCases } from './case.service.js';
export { fileFromConsultation } from './case.service.js';
