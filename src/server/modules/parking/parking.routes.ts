import { z } from 'zod';

import type { ZApp } from '../../platform/http.js';
import type { Principal } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { nowOf } from '../../platform/context.js';

import { AppError, notFound } from '../../platform/errors.js';

import type { Role } from '../../../shared/reference.js';
import { entryRefusals, parkingBases } from '../../../shared/parking.js';

import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';

import { addDays } from './parking.js';
import * as svc from './parking.service.js';
import * as setup from './parking.setup.js';
import { beijingDay } from '../../platform/time.js';

const VIEW: Role[] = ['parking_attendant', 'union_officer', 'union_chair', 'admin'];
const OPERATE: Role[] = ['parking_attendant', 'union_officer', 'union_chair'];
const FIGURES: Role[] = ['union_officer', 'union_chair', 'admin'];
const MANAGE: Role[] = ['union_chair', 'admin'];
const REGISTER: Role[] = ['union_officer', 'union_chair'];
const tags = ['parking'];

const zone = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  place: z.string(),
  capacity: z.number(),
  freeMinutes: z.number(),
  occupied: z.number(),
  free: z.number(),
  active: z.boolean(),
  overLimit: z.number(),
});
const stay = z.object({
  id: z.string(),
  zoneId: z.string(),
  plate: z.string(),
  basis: z.enum(parkingBases),
  enteredAt: z.string(),
  freeUntil: z.string(),
  exitedAt: z.string().nullable(),
  minutes: z.number(),
  overLimit: z.boolean(),
});
const movement = z.object({ stay, zone });
const plateBody = z.strictObject({ plate: s.plate });
const zoneParams = z.strictObject({ id: s.uuid });
const zoneFields = {
  name: z.string().trim().min(2).max(60),
  place: z.string().trim().max(200),
  capacity: z.number().int().min(1).max(100_000),
  freeMinutes: z.number().int().min(1).max(7 * 24 * 60),
};
const refusalDoc =
  'Refused entries answer 422 (`not_registered`, `no_permit`, `permit_expired`) or 409 (`zone_full`, `already_inside`, `zone_closed`), with the reason as `error.reason` and as the `plate` field code; nothing of the entry is stored, the refusal is logged.';
const exitDoc = 'A car not parked anywhere answers 409 `not_inside`; one parked in another zone 409 `inside_other_zone`.';

