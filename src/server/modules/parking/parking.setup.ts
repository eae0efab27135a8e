// Setting parking up: zones, the gates' keys, and vehicles registered by hand.
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import { AppError, badField, notFound } from '../../platform/errors.js';

import { randomToken, sha256 } from '../../platform/crypto.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import { mayOnZone } from './parking.policy.js';

import { presentZone, requireZone } from './parking.service.js';

import { isUniqueViolation } from '../../platform/db.js';
import { beijingDay } from '../../platform/time.js';

export type ZoneInput = { orgId: string; name: string; place: string; capacity: number; freeMinutes: number };
export type ZonePatch = Partial<Omit<ZoneInput, 'orgId'> & { active: boolean }>;

export async function createZone(ctx: Ctx, p: Principal, z: ZoneInput, actor: Actor) {
  const org = await ctx.db.selectFrom('orgs').select(['id', 'kind']).where('id', '=', z.orgId).executeTakeFirst();
  if (!org || org.kind !== 'union') throw badField('orgId', 'unknown_union', 'Zones are run by a union');
  if (!mayOnZone(p, org.id, 'manage')) throw new AppError('forbidden', 'Only the union’s chair or an admin sets up its zones');
  const id = newId();
  const now = nowOf(ctx);
  const row = { id, org_id: org.id, name: z.name, place: z.place, capacity: z.capacity, free_minutes: z.freeMinutes, occupied: 0, is_active: 1, created_at: now, updated_at: now };
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('parking_zones').values(row).execute();
    await writeAudit(tx, actor, { action: 'parking.zone.create', targetType: 'parking_zone', targetId: id, details: { orgId: org.id, capacity: z.capacity, freeMinutes: z.freeMinutes } });
  });
  return presentZone(row);
}

/** Capacity cannot go below the cars parked now (the counter's CHECK would refuse it anyway). */
export async function updateZone(ctx: Ctx, p: Principal, zoneId: string, patch: ZonePatch, actor: Actor) {
  await requireZone(ctx, p, zoneId, 'manage');
  return ctx.db.transaction().execute(async (tx) => {
    const set: Record<string, unknown> = { updated_at: nowOf(ctx) };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.place !== undefined) set.place = patch.place;
    if (patch.freeMinutes !== undefined) set.free_minutes = patch.freeMinutes;
    if (patch.active !== undefined) set.is_active = patch.active ? 1 : 0;
    let q = tx.updateTable('parking_zones').set(set).where('id', '=', zoneId);
    if (patch.capacity !== undefined) q = q.set({ capacity: patch.capacity }).where('occupied', '<=', patch.capacity);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const { occupied } = await tx.selectFrom('parking_zones').select('occupied').where('id', '=', zoneId).executeTakeFirstOrThrow();
      throw new AppError('conflict', `${occupied} cars are parked now`, [{ path: 'capacity', code: 'below_occupancy', message: `At least ${occupied}` }]);
    }
    await writeAudit(tx, actor, { action: 'parking.zone.update', targetType: 'parking_zone', targetId: zoneId, details: { fields: Object.keys(patch) } });
    return presentZone(await tx.selectFrom('parking_zones').selectAll().where('id', '=', zoneId).executeTakeFirstOrThrow());
  });
}

// ---- gate keys ------------------------------------------------------------------------------------

export const ZONE_KEY_HEADER = 'x-zone-key';

export async function createZoneKey(ctx: Ctx, p: Principal, zoneId: string, label: string, actor: Actor) {
  await requireZone(ctx, p, zoneId, 'manage');
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  const id = newId();
  const key = `nxz_${randomToken(32)}`; // 256 bits
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('parking_zone_keys').values({ id, zone_id: zoneId, label, key_hash: sha256(key), prefix: key.slice(0, 10), created_by: p.userId, created_at: nowOf(ctx), revoked_at: null }).execute();
    await writeAudit(tx, actor, { action: 'parking.key.create', targetType: 'parking_zone_key', targetId: id, details: { zoneId } });
  });
  return { id, key, prefix: key.slice(0, 10), label };
}

