// The platform registry and the licence registry (驾驶员证 and 运输证): lists, edits, and CSV imports that
// store every valid line in one transaction and report every bad one.
import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';

import type { Database } from '../../platform/schema.js';
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Db, Tx } from '../../platform/db.js';
import { isAnyOf } from '../../platform/db.js';

import { AppError, badField, notFound, type FieldIssue } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import { hasRole, type Principal } from '../../platform/access.js';

import { platforms as referencePlatforms } from '../../../shared/reference.js';

import { isPlate, normalisePlate } from '../../../shared/validation.js';

import { isIsoDate, normalisePermitNo, parsePermitsCsv, PERMIT_NO, type LineProblem, type PermitKind } from './registry.csv.js';

import { currentRuleRows } from './rules.service.js';
import { rideHailingCodes } from './rules.defaults.js';
import { beijingDay } from '../../platform/time.js';

// ---------- platforms ----------

/** Adds the ride-hailing platforms the product knows (src/shared/reference.ts) that the registry lacks. */
export async function ensurePlatforms(q: Db | Tx, now = Date.now(), cityCode = '650100'): Promise<number> {
  const have = new Set((await q.selectFrom('oversight_platforms').select('code').execute()).map((r) => r.code));
  const missing = referencePlatforms.filter((p) => rideHailingCodes.includes(p.code) && !have.has(p.code));
  if (!missing.length) return 0;
  await q
    .insertInto('oversight_platforms')
    .values(missing.map((p) => ({ code: p.code, name: p.nameZh, licence_no: '', city_code: cityCode, active: 1, created_at: now, updated_at: now })))
    .execute();
  return missing.length;
}

/** Every platform with the platform-scoped rules in force today (caps, daily maximum). */
export async function listPlatforms(ctx: Ctx) {
  const day = beijingDay(nowOf(ctx));
  const [rows, rules] = await Promise.all([ctx.db.selectFrom('oversight_platforms').selectAll().orderBy('code').execute(), currentRuleRows(ctx.db, day)]);
  const order = new Map(referencePlatforms.map((p, i) => [p.code, i]));
  rows.sort((a, b) => (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999) || a.code.localeCompare(b.code));
  return {
    on: day,
    items: rows.map((p) => ({
      code: p.code,
      name: p.name,
      licenceNo: p.licence_no,
      cityCode: p.city_code,
      active: !!p.active,
      updatedAt: new Date(Number(p.updated_at)).toISOString(),
      rules: rules
        .filter((r) => r.scope === p.code)
        .map((r) => ({ id: r.id, rule: r.rule, version: r.version, value: r.value, unit: r.unit, class: r.class, source: r.source, effectiveFrom: r.effective_from, effectiveTo: r.effective_to })),
    })),
  };
}

export async function updatePlatform(ctx: Ctx, code: string, patch: { name?: string; licenceNo?: string; active?: boolean }, actor: Actor) {
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('oversight_platforms').select('code').where('code', '=', code).executeTakeFirst();
    if (!row) throw notFound('No such platform');
    await tx
      .updateTable('oversight_platforms')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.licenceNo !== undefined ? { licence_no: patch.licenceNo } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        updated_at: now,
      })
      .where('code', '=', code)
      .execute();
    await writeAudit(tx, actor, { action: 'oversight.platform_updated', targetType: 'oversight_platform', targetId: code, details: { fields: Object.keys(patch) } });
  });
  return (await listPlatforms(ctx)).items.find((p) => p.code === code)!;
}

// ---------- permits ----------

const tableOf = { driver: 'driver_permits', vehicle: 'vehicle_permits' } as const;

/** Who may see holders' names in full: those who keep the registry. Analysts see them masked. */
const seesNames = (p: Principal) => hasRole(p, 'union_officer') || hasRole(p, 'union_chair') || hasRole(p, 'admin');
// The first character only, and always two stars: the mask tells nothing of the name's length.
const maskName = (s: string) => `${[...s][0] ?? ''}**`;

