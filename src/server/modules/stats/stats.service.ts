// The dashboard's figures, read from the cubes the refresh stored (stats_cells): each section's tables,
// cut by the filter where the table has that dimension (otherwise named in `unfiltered`), with every
// numeric cell that rests on fewer than `minCell` distinct people replaced by null and counted.
import type { Database } from '../../platform/schema.js';
import type { Ctx } from '../../platform/context.js';
import { hasRole, type Principal } from '../../platform/access.js';
import { notFound } from '../../platform/errors.js';
import { districtCity, prefectureOf, statsSections, type StatsCell, type StatsColumn, type StatsFilter, type StatsObservation, type StatsSection, type StatsSectionName, type StatsTable } from '../../../shared/stats.js';
import { outcomes } from '../../../shared/cases.js';
import { asOfOf, bucketWidth } from './refresh.service.js';

/** Who reads the observatory. */
export const READERS = ['analyst', 'union_chair', 'policy_officer'] as const;
export const mayRead = (p: Principal) => READERS.some((r) => hasRole(p, r));

type Dim = 'month' | 'city' | 'district' | 'kind' | 'platform' | 'd1' | 'd2';
type Cut = 'city' | 'district' | 'kind' | 'platform';
type Agg = Record<Dim, string> & { v1: number; v2: number; v3: number; people: number | null };

type Query = {
  cube: string;
  by: Dim[];
  /** flow: months within the period; stock: months up to its end; none: timeless. */
  period: 'flow' | 'stock' | 'none';
  /** The filter fields the cube can be cut by. */
  cuts: Cut[];
  /** True when one person is in one place only in this cube (worker-keyed): people add up over places. */
  placeDisjoint?: boolean;
  /** True when each person is in exactly one cell (workers by registration month): people simply add up. */
  additive?: boolean;
  /** Keeps only some cells (e.g. memberships still running at the end of the period). */
  keep?: (r: CellRow) => boolean;
};

const ALL_CUTS: Cut[] = ['city', 'district', 'kind', 'platform'];

type CellRow = Database['stats_cells'];
/** The context of one read: the figures' time rides along. */
type SCtx = Ctx & { asOf: number | null };

/**
 * The cubes in memory, per database handle, for the `asOf` they were computed at: a cube is read from
 * stats_cells once (or handed over by the refresh that computed it) and every request after that sums it
 * here, so a request costs one look at stats_meta plus a pass over a few thousand small rows.
 */
type Cube = { star: CellRow[]; per: CellRow[] };
const memory = new WeakMap<object, { asOf: number | null; cubes: Map<string, Cube>; loadedAll?: boolean }>();

function memoryOf(ctx: Ctx, asOf: number | null) {
  let m = memory.get(ctx.db);
  if (!m || m.asOf !== asOf) {
    m = { asOf, cubes: new Map(), loadedAll: false };
    memory.set(ctx.db, m);
  }
  return m;
}

/** Hands freshly computed cells to this process's memory (called by the refresh after it commits). */
export function remember(ctx: Ctx, asOf: number, all: readonly CellRow[]) {
  const m = memoryOf(ctx, asOf);
  m.cubes.clear();
  for (const c of all) {
    let cube = m.cubes.get(c.cube);
    if (!cube) m.cubes.set(c.cube, (cube = { star: [], per: [] }));
    (c.platform === '*' ? cube.star : cube.per).push(c);
  }
  m.loadedAll = true;
}

async function cubeRows(ctx: Ctx, asOf: number | null, cube: string): Promise<Cube> {
  const m = memoryOf(ctx, asOf);
  let rows = m.cubes.get(cube);
  if (!rows) {
    if (m.loadedAll) return { star: [], per: [] };
    const all = (await ctx.db.selectFrom('stats_cells').selectAll().where('cube', '=', cube).execute()).map((r) => ({ ...r, v1: Number(r.v1), v2: Number(r.v2), v3: Number(r.v3), people: r.people === null ? null : Number(r.people) }));
    rows = { star: all.filter((r) => r.platform === '*'), per: all.filter((r) => r.platform !== '*') };
    m.cubes.set(cube, rows);
  }
  return rows;
}

