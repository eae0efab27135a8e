import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './enforcement.service.js';

const union = { access: { roles: ['union_officer', 'union_chair'] as const } };
const tags = ['oversight'];
const text = (max: number) => z.string().trim().min(1).max(max);
const driverKey = z.string().trim().min(1).max(80);

export function enforcementRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/oversight/watchlist',
    { config: union, schema: { tags, summary: 'Plates and drivers found unlicensed (E1) on two or more days, with counts, last seen and referral', querystring: z.strictObject({ minDays: z.coerce.number().int().min(1).max(31).default(2) }) } },
    async (req) => ({ items: await svc.watchlist(ctx, req.query.minDays) }),
  );
  app.get(
    '/api/oversight/enforcement',
    { config: union, schema: { tags, summary: 'The log of joint enforcement operations, latest first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) }) } },
    async (req) => svc.listActions(ctx, req.query.limit, req.query.offset),
  );
  app.post(
    '/api/oversight/enforcement',
    {
      config: union,
      schema: {
        tags,
        summary: 'Log a joint operation: date, place, plates checked, plates found unlicensed, outcome, partners; 400 in_future, more_than_checked',
        body: z.strictObject({
          heldOn: z.iso.date(),
          place: text(200),
          platesChecked: z.number().int().min(0).max(100_000),
          plates: z.array(s.plate).max(500).default([]),
          outcome: text(2000),
          partners: z.string().trim().max(500).optional(),
        }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { action: await svc.logAction(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get('/api/oversight/referral-targets', { config: union, schema: { tags, summary: 'Authorities to refer to, the transport bureau first' } }, async () => ({ items: await svc.referralTargets(ctx) }));
  app.get(
    '/api/oversight/referrals',
    { config: union, schema: { tags, summary: 'Referrals to the transport authority, latest first', querystring: z.strictObject({ status: z.enum(svc.referralStatuses).optional() }) } },
    async (req) => ({ items: await svc.listReferrals(ctx, req.query.status) }),
  );
  app.post(
    '/api/oversight/referrals',
    {
      config: union,
      schema: {
        tags,
        summary: 'Refer a plate or driver with its E1 findings as evidence (all of them unless some are named); 409 already_referred, 422 no_evidence',
        body: z.discriminatedUnion('subjectKind', [
          z.strictObject({ subjectKind: z.literal('plate'), subject: s.plate, toOrgId: s.uuid.optional(), note: z.string().trim().max(2000).optional(), findingIds: z.array(s.uuid).max(500).optional() }),
          z.strictObject({ subjectKind: z.literal('driver'), subject: driverKey, toOrgId: s.uuid.optional(), note: z.string().trim().max(2000).optional(), findingIds: z.array(s.uuid).max(500).optional() }),
        ]),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { referral: await svc.refer(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get('/api/oversight/referrals/:id', { config: union, schema: { tags, summary: 'A referral with its evidence (findings and orders); audited', params: z.strictObject({ id: s.uuid }) } }, async (req) => ({
    referral: await svc.getReferral(ctx, req.params.id, actor(req)),
  }));
  app.patch(
    '/api/oversight/referrals/:id',
    { config: union, schema: { tags, summary: 'The authority acknowledged it, or it is closed; 409 bad_transition lists the allowed next', params: z.strictObject({ id: s.uuid }), body: z.strictObject({ status: z.enum(svc.referralStatuses) }) } },
    async (req) => ({ referral: await svc.setReferralStatus(ctx, req.params.id, req.body.status, actor(req)) }),
  );
}
