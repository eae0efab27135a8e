// Meals (助餐点): the week's menu, reservations that never oversell, and what was served.
// A small sub-capability: its few queries stay in this file (see docs/decisions/0005).
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import { workerIdOf } from '../../workers/index.js';
import { requireOperated, requireStation, stationToday } from '../station.access.js';
import { operatedStations } from '../station.policy.js';
import { isUniqueViolation } from '../../../platform/db.js';

export type MealInput = { date: string; dish: string; description?: string | undefined; workerPriceFen: number; normalPriceFen: number; servings: number };

const present = (m: { id: string; station_id: string; date: string; dish: string; description: string; worker_price_fen: number; normal_price_fen: number; servings_total: number; servings_left: number }) => ({
  id: m.id,
  stationId: m.station_id,
  date: m.date,
  dish: m.dish,
  description: m.description,
  workerPriceFen: m.worker_price_fen,
  normalPriceFen: m.normal_price_fen,
  servingsTotal: m.servings_total,
  servingsLeft: m.servings_left,
});

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function menu(ctx: Ctx, stationId: string, from?: string, days = 7) {
  const s = await requireStation(ctx, stationId);
  const start = from ?? stationToday(s.utc_offset_min);
  const rows = await ctx.db
    .selectFrom('meal_items')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('date', '>=', start)
    .where('date', '<', addDays(start, days))
    .orderBy('date')
    .orderBy('dish')
    .execute();
  return { from: start, today: stationToday(s.utc_offset_min), items: rows.map(present) };
}