export type PermitStatus = 'valid' | 'expired' | 'not_yet';
const statusOn = (p: { valid_from: string; valid_to: string }, day: string): PermitStatus => (day < p.valid_from ? 'not_yet' : day > p.valid_to ? 'expired' : 'valid');

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type PermitQuery = { q?: string; status?: 'valid' | 'expired' | 'not_yet'; on?: string; page: number; pageSize: number };

/** Permits found by permit number, plate or holder, with their status on a date (today by default). */
export async function searchPermits(ctx: Ctx, kind: PermitKind, query: PermitQuery, p: Principal) {
  const on = query.on ?? beijingDay(nowOf(ctx));
  const table = tableOf[kind];
  const q = query.q?.trim() ?? '';
  const conds: RawBuilder<SqlBool>[] = [];
  if (q) {
    const no = likeOf(normalisePermitNo(q));
    conds.push(
      kind === 'driver'
        ? sql<SqlBool>`(permit_no like ${no} escape '\\' or holder_name like ${likeOf(q)} escape '\\')`
        : sql<SqlBool>`(permit_no like ${no} escape '\\' or plate like ${likeOf(normalisePlate(q))} escape '\\')`,
    );
  }
  if (query.status === 'valid') conds.push(sql<SqlBool>`(valid_from <= ${on} and valid_to >= ${on})`);
  if (query.status === 'expired') conds.push(sql<SqlBool>`valid_to < ${on}`);
  if (query.status === 'not_yet') conds.push(sql<SqlBool>`valid_from > ${on}`);
  const where = conds.length ? sql<SqlBool>`${sql.join(conds, sql` and `)}` : sql<SqlBool>`1 = 1`;
  const { n } = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow();
  const names = seesNames(p);
  const offset = (query.page - 1) * query.pageSize;
  if (kind === 'driver') {
    const rows = await ctx.db.selectFrom('driver_permits').selectAll().where(where).orderBy('permit_no').orderBy('valid_from').limit(query.pageSize).offset(offset).execute();
    return { on, total: Number(n), items: rows.map((r) => driverView(r, on, names)) };
  }
  const rows = await ctx.db.selectFrom('vehicle_permits').selectAll().where(where).orderBy('plate').orderBy('valid_from').limit(query.pageSize).offset(offset).execute();
  return { on, total: Number(n), items: rows.map((r) => vehicleView(r, on)) };
}

type DriverRow = Selectable<Database['driver_permits']>;
type VehicleRow = Selectable<Database['vehicle_permits']>;
const driverView = (r: DriverRow, on: string, names: boolean) => ({
  id: r.id,
  permitNo: r.permit_no,
  holderName: names ? r.holder_name : maskName(r.holder_name),
  validFrom: r.valid_from,
  validTo: r.valid_to,
  cityCode: r.city_code,
  linkedWorker: !!r.worker_id,
  status: statusOn(r, on),
});
const vehicleView = (r: VehicleRow, on: string) => ({
  id: r.id,
  plate: r.plate,
  permitNo: r.permit_no,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  registeredOn: r.registered_on,
  odometerKm: Number(r.odometer_km),
  status: statusOn(r, on),
});

export type DriverPatch = { permitNo?: string; holderName?: string; validFrom?: string; validTo?: string; cityCode?: string };
export type VehiclePatch = { plate?: string; permitNo?: string; validFrom?: string; validTo?: string; registeredOn?: string; odometerKm?: number };

