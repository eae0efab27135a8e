// The observatory's report (P4 of issue 7): the PDF route, and the bidi helper other PDFs may use for Uyghur.
export { reportRoutes } from './report.routes.js';
export { visualRuns } from './bidi.js';
