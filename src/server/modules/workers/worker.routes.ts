import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import { actor, me, meSchema, setSessionCookie, startSession, userId } from '../identity/index.js';
import * as svc from './worker.service.js';
import * as consent from './consent.service.js';

const profile = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  kind: z.string(),
  cityCode: z.string(),
  districtCode: z.string(),
  platforms: z.array(z.string()),
  employmentCategory: z.string(),
  plates: z.array(z.string()),
  locale: z.string(),
  createdAt: z.string(),
});
const staff = { access: { roles: ['union_officer', 'union_chair'] as const } };

export function workerRoutes(app: ZApp, ctx: Ctx) {
  app.post(
    '/api/workers/register',
    {
      config: { access: { public: true }, rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['workers'],
        summary: 'A worker signs up and is signed in',
        body: s.workerFields.extend({ phone: s.phone, password: s.password }).strict(),
        response: { 201: z.object({ user: meSchema }) },
      },
    },
    async (req, reply) => {
      const { userId: id } = await svc.register(ctx, req.body, actor(req));
      const session = await startSession(ctx, id, false);
      setSessionCookie(ctx, reply, session.token, session.maxAgeSec);
      reply.status(201);
      return { user: await me(ctx, id) };
    },
  );

  app.get(
    '/api/workers/me',
    {
      config: { access: { roles: ['worker'] } },
      schema: { tags: ['workers'], response: { 200: z.object({ worker: profile }) } },
      // A hot read whose body present() builds field by field: not re-validated on the way out.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req) => ({ worker: await svc.getMine(ctx, userId(req.principal)) }),
  );

  app.patch(
    '/api/workers/me',
    {
      config: { access: { roles: ['worker'] } },
      schema: { tags: ['workers'], body: s.workerPatch, response: { 200: z.object({ worker: profile }) } },
    },
    async (req) => ({ worker: await svc.updateMine(ctx, userId(req.principal), req.body, actor(req)) }),
  );

  app.get(
    '/api/workers',
    {
      config: staff,
      schema: {
        tags: ['workers'],
        summary: 'Staff find workers by name, last 4 digits or full mobile number, or plate',
        querystring: z.strictObject({
          q: z.string().trim().max(60).optional(),
          kind: s.workerKind.optional(),
          cityCode: s.cityCode.optional(),
          platform: s.platformCode.optional(),
          membership: z.enum(['member', 'nonmember']).optional(),
          unionId: s.uuid.optional(),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            total: z.number(),
            items: z.array(profile.extend({ membership: z.object({ unionId: z.string(), unionName: z.string(), membershipNo: z.string() }).nullable() })),
          }),
        },
      },
    },
    async (req) => svc.search(ctx, req.principal, req.query, actor(req)),
  );

  app.get(
    '/api/workers/:id',
    { config: staff, schema: { tags: ['workers'], params: z.strictObject({ id: s.uuid }), response: { 200: z.object({ worker: profile }) } } },
    async (req) => ({ worker: await svc.getForStaff(ctx, req.principal, req.params.id, actor(req)) }),
  );

  app.post(
    '/api/workers/:id/unmask',
    {
      config: { access: { roles: ['union_chair'] } },
      schema: {
        tags: ['workers'],
        summary: 'Show a full phone or ID number, for a stated purpose (audited)',
        params: z.strictObject({ id: s.uuid }),
        body: z.strictObject({ field: z.enum(['phone', 'idNumber']), purpose: z.string().trim().min(4).max(200) }),
        response: { 200: z.object({ value: z.string() }) },
      },
    },
    async (req) => ({ value: await svc.unmask(ctx, req.principal, req.params.id, req.body.field, req.body.purpose, actor(req)) }),
  );

  app.get('/api/consents/me', { config: { access: { roles: ['worker'] } }, schema: { tags: ['workers'], summary: 'My consents per sensitive category' } }, async (req) => ({
    items: await consent.myConsents(ctx, req.principal),
  }));
  app.put(
    '/api/consents/me/:category',
    {
      config: { access: { roles: ['worker'] } },
      schema: { tags: ['workers'], summary: 'Grant or withdraw a consent (takes effect on the next request)', params: z.strictObject({ category: z.enum(consent.consentCategories) }), body: z.strictObject({ granted: z.boolean() }) },
    },
    async (req) => ({ items: await consent.setConsent(ctx, req.principal, req.params.category, req.body.granted, actor(req)) }),
  );
}
