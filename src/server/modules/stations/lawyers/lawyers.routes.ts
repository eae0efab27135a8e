import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import * as svc from './lawyers.service.js';

const idParams = z.strictObject({ id: s.uuid });
const time = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const worker = { access: { roles: ['worker'] as const } };
const lawyer = { access: { roles: ['lawyer'] as const } };

export function lawyerRoutes(app: ZApp, ctx: Ctx) {
  app.get('/api/stations/:id/lawyer-duty', { config: { access: { public: true } }, schema: { tags: ['stations'], params: idParams } }, async (req) => ({
    items: await svc.roster(ctx, req.params.id),
  }));
  app.post(
    '/api/stations/:id/lawyer-duty',
    {
      config: { access: { roles: ['station_operator'] } },
      schema: { tags: ['stations'], params: idParams, body: z.strictObject({ lawyerPhone: s.phone, weekday: z.number().int().min(1).max(7), start: time, end: time, slotMinutes: z.number().int().min(15).max(120).default(30) }) },
    },
    async (req, reply) => {
      reply.status(201);
      return { duty: await svc.addDuty(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.delete('/api/lawyer-duty/:id', { config: { access: { roles: ['station_operator'] } }, schema: { tags: ['stations'], params: idParams } }, async (req, reply) => {
    await svc.removeDuty(ctx, req.principal, req.params.id, actor(req));
    reply.status(204).send();
  });
  app.get(
    '/api/stations/:id/lawyer-slots',
    {
      config: { access: { public: true } },
      schema: { tags: ['stations'], summary: 'Bookable consultation slots', params: idParams, querystring: z.strictObject({ from: z.iso.date().optional(), days: z.coerce.number().int().min(1).max(31).default(14) }) },
    },
    async (req) => ({ slots: await svc.slots(ctx, req.params.id, req.query.from, req.query.days) }),
  );
  app.post(
    '/api/consultations',
    {
      config: worker,
      schema: {
        tags: ['stations'],
        summary: 'Book a lawyer slot',
        body: z.strictObject({ stationId: s.uuid, lawyerUserId: s.uuid, startsAt: z.iso.datetime({ offset: true }), topic: z.enum(svc.topics), question: z.string().trim().min(1).max(1000) }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { consultation: await svc.book(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get('/api/consultations/me', { config: worker, schema: { tags: ['stations'] } }, async (req) => ({ items: await svc.mine(ctx, req.principal) }));
  app.get('/api/consultations/assigned', { config: lawyer, schema: { tags: ['stations'] } }, async (req) => ({ items: await svc.assigned(ctx, req.principal) }));
  app.get(
    '/api/consultations/:id',
    { config: { access: { roles: ['worker', 'lawyer'] } }, schema: { tags: ['stations'], summary: 'One consultation with its question and the lawyer’s notes (that worker and lawyer only)', params: idParams } },
    async (req) => ({ consultation: await svc.read(ctx, req.principal, req.params.id, actor(req)) }),
  );
  app.put(
    '/api/consultations/:id/notes',
    { config: lawyer, schema: { tags: ['stations'], params: idParams, body: z.strictObject({ notes: z.string().max(5000) }) } },
    async (req) => ({ consultation: await svc.writeNotes(ctx, req.principal, req.params.id, req.body.notes, actor(req)) }),
  );
  app.post(
    '/api/consultations/:id/status',
    { config: lawyer, schema: { tags: ['stations'], params: idParams, body: z.strictObject({ status: z.enum(['done', 'cancelled']) }) } },
    async (req) => ({ consultation: await svc.setStatus(ctx, req.principal, req.params.id, req.body.status, actor(req), 'lawyer') }),
  );
  app.post('/api/consultations/:id/cancel', { config: worker, schema: { tags: ['stations'], params: idParams } }, async (req) => ({
    consultation: await svc.setStatus(ctx, req.principal, req.params.id, 'cancelled', actor(req), 'worker'),
  }));
  app.post('/api/consultations/:id/handover', { config: { access: { roles: ['worker', 'lawyer'] } }, schema: { tags: ['stations'], params: idParams } }, async (req) => ({
    consultation: await svc.handover(ctx, req.principal, req.params.id, actor(req)),
  }));
}