export function parkingRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/parking/zones',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'The zones the caller works in, with live occupancy and cars over the time limit', response: { 200: z.object({ items: z.array(zone) }) } } },
    async (req) => ({ items: await svc.listZones(ctx, req.principal) }),
  );

  app.post(
    '/api/parking/zones',
    {
      config: { access: { roles: MANAGE } },
      schema: { tags, summary: 'Set up a zone (the union’s chair, or an admin)', body: z.strictObject({ orgId: s.uuid, ...zoneFields, place: zoneFields.place.default('') }), response: { 201: z.object({ zone }) } },
    },
    async (req, reply) => {
      reply.status(201);
      return { zone: await setup.createZone(ctx, req.principal, req.body, actor(req)) };
    },
  );

  app.patch(
    '/api/parking/zones/:id',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Change a zone: name, place, capacity (not below the cars parked now: 409 `below_occupancy`), time limit, open or closed',
        params: zoneParams,
        body: z.strictObject({ name: zoneFields.name.optional(), place: zoneFields.place.optional(), capacity: zoneFields.capacity.optional(), freeMinutes: zoneFields.freeMinutes.optional(), active: z.boolean().optional() }),
        response: { 200: z.object({ zone }) },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      return { zone: await setup.updateZone(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.get(
    '/api/parking/zones/:id/stays',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'The cars parked in a zone now', params: zoneParams, response: { 200: z.object({ zone, items: z.array(stay) }) } } },
    async (req) => svc.staysIn(ctx, req.principal, req.params.id),
  );

  app.post(
    '/api/parking/zones/:id/entries',
    { config: { access: { roles: OPERATE } }, schema: { tags, summary: `An attendant admits a car. ${refusalDoc}`, params: zoneParams, body: plateBody, response: { 201: movement } } },
    async (req, reply) => {
      const z = await svc.requireZone(ctx, req.principal, req.params.id, 'operate');
      const res = await svc.enter(ctx, z, req.body.plate, { via: 'attendant', actor: actor(req) });
      reply.status(201);
      return res;
    },
  );

  app.post(
    '/api/parking/zones/:id/exits',
    { config: { access: { roles: OPERATE } }, schema: { tags, summary: `An attendant lets a car out. ${exitDoc}`, params: zoneParams, body: plateBody, response: { 200: movement } } },
    async (req) => {
      const z = await svc.requireZone(ctx, req.principal, req.params.id, 'operate');
      return svc.exit(ctx, z, req.body.plate, { via: 'attendant', actor: actor(req) });
    },
  );

  app.get(
    '/api/parking/check',
    {
      config: { access: { roles: OPERATE } },
      schema: {
        tags,
        summary: 'Whether a plate may park, on what basis or why not, and where it is parked now',
        querystring: z.strictObject({ plate: s.plate }),
        response: {
          200: z.object({
            plate: z.string(),
            registered: z.boolean(),
            basis: z.enum(parkingBases).optional(),
            reason: z.enum(entryRefusals).optional(),
            inside: z.object({ zoneId: z.string(), zoneName: z.string(), enteredAt: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req) => svc.checkPlate(ctx, req.principal, req.query.plate),
  );

  app.get(
    '/api/parking/overstays',
    {
      config: { access: { roles: VIEW } },
      schema: {
        tags,
        summary: 'Cars parked longer than their zone’s free time, longest first',
        querystring: z.strictObject({ zoneId: s.uuid.optional() }),
        response: { 200: z.object({ items: z.array(stay.extend({ zoneName: z.string(), overMinutes: z.number() })) }) },
      },
    },
    async (req) => ({ items: await svc.overstays(ctx, req.principal, req.query.zoneId) }),
  );

  app.get(
    '/api/parking/figures',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'Daily use per zone (Beijing days): entries, exits, refusals, peak occupancy, average stay, stays over the limit. Default: the last 7 days',
        querystring: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            items: z.array(
              z.object({ zoneId: z.string(), zoneName: z.string(), capacity: z.number(), day: z.string(), entries: z.number(), exits: z.number(), refusals: z.number(), peak: z.number(), averageStayMin: z.number().nullable(), overstays: z.number() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const to = req.query.to ?? beijingDay(nowOf(ctx));
      const from = req.query.from ?? addDays(to, -6);
      if (from > to) throw new AppError('bad_request', 'from is after to', [{ path: 'from', code: 'after_to', message: 'The first day is after the last' }]);
      if (addDays(from, 366) <= to) throw new AppError('bad_request', 'At most a year at a time', [{ path: 'from', code: 'out_of_range', message: 'At most 366 days' }]);
      return { from, to, items: await svc.figures(ctx, req.principal, from, to) };
    },
  );

  app.get(
    '/api/parking/refusals',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'The latest refused entries in the caller’s zones',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), zoneId: z.string(), zoneName: z.string(), plate: z.string(), reason: z.enum(entryRefusals), via: z.string(), at: z.string() })) }) },
      },
    },
    async (req) => ({ items: await svc.refusals(ctx, req.principal) }),
  );

  // ---- vehicles registered by hand ----
  const manual = z.object({ id: z.string(), plate: z.string(), reason: z.string(), validTo: z.string().nullable(), createdAt: z.string(), createdBy: z.string() });
  app.get(
    '/api/parking/vehicles',
    { config: { access: { roles: REGISTER } }, schema: { tags, summary: 'Vehicles registered by hand for the zones', response: { 200: z.object({ items: z.array(manual) }) } } },
    async () => ({ items: await setup.listManual(ctx) }),
  );
  app.post(
    '/api/parking/vehicles',
    {
      config: { access: { roles: REGISTER } },
      schema: {
        tags,
        summary: 'Register a vehicle by hand, with the reason (409 `already_registered`)',
        body: z.strictObject({ plate: s.plate, reason: z.string().trim().min(2).max(200), validTo: z.iso.date().optional() }),
        response: { 201: z.object({ vehicle: manual }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { vehicle: await setup.registerManual(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.delete(
    '/api/parking/vehicles/:id',
    { config: { access: { roles: REGISTER } }, schema: { tags, summary: 'End a registration by hand', params: zoneParams } },
    async (req, reply) => {
      await setup.removeManual(ctx, req.principal, req.params.id, actor(req));
      reply.status(204).send();
    },
  );

  // ---- gate keys ----
  const keyRow = z.object({ id: z.string(), label: z.string(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
  app.get(
    '/api/parking/zones/:id/keys',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'A zone’s gate keys (never the keys themselves)', params: zoneParams, response: { 200: z.object({ items: z.array(keyRow) }) } } },
    async (req) => ({ items: await setup.listZoneKeys(ctx, req.principal, req.params.id) }),
  );
  app.post(
    '/api/parking/zones/:id/keys',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Issue a gate key for a zone; the key is shown once. The gate sends it as the X-Zone-Key header',
        params: zoneParams,
        body: z.strictObject({ label: z.string().trim().min(1).max(80) }),
        response: { 201: z.object({ id: z.string(), key: z.string(), prefix: z.string(), label: z.string() }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return setup.createZoneKey(ctx, req.principal, req.params.id, req.body.label, actor(req));
    },
  );
  app.delete(
    '/api/parking/zone-keys/:id',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Revoke a gate key: refused from its next request', params: zoneParams } },
    async (req, reply) => {
      await setup.revokeZoneKey(ctx, req.principal, req.params.id, actor(req));
      reply.status(204).send();
    },
  );

  // ---- the gate API (X-Zone-Key) ----
  const gateZone = async (p: Principal) => {
    if (p.kind !== 'gate') throw new AppError('unauthenticated', 'Send the zone key');
    const z = await ctx.db.selectFrom('parking_zones').select(['id', 'org_id', 'name', 'place', 'capacity', 'free_minutes', 'occupied', 'is_active']).where('id', '=', p.zoneId).executeTakeFirst();
    if (!z) throw notFound('No such parking zone');
    return z;
  };
  const gateHeaders = z.object({ 'x-zone-key': z.string().min(1).max(200) });
  app.get(
    '/api/parking/gate/zone',
    { config: { access: { gate: true } }, schema: { tags, summary: 'The gate’s zone and its free spaces now (for the sign at the gate)', headers: gateHeaders, response: { 200: z.object({ zone }) } } },
    async (req) => ({ zone: svc.presentZone(await gateZone(req.principal)) }),
  );
  app.post(
    '/api/parking/gate/entry',
    { config: { access: { gate: true } }, schema: { tags, summary: `A gate admits a car into its zone. ${refusalDoc}`, headers: gateHeaders, body: plateBody, response: { 201: movement } } },
    async (req, reply) => {
      const res = await svc.enter(ctx, await gateZone(req.principal), req.body.plate, { via: 'gate', actor: actor(req) });
      reply.status(201);
      return res;
    },
  );
  app.post(
    '/api/parking/gate/exit',
    { config: { access: { gate: true } }, schema: { tags, summary: `A gate lets a car out of its zone. ${exitDoc}`, headers: gateHeaders, body: plateBody, response: { 200: movement } } },
    async (req) => svc.exit(ctx, await gateZone(req.principal), req.body.plate, { via: 'gate', actor: actor(req) }),
  );
}
