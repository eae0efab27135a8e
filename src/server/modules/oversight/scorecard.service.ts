// The platform scorecard read from the analysis runs: the months analysed, a month's figures per
// indicator and platform with their trend, the Fairwork-style summary, dispatch fairness and the rule
// versions used; the drill-down from a figure to its findings and their orders; and the CSV export.
// Analysts get the same figures with no driver identity (and counts resting on fewer than the minimum
// number of drivers suppressed); every read of findings — which carry drivers' orders — is audited.
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { Ctx } from '../../platform/context.js';
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { isAnyOf, type Db, type Tx } from '../../platform/db.js';
import { platforms as referencePlatforms } from '../../../shared/reference.js';
import { indicatorIds, indicatorUnit, type IndicatorId, type RunResult } from '../../../shared/oversight.js';
import { BOM, csvLine, fairnessByPlatform, isoBeijing, maskDriver, maskPlate, platformFigures, previousMonths, rateUnitOf } from './scorecard.js';

/** True when the caller may see who a finding is about (union staff); analysts see aggregates. */
export const seesIdentities = (p: Principal) => hasRole(p, 'union_officer') || hasRole(p, 'union_chair');

type RunRow = { id: string; month: string; orders: number; completed: number; created_at: number; took_ms: number };

/** The current run of each month: the latest analysis of it. */
export async function currentRuns(q: Db | Tx, months?: readonly string[]): Promise<Map<string, RunRow>> {
  let query = q.selectFrom('oversight_runs').select(['id', 'month', 'orders', 'completed', 'created_at', 'took_ms']);
  if (months) {
    if (!months.length) return new Map();
    query = query.where(isAnyOf(q, 'month', months));
  }
  const rows = await query.orderBy('month').orderBy('created_at').orderBy('id').execute();
  const out = new Map<string, RunRow>();
  for (const r of rows) out.set(r.month, { ...r, orders: Number(r.orders), completed: Number(r.completed), created_at: Number(r.created_at), took_ms: Number(r.took_ms) });
  return out;
}

export async function runOf(q: Db | Tx, month: string): Promise<RunRow> {
  const run = (await currentRuns(q, [month])).get(month);
  if (!run) throw new AppError('not_found', `No analysis of ${month} yet`, [{ path: 'month', code: 'no_run', message: 'This month has not been analysed' }]);
  return run;
}

export async function months(ctx: Ctx) {
  const runs = await currentRuns(ctx.db);
  return [...runs.values()].reverse().map((r) => ({ month: r.month, runId: r.id, analysedAt: new Date(r.created_at).toISOString(), orders: r.orders, completed: r.completed, tookMs: r.took_ms }));
}

async function resultOf(q: Db | Tx, runId: string): Promise<RunResult> {
  const row = await q.selectFrom('oversight_runs').select('result').where('id', '=', runId).executeTakeFirstOrThrow();
  return JSON.parse(row.result) as RunResult;
}

/** Platform names: the registry's, else the reference list's Chinese name, else the code. */
export async function platformNames(q: Db | Tx): Promise<Map<string, string>> {
  const names = new Map(referencePlatforms.map((p) => [p.code, p.nameZh]));
  for (const r of await q.selectFrom('oversight_platforms').select(['code', 'name']).execute()) names.set(r.code, r.name);
  return names;
}

/**
 * Cells resting on fewer than `min` distinct drivers, as "indicator|platform", and "indicator|*" for an
 * indicator's total (the analysts' suppression).
 */
async function thinCells(q: Db | Tx, runId: string, min: number): Promise<Set<string>> {
  const cells = await q
    .selectFrom('oversight_findings')
    .select(['indicator', 'platform', sql<number>`count(distinct driver_key)`.as('drivers')])
    .where('run_id', '=', runId)
    .groupBy(['indicator', 'platform'])
    .execute();
  const totals = await q
    .selectFrom('oversight_findings')
    .select(['indicator', sql<number>`count(distinct driver_key)`.as('drivers')])
    .where('run_id', '=', runId)
    .groupBy('indicator')
    .execute();
  return new Set([...cells.filter((r) => Number(r.drivers) < min).map((r) => `${r.indicator}|${r.platform}`), ...totals.filter((r) => Number(r.drivers) < min).map((r) => `${r.indicator}|*`)]);
}

