export { caseRoutes } from './case.routes.js';
export { sweep as sweepCases } from './case.service.js';
export { fileFromConsultation } from './case.service.js';
export { file as fileCase } from './case.service.js';
export { addFile as addCaseFile } from './case.steps.js';
export { packagedFontFile } from './letters/letter.pdf.js';