export async function listZoneKeys(ctx: Ctx, p: Principal, zoneId: string) {
  await requireZone(ctx, p, zoneId, 'manage');
  const rows = await ctx.db.selectFrom('parking_zone_keys').select(['id', 'label', 'prefix', 'created_at', 'revoked_at']).where('zone_id', '=', zoneId).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, label: r.label, prefix: r.prefix, createdAt: new Date(Number(r.created_at)).toISOString(), revokedAt: r.revoked_at ? new Date(Number(r.revoked_at)).toISOString() : null }));
}

export async function revokeZoneKey(ctx: Ctx, p: Principal, keyId: string, actor: Actor) {
  const k = await ctx.db.selectFrom('parking_zone_keys').select(['zone_id']).where('id', '=', keyId).where('revoked_at', 'is', null).executeTakeFirst();
  // Another union's key answers as a missing one (not "no such zone", which would confirm it exists).
  if (!k) throw notFound('No such active key');
  await requireZone(ctx, p, k.zone_id, 'manage').catch(() => {
    throw notFound('No such active key');
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('parking_zone_keys').set({ revoked_at: nowOf(ctx) }).where('id', '=', keyId).execute();
    await writeAudit(tx, actor, { action: 'parking.key.revoke', targetType: 'parking_zone_key', targetId: keyId, details: { zoneId: k.zone_id } });
  });
}

/**
 * The gate behind a zone key, when the request carries one (the app's principal resolver asks this
 * before sessions). A revoked or unknown key is refused on its very next request.
 */
export async function gatePrincipal(ctx: Ctx, req: FastifyRequest): Promise<Principal | null> {
  const raw = req.headers[ZONE_KEY_HEADER];
  if (raw === undefined) return null;
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  const row = key
    ? await ctx.db
        .selectFrom('parking_zone_keys')
        .select(['id', 'zone_id'])
        .where('key_hash', '=', sha256(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('unauthenticated', 'Unknown or revoked zone key');
  return { kind: 'gate', zoneId: row.zone_id, keyId: row.id };
}

// ---- vehicles registered by hand -----------------------------------------------------------------

export async function listManual(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('parking_vehicles')
    .leftJoin('users', 'users.id', 'parking_vehicles.created_by')
    .select(['parking_vehicles.id', 'plate', 'reason', 'valid_to', 'parking_vehicles.created_at', 'users.name as created_by_name'])
    .where('removed_at', 'is', null)
    .orderBy('parking_vehicles.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, plate: r.plate, reason: r.reason, validTo: r.valid_to, createdAt: new Date(Number(r.created_at)).toISOString(), createdBy: r.created_by_name ?? '' }));
}

export async function registerManual(ctx: Ctx, p: Principal, v: { plate: string; reason: string; validTo?: string | undefined }, actor: Actor) {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  const now = nowOf(ctx);
  if (v.validTo && v.validTo < beijingDay(now)) throw badField('validTo', 'in_past', 'The last day is already past');
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('parking_vehicles').values({ id, plate: v.plate, reason: v.reason, valid_to: v.validTo ?? null, created_by: p.userId, created_at: now, removed_at: null, removed_by: null }).execute();
      await writeAudit(tx, actor, { action: 'parking.vehicle.register', targetType: 'parking_vehicle', targetId: id });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'This plate is already registered', [{ path: 'plate', code: 'already_registered', message: 'Already registered' }]);
    throw e;
  }
  return { id, plate: v.plate, reason: v.reason, validTo: v.validTo ?? null, createdAt: new Date(now).toISOString(), createdBy: p.name };
}

export async function removeManual(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('parking_vehicles')
      .set({ removed_at: nowOf(ctx), removed_by: p.kind === 'user' ? p.userId : null })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound('No such registration');
    await writeAudit(tx, actor, { action: 'parking.vehicle.remove', targetType: 'parking_vehicle', targetId: id });
  });
}