export async function scorecard(ctx: Ctx, p: Principal, month: string, trendMonths: number) {
  const run = await runOf(ctx.db, month);
  const result = await resultOf(ctx.db, run.id);
  const names = await platformNames(ctx.db);
  const analyst = !seesIdentities(p);
  const thin = analyst ? await thinCells(ctx.db, run.id, ctx.config.analystMinCell) : new Set<string>();
  const suppress = <T extends { count: number | null; rate: number | null }>(id: string, code: string, c: T): T => (thin.has(`${id}|${code}`) ? { ...c, count: null, rate: null } : c);

  const figures = platformFigures(result).map((f) => {
    const indicators = {} as typeof f.indicators;
    for (const id of indicatorIds) indicators[id] = suppress(id, f.code, f.indicators[id]);
    return { ...f, name: names.get(f.code) ?? f.code, indicators };
  });
  const crossPlatform = {} as Record<IndicatorId, number | null>;
  for (const id of indicatorIds) {
    const n = result.indicators[id]?.byPlatform?.[''] ?? 0;
    crossPlatform[id] = thin.has(`${id}|`) ? null : n;
  }
  const totals = {} as Record<IndicatorId, number | null>;
  for (const id of indicatorIds) totals[id] = thin.has(`${id}|*`) ? null : (result.indicators[id]?.violations ?? 0);

  // The trend: the same figures of the months before, from each month's current run.
  const before = previousMonths(month, trendMonths);
  const runs = await currentRuns(ctx.db, before);
  const trend = [];
  for (const m of [...before, month]) {
    const r = m === month ? run : runs.get(m);
    if (!r) {
      trend.push({ month: m, analysed: false, platforms: {} as Record<string, Record<IndicatorId, number | null>> });
      continue;
    }
    const res = m === month ? result : await resultOf(ctx.db, r.id);
    const cut = analyst && m !== month ? await thinCells(ctx.db, r.id, ctx.config.analystMinCell) : thin;
    const platforms: Record<string, Record<IndicatorId, number | null>> = {};
    for (const f of platformFigures(res)) {
      const rates = {} as Record<IndicatorId, number | null>;
      for (const id of indicatorIds) rates[id] = cut.has(`${id}|${f.code}`) ? null : f.indicators[id].rate;
      platforms[f.code] = rates;
    }
    trend.push({ month: m, analysed: true, doubleComplianceRate: res.doubleComplianceRate, platforms });
  }

  const ruleRows = result.rules.length ? await ctx.db.selectFrom('oversight_rules').select(['id', 'unit', 'effective_from', 'effective_to']).where(isAnyOf(ctx.db, 'id', result.rules.map((r) => r.id))).execute() : [];
  const ruleMeta = new Map(ruleRows.map((r) => [r.id, r]));
  const unions = orgsWithRole(p, 'union_officer', 'union_chair');
  const union = unions.length ? await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', '=', unions[0]!).executeTakeFirst() : undefined;

  return {
    month,
    run: { id: run.id, analysedAt: new Date(run.created_at).toISOString(), tookMs: run.took_ms, orders: result.orders, completed: result.completed, rejected: result.rejected, duplicates: result.duplicates },
    union: union ?? null,
    masked: analyst,
    minCell: analyst ? ctx.config.analystMinCell : null,
    indicators: indicatorIds.map((id) => ({ id, unit: indicatorUnit[id], rateUnit: rateUnitOf(id), violations: totals[id], crossPlatform: crossPlatform[id] })),
    platforms: figures,
    doubleComplianceRate: result.doubleComplianceRate,
    fairness: fairnessByPlatform(result.fairness ?? []).map((f) => ({ ...f, name: names.get(f.platform) ?? f.platform })),
    trend,
    rules: result.rules.map((r) => {
      const meta = ruleMeta.get(r.id);
      return { ...r, unit: meta?.unit ?? null, effectiveFrom: meta?.effective_from ?? null, effectiveTo: meta?.effective_to ?? null };
    }),
  };
}

// ---- drill-down ----------------------------------------------------------------------------------------

export type FindingQuery = {
  month: string;
  indicator?: IndicatorId | undefined;
  /** A platform code; 'cross' for driver-days that span platforms; absent for all. */
  platform?: string | undefined;
  sort: 'day' | 'value' | 'driver' | 'plate';
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
};

const sortColumn = { day: 'oversight_findings.day', value: 'oversight_findings.value', driver: 'oversight_findings.driver_key', plate: 'oversight_findings.plate' } as const;