/**
 * One cube's cells summed by `by`. People: summed over worker kinds (each person has one kind) and, for
 * worker-keyed cubes, over places; the largest count is kept over months (and over places for cubes
 * keyed by a station or zone, where one person may count in several) — a lower bound of the distinct
 * people, so suppression errs on withholding.
 */
async function cells(ctx: SCtx, f: StatsFilter, q: Query): Promise<Agg[]> {
  const cube = await cubeRows(ctx, ctx.asOf, q.cube);
  // A district also cuts cubes that know only the city, to its city.
  const city = q.cuts.includes('city') ? (f.city ?? (f.district ? districtCity.get(f.district) : undefined)) : undefined;
  const district = q.cuts.includes('district') ? f.district : undefined;
  const kind = q.cuts.includes('kind') ? f.kind : undefined;
  const platform = q.cuts.includes('platform') ? f.platform : undefined;
  const all = platform || q.by.includes('platform') ? cube.per : cube.star;
  const innerDims = q.additive ? q.by : [...new Set<Dim>([...q.by, 'month', ...(q.placeDisjoint ? [] : (['city', 'district'] as Dim[]))])];
  const keyOf = (ds: Dim[]) => (ds.length === 1 ? (r: CellRow) => r[ds[0]!] : (r: CellRow) => ds.map((d) => r[d]).join('\u0001'));
  const innerKey = keyOf(innerDims);
  const inner = new Map<string, { key: CellRow; v1: number; v2: number; v3: number; people: number | null }>();
  for (const r of all) {
    if (q.period === 'flow' && (r.month < f.from || r.month > f.to)) continue;
    if (q.period === 'stock' && r.month > f.to) continue;
    if (city && r.city !== city) continue;
    if (district && r.district !== district) continue;
    if (kind && r.kind !== kind) continue;
    if (platform && r.platform !== platform) continue;
    if (q.keep && !q.keep(r)) continue;
    const k = innerKey(r);
    const a = inner.get(k);
    if (a) {
      a.v1 += r.v1;
      a.v2 += r.v2;
      a.v3 += r.v3;
      a.people = a.people === null || r.people === null ? null : a.people + r.people;
    } else inner.set(k, { key: r, v1: r.v1, v2: r.v2, v3: r.v3, people: r.people });
  }
  const outer = new Map<string, Agg>();
  const outerKey = keyOf(q.by);
  for (const a of inner.values()) {
    const k = outerKey(a.key);
    const o = outer.get(k);
    if (o) {
      o.v1 += a.v1;
      o.v2 += a.v2;
      o.v3 += a.v3;
      o.people = o.people === null || a.people === null ? null : Math.max(o.people, a.people);
    } else {
      const n = { v1: a.v1, v2: a.v2, v3: a.v3, people: a.people } as Agg;
      for (const d of q.by) n[d] = a.key[d];
      outer.set(k, n);
    }
  }
  return [...outer.values()];
}

/** Builds a table, withholding numeric cells whose people are below the threshold. */
class TableBuilder {
  rows: Record<string, StatsCell>[] = [];
  suppressed = 0;
  constructor(
    readonly min: number,
    readonly id: string,
    readonly module: string,
    readonly columns: StatsColumn[],
  ) {}
  /** `people` null = the cell is not about people (never withheld). */
  add(dims: Record<string, StatsCell>, values: Record<string, number | null>, people: number | null) {
    const row: Record<string, StatsCell> = { ...dims };
    const thin = people !== null && people < this.min;
    for (const [k, v] of Object.entries(values)) {
      if (v === null) {
        row[k] = null;
        if (thin || people === null) this.suppressed += thin ? 1 : 0;
      } else if (thin) {
        row[k] = null;
        this.suppressed++;
      } else row[k] = v;
    }
    this.rows.push(row);
    return this;
  }
  done(f: StatsFilter, unfiltered: StatsTable['unfiltered'] = [], sort = true): StatsTable {
    const dims = this.columns.filter((c) => c.type === 'dim' || c.type === 'month').map((c) => c.key);
    if (sort) this.rows.sort((a, b) => dims.map((k) => String(a[k] ?? '').localeCompare(String(b[k] ?? ''))).find((x) => x !== 0) ?? 0);
    const t: StatsTable = { id: this.id, source: { kind: 'module', module: this.module }, period: { from: f.from, to: f.to }, columns: this.columns, rows: this.rows, suppressed: this.suppressed };
    if (unfiltered.length) t.unfiltered = unfiltered;
    return t;
  }
}