/** Edits one permit; the result must still be a valid permit, and its key (number or plate, valid_from) unique. */
export async function updatePermit(ctx: Ctx, kind: PermitKind, id: string, patch: DriverPatch | VehiclePatch, actor: Actor, p: Principal) {
  const now = nowOf(ctx);
  const table = tableOf[kind];
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('No such permit');
    const set: Record<string, string | number> = {};
    if (patch.permitNo !== undefined) {
      const v = normalisePermitNo(patch.permitNo);
      if (!PERMIT_NO.test(v)) throw badField('permitNo', 'invalid_permit_no', 'Letters, digits and hyphens, at most 40');
      set.permit_no = v;
    }
    if (patch.validFrom !== undefined) set.valid_from = patch.validFrom;
    if (patch.validTo !== undefined) set.valid_to = patch.validTo;
    if (kind === 'driver') {
      const d = patch as DriverPatch;
      if (d.holderName !== undefined) set.holder_name = d.holderName;
      if (d.cityCode !== undefined) set.city_code = d.cityCode;
    } else {
      const v = patch as VehiclePatch;
      if (v.plate !== undefined) {
        const plate = normalisePlate(v.plate);
        if (!isPlate(plate)) throw badField('plate', 'invalid_plate', 'Not a valid plate, e.g. 新A12345 or 新AD12345');
        set.plate = plate;
      }
      if (v.registeredOn !== undefined) set.registered_on = v.registeredOn;
      if (v.odometerKm !== undefined) set.odometer_km = v.odometerKm;
    }
    const merged = { ...row, ...set } as { valid_from: string; valid_to: string };
    for (const [f, k] of [['validFrom', 'valid_from'], ['validTo', 'valid_to']] as const) if (!isIsoDate(merged[k])) throw badField(f, 'invalid_date', 'Use a date YYYY-MM-DD');
    if (merged.valid_to < merged.valid_from) throw badField('validTo', 'before_valid_from', 'The permit ends before it starts');
    const keyCol = kind === 'driver' ? 'permit_no' : 'plate';
    const key = (merged as Record<string, unknown>)[keyCol] as string;
    const clash = await tx
      .selectFrom(table)
      .select('id')
      .where(sql.ref(keyCol), '=', key)
      .where('valid_from', '=', merged.valid_from)
      .where('id', '!=', id)
      .executeTakeFirst();
    if (clash) throw new AppError('conflict', 'Another permit has this number and start date', [{ path: kind === 'driver' ? 'permitNo' : 'plate', code: 'duplicate_permit', message: 'Same key and valid_from as another permit' }]);
    await tx
      .updateTable(table)
      .set({ ...set, updated_at: now } as never)
      .where('id', '=', id)
      .execute();
    await writeAudit(tx, actor, { action: 'oversight.permit_updated', targetType: table, targetId: id, details: { fields: Object.keys(patch) } });
  });
  const on = beijingDay(now);
  if (kind === 'driver') return driverView(await ctx.db.selectFrom('driver_permits').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), on, seesNames(p));
  return vehicleView(await ctx.db.selectFrom('vehicle_permits').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), on);
}

export type ImportReport = {
  kind: PermitKind;
  dryRun: boolean;
  lines: number;
  stored: number;
  inserted: number;
  updated: number;
  rejectedLines: number;
  problems: LineProblem[];
  /** True when more problems were found than are listed (the first 1,000 are). */
  problemsTruncated: boolean;
};

const CHUNK = 2000;
const MAX_PROBLEMS = 1000;

/**
 * Imports one registry CSV: the valid lines are stored (a line whose key — permit number or plate, with
 * valid_from — exists updates that permit; others add one), the bad ones reported, all in one
 * transaction with one audit record. A file that is not CSV answers 415; an empty file or wrong headers 422.
 */
