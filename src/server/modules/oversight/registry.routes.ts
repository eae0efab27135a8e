import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './registry.service.js';
import type { PermitKind } from './registry.csv.js';

export const registryReaders = { access: { roles: ['union_officer', 'union_chair', 'admin', 'analyst'] as const } };
export const registryEditors = { access: { roles: ['union_officer', 'union_chair', 'admin'] as const } };
const tags = ['oversight-registry'];

/** A registry file is at most 20 MB (~300,000 lines): far more than a city's permits. */
const MAX_CSV = 20 * 1024 * 1024;
/** What a browser or a client may call a CSV file; other types (a PDF, JSON) are refused with 415. */
const csvTypes = ['text/csv', 'text/plain', 'application/csv'];
const kindParam = z.enum(['drivers', 'vehicles']);
const kindOf = (k: 'drivers' | 'vehicles'): PermitKind => (k === 'drivers' ? 'driver' : 'vehicle');
const date = z.iso.date();
const permitNo = z.string().trim().min(1).max(40);

const rule = z.object({ id: z.string(), rule: z.string(), version: z.number(), value: z.number(), unit: z.string(), class: z.string(), source: z.string(), effectiveFrom: z.string(), effectiveTo: z.string().nullable() });
const platform = z.object({ code: z.string(), name: z.string(), licenceNo: z.string(), cityCode: z.string(), active: z.boolean(), updatedAt: z.string(), rules: z.array(rule) });
const driverPermit = z.object({ id: z.string(), permitNo: z.string(), holderName: z.string(), validFrom: z.string(), validTo: z.string(), cityCode: z.string(), linkedWorker: z.boolean(), status: z.enum(['valid', 'expired', 'not_yet']) });
const vehiclePermit = z.object({ id: z.string(), plate: z.string(), permitNo: z.string(), validFrom: z.string(), validTo: z.string(), registeredOn: z.string(), odometerKm: z.number(), status: z.enum(['valid', 'expired', 'not_yet']) });
const importReport = z.object({
  kind: z.enum(['driver', 'vehicle']),
  dryRun: z.boolean(),
  lines: z.number(),
  stored: z.number(),
  inserted: z.number(),
  updated: z.number(),
  rejectedLines: z.number(),
  problems: z.array(z.object({ line: z.number(), field: z.string(), reason: z.string() })),
  problemsTruncated: z.boolean(),
});

export function registryRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/oversight/platforms',
    { config: registryReaders, schema: { tags, summary: 'The platform registry, each platform with its rules in force today (caps, daily maximum)', response: { 200: z.object({ on: z.string(), items: z.array(platform) }) } } },
    async () => svc.listPlatforms(ctx),
  );

  app.patch(
    '/api/oversight/platforms/:code',
    {
      config: registryEditors,
      schema: {
        tags,
        summary: 'Edit a platform (name, licence number, active); its caps and limits are rules (POST /api/oversight/rules)',
        params: z.strictObject({ code: z.string().min(1).max(40) }),
        body: z.strictObject({ name: z.string().trim().min(1).max(100).optional(), licenceNo: z.string().trim().max(100).optional(), active: z.boolean().optional() }),
        response: { 200: z.object({ platform }) },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      return { platform: await svc.updatePlatform(ctx, req.params.code, req.body, actor(req)) };
    },
  );

  app.get(
    '/api/oversight/permits',
    {
      config: registryReaders,
      schema: {
        tags,
        summary: 'How many permits of each kind the registry holds, and how many are valid today',
        response: { 200: z.object({ on: z.string(), drivers: z.object({ total: z.number(), validToday: z.number() }), vehicles: z.object({ total: z.number(), validToday: z.number() }) }) },
      },
    },
    async () => svc.registryCounts(ctx),
  );

  app.get(
    '/api/oversight/permits/:kind',
    {
      config: registryReaders,
      schema: {
        tags,
        summary: 'Find driver permits (by number or holder) or vehicle permits (by plate or number), with their status on a date; analysts see holders masked',
        params: z.strictObject({ kind: kindParam }),
        querystring: z.strictObject({
          q: z.string().trim().max(60).optional(),
          status: z.enum(['valid', 'expired', 'not_yet']).optional(),
          on: date.optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ on: z.string(), total: z.number(), items: z.array(z.union([driverPermit, vehiclePermit])) }) },
      },
    },
    async (req) => svc.searchPermits(ctx, kindOf(req.params.kind), req.query, req.principal),
  );

  app.patch(
    '/api/oversight/permits/:kind/:id',
    {
      config: registryEditors,
      schema: {
        tags,
        summary: 'Edit one permit (fields of its kind only)',
        params: z.strictObject({ kind: kindParam, id: s.uuid }),
        body: z.strictObject({
          permitNo: permitNo.optional(),
          holderName: z.string().trim().min(1).max(60).optional(),
          cityCode: z.string().refine((v) => /^\d{6}$/.test(v), { message: 'Six digits', params: { code: 'invalid_city' } }).optional(),
          plate: z.string().trim().min(1).max(20).optional(),
          validFrom: date.optional(),
          validTo: date.optional(),
          registeredOn: date.optional(),
          odometerKm: z.number().int().min(0).max(99_999_999).optional(),
        }),
        response: { 200: z.object({ permit: z.union([driverPermit, vehiclePermit]) }) },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.kind);
      const keys = Object.keys(req.body);
      if (!keys.length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      const foreign = keys.filter((k) => (kind === 'driver' ? ['plate', 'registeredOn', 'odometerKm'] : ['holderName', 'cityCode']).includes(k));
      if (foreign.length) throw new AppError('bad_request', `Not a field of a ${kind} permit: ${foreign.join(', ')}`, foreign.map((path) => ({ path, code: 'unknown_field', message: `Unknown field "${path}"` })));
      return { permit: await svc.updatePermit(ctx, kind, req.params.id, req.body, actor(req), req.principal) };
    },
  );

  // The import takes the file's bytes as the body (text/csv). Its own scope, so the text/csv parser it
  // adds when no other module has one stays local.
  void app.register(async (scoped: FastifyInstance) => {
    const z2 = scoped as unknown as ZApp;
    if (!scoped.hasContentTypeParser('text/csv')) {
      scoped.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_CSV }, (_req, body, done) => done(null, body));
    }
    z2.post(
      '/api/oversight/permits/:kind/import',
      {
        config: registryEditors,
        bodyLimit: MAX_CSV,
        schema: {
          tags,
          summary:
            'Import a registry CSV (Content-Type: text/csv). drivers: permit_no,holder_name,valid_from,valid_to,city_code; vehicles: plate,permit_no,valid_from,valid_to,registered_on,odometer_km. Valid lines are stored (same key and valid_from updates), bad lines reported by line, field and reason; one transaction. dryRun=true checks only.',
          params: z.strictObject({ kind: kindParam }),
          querystring: z.strictObject({ dryRun: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional() }),
          response: { 200: importReport },
        },
      },
      async (req) => {
        const body = req.body as unknown;
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const text = !csvTypes.includes(type) ? null : Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : null;
        if (text === null) throw new AppError('unsupported_media_type', 'Send the CSV file itself as the body, with Content-Type: text/csv', [{ path: 'file', code: 'not_csv', message: 'The body is not a CSV file' }]);
        if (Buffer.byteLength(text) > MAX_CSV) throw new AppError('payload_too_large', 'The file is larger than 20 MB', [{ path: 'file', code: 'too_large', message: 'At most 20 MB' }]);
        return svc.importPermits(ctx, kindOf(req.params.kind), text, { dryRun: req.query.dryRun }, actor(req));
      },
    );
  });
}
