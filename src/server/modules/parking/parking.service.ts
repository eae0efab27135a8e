// Parking zones: entries and exits that never overfill a zone, and what the console reads.
import { sql } from 'kysely';

import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import type { EntryRefusal, ExitRefusal, ParkingBasis, ParkingVia } from '../../../shared/parking.js';
import { decideRegistration, isOverLimit, type PlateFacts, type Registration } from './parking.js';
import { mayOnZone, zoneOrgs, type ZoneAction } from './parking.policy.js';

import { isUniqueViolation } from '../../platform/db.js';
import { beijingDay } from '../../platform/time.js';

export type ZoneRow = { id: string; org_id: string; name: string; place: string; capacity: number; free_minutes: number; occupied: number; is_active: number };

export const presentZone = (z: ZoneRow, overLimit = 0) => ({
  id: z.id,
  orgId: z.org_id,
  name: z.name,
  place: z.place,
  capacity: z.capacity,
  freeMinutes: z.free_minutes,
  occupied: z.occupied,
  free: z.capacity - z.occupied,
  active: !!z.is_active,
  overLimit,
});
export type Zone = ReturnType<typeof presentZone>;

const zoneCols = ['id', 'org_id', 'name', 'place', 'capacity', 'free_minutes', 'occupied', 'is_active'] as const;

/** The zone, if the caller may do `action` with it; 404 otherwise (the same answer as a missing one). */
export async function requireZone(ctx: Ctx, p: Principal, zoneId: string, action: ZoneAction): Promise<ZoneRow> {
  const z = await ctx.db.selectFrom('parking_zones').select(zoneCols).where('id', '=', zoneId).executeTakeFirst();
  if (!z || !mayOnZone(p, z.org_id, action)) throw notFound('No such parking zone');
  return z;
}

// ---- registration --------------------------------------------------------------------------------

export async function plateFacts(q: Db | Tx, plate: string): Promise<PlateFacts> {
  const [manual, permits, vehicles] = await Promise.all([
    q.selectFrom('parking_vehicles').select('valid_to').where('plate', '=', plate).where('removed_at', 'is', null).executeTakeFirst(),
    q.selectFrom('vehicle_permits').select(['valid_from', 'valid_to']).where('plate', '=', plate).execute(),
    q
      .selectFrom('worker_vehicles')
      .leftJoin('memberships', (j) => j.onRef('memberships.worker_id', '=', 'worker_vehicles.worker_id').on('memberships.ended_at', 'is', null))
      .select(['worker_vehicles.worker_id', 'memberships.id as membership_id'])
      .where('worker_vehicles.plate', '=', plate)
      .execute(),
  ]);
  return {
    manual: manual ? { validTo: manual.valid_to } : null,
    permits: permits.map((p) => ({ validFrom: p.valid_from, validTo: p.valid_to })),
    isWorkerVehicle: vehicles.length > 0,
    isMemberVehicle: vehicles.some((v) => v.membership_id !== null),
  };
}

export async function registrationOf(ctx: Ctx, plate: string): Promise<Registration> {
  return decideRegistration(await plateFacts(ctx.db, plate), beijingDay(nowOf(ctx)));
}

/** A plate's standing for an attendant: registered (and why) or not (and why), and where it is parked. */
export async function checkPlate(ctx: Ctx, p: Principal, plate: string) {
  const reg = await registrationOf(ctx, plate);
  const open = await ctx.db
    .selectFrom('parking_stays')
    .innerJoin('parking_zones', 'parking_zones.id', 'parking_stays.zone_id')
    .select(['parking_stays.id', 'parking_stays.zone_id', 'parking_zones.name', 'parking_zones.org_id', 'parking_stays.entered_at'])
    .where('parking_stays.plate', '=', plate)
    .where('parking_stays.exited_at', 'is', null)
    .executeTakeFirst();
  const inside = open && mayOnZone(p, open.org_id, 'view') ? { zoneId: open.zone_id, zoneName: open.name, enteredAt: iso(open.entered_at) } : null;
  return { plate, ...reg, inside };
}

// ---- entries and exits ---------------------------------------------------------------------------

/** A refusal decided inside the transaction: the transaction rolls back, then the refusal is logged. */
class Refused extends Error {
  constructor(readonly reason: EntryRefusal | ExitRefusal, readonly extra: Record<string, unknown> = {}) {
    super(reason);
  }
}

