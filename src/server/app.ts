import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Config } from './platform/config.js';
import type { DbHandle } from './platform/db.js';
import { currentMigration, ping } from './platform/db.js';
import { FieldCrypto } from './platform/crypto.js';
import type { Ctx } from './platform/context.js';
import { createHttp } from './platform/http.js';
import { AppError } from './platform/errors.js';
import { loadWebPages, sendWebPage } from './platform/web-page.js';
import { cities, employmentCategories, platforms, workerKinds } from '../shared/reference.js';
import { identityRoutes, resolvePrincipal, SESSION_COOKIE } from './modules/identity/index.js';
import { workerRoutes } from './modules/workers/index.js';
import { unionRoutes } from './modules/unions/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { stationRoutes, mealRoutes, lendingRoutes, lawyerRoutes, classroomRoutes, careRoutes } from './modules/stations/index.js';
import { caseRoutes } from './modules/cases/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { registryRoutes } from './modules/oversight/registry.routes.js';
import { ruleRoutes } from './modules/oversight/rules.routes.js';
import { scorecardRoutes } from './modules/oversight/scorecard.routes.js';
import { enforcementRoutes } from './modules/oversight/enforcement.routes.js';
import { driverRoutes } from './modules/oversight/driver.routes.js';
import { ingestRoutes } from './modules/oversight/ingest.routes.js';
import { parkingRoutes, gatePrincipal } from './modules/parking/index.js';
import { trainingRoutes } from './modules/training/index.js';
import { jobRoutes } from './modules/training/jobs/index.js';
import { policyRoutes } from './modules/policy/index.js';
import { incubatorRoutes } from './modules/incubator/index.js';
import { statsRoutes } from './modules/stats/index.js';
import { agencyRoutes } from './modules/stats/agency/index.js';
import { reportRoutes } from './modules/stats/report/index.js';
import { campaignRoutes } from './modules/campaign/index.js';
import { privacyRoutes } from './modules/privacy/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, '../../dist/web');

export async function buildApp(config: Config, handle: DbHandle, opts: { logger?: boolean | object } = {}) {
  const ctx: Ctx = { db: handle.db, dbKind: handle.kind, crypto: new FieldCrypto(config.dataKey), config };
  const { app, routeTable } = await createHttp(config, async (req) => (await gatePrincipal(ctx, req)) ?? resolvePrincipal(ctx, req), opts.logger ?? false);

  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), migration: z.string() }) } },
    },
    async () => {
      try {
        await ping(handle.db);
      } catch {
        throw new AppError('unavailable', 'The database is unavailable', [], { 'retry-after': '5' });
      }
      return { status: 'ok' as const, database: handle.kind, migration: currentMigration() };
    },
  );
  app.get(
    '/api/reference',
    { config: { access: { public: true } }, schema: { tags: ['system'], summary: 'Cities, districts, platforms and worker kinds; the map tile server and upload limits' } },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { cities, platforms, workerKinds, employmentCategories, map: { tileUrl: config.mapTileUrl || null }, limits: { evidenceMaxBytes: config.evidenceMaxBytes } };
    },
  );

  identityRoutes(app, ctx);
  workerRoutes(app, ctx);
  unionRoutes(app, ctx);
  auditRoutes(app, ctx);
  stationRoutes(app, ctx);
  mealRoutes(app, ctx);
  lendingRoutes(app, ctx);
  lawyerRoutes(app, ctx);
  classroomRoutes(app, ctx);
  careRoutes(app, ctx);
  caseRoutes(app, ctx);
  notificationRoutes(app, ctx);
  registryRoutes(app, ctx);
  ruleRoutes(app, ctx);
  scorecardRoutes(app, ctx);
  enforcementRoutes(app, ctx);
  driverRoutes(app, ctx);
  ingestRoutes(app, ctx);
  parkingRoutes(app, ctx);
  trainingRoutes(app, ctx);
  jobRoutes(app, ctx);
  policyRoutes(app, ctx);
  incubatorRoutes(app, ctx);
  statsRoutes(app, ctx);
  agencyRoutes(app, ctx);
  reportRoutes(app, ctx);
  campaignRoutes(app, ctx);
  privacyRoutes(app, ctx);

  // The web app: files from dist/web, and index.html for every page path (client-side routing).
  const pages = loadWebPages(webRoot);
  const hasWeb = pages !== null;
  // The build ships .br/.gz next to each text file (vite.config.ts); hashed /assets/ files never change.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) void res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const file = req.url.split('?')[0]!;
    if (file.startsWith('/api/') || file === '/api') {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${file}` } });
    }
    if (!hasWeb || req.method !== 'GET' || /\.[a-z0-9]+$/i.test(file)) {
      return reply.status(404).type('text/plain').send(hasWeb ? 'Not found' : 'The web app is not built: run npm run build');
    }
    return sendWebPage(req, reply, pages!, !!req.cookies?.[SESSION_COOKIE]);
  });

  return { app, ctx, routeTable };
}