const col = (key: string, type: StatsColumn['type']): StatsColumn => ({ key, type });
const notCut = (f: StatsFilter, cuts: Cut[]): NonNullable<StatsTable['unfiltered']> => ALL_CUTS.filter((c) => !cuts.includes(c) && f[c] !== undefined);
const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

// ---- sections -------------------------------------------------------------------------------------------

const WORKER_CUTS: Cut[] = ALL_CUTS;

async function workers(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const base = { cube: 'workers', period: 'stock' as const, cuts: WORKER_CUTS, placeDisjoint: true, additive: true };
  const tables: StatsTable[] = [];
  const simple = async (id: string, by: Dim, key: string) => {
    const t = new TableBuilder(min, id, 'workers', [col(key, 'dim'), col('workers', 'count')]);
    for (const r of await cells(ctx, f, { ...base, by: [by] })) t.add({ [key]: r[by] }, { workers: r.v1 }, r.people);
    tables.push(t.done(f));
  };
  await simple('byKind', 'kind', 'kind');
  await simple('byCity', 'city', 'city');
  await simple('byDistrict', 'district', 'district');
  await simple('byCategory', 'd1', 'category');
  await simple('byPlatform', 'platform', 'platform');
  // New registrations per month of the period.
  const reg = new TableBuilder(min, 'registrations', 'workers', [col('month', 'month'), col('workers', 'count')]);
  for (const r of await cells(ctx, f, { ...base, period: 'flow', by: ['month'] })) reg.add({ month: r.month }, { workers: r.v1 }, r.people);
  tables.push(reg.done(f));
  // Union membership rate per kind: members at the end of the period ÷ workers registered by then.
  const members = await cells(ctx, f, { cube: 'members', period: 'stock', cuts: WORKER_CUTS, placeDisjoint: true, additive: true, by: ['kind'], keep: (r) => r.d1 === '' || r.d1 > f.to });
  const all = await cells(ctx, f, { ...base, by: ['kind'] });
  const m = new Map(members.map((r) => [r.kind, r]));
  const t = new TableBuilder(min, 'membership', 'unions', [col('kind', 'dim'), col('workers', 'count'), col('members', 'count'), col('rate', 'rate')]);
  let tw = 0;
  let tm = 0;
  for (const w of all) {
    const mm = m.get(w.kind);
    tw += w.v1;
    tm += mm?.v1 ?? 0;
    const thin = (w.people ?? 0) < min || (mm?.people ?? 0) < min;
    t.add({ kind: w.kind }, { workers: w.v1 }, w.people);
    const row = t.rows[t.rows.length - 1]!;
    if (thin) {
      row.members = null;
      row.rate = null;
      t.suppressed += 2;
    } else {
      row.members = mm!.v1;
      row.rate = w.v1 ? round(mm!.v1 / w.v1) : null;
    }
  }
  if (all.length) {
    const thin = tw < min || tm < min;
    t.rows.push({ kind: 'all', workers: tw < min ? null : tw, members: thin ? null : tm, rate: thin || !tw ? null : round(tm / tw) });
    t.suppressed += (tw < min ? 1 : 0) + (thin ? 2 : 0);
  }
  tables.push(t.done(f, [], false));
  return tables;
}