const refusalStatus: Record<EntryRefusal | ExitRefusal, 'conflict' | 'unprocessable'> = {
  not_registered: 'unprocessable',
  no_permit: 'unprocessable',
  permit_expired: 'unprocessable',
  zone_full: 'conflict',
  already_inside: 'conflict',
  zone_closed: 'conflict',
  not_inside: 'conflict',
  inside_other_zone: 'conflict',
};
const refusalText: Record<EntryRefusal | ExitRefusal, string> = {
  not_registered: 'This vehicle is not registered for the parking zones',
  no_permit: 'This vehicle has no transport permit valid today',
  permit_expired: 'This vehicle’s transport permit has expired',
  zone_full: 'The zone is full',
  already_inside: 'This vehicle is already parked in a zone',
  zone_closed: 'The zone is closed',
  not_inside: 'This vehicle is not parked in any zone',
  inside_other_zone: 'This vehicle is parked in another zone',
};
const refusalError = (r: Refused, zone: ZoneRow & { occupied: number }) =>
  new AppError(refusalStatus[r.reason], refusalText[r.reason], [{ path: 'plate', code: r.reason, message: refusalText[r.reason] }], {}, {
    reason: r.reason,
    zone: { id: zone.id, capacity: zone.capacity, occupied: zone.occupied, free: zone.capacity - zone.occupied },
    ...r.extra,
  });

export type Gatekeeper = { via: ParkingVia; actor: Actor };

const iso = (ms: number) => new Date(ms).toISOString();
const presentStay = (s: { id: string; zone_id: string; plate: string; basis: string; entered_at: number; exited_at: number | null }, freeMinutes: number, now: number) => ({
  id: s.id,
  zoneId: s.zone_id,
  plate: s.plate,
  basis: s.basis as ParkingBasis,
  enteredAt: iso(s.entered_at),
  freeUntil: iso(s.entered_at + freeMinutes * 60_000),
  exitedAt: s.exited_at === null ? null : iso(s.exited_at),
  minutes: Math.floor(((s.exited_at ?? now) - s.entered_at) / 60_000),
  overLimit: isOverLimit(s.entered_at, s.exited_at ?? now, freeMinutes),
});

/**
 * Admits a car into a zone, or refuses it with a reason. The space is taken by a conditional update
 * of the zone's counter (`occupied < capacity`) in the same transaction as the stay, so simultaneous
 * entries can never overfill a zone on either database: SQLite runs transactions one at a time, and
 * PostgreSQL re-checks the condition on the row a concurrent entry just updated. A refusal stores
 * nothing of the entry; it is logged (with its reason) in a transaction of its own.
 */
export async function enter(ctx: Ctx, zone: ZoneRow, plate: string, g: Gatekeeper) {
  const now = nowOf(ctx);
  const day = beijingDay(now);
  try {
    const reg = decideRegistration(await plateFacts(ctx.db, plate), day);
    if (!reg.registered) throw new Refused(reg.reason);
    return await ctx.db.transaction().execute(async (tx) => {
      const open = await tx
        .selectFrom('parking_stays')
        .select(['zone_id'])
        .where('plate', '=', plate)
        .where('exited_at', 'is', null)
        .executeTakeFirst();
      if (open) throw new Refused('already_inside', { insideZoneId: open.zone_id });
      const taken = await tx
        .updateTable('parking_zones')
        .set((eb) => ({ occupied: eb('occupied', '+', 1), updated_at: now }))
        .where('id', '=', zone.id)
        .where('is_active', '=', 1)
        .where((eb) => eb('occupied', '<', eb.ref('capacity')))
        .returning(['occupied', 'capacity'])
        .executeTakeFirst();
      if (!taken) throw new Refused(zone.is_active ? 'zone_full' : 'zone_closed');
      const id = newId();
      try {
        await tx
          .insertInto('parking_stays')
          .values({ id, zone_id: zone.id, plate, basis: reg.basis, entered_at: now, entered_via: g.via, entered_by: g.actor.id, exited_at: null, exited_via: null, exited_by: null })
          .execute();
      } catch (e) {
        // The same car at two gates at once: the open-stay index lets one in.
        if (isUniqueViolation(e)) throw new Refused('already_inside');
        throw e;
      }
      await bumpDay(tx, zone.id, day, { entries: 1, peak: taken.occupied });
      await writeAudit(tx, g.actor, { action: 'parking.entry', targetType: 'parking_stay', targetId: id, details: { zoneId: zone.id, via: g.via, basis: reg.basis } });
      const occupied = Number(taken.occupied);
      return {
        stay: presentStay({ id, zone_id: zone.id, plate, basis: reg.basis, entered_at: now, exited_at: null }, zone.free_minutes, now),
        zone: presentZone({ ...zone, occupied }),
      };
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    await logRefusal(ctx, zone.id, plate, e.reason, g, now, day);
    const current = await ctx.db.selectFrom('parking_zones').select(zoneCols).where('id', '=', zone.id).executeTakeFirstOrThrow();
    throw refusalError(e, current);
  }
}

async function logRefusal(ctx: Ctx, zoneId: string, plate: string, reason: string, g: Gatekeeper, at: number, day: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const id = newId();
    await tx.insertInto('parking_refusals').values({ id, zone_id: zoneId, plate, reason, via: g.via, by_id: g.actor.id, at }).execute();
    await bumpDay(tx, zoneId, day, { refusals: 1 });
    await writeAudit(tx, g.actor, { action: 'parking.refusal', targetType: 'parking_refusal', targetId: id, details: { zoneId, via: g.via, reason } });
  });
}

