import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import type { Role } from '../../../../shared/reference.js';
import { AGENCY_MAX_BYTES, AGENCY_MAX_ROWS, agencies, agencyColumns, conflictChoices, rowErrorCodes } from '../../../../shared/agency.js';
import { statsFilter } from '../../../../shared/stats.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import { sheetContentTypes } from './agency.js';
import * as svc from './agency.service.js';

const ANALYST: Role[] = ['analyst'];
/** Readers of the observatory (contract). */
const READERS: Role[] = ['analyst', 'union_chair', 'policy_officer'];
const tags = ['stats'];

const column = z.enum(agencyColumns);
const rowError = z.object({ row: z.number().describe('Sheet row (the header is row 1)'), column: column.nullable().describe('null: the whole row'), code: z.enum(rowErrorCodes), message: z.string() });
const figure = z.object({
  agency: z.enum(agencies),
  indicator: z.string(),
  region: z.string(),
  period: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  value: z.number(),
  unit: z.string(),
  note: z.string(),
});
const conflict = z.object({ figureId: z.string(), importId: z.string(), value: z.number(), unit: z.string(), source: z.string(), importedAt: z.string() });
const previewSchema = z.object({
  upload: z.object({ id: z.string(), fileName: z.string(), format: z.enum(['csv', 'xlsx']), size: z.number(), sha256: z.string(), uploadedAt: z.string(), expiresAt: z.string() }),
  header: z.array(z.object({ title: z.string(), column: column.nullable() })).describe('The header row: each title and the column it was read as (null: ignored)'),
  summary: z.object({ rows: z.number(), valid: z.number().describe('Rows without errors (conflicts included)'), invalid: z.number(), conflicts: z.number().describe('Valid rows whose key already has a figure in force') }),
  problems: z.array(rowError).describe(`Every error, header first (at most ${svc.PROBLEMS_SHOWN})`),
  problemCount: z.number(),
  rows: z
    .array(
      z.object({
        row: z.number(),
        cells: z.record(z.string(), z.string()).describe('The cells as read, by column'),
        status: z.enum(['valid', 'invalid', 'conflict']),
        errors: z.array(rowError.omit({ row: true })),
        figure: figure.nullable().describe('What would be stored'),
        conflict: conflict.nullable().describe('The earlier figure in force for the same key'),
      }),
    )
    .describe('A page of the rows'),
  total: z.number().describe('Rows matching `show`'),
  offset: z.number(),
  limit: z.number(),
});
const importSchema = z.object({
  id: z.string(),
  source: z.string(),
  agencies: z.array(z.enum(agencies)),
  period: z.object({ from: z.string(), to: z.string() }),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  size: z.number(),
  sha256: z.string(),
  counts: z.object({ rows: z.number(), stored: z.number(), rejected: z.number(), skipped: z.number(), replaced: z.number(), inForce: z.number() }),
  partial: z.boolean(),
  importedBy: z.object({ id: z.string(), name: z.string() }),
  importedAt: z.string(),
  withdrawn: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
});
const page = {
  offset: z.coerce.number().int().min(0).max(AGENCY_MAX_ROWS).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  show: z.enum(['all', 'problems']).default('all').describe('problems: invalid and conflicting rows only'),
};
const idParams = z.strictObject({ id: s.uuid });
const supplied = z.object({
  id: z.string(),
  agency: z.enum(agencies),
  indicator: z.string(),
  region: z.string().describe("'CN', 'XJ' or a city code"),
  period: z.string().describe('2025, 2025-H1, 2025-Q3 or 2025-07'),
  periodFrom: z.string(),
  periodTo: z.string(),
  value: z.number(),
  unit: z.string(),
  note: z.string(),
  importId: z.string(),
  source: z.string(),
  importedAt: z.string(),
});

const uploadDoc = `Upload a sheet of agency figures and get its preview. The body is the file itself (CSV in UTF-8, with or without BOM, or an .xlsx workbook: its first sheet), sent as ${sheetContentTypes.join(', ')}; the content decides. Header row (Chinese or English): agency, indicator, region, period, value, unit, note (unit and note optional). Over 10 MB → 413; not CSV/.xlsx or not UTF-8 → 415; no data row → 422. Nothing is stored but the pending upload (24 h).`;