export async function importPermits(ctx: Ctx, kind: PermitKind, text: string, opts: { dryRun?: boolean }, actor: Actor): Promise<ImportReport> {
  const parsed = parsePermitsCsv(text, kind);
  if (!parsed.ok) {
    const e = parsed.error;
    const details: FieldIssue[] = [{ path: 'file', code: e.code, message: e.message }];
    for (const m of e.missing ?? []) details.push({ path: m, code: 'missing_column', message: `Column "${m}" is missing` });
    for (const u of e.unexpected ?? []) details.push({ path: u, code: 'unknown_column', message: `Column "${u}" is not expected` });
    throw new AppError(e.code === 'not_csv' ? 'unsupported_media_type' : 'unprocessable', e.message, details);
  }
  const { rows, problems } = parsed;
  const now = nowOf(ctx);
  const keyCol = kind === 'driver' ? 'permit_no' : 'plate';
  const table = tableOf[kind];
  let inserted = 0;
  let updated = 0;
  const store = async (tx: Tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const keys = [...new Set(chunk.map((r) => (r as Record<string, unknown>)[keyCol] as string))];
      const existing = await tx
        .selectFrom(table)
        .select([sql.ref<string>(keyCol).as('k'), 'valid_from'])
        .where(isAnyOf(tx, `${table}.${keyCol}`, keys))
        .execute();
      const have = new Set(existing.map((e) => `${e.k}|${e.valid_from}`));
      const old = chunk.filter((r) => have.has(`${(r as Record<string, unknown>)[keyCol]}|${r.valid_from}`)).length;
      updated += old;
      inserted += chunk.length - old;
      if (opts.dryRun) continue;
      if (kind === 'driver') {
        await tx
          .insertInto('driver_permits')
          .values(chunk.map((r) => { const d = r as typeof r & { holder_name: string; city_code: string }; return { id: newId(), permit_no: d.permit_no, holder_name: d.holder_name, valid_from: d.valid_from, valid_to: d.valid_to, city_code: d.city_code, worker_id: null, created_at: now, updated_at: now }; }))
          .onConflict((oc) =>
            oc.columns(['permit_no', 'valid_from']).doUpdateSet((eb) => ({ holder_name: eb.ref('excluded.holder_name'), valid_to: eb.ref('excluded.valid_to'), city_code: eb.ref('excluded.city_code'), updated_at: eb.ref('excluded.updated_at') })),
          )
          .execute();
      } else {
        await tx
          .insertInto('vehicle_permits')
          .values(chunk.map((r) => { const v = r as typeof r & { plate: string; registered_on: string; odometer_km: number }; return { id: newId(), plate: v.plate, permit_no: v.permit_no, valid_from: v.valid_from, valid_to: v.valid_to, registered_on: v.registered_on, odometer_km: v.odometer_km, created_at: now, updated_at: now }; }))
          .onConflict((oc) =>
            oc.columns(['plate', 'valid_from']).doUpdateSet((eb) => ({
              permit_no: eb.ref('excluded.permit_no'),
              valid_to: eb.ref('excluded.valid_to'),
              registered_on: eb.ref('excluded.registered_on'),
              odometer_km: eb.ref('excluded.odometer_km'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    }
    const rejectedLines = new Set(problems.map((x) => x.line)).size;
    if (!opts.dryRun) {
      await writeAudit(tx, actor, { action: 'oversight.permits_imported', targetType: table, details: { kind, lines: parsed.lines, inserted, updated, rejected: rejectedLines } });
    }
  };
  await ctx.db.transaction().execute(store);
  return {
    kind,
    dryRun: !!opts.dryRun,
    lines: parsed.lines,
    stored: opts.dryRun ? 0 : inserted + updated,
    inserted,
    updated,
    rejectedLines: new Set(problems.map((x) => x.line)).size,
    problems: problems.slice(0, MAX_PROBLEMS),
    problemsTruncated: problems.length > MAX_PROBLEMS,
  };
}

/** Counts for the registry page's header: permits valid today of each kind, and all. */
export async function registryCounts(ctx: Ctx) {
  const day = beijingDay(nowOf(ctx));
  const count = async (table: 'driver_permits' | 'vehicle_permits') => {
    const [all, valid] = await Promise.all([
      ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('valid_from', '<=', day).where('valid_to', '>=', day).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(all.n), validToday: Number(valid.n) };
  };
  return { on: day, drivers: await count('driver_permits'), vehicles: await count('vehicle_permits') };
}

