import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import * as svc from './meals.service.js';

const fen = z.number().int().min(0).max(100_000);
const meal = z.object({
  id: z.string(),
  stationId: z.string(),
  date: z.string(),
  dish: z.string(),
  description: z.string(),
  workerPriceFen: z.number(),
  normalPriceFen: z.number(),
  servingsTotal: z.number(),
  servingsLeft: z.number(),
});
const operator = { access: { roles: ['station_operator'] as const } };
const worker = { access: { roles: ['worker'] as const } };
const idParams = z.strictObject({ id: s.uuid });

export function mealRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/stations/:id/meals',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['stations'],
        summary: "Today's and the week's menu, with servings left",
        params: idParams,
        querystring: z.strictObject({ from: z.iso.date().optional(), days: z.coerce.number().int().min(1).max(31).default(7) }),
        response: { 200: z.object({ from: z.string(), today: z.string(), items: z.array(meal) }) },
      },
    },
    async (req) => svc.menu(ctx, req.params.id, req.query.from, req.query.days),
  );
  app.post(
    '/api/stations/:id/meals',
    {
      config: operator,
      schema: {
        tags: ['stations'],
        params: idParams,
        body: z.strictObject({ date: z.iso.date(), dish: z.string().trim().min(1).max(60), description: z.string().trim().max(200).optional(), workerPriceFen: fen, normalPriceFen: fen, servings: z.number().int().min(0).max(10_000) }),
        response: { 201: z.object({ meal }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { meal: await svc.addMeal(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.patch(
    '/api/meals/:id',
    {
      config: operator,
      schema: {
        tags: ['stations'],
        params: idParams,
        body: z.strictObject({ dish: z.string().trim().min(1).max(60).optional(), description: z.string().trim().max(200).optional(), workerPriceFen: fen.optional(), normalPriceFen: fen.optional(), servings: z.number().int().min(0).max(10_000).optional() }),
        response: { 200: z.object({ meal }) },
      },
    },
    async (req) => ({ meal: await svc.updateMeal(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
  app.post(
    '/api/meals/:id/reservations',
    { config: worker, schema: { tags: ['stations'], summary: 'Reserve a meal (409 when sold out)', params: idParams, response: { 201: z.object({ reservation: z.object({ id: z.string(), mealId: z.string(), status: z.string() }) }) } } },
    async (req, reply) => {
      reply.status(201);
      return { reservation: await svc.reserve(ctx, req.principal, req.params.id, actor(req)) };
    },
  );
  app.get(
    '/api/meal-reservations/me',
    { config: worker, schema: { tags: ['stations'] } },
    async (req) => ({ items: await svc.myReservations(ctx, req.principal) }),
  );
  app.post(
    '/api/meal-reservations/:id/cancel',
    { config: worker, schema: { tags: ['stations'], params: idParams } },
    async (req) => ({ reservation: await svc.changeReservation(ctx, req.principal, req.params.id, 'cancelled', actor(req)) }),
  );
  app.post(
    '/api/meal-reservations/:id/serve',
    { config: operator, schema: { tags: ['stations'], params: idParams } },
    async (req) => ({ reservation: await svc.changeReservation(ctx, req.principal, req.params.id, 'served', actor(req)) }),
  );
  app.get(
    '/api/stations/:id/meals/day',
    { config: operator, schema: { tags: ['stations'], summary: 'Reservations and servings of a day, for the counter', params: idParams, querystring: z.strictObject({ date: z.iso.date().optional() }) } },
    async (req) => svc.mealDay(ctx, req.principal, req.params.id, req.query.date),
  );
}
