import type { Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { notFound } from '../../platform/errors.js';
import { localClock } from './station.js';
import { operatedStations } from './station.policy.js';

/** The station, if the caller operates it; 404 otherwise (the same answer as a missing one). */
export async function requireOperated(ctx: Ctx, p: Principal, stationId: string) {
  const s = await ctx.db.selectFrom('stations').select(['id', 'name', 'utc_offset_min']).where('id', '=', stationId).executeTakeFirst();
  if (!s || !operatedStations(p).includes(stationId)) throw notFound('No such station');
  return s;
}

export async function requireStation(ctx: Ctx, stationId: string) {
  const s = await ctx.db.selectFrom('stations').select(['id', 'name', 'utc_offset_min', 'services']).where('id', '=', stationId).executeTakeFirst();
  if (!s) throw notFound('No such station');
  return s;
}

/** Today's date where the station is (Beijing time for every Chinese station). */
export const stationToday = (offsetMin = 480, nowMs = Date.now()) => localClock(nowMs, offsetMin).date;