export function agencyRoutes(app: ZApp, ctx: Ctx) {
  // The sheet arrives as the body. Its own scope: the parsers it installs (as buffers, up to 10 MB) stay local.
  void app.register(async (scoped: FastifyInstance) => {
    for (const t of sheetContentTypes) {
      if (scoped.hasContentTypeParser(t)) scoped.removeContentTypeParser(t);
      scoped.addContentTypeParser(t, { parseAs: 'buffer', bodyLimit: AGENCY_MAX_BYTES }, (_req, body, done) => done(null, body));
    }
    const z2 = scoped as unknown as ZApp;
    z2.post(
      '/api/stats/agency/uploads',
      {
        config: { access: { roles: ANALYST } },
        bodyLimit: AGENCY_MAX_BYTES,
        schema: {
          tags,
          summary: uploadDoc,
          querystring: z.strictObject({ name: z.string().trim().min(1).max(200).default('sheet').describe('The file name, as picked'), ...page }),
          response: { 201: previewSchema },
        },
      },
      async (req, reply) => {
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body)) throw new AppError('unsupported_media_type', 'Send the sheet itself as the body: a CSV file or an .xlsx workbook', [{ path: 'file', code: 'unsupported_type', message: 'Not a sheet' }]);
        const { name, ...p } = req.query;
        const res = await svc.upload(ctx, req.principal, { bytes: body, contentType: req.headers['content-type'], name }, actor(req), p);
        reply.status(201);
        return res;
      },
    );
  });

  app.get(
    '/api/stats/agency/uploads/:id',
    {
      config: { access: { roles: ANALYST } },
      schema: { tags, summary: 'A page of your pending upload’s preview, checked again now', params: idParams, querystring: z.strictObject(page), response: { 200: previewSchema } },
    },
    async (req) => svc.preview(ctx, req.principal, req.params.id, req.query),
  );

  app.delete(
    '/api/stats/agency/uploads/:id',
    { config: { access: { roles: ANALYST } }, schema: { tags, summary: 'Cancel your pending upload (nothing is imported)', params: idParams } },
    async (req, reply) => {
      await svc.cancel(ctx, req.principal, req.params.id, actor(req));
      reply.status(204);
    },
  );

  app.post(
    '/api/stats/agency/uploads/:id/commit',
    {
      config: { access: { roles: ANALYST } },
      schema: {
        tags,
        summary:
          'Import a pending upload in one transaction. Any invalid row → 422 listing them (`error.rows`, and `details` with paths `rows.<row>.<column>`), nothing written — unless `partial: true`: the valid rows are stored and the rejected ones kept in the import record. Rows already supplied by an earlier import need `onConflict` (replace | skip), else 409 `choice_required`.',
        params: idParams,
        body: z.strictObject({
          source: z.string().trim().min(2).max(200).describe('Where the figures come from, e.g. 新疆维吾尔自治区民政厅 2025年统计公报'),
          partial: z.boolean().default(false).describe('Store the valid rows and list the rejected ones'),
          onConflict: z.enum(conflictChoices).optional().describe('replace: the earlier figures stop being in force; skip: these rows are left out'),
        }),
        response: { 201: z.object({ import: importSchema }) },
      },
    },
    async (req, reply) => {
      const res = await svc.commit(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(201);
      return res;
    },
  );

  app.get(
    '/api/stats/agency/imports',
    { config: { access: { roles: ANALYST } }, schema: { tags, summary: 'Every import, newest first, with its counts (rows, stored, rejected, skipped, replaced, in force)', response: { 200: z.object({ items: z.array(importSchema) }) } } },
    async () => ({ items: await svc.listImports(ctx) }),
  );

  app.get(
    '/api/stats/agency/imports/:id',
    {
      config: { access: { roles: ANALYST } },
      schema: {
        tags,
        summary: 'One import: its record, its rejected and skipped rows, and its figures (the first 1,000)',
        params: idParams,
        response: {
          200: z.object({
            import: importSchema,
            rejectedRows: z.array(z.object({ row: z.number(), errors: z.array(rowError.omit({ row: true })) })),
            skippedRows: z.array(z.object({ row: z.number(), figureId: z.string() })),
            figures: z.array(figure.extend({ id: z.string(), row: z.number(), inForce: z.boolean(), replacedBy: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => svc.getImport(ctx, req.params.id),
  );

  app.post(
    '/api/stats/agency/imports/:id/withdraw',
    {
      config: { access: { roles: ANALYST } },
      schema: {
        tags,
        summary: 'Withdraw an import: its figures are no longer shown; figures it had replaced come back where nobody has replaced them since. Twice → 409 `already_withdrawn`.',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
        response: { 200: z.object({ import: importSchema, restored: z.number() }) },
      },
    },
    async (req) => svc.withdraw(ctx, req.params.id, req.body.reason, actor(req)),
  );

  app.get(
    '/api/stats/supplied',
    {
      config: { access: { roles: READERS } },
      schema: {
        tags,
        summary:
          "Agency-supplied figures in force for the observatory: those whose period overlaps [from, to] and whose region is `city` (a `district` stands for its city) or, with no city, 'XJ' and 'CN'. `kind` and `platform` do not apply to them and are ignored. Published aggregates: nothing is suppressed.",
        querystring: statsFilter,
        response: { 200: z.object({ figures: z.array(supplied) }) },
      },
    },
    async (req) => ({ figures: await svc.suppliedFigures(ctx, req.query) }),
  );
}
