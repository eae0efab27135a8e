import { z } from 'zod';

import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { actor } from '../identity/index.js';
import { statsSections, statsSectionSchema, statsFilter, statsTableQuery, statsTableSchema, type StatsFilter } from '../../../shared/stats.js';

import * as svc from './stats.service.js';
import { refresh } from './refresh.service.js';

const tags = ['stats'];
const readers = { access: { roles: svc.READERS } };
const sectionParams = z.strictObject({ section: z.enum(statsSections).describe('Dashboard section') });
const tableParams = z.strictObject({ section: z.enum(statsSections).describe('Dashboard section'), table: z.string().min(1).max(60).describe('Table id within the section, e.g. byKind') });

export function statsRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/stats/dashboard/:section',
    {
      config: readers,
      schema: {
        tags,
        summary: 'One section of the observatory: its tables, each with its source and period, cut by the filter; cells resting on fewer than minCell people are null',
        params: sectionParams,
        querystring: statsFilter,
        response: { 200: statsSectionSchema },
      },
    },
    async (req) => svc.readStats(ctx, req.principal, req.params.section, req.query),
  );

  app.get(
    '/api/stats/dashboard/:section/:table',
    {
      config: readers,
      schema: {
        tags,
        summary: 'One dashboard table as JSON, or with format=csv as a CSV download (UTF-8 with BOM; header: the column keys, then source and period; a suppressed cell is empty)',
        params: tableParams,
        querystring: statsTableQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: statsSectionSchema.omit({ tables: true }).extend({ table: statsTableSchema }) },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      const out = await svc.readTable(ctx, req.principal, req.params.section, req.params.table, filter as StatsFilter);
      if (format === 'json') return { section: out.section, filter: out.filter, asOf: out.asOf, minCell: out.minCell, table: out.table };
      const name = `nuanxin-${out.section}-${out.table.id}-${out.filter.from}-${out.filter.to}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(svc.tableCsv(out.table) as never);
    },
  );

  app.post(
    '/api/stats/refresh',
    {
      config: { access: { roles: ['analyst'] } },
      schema: {
        tags,
        summary: 'Recompute every observatory figure from the records now (they are also computed at start and every 10 minutes); audited',
        response: { 200: z.object({ asOf: z.string().describe('ISO time of the new figures'), cells: z.number().int().describe('Cells stored'), tookMs: z.number().int(), offThread: z.boolean().describe('Whether the records were read in a worker thread (SQLite files), leaving the server free to answer') }) },
      },
    },
    async (req) => refresh(ctx, actor(req)),
  );
}