function findingsBase(q: Db | Tx, runId: string, f: { indicator?: string | undefined; platform?: string | undefined }) {
  let query = q.selectFrom('oversight_findings').where('oversight_findings.run_id', '=', runId);
  if (f.indicator) query = query.where('oversight_findings.indicator', '=', f.indicator);
  if (f.platform !== undefined) query = query.where('oversight_findings.platform', '=', f.platform === 'cross' ? '' : f.platform);
  return query;
}

type OrderRow = { platform: string; order_id: string; driver_id: string; driver_permit_no: string; plate: string; city_code: string; accept_at: number; start_at: number; finish_at: number; fare_paid: number; driver_pay: number; distance_m: number; completed: number };

/** The orders named by [platform, order_id] pairs, keyed "platform|order_id". */
export async function ordersByPair(q: Db | Tx, pairs: readonly (readonly [string, string])[]): Promise<Map<string, OrderRow>> {
  const byPlatform = new Map<string, Set<string>>();
  for (const [pf, id] of pairs) byPlatform.set(pf, (byPlatform.get(pf) ?? new Set()).add(id));
  const out = new Map<string, OrderRow>();
  for (const [pf, ids] of byPlatform) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += 500) {
      const rows = await q
        .selectFrom('orders')
        .select(['platform', 'order_id', 'driver_id', 'driver_permit_no', 'plate', 'city_code', 'accept_at', 'start_at', 'finish_at', 'fare_paid', 'driver_pay', 'distance_m', 'completed'])
        .where('platform', '=', pf)
        .where(isAnyOf(q, 'order_id', all.slice(i, i + 500)))
        .execute();
      for (const r of rows) out.set(`${r.platform}|${r.order_id}`, r);
    }
  }
  return out;
}

export const commissionOf = (fare: number, pay: number) => (fare > 0 ? Math.round(((fare - pay) / fare) * 10_000) / 10_000 : null);

/** One order as the API shows it; analysts get no driver id or plate. */
export function presentOrder(o: OrderRow, analyst: boolean) {
  const fare = Number(o.fare_paid);
  const pay = Number(o.driver_pay);
  return {
    platform: o.platform,
    orderId: o.order_id,
    driverId: analyst ? null : o.driver_id,
    driverPermitNo: analyst ? null : o.driver_permit_no || null,
    plate: analyst ? maskPlate(o.plate) : o.plate,
    cityCode: o.city_code,
    acceptAt: isoBeijing(Number(o.accept_at)),
    startAt: isoBeijing(Number(o.start_at)),
    finishAt: isoBeijing(Number(o.finish_at)),
    farePaidFen: fare,
    driverPayFen: pay,
    commission: commissionOf(fare, pay),
    distanceM: Number(o.distance_m),
    completed: Number(o.completed) === 1,
  };
}

export type FindingRow = { id: string; indicator: string; platform: string; day: string; driver_key: string; plate: string; value: number | null; limit_value: number | null; rule_id: string | null; order_ids: string; rule: string | null; scope: string | null; version: number | null; rule_value: number | null; unit: string | null; class: string | null; source: string | null };

export const findingColumns = [
  'oversight_findings.id',
  'oversight_findings.indicator',
  'oversight_findings.platform',
  'oversight_findings.day',
  'oversight_findings.driver_key',
  'oversight_findings.plate',
  'oversight_findings.value',
  'oversight_findings.limit_value',
  'oversight_findings.rule_id',
  'oversight_findings.order_ids',
  'oversight_rules.rule',
  'oversight_rules.scope',
  'oversight_rules.version',
  'oversight_rules.value as rule_value',
  'oversight_rules.unit',
  'oversight_rules.class',
  'oversight_rules.source',
] as const;

const pairsOf = (f: { order_ids: string }): [string, string][] => {
  try {
    const v = JSON.parse(f.order_ids) as unknown;
    return Array.isArray(v) ? v.filter((x): x is [string, string] => Array.isArray(x) && x.length >= 2).map((x) => [String(x[0]), String(x[1])]) : [];
  } catch {
    return [];
  }
};