async function stations(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const base = { cube: 'stations', period: 'flow' as const, cuts: WORKER_CUTS };
  const act = new TableBuilder(min, 'byActivity', 'stations', [col('activity', 'dim'), col('count', 'count'), col('people', 'count')]);
  for (const r of await cells(ctx, f, { ...base, by: ['d1'] })) act.add({ activity: r.d1 }, { count: r.v1, people: r.people }, r.people);
  const monthly = new TableBuilder(min, 'monthly', 'stations', [col('month', 'month'), col('activity', 'dim'), col('count', 'count')]);
  for (const r of await cells(ctx, f, { ...base, by: ['month', 'd1'] })) monthly.add({ month: r.month, activity: r.d1 }, { count: r.v1 }, r.people);
  const places = new TableBuilder(min, 'stations', 'stations', [col('city', 'dim'), col('district', 'dim'), col('stations', 'count'), col('open24h', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'station_list', period: 'none', cuts: ['city', 'district'], by: ['city', 'district'] })) places.add({ city: r.city, district: r.district }, { stations: r.v1, open24h: r.v2 }, null);
  return [act.done(f), monthly.done(f), places.done(f, [...notCut(f, ['city', 'district']), 'period'])];
}

/** Median and 90th percentile (hours) of a histogram of [lower bound, count] buckets, interpolated inside the bucket. */
export function percentiles(buckets: [number, number][]): { median: number | null; p90: number | null } {
  const b = [...buckets].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const total = b.reduce((s, [, n]) => s + n, 0);
  if (!total) return { median: null, p90: null };
  const at = (p: number) => {
    const target = p * total;
    let seen = 0;
    for (const [lo, n] of b) {
      if (seen + n >= target) return round(lo + ((target - seen) / n) * bucketWidth(lo), 1);
      seen += n;
    }
    const [lo] = b[b.length - 1]!;
    return lo + bucketWidth(lo);
  };
  return { median: at(0.5), p90: at(0.9) };
}

async function cases(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const base = { period: 'flow' as const, cuts: WORKER_CUTS, placeDisjoint: true };
  const cat = new TableBuilder(min, 'byCategory', 'cases', [col('category', 'dim'), col('cases', 'count')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'cases', by: ['d1'] })) cat.add({ category: r.d1 }, { cases: r.v1 }, r.people);
  const out = new TableBuilder(min, 'byOutcome', 'cases', [col('outcome', 'dim'), col('cases', 'count'), col('amountFen', 'fen')]);
  const outs = await cells(ctx, f, { ...base, cube: 'case_outcomes', by: ['d1'] });
  for (const o of outcomes) {
    const r = outs.find((x) => x.d1 === o);
    if (r) out.add({ outcome: o }, { cases: r.v1, amountFen: r.v2 }, r.people);
  }
  const monthly = new TableBuilder(min, 'monthly', 'cases', [col('month', 'month'), col('cases', 'count')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'cases', by: ['month'] })) monthly.add({ month: r.month }, { cases: r.v1 }, r.people);

  // Time to first response and to resolution: histograms per category, percentiles here.
  const times = new TableBuilder(min, 'responseTimes', 'cases', [col('category', 'dim'), col('firstResponseMedian', 'hours'), col('firstResponseP90', 'hours'), col('resolutionMedian', 'hours'), col('resolutionP90', 'hours')]);
  const histBase = { period: 'flow' as const, cuts: ['city'] as Cut[], placeDisjoint: true };
  const hist = async (cube: string) => {
    const per = await cells(ctx, f, { ...histBase, cube, by: ['d1', 'd2'] });
    const people = new Map((await cells(ctx, f, { ...histBase, cube, by: ['d1'] })).map((r) => [r.d1, r.people ?? 0]));
    const peopleAll = (await cells(ctx, f, { ...histBase, cube, by: [] }))[0]?.people ?? 0;
    const byCat = new Map<string, [number, number][]>();
    for (const r of per) byCat.set(r.d1, [...(byCat.get(r.d1) ?? []), [Number(r.d2), r.v1]]);
    byCat.set('all', per.map((r) => [Number(r.d2), r.v1]));
    people.set('all', peopleAll);
    return { byCat, people };
  };
  const first = await hist('case_first');
  const resolve = await hist('case_resolve');
  const catKeys = [...new Set([...first.byCat.keys(), ...resolve.byCat.keys()])].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)));
  for (const c of catKeys) {
    const row: Record<string, StatsCell> = { category: c };
    for (const [prefix, h] of [['firstResponse', first], ['resolution', resolve]] as const) {
      const p = percentiles(h.byCat.get(c) ?? []);
      const thin = (h.people.get(c) ?? 0) < min;
      if (thin && h.byCat.has(c)) times.suppressed += 2;
      row[`${prefix}Median`] = thin ? null : p.median;
      row[`${prefix}P90`] = thin ? null : p.p90;
    }
    times.rows.push(row);
  }
  const sat = new TableBuilder(min, 'satisfaction', 'cases', [col('category', 'dim'), col('rated', 'count'), col('average', 'number')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'case_ratings', by: ['d1'] })) sat.add({ category: r.d1 }, { rated: r.v1, average: r.v1 ? round(r.v2 / r.v1, 2) : null }, r.people);
  const rules = new TableBuilder(min, 'ruleChanges', 'cases', [col('month', 'month'), col('linkKind', 'dim'), col('ruleChanges', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'rule_changes', period: 'flow', cuts: ['city'], by: ['month', 'd1'] })) rules.add({ month: r.month, linkKind: r.d1 }, { ruleChanges: r.v1 }, null);
  return [cat.done(f), out.done(f, [], false), monthly.done(f), times.done(f, notCut(f, ['city']), false), sat.done(f), rules.done(f, notCut(f, ['city']))];
}

