import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import * as svc from './classroom.service.js';

const idParams = z.strictObject({ id: s.uuid });
const time = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const operator = { access: { roles: ['station_operator'] as const } };
const worker = { access: { roles: ['worker'] as const } };

export function classroomRoutes(app: ZApp, ctx: Ctx) {
  app.get('/api/stations/:id/classroom', { config: { access: { public: true } }, schema: { tags: ['stations'], summary: 'Classroom sessions with places left', params: idParams } }, async (req) => ({
    items: await svc.sessions(ctx, req.params.id),
  }));
  app.post(
    '/api/stations/:id/classroom',
    {
      config: operator,
      schema: {
        tags: ['stations'],
        params: idParams,
        body: z.strictObject({
          kind: z.enum(svc.sessionKinds),
          title: z.string().trim().min(2).max(80),
          startsOn: z.iso.date(),
          endsOn: z.iso.date(),
          weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
          opens: time,
          closes: time,
          capacity: z.number().int().min(1).max(500),
        }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { session: await svc.createSession(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.post(
    '/api/classroom/:id/enrolments',
    {
      config: worker,
      schema: {
        tags: ['stations'],
        summary: 'Enrol a child (separate consent for a minor’s data required); full sessions waitlist',
        params: idParams,
        body: z.strictObject({ childName: z.string().trim().min(1).max(40), birthYear: z.number().int().min(2005).max(2030), consent: z.boolean() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { enrolment: await svc.enrol(ctx, req.principal, req.params.id, req.body, actor(req), ctx.config.childRetentionDays) };
    },
  );
  app.get('/api/classroom/enrolments/me', { config: worker, schema: { tags: ['stations'] } }, async (req) => ({ items: await svc.myEnrolments(ctx, req.principal) }));
  app.post('/api/classroom/enrolments/:id/withdraw', { config: worker, schema: { tags: ['stations'], params: idParams } }, async (req) => ({
    enrolment: await svc.withdraw(ctx, req.principal, req.params.id, actor(req)),
  }));
  app.get(
    '/api/classroom/:id/roster',
    { config: operator, schema: { tags: ['stations'], params: idParams, querystring: z.strictObject({ date: z.iso.date().optional() }) } },
    async (req) => svc.roster(ctx, req.principal, req.params.id, req.query.date, actor(req)),
  );
  app.post('/api/classroom/enrolments/:id/check-in', { config: operator, schema: { tags: ['stations'], params: idParams } }, async (req) => svc.checkIn(ctx, req.principal, req.params.id, actor(req)));
  app.post(
    '/api/classroom/enrolments/:id/check-out',
    { config: operator, schema: { tags: ['stations'], params: idParams, body: z.strictObject({ pickupCode: z.string().regex(/^\d{6}$/) }) } },
    async (req) => svc.checkOut(ctx, req.principal, req.params.id, req.body.pickupCode, actor(req)),
  );
}
