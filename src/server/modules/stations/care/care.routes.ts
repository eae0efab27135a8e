import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import * as svc from './care.service.js';

const idParams = z.strictObject({ id: s.uuid });

export function careRoutes(app: ZApp, ctx: Ctx) {
  app.post(
    '/api/stations/:id/health-readings',
    {
      config: { access: { roles: ['station_operator'] } },
      schema: {
        tags: ['stations'],
        summary: 'Record a blood-pressure reading (needs the worker’s health-data consent)',
        params: idParams,
        body: z.strictObject({ workerPhone: s.phone, systolic: z.number().int().min(60).max(260), diastolic: z.number().int().min(30).max(160), pulse: z.number().int().min(30).max(220).optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { reading: await svc.recordReading(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.get('/api/health-readings/me', { config: { access: { roles: ['worker'] } }, schema: { tags: ['stations'] } }, async (req) => ({ items: await svc.myReadings(ctx, req.principal) }));
  app.post(
    '/api/visits',
    { config: { access: { roles: ['worker'] } }, schema: { tags: ['stations'], summary: 'Check in at a station by its QR code', body: z.strictObject({ token: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/) }) } },
    async (req, reply) => {
      const r = await svc.checkInVisit(ctx, req.principal, req.body.token, actor(req));
      reply.status(r.created ? 201 : 200);
      return { visit: r.visit };
    },
  );
  app.get(
    '/api/stations/:id/day',
    { config: { access: { roles: ['station_operator'] } }, schema: { tags: ['stations'], summary: 'Today at my station, counted', params: idParams, querystring: z.strictObject({ date: z.iso.date().optional() }) } },
    async (req) => svc.day(ctx, req.principal, req.params.id, req.query.date),
  );
}
