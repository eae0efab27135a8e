import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { indicatorIds } from '../../../shared/oversight.js';
import { actor } from '../identity/index.js';
import * as svc from './scorecard.service.js';

/** YYYY-MM, a real month. */
export const monthSchema = z.string().refine((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m), { message: 'A month as YYYY-MM', params: { code: 'invalid_month' } });
/** A platform code, or 'cross' for driver-days spanning platforms. */
const platformFilter = z.string().refine((p) => /^[a-z0-9_]{1,32}$/.test(p), { message: 'A platform code', params: { code: 'invalid_value' } });
const readers = { access: { roles: ['union_officer', 'union_chair', 'analyst'] as const } };
const tags = ['oversight'];

export function scorecardRoutes(app: ZApp, ctx: Ctx) {
  app.get('/api/oversight/months', { config: readers, schema: { tags, summary: 'Months analysed, newest first, with the current run of each' } }, async () => ({ items: await svc.months(ctx) }));
  app.get(
    '/api/oversight/scorecard',
    {
      config: readers,
      schema: {
        tags,
        summary: 'A month’s scorecard: each indicator per platform (count and rate), trend, Fairwork-style summary, double compliance, dispatch fairness, rule versions. Analysts: small cells null',
        querystring: z.strictObject({ month: monthSchema, trend: z.coerce.number().int().min(0).max(24).default(6) }),
      },
    },
    async (req) => svc.scorecard(ctx, req.principal, req.query.month, req.query.trend),
  );
  const findingFilter = { month: monthSchema, indicator: z.enum(indicatorIds).optional(), platform: platformFilter.optional() };
  app.get(
    '/api/oversight/findings',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Drill-down: the findings behind a figure with their orders and rule version (paged, sortable; analysts see no identities); audited',
        querystring: z.strictObject({
          ...findingFilter,
          sort: z.enum(['day', 'value', 'driver', 'plate']).default('day'),
          dir: z.enum(['asc', 'desc']).default('asc'),
          limit: z.coerce.number().int().min(1).max(200).default(25),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
    },
    async (req) => svc.findings(ctx, req.principal, req.query, actor(req)),
  );
  app.get(
    '/api/oversight/findings/export',
    {
      config: readers,
      schema: { tags, summary: 'The findings with one line per evidence order as CSV (UTF-8 with BOM, streamed); audited', querystring: z.strictObject(findingFilter), produces: ['text/csv'] },
    },
    async (req, reply) => {
      const out = await svc.exportCsv(ctx, req.principal, req.query, actor(req));
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${out.name}"; filename*=UTF-8''${encodeURIComponent(out.name)}`)
        .header('cache-control', 'private, no-store');
      return reply.send(Readable.from(out.lines));
    },
  );
}
