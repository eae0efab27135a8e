import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import { actor, userId } from '../identity/index.js';
import * as svc from './union.service.js';

const application = z.object({
  id: z.string(),
  unionId: z.string(),
  unionName: z.string(),
  workerId: z.string(),
  workerName: z.string(),
  phoneMasked: z.string(),
  kind: z.string(),
  status: z.string(),
  note: z.string(),
  reason: z.string(),
  transferFromUnionId: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
const idParams = z.strictObject({ id: s.uuid });
const worker = { access: { roles: ['worker'] as const } };
const deciders = { access: { roles: ['union_officer', 'union_chair'] as const } };

export function unionRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/unions',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['unions'],
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['city', 'industry']), cityCode: z.string(), foundedOn: z.string().nullable(), memberCount: z.number() })) }) },
      },
    },
    async () => ({ items: await svc.listUnions(ctx) }),
  );

  app.post(
    '/api/unions/:id/applications',
    {
      config: worker,
      schema: {
        tags: ['unions'],
        summary: 'Apply to join (or transfer to) a union',
        params: idParams,
        body: z.strictObject({ note: z.string().trim().max(500).default('') }).default({ note: '' }),
        response: { 201: z.object({ application }) },
      },
    },
    async (req, reply) => {
      const res = await svc.apply(ctx, userId(req.principal), req.params.id, req.body.note, actor(req));
      reply.status(201);
      return { application: res };
    },
  );

  app.get(
    '/api/memberships/me',
    {
      config: worker,
      schema: {
        tags: ['unions'],
        response: {
          200: z.object({
            memberships: z.array(z.object({ id: z.string(), unionId: z.string(), unionName: z.string(), membershipNo: z.string(), since: z.string(), endedAt: z.string().nullable(), endReason: z.string().nullable() })),
            applications: z.array(application),
          }),
        },
      },
    },
    async (req) => svc.mine(ctx, userId(req.principal)),
  );

  app.get(
    '/api/memberships/me/card',
    {
      config: worker,
      schema: {
        tags: ['unions'],
        summary: 'My digital membership card with its QR code',
        response: { 200: z.object({ membershipNo: z.string(), unionName: z.string(), name: z.string(), since: z.string(), qrSvg: z.string(), verifyToken: z.string(), verifyUrl: z.string() }) },
      },
    },
    async (req) => svc.card(ctx, userId(req.principal), `${req.protocol}://${req.host}`),
  );

  app.get(
    '/api/memberships/verify/:token',
    {
      config: { access: { roles: ['station_operator', 'union_officer', 'union_chair'] } },
      schema: {
        tags: ['unions'],
        summary: 'Check a membership card shown at a station or parking zone',
        params: z.strictObject({ token: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/) }),
        response: { 200: z.object({ valid: z.boolean(), membershipNo: z.string(), unionName: z.string(), nameMasked: z.string(), since: z.string() }) },
      },
    },
    async (req) => svc.verifyCard(ctx, req.params.token, actor(req)),
  );

  app.get(
    '/api/unions/:id/applications',
    {
      config: deciders,
      schema: {
        tags: ['unions'],
        params: idParams,
        querystring: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).default('pending') }),
        response: { 200: z.object({ items: z.array(application) }) },
      },
    },
    async (req) => ({ items: await svc.queue(ctx, req.principal, req.params.id, req.query.status) }),
  );

  app.post(
    '/api/applications/:id/approve',
    { config: deciders, schema: { tags: ['unions'], params: idParams, response: { 200: z.object({ application }) } } },
    async (req) => ({ application: await svc.approve(ctx, req.principal, req.params.id, actor(req)) }),
  );

  app.post(
    '/api/applications/:id/reject',
    {
      config: deciders,
      schema: { tags: ['unions'], params: idParams, body: z.strictObject({ reason: z.string().trim().min(2).max(500) }), response: { 200: z.object({ application }) } },
    },
    async (req) => ({ application: await svc.reject(ctx, req.principal, req.params.id, req.body.reason, actor(req)) }),
  );
}