/** Lets a car out of the zone it is parked in: closes its open stay and frees its space. */
export async function exit(ctx: Ctx, zone: ZoneRow, plate: string, g: Gatekeeper) {
  const now = nowOf(ctx);
  const day = beijingDay(now);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const open = await tx
        .selectFrom('parking_stays')
        .select(['id', 'zone_id', 'plate', 'basis', 'entered_at', 'exited_at'])
        .where('plate', '=', plate)
        .where('exited_at', 'is', null)
        .executeTakeFirst();
      if (!open) throw new Refused('not_inside');
      if (open.zone_id !== zone.id) throw new Refused('inside_other_zone', { insideZoneId: open.zone_id });
      const closed = await tx
        .updateTable('parking_stays')
        .set({ exited_at: now, exited_via: g.via, exited_by: g.actor.id })
        .where('id', '=', open.id)
        .where('exited_at', 'is', null)
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) !== 1) throw new Refused('not_inside'); // let out by another gate meanwhile
      const freed = await tx
        .updateTable('parking_zones')
        .set((eb) => ({ occupied: eb('occupied', '-', 1), updated_at: now }))
        .where('id', '=', zone.id)
        .where('occupied', '>', 0)
        .returning(['occupied'])
        .executeTakeFirst();
      const entered = Number(open.entered_at);
      const over = isOverLimit(entered, now, zone.free_minutes);
      await bumpDay(tx, zone.id, day, { exits: 1, stayMs: now - entered, overstays: over ? 1 : 0 });
      await writeAudit(tx, g.actor, { action: 'parking.exit', targetType: 'parking_stay', targetId: open.id, details: { zoneId: zone.id, via: g.via, overLimit: over } });
      return {
        stay: presentStay({ ...open, entered_at: entered, exited_at: now }, zone.free_minutes, now),
        zone: presentZone({ ...zone, occupied: Number(freed?.occupied ?? 0) }),
      };
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    throw refusalError(e, zone);
  }
}

/** Adds to a zone's figures for a day, creating the day's row on its first event. */
async function bumpDay(tx: Tx, zoneId: string, day: string, by: { entries?: number; exits?: number; refusals?: number; peak?: number; stayMs?: number; overstays?: number }) {
  const v = { entries: by.entries ?? 0, exits: by.exits ?? 0, refusals: by.refusals ?? 0, peak: Number(by.peak ?? 0), stay_ms: by.stayMs ?? 0, overstays: by.overstays ?? 0 };
  await tx
    .insertInto('parking_daily')
    .values({ zone_id: zoneId, day, ...v })
    .onConflict((oc) =>
      oc.columns(['zone_id', 'day']).doUpdateSet((eb) => ({
        entries: eb('parking_daily.entries', '+', v.entries),
        exits: eb('parking_daily.exits', '+', v.exits),
        refusals: eb('parking_daily.refusals', '+', v.refusals),
        // Portable max(): SQLite's max(a, b) is PostgreSQL's greatest(a, b).
        peak: sql<number>`case when ${sql.ref('parking_daily.peak')} < ${v.peak} then ${v.peak} else ${sql.ref('parking_daily.peak')} end`,
        stay_ms: eb('parking_daily.stay_ms', '+', v.stay_ms),
        overstays: eb('parking_daily.overstays', '+', v.overstays),
      })),
    )
    .execute();
}

// ---- what the console and the attendant read -----------------------------------------------------

const inOrgs = (orgs: string[] | 'all') => (orgs === 'all' ? null : orgs.length ? orgs : ['']);

/** The zones the caller may see, with live occupancy and how many cars are over the time limit now. */
export async function listZones(ctx: Ctx, p: Principal) {
  const orgs = zoneOrgs(p, 'view');
  const now = nowOf(ctx);
  const only = inOrgs(orgs);
  const zones = await ctx.db
    .selectFrom('parking_zones')
    .select(zoneCols)
    .$if(!!only, (q) => q.where('org_id', 'in', only!))
    .orderBy('org_id')
    .orderBy('name')
    .execute();
  if (!zones.length) return [];
  const over = await overLimitRows(ctx, zones.map((z) => z.id), now);
  const count = new Map<string, number>();
  for (const o of over) count.set(o.zone_id, (count.get(o.zone_id) ?? 0) + 1);
  return zones.map((z) => presentZone(z, count.get(z.id) ?? 0));
}

