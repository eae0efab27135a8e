import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { maskIdNumber, maskPhone } from '../../platform/crypto.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { cityByCode, type Locale } from '../../../shared/reference.js';
import { hashPassword, insertUser, replaceRoles } from '../identity/index.js';
import * as repo from './worker.repository.js';
import { staffUnionIds, unmaskUnionIds } from './worker.policy.js';

export type WorkerInput = {
  name: string;
  idNumber?: string | undefined;
  kind: string;
  cityCode: string;
  districtCode: string;
  platforms: string[];
  employmentCategory: string;
  plates: string[];
  locale: Locale;
};

export type WorkerProfile = {
  id: string;
  name: string;
  phoneMasked: string;
  idNumberMasked: string | null;
  kind: string;
  cityCode: string;
  districtCode: string;
  platforms: string[];
  employmentCategory: string;
  plates: string[];
  locale: string;
  createdAt: string;
};

function checkDistrict(cityCode: string, districtCode: string) {
  const city = cityByCode.get(cityCode);
  if (!city?.districts.some((d) => d.code === districtCode)) {
    throw badField('districtCode', 'invalid_district', 'That district is not in the chosen city');
  }
}

async function present(ctx: Ctx, rows: repo.WorkerRow[]): Promise<WorkerProfile[]> {
  const { platforms, plates } = await repo.extrasOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    phoneMasked: ctx.crypto.masked(r.phone_enc, maskPhone),
    idNumberMasked: r.id_number_enc ? ctx.crypto.masked(r.id_number_enc, maskIdNumber) : null,
    kind: r.kind,
    cityCode: r.city_code,
    districtCode: r.district_code,
    platforms: platforms.get(r.id) ?? [],
    employmentCategory: r.employment_category,
    plates: plates.get(r.id) ?? [],
    locale: r.locale,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** A worker signs up on the phone: account, role and profile in one transaction. */
export async function register(ctx: Ctx, input: WorkerInput & { phone: string; password: string }, actor: Actor) {
  checkDistrict(input.cityCode, input.districtCode);
  const phoneHash = ctx.crypto.lookupHash(input.phone);
  const idHash = input.idNumber ? ctx.crypto.lookupHash(input.idNumber) : null;
  const passwordHash = await hashPassword(input.password);
  const userId = newId();
  const workerId = newId();
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where('phone_hash', '=', phoneHash).executeTakeFirst();
    if (taken) throw conflict('This mobile number is already registered; sign in instead');
    if (idHash && (await tx.selectFrom('workers').select('id').where('id_number_hash', '=', idHash).executeTakeFirst())) {
      throw conflict('This ID number is already registered');
    }
    await insertUser(tx, {
      id: userId,
      name: input.name,
      phoneEnc: ctx.crypto.encrypt(input.phone),
      phoneHash,
      phoneLast4: input.phone.slice(-4),
      passwordHash,
      locale: input.locale,
      now,
    });
    await replaceRoles(tx, userId, [{ role: 'worker', orgId: '' }]);
    await repo.insertWorker(tx, {
      id: workerId,
      userId,
      name: input.name,
      idNumberEnc: input.idNumber ? ctx.crypto.encrypt(input.idNumber) : null,
      idNumberHash: idHash,
      kind: input.kind,
      cityCode: input.cityCode,
      districtCode: input.districtCode,
      employmentCategory: input.employmentCategory,
      now,
    });
    await repo.setPlatforms(tx, workerId, input.platforms);
    await repo.setPlates(tx, workerId, input.plates);
    await writeAudit(tx, { ...actor, id: userId, kind: 'user' }, { action: 'worker.register', targetType: 'worker', targetId: workerId });
  });
  return { userId, workerId };
}

export async function getMine(ctx: Ctx, userId: string): Promise<WorkerProfile> {
  const row = await repo.findWorkerByUser(ctx.db, userId);
  if (!row) throw notFound('You have no worker profile');
  return (await present(ctx, [row]))[0]!;
}

