import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import { amenities, operatorKinds, services, type Amenity, type Service } from './station.js';
import * as svc from './station.service.js';
import { toHsds } from './hsds.js';

const time = z.string().refine((v) => /^([01]\d|2[0-4]):[0-5]\d$/.test(v), { message: 'Use HH:MM, e.g. 08:30', params: { code: 'invalid_time' } });
const hours = z.array(z.strictObject({ weekday: z.number().int().min(1).max(7), opens: time, closes: time })).max(50);
const exceptions = z
  .array(z.strictObject({ date: z.iso.date(), closed: z.boolean(), opens: time.optional(), closes: time.optional(), note: z.string().max(200).optional() }))
  .max(400);
const stationBody = z.strictObject({
  name: z.string().trim().min(2).max(100),
  operatorKind: z.enum(operatorKinds),
  operatorName: z.string().trim().min(2).max(100),
  address: z.string().trim().min(2).max(200),
  cityCode: z.string().regex(/^\d{6}$/),
  districtCode: z.string().min(1).max(20),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  phone: z.string().trim().max(30).default(''),
  is24h: z.boolean().default(false),
  amenities: z.array(z.enum(amenities)).max(amenities.length).default([]),
  services: z.array(z.enum(services)).max(services.length).default([]),
  hours: hours.default([]),
  exceptions: exceptions.default([]),
  photos: z.array(z.url({ protocol: /^https$/ })).max(10).default([]),
});
const patchBody = z.strictObject(Object.fromEntries(Object.entries(stationBody.shape).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
  [K in keyof typeof stationBody.shape]: z.ZodOptional<(typeof stationBody.shape)[K]>;
});

/** "a,b" → ['a','b'], each checked against the fixed list; an unknown name is a 400 naming it. */
const codeList = <T extends string>(all: readonly T[], field: string) =>
  z
    .string()
    .max(500)
    .transform((v, c) => {
      const parts = v.split(',').map((x) => x.trim()).filter(Boolean);
      for (const p of parts) if (!all.includes(p as T)) c.addIssue({ code: 'custom', message: `Unknown ${field} "${p}"`, params: { code: `unknown_${field}` } });
      return parts as T[];
    });

const summary = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  cityCode: z.string(),
  districtCode: z.string(),
  lat: z.number(),
  lng: z.number(),
  phone: z.string(),
  is24h: z.boolean(),
  amenities: z.array(z.string()),
  services: z.array(z.string()),
});

export function stationRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/stations/nearby',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['stations'],
        summary: 'Nearest stations first, with distance and whether each is open now (station local time)',
        querystring: z.strictObject({
          lat: z.coerce.number().min(-90).max(90),
          lng: z.coerce.number().min(-180).max(180),
          limit: z.coerce.number().int().min(1).max(50).default(10),
          radiusKm: z.coerce.number().gt(0).max(500).default(100),
          amenity: codeList<Amenity>(amenities, 'amenity').optional(),
          service: codeList<Service>(services, 'service').optional(),
          openNow: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
        }),
        response: { 200: z.object({ items: z.array(summary.extend({ distanceM: z.number(), openNow: z.boolean() })) }) },
      },
    },
    // The hottest public route answers with JSON text built from per-station fragments of the public
    // directory (see nearbyJson); a string is sent as is, without the response schema's re-validation.
    async (req, reply) => {
      const q = req.query;
      reply.type('application/json; charset=utf-8');
      return svc.nearbyJson(ctx, { lat: q.lat, lng: q.lng, limit: q.limit, radiusKm: q.radiusKm, amenities: q.amenity, services: q.service, openNow: q.openNow, nowMs: Date.now() }) as never;
    },
  );

  app.get(
    '/api/stations',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['stations'],
        summary: 'Find stations by name, address, city or district',
        querystring: z.strictObject({
          q: z.string().trim().max(50).optional(),
          cityCode: z.string().regex(/^\d{6}$/).optional(),
          districtCode: z.string().max(20).optional(),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(summary.extend({ openNow: z.boolean() })) }) },
      },
    },
    async (req) => svc.search(ctx, req.query),
  );

  app.get(
    '/api/stations/export/hsds',
    { config: { access: { public: true } }, schema: { tags: ['stations'], summary: 'The whole directory in Open Referral HSDS 3.0 JSON' } },
    async (_req, reply) => {
      reply.header('content-disposition', 'attachment; filename="nuanxin-stations-hsds.json"');
      return toHsds(await svc.allForExport(ctx), 'Nuanxin 暖新');
    },
  );

  app.get(
    '/api/stations/:id',
    { config: { access: { public: true } }, schema: { tags: ['stations'], params: z.strictObject({ id: s.uuid }) } },
    async (req) => ({ station: await svc.getStation(ctx, req.params.id) }),
  );

  app.post(
    '/api/stations',
    { config: { access: { roles: ['admin'] } }, schema: { tags: ['stations'], summary: 'Add a station to the directory', body: stationBody } },
    async (req, reply) => {
      reply.status(201);
      return { station: await svc.createStation(ctx, req.body, actor(req)) };
    },
  );

  app.patch(
    '/api/stations/:id',
    {
      config: { access: { roles: ['station_operator', 'admin'] } },
      schema: { tags: ['stations'], summary: 'Edit a station (its operator or an admin)', params: z.strictObject({ id: s.uuid }), body: patchBody },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      return { station: await svc.updateStation(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.get(
    '/api/stations/:id/checkin-code',
    {
      config: { access: { roles: ['station_operator', 'admin'] } },
      schema: { tags: ['stations'], summary: 'The code behind the station’s check-in QR poster', params: z.strictObject({ id: s.uuid }) },
    },
    async (req) => ({ token: await svc.checkinToken(ctx, req.principal, req.params.id) }),
  );
}