/** Findings with their rule version and orders, shaped for the API. */
export async function presentFindings(q: Db | Tx, rows: readonly FindingRow[], analyst: boolean) {
  const orders = await ordersByPair(q, rows.flatMap(pairsOf));
  return rows.map((f) => ({
    id: f.id,
    indicator: f.indicator,
    platform: f.platform,
    day: f.day,
    driverKey: analyst ? maskDriver(f.driver_key) : f.driver_key,
    plate: analyst ? maskPlate(f.plate) : f.plate,
    value: f.value === null ? null : Number(f.value),
    limit: f.limit_value === null ? null : Number(f.limit_value),
    rule: f.rule_id ? { id: f.rule_id, rule: f.rule, scope: f.scope, version: f.version === null ? null : Number(f.version), value: f.rule_value === null ? null : Number(f.rule_value), unit: f.unit, class: f.class, source: f.source } : null,
    orders: pairsOf(f).map(([pf, id]) => {
      const o = orders.get(`${pf}|${id}`);
      return o ? presentOrder(o, analyst) : { platform: pf, orderId: id, missing: true as const };
    }),
  }));
}

export async function findings(ctx: Ctx, p: Principal, fq: FindingQuery, actor: Actor) {
  const run = await runOf(ctx.db, fq.month);
  const analyst = !seesIdentities(p);
  const base = findingsBase(ctx.db, run.id, fq);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const col = sortColumn[fq.sort];
  const rows = (await base
    .leftJoin('oversight_rules', 'oversight_rules.id', 'oversight_findings.rule_id')
    .select([...findingColumns])
    .orderBy(fq.sort === 'value' ? sql`coalesce(${sql.ref(col)}, -1e300)` : sql.ref(col), fq.dir)
    .orderBy('oversight_findings.id')
    .limit(fq.limit)
    .offset(fq.offset)
    .execute()) as FindingRow[];
  const items = await presentFindings(ctx.db, rows, analyst);
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, actor, { action: 'oversight.findings_read', targetType: 'oversight_run', targetId: run.id, details: { indicator: fq.indicator ?? null, platform: fq.platform ?? null, count: items.length, masked: analyst } }),
  );
  return { month: fq.month, runId: run.id, total: Number(total.n), limit: fq.limit, offset: fq.offset, masked: analyst, items };
}

// ---- CSV export ----------------------------------------------------------------------------------------

const csvHeader = ['finding_id', 'indicator', 'finding_platform', 'day', 'driver_key', 'plate', 'value', 'limit', 'rule_id', 'rule', 'rule_version', 'rule_class', 'rule_source', 'order_platform', 'order_id', 'accept_ts', 'start_ts', 'finish_ts', 'fare_paid_fen', 'driver_pay_fen', 'commission', 'distance_m'];

/**
 * The findings of a month (optionally one indicator and platform) with one line per evidence order,
 * streamed page by page: a UTF-8 BOM first so Excel reads the Chinese. The run is checked (404) and
 * the read audited before the first byte.
 */
export async function exportCsv(ctx: Ctx, p: Principal, f: { month: string; indicator?: IndicatorId | undefined; platform?: string | undefined }, actor: Actor) {
  const run = await runOf(ctx.db, f.month);
  const analyst = !seesIdentities(p);
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, actor, { action: 'oversight.findings_export', targetType: 'oversight_run', targetId: run.id, details: { indicator: f.indicator ?? null, platform: f.platform ?? null, masked: analyst } }),
  );
  const name = `oversight-${f.month}${f.indicator ? `-${f.indicator}` : ''}${f.platform ? `-${f.platform}` : ''}.csv`;
  async function* lines(): AsyncGenerator<string> {
    yield BOM + csvLine(csvHeader);
    let after = '';
    for (;;) {
      const rows = (await findingsBase(ctx.db, run.id, f)
        .leftJoin('oversight_rules', 'oversight_rules.id', 'oversight_findings.rule_id')
        .select([...findingColumns])
        .where('oversight_findings.id', '>', after)
        .orderBy('oversight_findings.id')
        .limit(500)
        .execute()) as FindingRow[];
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      let chunk = '';
      for (const x of await presentFindings(ctx.db, rows, analyst)) {
        const head = [x.id, x.indicator, x.platform, x.day, x.driverKey, x.plate, x.value, x.limit, x.rule?.id, x.rule?.rule, x.rule?.version, x.rule?.class, x.rule?.source];
        if (!x.orders.length) chunk += csvLine([...head, '', '', '', '', '', '', '', '', '']);
        for (const o of x.orders) {
          chunk += 'missing' in o ? csvLine([...head, o.platform, o.orderId]) : csvLine([...head, o.platform, o.orderId, o.acceptAt, o.startAt, o.finishAt, o.farePaidFen, o.driverPayFen, o.commission, o.distanceM]);
        }
      }
      yield chunk;
      if (rows.length < 500) return;
    }
  }
  return { name, lines: lines() };
}

