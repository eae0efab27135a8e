import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { actorOf, type Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import * as s from '../../../shared/schemas.js';
import * as svc from './identity.service.js';

export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  locale: z.string(),
  roles: z.array(z.object({ role: z.string(), orgId: z.string(), orgName: z.string().nullable() })),
  workerId: z.string().nullable(),
});

export const userId = (p: Principal) => {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return p.userId;
};
export const actor = (req: FastifyRequest) => actorOf(req.principal, req.ip);

export function setSessionCookie(ctx: Ctx, reply: FastifyReply, token: string, maxAgeSec: number) {
  reply.setCookie(svc.SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: ctx.config.cookieSecure,
    sameSite: 'lax',
    maxAge: maxAgeSec,
  });
}

const roleGrant = z.strictObject({ role: s.role, orgId: z.string().max(64).default('') });

export function identityRoutes(app: ZApp, ctx: Ctx) {
  app.post(
    '/api/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with a mobile number and password',
        body: z.strictObject({ phone: s.phone, password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: meSchema }) },
      },
    },
    async (req, reply) => {
      const old = req.cookies[svc.SESSION_COOKIE];
      const res = await svc.login(ctx, req.body.phone, req.body.password, actor(req));
      await svc.logout(ctx, old); // rotate: the pre-login session never survives sign-in
      setSessionCookie(ctx, reply, res.token, res.maxAgeSec);
      return { user: await svc.me(ctx, res.userId) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: { public: true } }, schema: { tags: ['identity'], summary: 'Sign out' } },
    async (req, reply) => {
      await svc.logout(ctx, req.cookies[svc.SESSION_COOKIE]);
      reply.clearCookie(svc.SESSION_COOKIE, { path: '/' });
      reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: { signedIn: true } }, schema: { tags: ['identity'], response: { 200: z.object({ user: meSchema }) } } },
    async (req) => ({ user: await svc.me(ctx, userId(req.principal)) }),
  );

  app.patch(
    '/api/auth/me',
    {
      config: { access: { signedIn: true } },
      schema: { tags: ['identity'], summary: 'Remember my language', body: z.strictObject({ locale: s.locale }), response: { 200: z.object({ user: meSchema }) } },
    },
    async (req) => {
      const id = userId(req.principal);
      await svc.setLocale(ctx, id, req.body.locale, actor(req));
      return { user: await svc.me(ctx, id) };
    },
  );

  // ---- admin ----
  const admin = { access: { roles: ['admin'] as const } };
  app.get(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        querystring: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (req) => svc.listUsers(ctx, req.query),
  );
  app.post(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        body: z.strictObject({ phone: s.phone, name: s.personName, password: s.password, roles: z.array(roleGrant).min(1).max(20), locale: s.locale.optional() }),
      },
    },
    async (req, reply) => {
      const res = await svc.createUser(ctx, req.principal, req.body, actor(req));
      reply.status(201);
      return res;
    },
  );
  app.patch(
    '/api/admin/users/:id',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        params: z.strictObject({ id: s.uuid }),
        body: z.strictObject({ disabled: z.boolean().optional(), roles: z.array(roleGrant).max(20).optional() }),
      },
    },
    async (req, reply) => {
      await svc.updateUser(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(204).send();
    },
  );
  app.get('/api/admin/api-keys', { config: admin, schema: { tags: ['admin'] } }, async () => ({ items: await svc.listApiKeys(ctx) }));
  app.post(
    '/api/admin/api-keys',
    {
      config: admin,
      schema: { tags: ['admin'], summary: 'Create a platform API key; the key is shown once', body: z.strictObject({ platformCode: s.platformCode, label: z.string().trim().min(1).max(80) }) },
    },
    async (req, reply) => {
      const res = await svc.createApiKey(ctx, userId(req.principal), req.body.platformCode, req.body.label, actor(req));
      reply.status(201);
      return res;
    },
  );
  app.delete(
    '/api/admin/api-keys/:id',
    { config: admin, schema: { tags: ['admin'], params: z.strictObject({ id: s.uuid }) } },
    async (req, reply) => {
      await svc.revokeApiKey(ctx, req.params.id, actor(req));
      reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/orgs',
    { config: admin, schema: { tags: ['admin'], summary: 'Organisations, for assigning scoped roles' } },
    async () => ({ items: await svc.listOrgs(ctx) }),
  );
  app.post(
    '/api/admin/orgs',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        summary: 'Add a union, station, school, incubator, employer, law firm or agency',
        body: z.strictObject({
          kind: z.enum(svc.orgKinds),
          name: z.string().trim().min(2).max(100),
          unionKind: z.enum(['city', 'industry']).optional(),
          shortCode: z.string().trim().regex(/^[A-Z0-9-]{2,16}$/).optional(),
          cityCode: s.cityCode,
          foundedOn: z.iso.date().optional(),
        }),
      },
    },
    async (req, reply) => {
      const res = await svc.createOrg(ctx, req.body, actor(req));
      reply.status(201);
      return res;
    },
  );

  // A platform checks its key; later modules add order ingest under the same policy.
  app.get(
    '/api/platform/whoami',
    { config: { access: { platform: true } }, schema: { tags: ['platform'], response: { 200: z.object({ platformCode: z.string() }) } } },
    async (req) => ({ platformCode: req.principal.kind === 'platform' ? req.principal.platformCode : '' }),
  );
}
