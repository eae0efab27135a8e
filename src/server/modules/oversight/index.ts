// The oversight module's public face for other modules (routes are registered by app.ts from their files).
export { currentRuns } from './scorecard.service.js';