async function oversight(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const cuts: Cut[] = ['platform'];
  const uf = notCut(f, cuts);
  const base = { period: 'flow' as const, cuts };
  const v = new TableBuilder(min, 'violations', 'oversight', [col('indicator', 'dim'), col('platform', 'dim'), col('violations', 'count')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'ov_ind', by: ['d1', 'platform'] })) v.add({ indicator: r.d1, platform: r.platform }, { violations: r.v1 }, r.people);
  const byInd = new TableBuilder(min, 'byIndicator', 'oversight', [col('indicator', 'dim'), col('violations', 'count')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'ov_ind', by: ['d1'] })) byInd.add({ indicator: r.d1 }, { violations: r.v1 }, r.people);
  // Fatigue: the rest indicators per month, and per 100 active drivers.
  const drivers = new Map((await cells(ctx, f, { ...base, cube: 'ov_base', by: ['month'] })).map((r) => [r.month, r]));
  const fat = new TableBuilder(min, 'fatigueTrend', 'oversight', [col('month', 'month'), col('indicator', 'dim'), col('violations', 'count'), col('per100Drivers', 'number')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'ov_ind', by: ['month', 'd1'], keep: (r) => r.d1 === 'R1' || r.d1 === 'R2' || r.d1 === 'R3' })) {
    const d = drivers.get(r.month)?.v3 ?? 0;
    fat.add({ month: r.month, indicator: r.d1 }, { violations: r.v1, per100Drivers: d ? round((r.v1 / d) * 100, 2) : null }, r.people);
  }
  const pf = new TableBuilder(min, 'platforms', 'oversight', [col('platform', 'dim'), col('orders', 'count'), col('completed', 'count'), col('driverMonths', 'count')]);
  for (const r of await cells(ctx, f, { ...base, cube: 'ov_base', by: ['platform'] })) pf.add({ platform: r.platform }, { orders: r.v1, completed: r.v2, driverMonths: r.v3 }, r.people);
  const com = new TableBuilder(min, 'commission', 'oversight', [col('band', 'dim'), col('orders', 'count'), col('share', 'rate')]);
  const bands = await cells(ctx, f, { cube: 'ov_commission', period: 'flow', cuts: ['city', 'platform'], by: ['d1'] });
  const total = bands.reduce((s, r) => s + r.v1, 0);
  for (const r of bands.sort((a, b) => Number(a.d1) - Number(b.d1))) {
    // Band n holds commissions from n×5 % up to (n+1)×5 %; the code is the band's lower bound as a fraction.
    com.add({ band: (Number(r.d1) / 20).toFixed(2) }, { orders: r.v1, share: total ? round(r.v1 / total) : null }, r.people);
  }
  return [byInd.done(f, uf), v.done(f, uf), fat.done(f, uf), pf.done(f, uf), com.done(f, notCut(f, ['city', 'platform']), false)];
}