export async function updateMine(ctx: Ctx, userId: string, patch: Partial<WorkerInput>, actor: Actor) {
  const row = await repo.findWorkerByUser(ctx.db, userId);
  if (!row) throw notFound('You have no worker profile');
  const city = patch.cityCode ?? row.city_code;
  if (patch.cityCode || patch.districtCode) checkDistrict(city, patch.districtCode ?? row.district_code);
  const idHash = patch.idNumber ? ctx.crypto.lookupHash(patch.idNumber) : undefined;
  await ctx.db.transaction().execute(async (tx) => {
    if (idHash) {
      const other = await tx.selectFrom('workers').select('id').where('id_number_hash', '=', idHash).where('id', '!=', row.id).executeTakeFirst();
      if (other) throw conflict('This ID number is already registered');
    }
    const set: Record<string, unknown> = { updated_at: Date.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.cityCode !== undefined) set.city_code = patch.cityCode;
    if (patch.districtCode !== undefined) set.district_code = patch.districtCode;
    if (patch.employmentCategory !== undefined) set.employment_category = patch.employmentCategory;
    if (patch.idNumber !== undefined) {
      set.id_number_enc = ctx.crypto.encrypt(patch.idNumber);
      set.id_number_hash = idHash;
    }
    await tx.updateTable('workers').set(set).where('id', '=', row.id).execute();
    const userSet: Record<string, unknown> = {};
    if (patch.name !== undefined) userSet.name = patch.name;
    if (patch.locale !== undefined) userSet.locale = patch.locale;
    if (Object.keys(userSet).length) await tx.updateTable('users').set(userSet).where('id', '=', userId).execute();
    if (patch.platforms) await repo.setPlatforms(tx, row.id, patch.platforms);
    if (patch.plates) await repo.setPlates(tx, row.id, patch.plates);
    await writeAudit(tx, actor, { action: 'worker.update', targetType: 'worker', targetId: row.id, details: { fields: Object.keys(patch) } });
  });
  return getMine(ctx, userId);
}

async function unionCities(ctx: Ctx, unionIds: string[]) {
  if (!unionIds.length) return [];
  const rows = await ctx.db.selectFrom('orgs').select('city_code').where('id', 'in', unionIds).where('kind', '=', 'union').execute();
  return [...new Set(rows.map((r) => r.city_code).filter((c): c is string => !!c))];
}

export async function search(ctx: Ctx, p: Principal, f: Omit<repo.SearchFilter, 'cityCodes' | 'phoneHash'>, actor: Actor) {
  const cityCodes = await unionCities(ctx, staffUnionIds(p));
  const phoneHash = f.q && /^1[3-9]\d{9}$/.test(f.q) ? ctx.crypto.lookupHash(f.q) : undefined;
  const { rows, total } = await repo.searchWorkers(ctx.db, { ...f, cityCodes, phoneHash });
  const profiles = await present(ctx, rows);
  const unionNames = new Map(
    (await ctx.db.selectFrom('orgs').select(['id', 'name']).where('kind', '=', 'union').execute()).map((o) => [o.id, o.name]),
  );
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, actor, { action: 'worker.search', targetType: 'worker', details: { count: rows.length, filters: Object.keys(f).filter((k) => (f as Record<string, unknown>)[k] !== undefined) } }),
  );
  return {
    total,
    items: profiles.map((w, i) => {
      const r = rows[i]!;
      return {
        ...w,
        membership: r.union_id ? { unionId: r.union_id, unionName: unionNames.get(r.union_id) ?? '', membershipNo: r.membership_no ?? '' } : null,
      };
    }),
  };
}

/** Staff read of one worker: 404 outside the staff member's cities, exactly like a missing one. */
export async function getForStaff(ctx: Ctx, p: Principal, workerId: string, actor: Actor, unionIds = staffUnionIds(p)) {
  const row = await repo.findWorker(ctx.db, workerId);
  const cities = await unionCities(ctx, unionIds);
  if (!row || !cities.includes(row.city_code)) throw notFound('No such worker');
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'worker.read', targetType: 'worker', targetId: workerId }));
  return (await present(ctx, [row]))[0]!;
}

export async function unmask(ctx: Ctx, p: Principal, workerId: string, field: 'phone' | 'idNumber', purpose: string, actor: Actor) {
  const row = await repo.findWorker(ctx.db, workerId);
  const cities = await unionCities(ctx, unmaskUnionIds(p));
  if (!row || !cities.includes(row.city_code)) throw notFound('No such worker');
  const sealed = field === 'phone' ? row.phone_enc : row.id_number_enc;
  if (!sealed) throw notFound('No ID number on file');
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, actor, { action: 'worker.unmask', targetType: 'worker', targetId: workerId, details: { field, purpose } }),
  );
  return ctx.crypto.decrypt(sealed);
}

/** The signed-in user's worker profile id; 404 for accounts that have none (staff). */
export async function workerIdOf(ctx: Ctx, p: Principal): Promise<string> {
  if (p.kind !== 'user') throw notFound('You have no worker profile');
  const w = await ctx.db.selectFrom('workers').select('id').where('user_id', '=', p.userId).executeTakeFirst();
  if (!w) throw notFound('You have no worker profile');
  return w.id;
}

/** A worker found by mobile number (staff at a station counter), or 404. */
export async function workerIdByPhone(ctx: Ctx, phone: string): Promise<string> {
  const w = await ctx.db
    .selectFrom('workers')
    .innerJoin('users', 'users.id', 'workers.user_id')
    .select('workers.id')
    .where('users.phone_hash', '=', ctx.crypto.lookupHash(phone))
    .executeTakeFirst();
  if (!w) throw notFound('No worker with that mobile number');
  return w.id;
}