export async function addMeal(ctx: Ctx, p: Principal, stationId: string, m: MealInput, actor: Actor) {
  const s = await requireOperated(ctx, p, stationId);
  if (m.date < stationToday(s.utc_offset_min)) throw new AppError('bad_request', 'The date is in the past', [{ path: 'date', code: 'in_past', message: 'Menus are for today or later' }]);
  if (m.workerPriceFen > m.normalPriceFen) {
    throw new AppError('bad_request', 'The worker price is above the normal price', [{ path: 'workerPriceFen', code: 'above_normal_price', message: 'The worker price must not exceed the normal price' }]);
  }
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('meal_items')
      .values({ id, station_id: stationId, date: m.date, dish: m.dish, description: m.description ?? '', worker_price_fen: m.workerPriceFen, normal_price_fen: m.normalPriceFen, servings_total: m.servings, servings_left: m.servings, created_at: Date.now() })
      .execute();
    await writeAudit(tx, actor, { action: 'meal.add', targetType: 'meal_item', targetId: id, details: { stationId } });
  });
  return present((await ctx.db.selectFrom('meal_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

/** Changing the servings keeps every reservation: the new total cannot go below what is already taken. */
export async function updateMeal(ctx: Ctx, p: Principal, id: string, patch: Partial<Omit<MealInput, 'date'>>, actor: Actor) {
  const m = await ctx.db.selectFrom('meal_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m || !operatedStations(p).includes(m.station_id)) throw notFound('No such meal');
  const worker = patch.workerPriceFen ?? m.worker_price_fen;
  const normal = patch.normalPriceFen ?? m.normal_price_fen;
  if (worker > normal) throw new AppError('bad_request', 'The worker price is above the normal price', [{ path: 'workerPriceFen', code: 'above_normal_price', message: 'The worker price must not exceed the normal price' }]);
  await ctx.db.transaction().execute(async (tx) => {
    const set: Record<string, unknown> = {};
    if (patch.dish !== undefined) set.dish = patch.dish;
    if (patch.description !== undefined) set.description = patch.description;
    set.worker_price_fen = worker;
    set.normal_price_fen = normal;
    if (patch.servings !== undefined) {
      const cur = await tx.selectFrom('meal_items').select(['servings_total', 'servings_left']).where('id', '=', id).executeTakeFirstOrThrow();
      const taken = cur.servings_total - cur.servings_left;
      if (patch.servings < taken) {
        throw new AppError('conflict', `${taken} servings are already reserved`, [{ path: 'servings', code: 'below_reserved', message: `At least ${taken}` }]);
      }
      set.servings_total = patch.servings;
      set.servings_left = patch.servings - taken;
    }
    await tx.updateTable('meal_items').set(set).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'meal.update', targetType: 'meal_item', targetId: id, details: { fields: Object.keys(patch) } });
  });
  return present((await ctx.db.selectFrom('meal_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

const alreadyReserved = () => new AppError('conflict', 'You already reserved this meal', [{ path: 'meal', code: 'already_reserved', message: 'One reservation per worker and dish' }]);

/** Takes one serving if any is left: the conditional update is the guard, so simultaneous taps never oversell. */
export async function reserve(ctx: Ctx, p: Principal, mealId: string, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const m = await ctx.db.selectFrom('meal_items').select(['id', 'date', 'station_id']).where('id', '=', mealId).executeTakeFirst();
  if (!m) throw notFound('No such meal');
  const s = await requireStation(ctx, m.station_id);
  if (m.date < stationToday(s.utc_offset_min)) throw new AppError('conflict', 'That meal was on an earlier day', [{ path: 'meal', code: 'meal_past', message: 'Only today’s and later meals can be reserved' }]);
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('meal_reservations').select(['id', 'status']).where('meal_item_id', '=', mealId).where('worker_id', '=', workerId).executeTakeFirst();
      if (existing && existing.status !== 'cancelled') throw alreadyReserved();
      const taken = await tx.updateTable('meal_items').set((eb) => ({ servings_left: eb('servings_left', '-', 1) })).where('id', '=', mealId).where('servings_left', '>', 0).executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw new AppError('conflict', 'Sold out', [{ path: 'meal', code: 'sold_out', message: 'No servings left' }]);
      if (existing) {
        await tx.updateTable('meal_reservations').set({ id, status: 'reserved', created_at: Date.now(), served_at: null }).where('id', '=', existing.id).execute();
      } else {
        await tx.insertInto('meal_reservations').values({ id, meal_item_id: mealId, worker_id: workerId, status: 'reserved', created_at: Date.now(), served_at: null }).execute();
      }
      await writeAudit(tx, actor, { action: 'meal.reserve', targetType: 'meal_reservation', targetId: id, details: { mealId } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyReserved();
    throw e;
  }
  return { id, mealId, status: 'reserved' as const };
}

export async function myReservations(ctx: Ctx, p: Principal) {
  const workerId = await workerIdOf(ctx, p);
  const rows = await ctx.db
    .selectFrom('meal_reservations')
    .innerJoin('meal_items', 'meal_items.id', 'meal_reservations.meal_item_id')
    .innerJoin('stations', 'stations.id', 'meal_items.station_id')
    .select(['meal_reservations.id', 'meal_reservations.status', 'meal_items.id as meal_id', 'meal_items.dish', 'meal_items.date', 'meal_items.worker_price_fen', 'stations.id as station_id', 'stations.name as station_name'])
    .where('meal_reservations.worker_id', '=', workerId)
    .orderBy('meal_items.date', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, status: r.status, mealId: r.meal_id, dish: r.dish, date: r.date, workerPriceFen: r.worker_price_fen, stationId: r.station_id, stationName: r.station_name }));
}

/** The worker cancels (the serving goes back), or the station marks it served. */
export async function changeReservation(ctx: Ctx, p: Principal, id: string, to: 'cancelled' | 'served', actor: Actor) {
  const r = await ctx.db
    .selectFrom('meal_reservations')
    .innerJoin('meal_items', 'meal_items.id', 'meal_reservations.meal_item_id')
    .select(['meal_reservations.id', 'meal_reservations.worker_id', 'meal_reservations.status', 'meal_reservations.meal_item_id', 'meal_items.station_id'])
    .where('meal_reservations.id', '=', id)
    .executeTakeFirst();
  const allowed = r && (to === 'cancelled' ? r.worker_id === (await workerIdOf(ctx, p).catch(() => '')) : operatedStations(p).includes(r.station_id));
  if (!r || !allowed) throw notFound('No such reservation');
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('meal_reservations')
      .set(to === 'served' ? { status: 'served', served_at: Date.now() } : { status: 'cancelled' })
      .where('id', '=', id)
      .where('status', '=', 'reserved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`This reservation is already ${r.status}`);
    if (to === 'cancelled') await tx.updateTable('meal_items').set((eb) => ({ servings_left: eb('servings_left', '+', 1) })).where('id', '=', r.meal_item_id).execute();
    await writeAudit(tx, actor, { action: `meal.${to}`, targetType: 'meal_reservation', targetId: id });
  });
  return { id, status: to };
}

/** For the operator's day: reservations per dish with the reserving workers' names (served or waiting). */
export async function mealDay(ctx: Ctx, p: Principal, stationId: string, date?: string) {
  const s = await requireOperated(ctx, p, stationId);
  const day = date ?? stationToday(s.utc_offset_min);
  const rows = await ctx.db
    .selectFrom('meal_items')
    .leftJoin('meal_reservations', (j) => j.onRef('meal_reservations.meal_item_id', '=', 'meal_items.id').on('meal_reservations.status', '!=', 'cancelled'))
    .leftJoin('workers', 'workers.id', 'meal_reservations.worker_id')
    .select(['meal_items.id', 'meal_items.dish', 'meal_items.servings_total', 'meal_items.servings_left', 'meal_reservations.id as reservation_id', 'meal_reservations.status', 'workers.name'])
    .where('meal_items.station_id', '=', stationId)
    .where('meal_items.date', '=', day)
    .orderBy('meal_items.dish')
    .execute();
  const dishes = new Map<string, { id: string; dish: string; servingsTotal: number; servingsLeft: number; served: number; reservations: { id: string; name: string; status: string }[] }>();
  for (const r of rows) {
    const d = dishes.get(r.id) ?? { id: r.id, dish: r.dish, servingsTotal: r.servings_total, servingsLeft: r.servings_left, served: 0, reservations: [] };
    if (r.reservation_id) {
      d.reservations.push({ id: r.reservation_id, name: r.name ?? '', status: r.status ?? '' });
      if (r.status === 'served') d.served++;
    }
    dishes.set(r.id, d);
  }
  return { date: day, dishes: [...dishes.values()] };
}