async function parking(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const cuts: Cut[] = ['city'];
  const uf = notCut(f, cuts);
  const zones = await cells(ctx, f, { cube: 'parking_zones', period: 'none', cuts, by: ['d1', 'd2'] });
  const stays = new Map((await cells(ctx, f, { cube: 'parking', period: 'flow', cuts, by: ['d1'] })).map((r) => [r.d1, r]));
  const refusals = new Map((await cells(ctx, f, { cube: 'parking_refusals', period: 'flow', cuts, by: ['d1'] })).map((r) => [r.d1, r]));
  const z = new TableBuilder(min, 'byZone', 'parking', [col('zone', 'dim'), col('capacity', 'count'), col('active', 'count'), col('stays', 'count'), col('overstays', 'count'), col('refusals', 'count')]);
  for (const r of zones) {
    // A zone is named as its signs say (names are public; the id is how the stays and refusals find it).
    z.add({ zone: r.d2 || r.d1 }, { capacity: r.v1, active: r.v2 }, null);
    const row = z.rows[z.rows.length - 1]!;
    for (const [key, src, v] of [['stays', stays.get(r.d1), 'v1'], ['overstays', stays.get(r.d1), 'v2'], ['refusals', refusals.get(r.d1), 'v1']] as const) {
      if (!src) row[key] = 0;
      else if ((src.people ?? 0) < min) {
        row[key] = null;
        z.suppressed++;
      } else row[key] = src[v];
    }
  }
  const m = new TableBuilder(min, 'monthly', 'parking', [col('month', 'month'), col('stays', 'count'), col('overstays', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'parking', period: 'flow', cuts, by: ['month'] })) m.add({ month: r.month }, { stays: r.v1, overstays: r.v2 }, r.people);
  const why = new TableBuilder(min, 'refusals', 'parking', [col('reason', 'dim'), col('refusals', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'parking_refusals', period: 'flow', cuts, by: ['d2'] })) why.add({ reason: r.d2 }, { refusals: r.v1 }, r.people);
  return [z.done(f, uf), m.done(f, uf), why.done(f, uf)];
}

const FUNNEL = ['enrolled', 'certified', 'placed', 'retained'];

async function training(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const cuts: Cut[] = ['city'];
  const uf = notCut(f, cuts);
  const fu = new TableBuilder(min, 'funnel', 'training', [col('stage', 'dim'), col('people', 'count')]);
  const stages = new Map((await cells(ctx, f, { cube: 'training_funnel', period: 'flow', cuts, by: ['d1'] })).map((r) => [r.d1, r]));
  for (const s of FUNNEL) {
    const r = stages.get(s);
    fu.add({ stage: s }, { people: r?.v1 ?? 0 }, r ? r.people : null);
  }
  const certs = new TableBuilder(min, 'certificates', 'training', [col('level', 'dim'), col('occupation', 'dim'), col('certificates', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'certificates', period: 'flow', cuts, by: ['d1', 'd2'] })) certs.add({ level: r.d1, occupation: r.d2 }, { certificates: r.v1 }, r.people);
  const ex = new TableBuilder(min, 'exams', 'training', [col('level', 'dim'), col('sat', 'count'), col('passed', 'count'), col('passRate', 'rate')]);
  for (const r of await cells(ctx, f, { cube: 'exams', period: 'flow', cuts, by: ['d1'] })) ex.add({ level: r.d1 }, { sat: r.v1, passed: r.v2, passRate: r.v1 ? round(r.v2 / r.v1) : null }, r.people);
  return [fu.done(f, uf, false), certs.done(f, uf), ex.done(f, uf)];
}

