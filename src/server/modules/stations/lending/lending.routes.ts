import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import * as s from '../../../../shared/schemas.js';
import { hasRole } from '../../../platform/access.js';
import { badField } from '../../../platform/errors.js';
import { actor } from '../../identity/index.js';
import * as svc from './lending.service.js';
import * as donations from './donations.service.js';

const idParams = z.strictObject({ id: s.uuid });
const operator = { access: { roles: ['station_operator'] as const } };
const worker = { access: { roles: ['worker'] as const } };
const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

export function lendingRoutes(app: ZApp, ctx: Ctx) {
  app.get('/api/stations/:id/items', { config: { access: { public: true } }, schema: { tags: ['stations'], summary: 'Things to borrow and how many are in', params: idParams } }, async (req) => ({
    items: await svc.items(ctx, req.params.id),
  }));
  app.post(
    '/api/stations/:id/items',
    {
      config: operator,
      schema: { tags: ['stations'], params: idParams, body: z.strictObject({ kind: z.enum(svc.itemKinds), name: z.string().trim().min(1).max(60), stock: z.number().int().min(0).max(10_000), loanDays: z.number().int().min(1).max(90).default(3) }) },
    },
    async (req, reply) => {
      reply.status(201);
      return { item: await svc.addItem(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.patch(
    '/api/items/:id',
    {
      config: operator,
      schema: { tags: ['stations'], params: idParams, body: z.strictObject({ stock: z.number().int().min(0).max(10_000).optional(), name: z.string().trim().min(1).max(60).optional(), loanDays: z.number().int().min(1).max(90).optional() }) },
    },
    async (req) => ({ item: await svc.updateItem(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
  app.post(
    '/api/items/:id/loans',
    {
      config: { access: { roles: ['worker', 'station_operator'] } },
      schema: { tags: ['stations'], summary: 'Borrow (a worker), or record a loan for a worker by phone (the operator)', params: idParams, body: z.strictObject({ workerPhone: s.phone.optional() }).default({}) },
    },
    async (req, reply) => {
      // An operator records a loan for someone by phone; a worker borrows for themselves.
      const phone = req.body.workerPhone;
      if (phone === undefined && !hasRole(req.principal, 'worker')) throw badField('workerPhone', 'required', 'The worker’s mobile number');
      reply.status(201);
      return { loan: await svc.borrow(ctx, req.principal, req.params.id, phone, actor(req)) };
    },
  );
  app.post('/api/loans/:id/return', { config: { access: { roles: ['worker', 'station_operator'] } }, schema: { tags: ['stations'], params: idParams } }, async (req) => ({
    loan: await svc.giveBack(ctx, req.principal, req.params.id, actor(req)),
  }));
  app.get('/api/loans/me', { config: worker, schema: { tags: ['stations'] } }, async (req) => ({ items: await svc.myLoans(ctx, req.principal) }));
  app.get(
    '/api/stations/:id/loans',
    { config: operator, schema: { tags: ['stations'], summary: 'Loans of a station; open=true, overdue=true to narrow', params: idParams, querystring: z.strictObject({ open: flag, overdue: flag }) } },
    async (req) => ({ items: await svc.stationLoans(ctx, req.principal, req.params.id, req.query) }),
  );
  app.get(
    '/api/stations/:id/donations',
    { config: { access: { public: true } }, schema: { tags: ['stations'], summary: 'Donations with some left to claim (no donor)', params: idParams } },
    async (req) => ({ items: await donations.available(ctx, req.params.id) }),
  );
  app.get(
    '/api/stations/:id/donations/log',
    { config: operator, schema: { tags: ['stations'], summary: 'The station’s donations: donor, quantity left and who claimed how many (its operator)', params: idParams } },
    async (req) => ({ items: await donations.stationLog(ctx, req.principal, req.params.id) }),
  );
  app.post(
    '/api/stations/:id/donations',
    { config: operator, schema: { tags: ['stations'], params: idParams, body: z.strictObject({ description: z.string().trim().min(1).max(200), quantity: z.number().int().min(1).max(10_000), donor: z.string().trim().max(60).optional() }) } },
    async (req, reply) => {
      reply.status(201);
      return await donations.logDonation(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );
  app.post(
    '/api/donations/:id/claim',
    {
      config: worker,
      schema: { tags: ['stations'], summary: 'Claim some of a donation (1 unless quantity is given)', params: idParams, body: z.strictObject({ quantity: z.number().int().min(1).max(100).default(1) }).default({ quantity: 1 }) },
    },
    async (req) => donations.claim(ctx, req.principal, req.params.id, req.body.quantity, actor(req)),
  );
}