function overLimitRows(ctx: Ctx, zoneIds: string[], now: number) {
  return ctx.db
    .selectFrom('parking_stays')
    .innerJoin('parking_zones', 'parking_zones.id', 'parking_stays.zone_id')
    .select(['parking_stays.id', 'parking_stays.zone_id', 'parking_stays.plate', 'parking_stays.basis', 'parking_stays.entered_at', 'parking_stays.exited_at', 'parking_zones.free_minutes', 'parking_zones.name'])
    .where('parking_stays.zone_id', 'in', zoneIds)
    .where('parking_stays.exited_at', 'is', null)
    .where(sql<boolean>`${sql.ref('parking_stays.entered_at')} + ${sql.ref('parking_zones.free_minutes')} * 60000 < ${now}`)
    .orderBy('parking_stays.entered_at')
    .orderBy('parking_stays.plate')
    .limit(1000)
    .execute();
}

/** Cars parked longer than their zone's free time, longest first. */
export async function overstays(ctx: Ctx, p: Principal, zoneId?: string) {
  const zones = zoneId ? [(await requireZone(ctx, p, zoneId, 'view')).id] : (await listZones(ctx, p)).map((z) => z.id);
  if (!zones.length) return [];
  const now = nowOf(ctx);
  const rows = await overLimitRows(ctx, zones, now);
  return rows.map((r) => ({ ...presentStay({ ...r, entered_at: Number(r.entered_at), exited_at: null }, r.free_minutes, now), zoneName: r.name, overMinutes: Math.floor((now - Number(r.entered_at)) / 60_000) - r.free_minutes }));
}

/** The cars in a zone now, latest first. */
export async function staysIn(ctx: Ctx, p: Principal, zoneId: string) {
  const z = await requireZone(ctx, p, zoneId, 'view');
  const now = nowOf(ctx);
  const rows = await ctx.db
    .selectFrom('parking_stays')
    .select(['id', 'zone_id', 'plate', 'basis', 'entered_at', 'exited_at'])
    .where('zone_id', '=', z.id)
    .where('exited_at', 'is', null)
    .orderBy('entered_at', 'desc')
    .limit(1000)
    .execute();
  return { zone: presentZone(z), items: rows.map((r) => presentStay({ ...r, entered_at: Number(r.entered_at), exited_at: null }, z.free_minutes, now)) };
}

/** The latest refused entries in the caller's zones (plates trying to use the zones unregistered). */
export async function refusals(ctx: Ctx, p: Principal, limit = 50) {
  const orgs = zoneOrgs(p, 'figures');
  const only = inOrgs(orgs);
  const rows = await ctx.db
    .selectFrom('parking_refusals')
    .innerJoin('parking_zones', 'parking_zones.id', 'parking_refusals.zone_id')
    .select(['parking_refusals.id', 'parking_refusals.zone_id', 'parking_zones.name', 'parking_refusals.plate', 'parking_refusals.reason', 'parking_refusals.via', 'parking_refusals.at'])
    .$if(!!only, (q) => q.where('parking_zones.org_id', 'in', only!))
    .orderBy('parking_refusals.at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, zoneId: r.zone_id, zoneName: r.name, plate: r.plate, reason: r.reason as EntryRefusal, via: r.via as ParkingVia, at: iso(Number(r.at)) }));
}

/** Daily use per zone and day: entries, exits, refusals, peak occupancy, average stay, stays over the limit. */
export async function figures(ctx: Ctx, p: Principal, from: string, to: string) {
  const orgs = zoneOrgs(p, 'figures');
  const only = inOrgs(orgs);
  const rows = await ctx.db
    .selectFrom('parking_daily')
    .innerJoin('parking_zones', 'parking_zones.id', 'parking_daily.zone_id')
    .select(['parking_daily.zone_id', 'parking_zones.name', 'parking_zones.capacity', 'parking_daily.day', 'entries', 'exits', 'refusals', 'peak', 'stay_ms', 'overstays'])
    .$if(!!only, (q) => q.where('parking_zones.org_id', 'in', only!))
    .where('parking_daily.day', '>=', from)
    .where('parking_daily.day', '<=', to)
    .orderBy('parking_daily.day', 'desc')
    .orderBy('parking_zones.name')
    .execute();
  return rows.map((r) => ({
    zoneId: r.zone_id,
    zoneName: r.name,
    capacity: r.capacity,
    day: r.day,
    entries: r.entries,
    exits: r.exits,
    refusals: r.refusals,
    peak: r.peak,
    averageStayMin: r.exits ? Math.round(Number(r.stay_ms) / r.exits / 60_000) : null,
    overstays: r.overstays,
  }));
}