async function incubation(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  const cuts: Cut[] = ['city'];
  const uf = notCut(f, cuts);
  const st = new TableBuilder(min, 'byStage', 'incubator', [col('stage', 'dim'), col('enterprises', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'enterprises', period: 'stock', cuts, by: ['d1'] })) st.add({ stage: r.d1 }, { enterprises: r.v1 }, r.people);
  const sec = new TableBuilder(min, 'bySector', 'incubator', [col('sector', 'dim'), col('enterprises', 'count'), col('incubated', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'enterprises', period: 'stock', cuts, by: ['d2'] })) sec.add({ sector: r.d2 }, { enterprises: r.v1, incubated: r.v2 }, r.people);
  const sub = new TableBuilder(min, 'subsidies', 'policy', [col('scheme', 'dim'), col('status', 'dim'), col('applications', 'count'), col('approvedFen', 'fen'), col('disbursedFen', 'fen')]);
  for (const r of await cells(ctx, f, { cube: 'subsidies', period: 'flow', cuts, by: ['d1', 'd2'] })) sub.add({ scheme: r.d1, status: r.d2 }, { applications: r.v1, approvedFen: r.v2, disbursedFen: r.v3 }, r.people);
  const pr = new TableBuilder(min, 'products', 'incubator', [col('category', 'dim'), col('products', 'count')]);
  for (const r of await cells(ctx, f, { cube: 'products', period: 'none', cuts, by: ['d1'] })) pr.add({ category: r.d1 }, { products: r.v1 }, null);
  return [st.done(f, uf), sec.done(f, uf), sub.done(f, uf), pr.done(f, [...uf, 'period'])];
}

async function map(ctx: SCtx, f: StatsFilter, min: number): Promise<StatsTable[]> {
  // byCity: per prefecture, each count summed from its cube's cities (people add up over cities: each person lives in one).
  const byCity = new Map<string, Record<string, { v: number; people: number | null }>>();
  const put = (city: string, key: string, v: number, people: number | null) => {
    if (!city) return;
    const pre = prefectureOf(city);
    const row = byCity.get(pre) ?? {};
    const c = row[key] ?? { v: 0, people: people === null ? null : 0 };
    c.v += v;
    c.people = people === null || c.people === null ? null : c.people + people;
    row[key] = c;
    byCity.set(pre, row);
  };
  for (const r of await cells(ctx, f, { cube: 'workers', period: 'stock', cuts: WORKER_CUTS, placeDisjoint: true, additive: true, by: ['city'] })) put(r.city, 'workers', r.v1, r.people);
  for (const r of await cells(ctx, f, { cube: 'members', period: 'stock', cuts: WORKER_CUTS, placeDisjoint: true, additive: true, by: ['city'], keep: (r) => r.d1 === '' || r.d1 > f.to })) put(r.city, 'members', r.v1, r.people);
  for (const r of await cells(ctx, f, { cube: 'station_list', period: 'none', cuts: ['city', 'district'], by: ['city'] })) put(r.city, 'stations', r.v1, null);
  for (const r of await cells(ctx, f, { cube: 'cases', period: 'flow', cuts: WORKER_CUTS, placeDisjoint: true, by: ['city'] })) put(r.city, 'cases', r.v1, r.people);
  for (const r of await cells(ctx, f, { cube: 'certificates', period: 'flow', cuts: ['city'], by: ['city'] })) put(r.city, 'certificates', r.v1, r.people);
  for (const r of await cells(ctx, f, { cube: 'enterprises', period: 'stock', cuts: ['city'], by: ['city'] })) put(r.city, 'enterprises', r.v1, r.people);
  const keys = ['workers', 'members', 'stations', 'cases', 'certificates', 'enterprises'];
  const t = new TableBuilder(min, 'byCity', 'workers', [col('city', 'dim'), ...keys.map((k) => col(k, 'count'))]);
  for (const [city, row] of byCity) {
    const out: Record<string, StatsCell> = { city };
    for (const k of keys) {
      const c = row[k];
      if (!c) out[k] = 0;
      else if (c.people !== null && c.people < min) {
        out[k] = null;
        t.suppressed++;
      } else out[k] = c.v;
    }
    t.rows.push(out);
  }
  // Stations are public places: listed with their position, no personal data.
  let q = ctx.db.selectFrom('stations').select(['id', 'name', 'city_code', 'lat', 'lng', 'is_24h']);
  if (f.district) q = q.where('district_code', '=', f.district);
  else if (f.city) q = q.where('city_code', '=', f.city);
  const places = (await q.orderBy('city_code').orderBy('name').execute()).map((s) => ({ id: s.id, name: s.name, city: s.city_code, lat: Number(s.lat), lng: Number(s.lng), is24h: Number(s.is_24h) }));
  const st: StatsTable = {
    id: 'stations',
    source: { kind: 'module', module: 'stations' },
    period: { from: f.from, to: f.to },
    columns: [col('id', 'dim'), col('name', 'dim'), col('city', 'dim'), col('lat', 'number'), col('lng', 'number'), col('is24h', 'count')],
    rows: places,
    suppressed: 0,
  };
  const uf = notCut(f, ['city', 'district']);
  if (uf.length) st.unfiltered = [...uf, 'period'];
  else st.unfiltered = ['period'];
  // The article's figures, each from its records (computed at refresh; not cut by the filter).
  const h = new TableBuilder(min, 'headline', 'stats', [col('id', 'dim'), col('city', 'dim'), col('value', 'number'), col('source', 'dim')]);
  for (const r of await cells(ctx, f, { cube: 'headline', period: 'none', cuts: [], by: ['d1', 'city', 'd2'] })) h.add({ id: r.d1, city: r.city || null, source: r.d2 }, { value: r.v1 }, r.people);
  const headline = h.done(f, ['period', 'city', 'district', 'kind', 'platform']);
  return [t.done(f, notCut(f, ['city', 'district'])), st, headline];
}

