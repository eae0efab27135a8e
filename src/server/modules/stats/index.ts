// The observatory's figures (issue 7), for the app and for the stats sub-parts (agency/, report/).
export { statsRoutes } from './stats.routes.js';
export { observation, readStats, readTable, tableCsv, mayRead, READERS } from './stats.service.js';
export { refresh, startRefreshTimer, asOfOf } from './refresh.service.js';