const builders: Record<StatsSectionName, (ctx: SCtx, f: StatsFilter, min: number) => Promise<StatsTable[]>> = { workers, stations, cases, oversight, parking, training, incubation, map };

/** One section of the dashboard. Callers other than the observatory's readers get 404. */
export async function readStats(ctx: Ctx, p: Principal, section: StatsSectionName, f: StatsFilter): Promise<StatsSection> {
  if (!mayRead(p)) throw notFound();
  const min = ctx.config.analystMinCell;
  const asOf = await asOfOf(ctx);
  const tables = await builders[section]({ ...ctx, asOf }, f, min);
  return { section, filter: f, asOf: asOf === null ? null : new Date(asOf).toISOString(), minCell: min, tables };
}

/** One table of a section; 404 naming `table` when the section has none by that id. */
export async function readTable(ctx: Ctx, p: Principal, section: StatsSectionName, table: string, f: StatsFilter) {
  const s = await readStats(ctx, p, section, f);
  const t = s.tables.find((x) => x.id === table);
  if (!t) throw notFound(`No table ${table} in ${section}`);
  return { ...s, table: t };
}

/** Every section, for the report. */
export async function observation(ctx: Ctx, p: Principal, f: StatsFilter): Promise<StatsObservation> {
  const sections: StatsSection[] = [];
  for (const s of statsSections) sections.push(await readStats(ctx, p, s, f));
  return { filter: f, asOf: sections[0]?.asOf ?? null, minCell: ctx.config.analystMinCell, sections };
}

/** A table as CSV: UTF-8 with BOM, the column keys then `source` and `period`; a suppressed cell is empty. */
export function tableCsv(t: StatsTable): string {
  const q = (v: StatsCell | undefined) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`; // never a formula in a spreadsheet
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const source = t.source.kind === 'module' ? t.source.module : `${t.source.agency}:${t.source.importId}`;
  const period = `${t.period.from}/${t.period.to}`;
  const keys = t.columns.map((c) => c.key);
  const lines = [[...keys, 'source', 'period'].join(',')];
  for (const r of t.rows) lines.push([...keys.map((k) => q(r[k])), q(source), q(period)].join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
