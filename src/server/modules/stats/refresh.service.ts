// The observatory's refresh: reads the records of every module once, in the database (GROUP BY), and
// stores small cubes of figures in stats_cells (one row per month × place × worker kind × platform ×
// the table's dimensions, with the distinct people each cell rests on), replacing the old set in one
// transaction together with the time of computing (stats_meta). Dashboard requests read only these
// cubes. The reads run outside the write transaction, so a long refresh never holds the write lock.
import { Worker } from 'node:worker_threads';
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nowOf } from '../../platform/context.js';
import { insertRows, type Db } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import type { RunResult } from '../../../shared/oversight.js';
import { indicatorIds } from '../../../shared/oversight.js';
import { currentRuns } from '../oversight/index.js';
import { remember } from './stats.service.js';

type Cell = Database['stats_cells'];
const BEIJING_MS = 8 * 3_600_000;

/** 'YYYY-MM' of an epoch-ms column, Beijing time, in the dialect at hand. */
function monthOf(ctx: Ctx, col: string): string {
  return ctx.dbKind === 'postgres'
    ? `to_char(to_timestamp((${col} + ${BEIJING_MS}) / 1000.0) at time zone 'UTC', 'YYYY-MM')`
    : `strftime('%Y-%m', (${col} + ${BEIJING_MS}) / 1000, 'unixepoch')`;
}

/** The lower bound (hours) of the histogram bucket of an integer number of hours: 1 h up to 2 days, 6 h up to 10, a day up to 60, then a week. */
function bucketOf(h: string): string {
  return `cast(case when ${h} < 48 then ${h} when ${h} < 240 then (${h} / 6) * 6 when ${h} < 1440 then (${h} / 24) * 24 else (${h} / 168) * 168 end as text)`;
}
/** The width (hours) of the bucket starting at `lo`. */
export const bucketWidth = (lo: number) => (lo < 48 ? 1 : lo < 240 ? 6 : lo < 1440 ? 24 : 168);

async function rowsOf(db: Db, cube: string, text: string): Promise<Cell[]> {
  const r = await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(db);
  return r.rows.map((x) => ({
    cube,
    month: String(x.month ?? ''),
    city: String(x.city ?? ''),
    district: String(x.district ?? ''),
    kind: String(x.kind ?? '*'),
    platform: String(x.platform ?? '*'),
    d1: String(x.d1 ?? ''),
    d2: String(x.d2 ?? ''),
    v1: Number(x.v1 ?? 0),
    v2: Number(x.v2 ?? 0),
    v3: Number(x.v3 ?? 0),
    people: x.people === null || x.people === undefined ? null : Number(x.people),
  }));
}

/**
 * A cube keyed by the worker (`w`): once with platform '*' (each person once) and once per platform the
 * worker works for (worker_platforms). `dims` gives month, d1, d2; `vals` v1–v3; `from` the FROM/WHERE
 * clause joining `workers w`; `place` the city and district columns.
 */
async function byWorker(ctx: Ctx, cube: string, dims: string, vals: string, from: string, place = 'w.city_code as city, w.district_code as district', people = 'count(distinct w.id)'): Promise<Cell[]> {
  const head = `select ${dims}, ${place}, w.kind as kind`;
  const tail = `${vals}, ${people} as people`;
  const [m] = from.split(/ where /i);
  const rest = from.slice(m!.length);
  const all = `${head}, '*' as platform, ${tail} ${from} group by 1, 2, 3, 4, 5, 6, 7`;
  const per = `${head}, wp.platform_code as platform, ${tail} ${m} join worker_platforms wp on wp.worker_id = w.id ${rest} group by 1, 2, 3, 4, 5, 6, 7`;
  return [...(await rowsOf(ctx.db, cube, all)), ...(await rowsOf(ctx.db, cube, per))];
}

/** Every cube, computed from the records. Each select lists month, d1, d2 first (positions 1–3), then v1–v3 are aggregates. */
export async function computeCells(ctx: Ctx): Promise<Cell[]> {
  const M = (c: string) => monthOf(ctx, c);
  const out: Cell[] = [];
  const push = (rows: Cell[]) => {
    for (const r of rows) out.push(r);
  };
  const V = (v1: string, v2 = '0', v3 = '0') => `${v1} as v1, ${v2} as v2, ${v3} as v3`;

  // Workers: by registration month, place, kind, employment category (and platform).
  push(await byWorker(ctx, 'workers', `${M('w.created_at')} as month, w.employment_category as d1, '' as d2`, V('count(distinct w.id)'), 'from workers w'));
  // Union members: by the month they joined and the month they left ('' while a member).
  push(
    await byWorker(
      ctx,
      'members',
      `${M('m.since')} as month, case when m.ended_at is null then '' else ${M('m.ended_at')} end as d1, '' as d2`,
      V('count(distinct w.id)'),
      'from memberships m join workers w on w.id = m.worker_id',
    ),
  );

  // Station services, by the station's place and the worker's kind and platforms.
  const st = 's.city_code as city, s.district_code as district';
  const stationSources: [string, string, string][] = [
    ['visits', `substr(v.date, 1, 7)`, 'from station_visits v join stations s on s.id = v.station_id join workers w on w.id = v.worker_id'],
    ['meals', `substr(i.date, 1, 7)`, "from meal_reservations r join meal_items i on i.id = r.meal_item_id join stations s on s.id = i.station_id join workers w on w.id = r.worker_id where r.status = 'served'"],
    [
      'classroom',
      `substr(a.date, 1, 7)`,
      'from classroom_attendance a join classroom_enrolments e on e.id = a.enrolment_id join classroom_sessions cs on cs.id = e.session_id join stations s on s.id = cs.station_id join children ch on ch.id = e.child_id join workers w on w.id = ch.guardian_worker_id',
    ],
    ['consultations', M('c.starts_at'), "from consultations c join stations s on s.id = c.station_id join workers w on w.id = c.worker_id where c.status <> 'cancelled'"],
    ['loans', M('l.borrowed_at'), 'from loans l join lend_items li on li.id = l.item_id join stations s on s.id = li.station_id join workers w on w.id = l.worker_id'],
  ];
  for (const [activity, month, from] of stationSources) {
    push(await byWorker(ctx, 'stations', `${month} as month, '${activity}' as d1, '' as d2`, V('count(*)'), from, st));
  }
  push(await rowsOf(ctx.db, 'station_list', `select '' as month, city_code as city, district_code as district, '' as d1, '' as d2, ${V('count(*)', `sum(is_24h)`)}, null as people from stations group by city_code, district_code`));

  // Rights cases: by the worker's place and kind, the case's platform, category and outcome.
  const caseCube = async (cube: string, dims: string, vals: string, where: string) => {
    const head = `select ${dims}, w.city_code as city, w.district_code as district, w.kind as kind`;
    const tail = `${vals}, count(distinct c.worker_id) as people from cases c join workers w on w.id = c.worker_id`;
    push(await rowsOf(ctx.db, cube, `${head}, '*' as platform, ${tail} ${where} group by 1, 2, 3, 4, 5, 6, 7`));
    push(await rowsOf(ctx.db, cube, `${head}, c.platform_code as platform, ${tail} ${where ? `${where} and` : 'where'} c.platform_code is not null group by 1, 2, 3, 4, 5, 6, 7`));
  };
  await caseCube('cases', `${M('c.submitted_at')} as month, c.category as d1, '' as d2`, V('count(*)'), '');
  await caseCube('case_outcomes', `${M('c.submitted_at')} as month, c.outcome as d1, '' as d2`, V('count(*)', 'sum(coalesce(c.outcome_amount_fen, 0))'), 'where c.outcome is not null');
  await caseCube('case_ratings', `${M('c.submitted_at')} as month, c.category as d1, '' as d2`, V('count(*)', 'sum(c.rating)'), 'where c.rating is not null');
  // Response times as histograms of hours per month, city and category (not by district, kind or platform: the buckets would multiply the cube).
  const hist = async (cube: string, at: string) =>
    push(
      await rowsOf(
        ctx.db,
        cube,
        `select ${M('c.submitted_at')} as month, c.category as d1, ${bucketOf(`((${at} - c.submitted_at) / 3600000)`)} as d2, w.city_code as city, '' as district, ${V('count(*)')}, count(distinct c.worker_id) as people from cases c join workers w on w.id = c.worker_id where ${at} is not null and ${at} >= c.submitted_at group by 1, 2, 3, 4, 5`,
      ),
    );
  await hist('case_first', 'c.first_response_at');
  await hist('case_resolve', 'c.resolved_at');
  // Rule changes won (systemic issues ending in a rule change): a published fact about a rule, not about people.
  push(
    await rowsOf(
      ctx.db,
      'rule_changes',
      `select ${M('coalesce(si.changed_at, si.created_at)')} as month, coalesce(o.city_code, '') as city, '' as district, si.link_kind as d1, '' as d2, ${V('count(*)')}, null as people from systemic_issues si left join orgs o on o.id = si.union_id where si.rule_change is not null group by 1, 2, 3, 4, 5`,
    ),
  );

  // Platform oversight: the saved monthly runs (their result and findings), never the orders per request.
  const runs = await currentRuns(ctx.db);
  for (const run of runs.values()) {
    const row = await ctx.db.selectFrom('oversight_runs').select('result').where('id', '=', run.id).executeTakeFirst();
    if (!row) continue;
    const res = JSON.parse(row.result) as RunResult;
    const drivers = await ctx.db
      .selectFrom('oversight_findings')
      .select(['indicator', 'platform', sql<number>`count(distinct driver_key)`.as('n')])
      .where('run_id', '=', run.id)
      .groupBy(['indicator', 'platform'])
      .execute();
    const totals = await ctx.db
      .selectFrom('oversight_findings')
      .select(['indicator', sql<number>`count(distinct driver_key)`.as('n')])
      .where('run_id', '=', run.id)
      .groupBy('indicator')
      .execute();
    const people = new Map(drivers.map((d) => [`${d.indicator}|${d.platform}`, Number(d.n)]));
    const peopleAll = new Map(totals.map((d) => [d.indicator, Number(d.n)]));
    const cell = (platform: string, d1: string, v1: number, v2: number, v3: number, p: number | null): Cell => ({ cube: '', month: run.month, city: '', district: '', kind: '*', platform, d1, d2: '', v1, v2, v3, people: p });
    for (const id of indicatorIds) {
      const ind = res.indicators[id];
      if (!ind) continue;
      for (const [pf, n] of Object.entries(ind.byPlatform ?? {})) if (pf) out.push({ ...cell(pf, id, n, 0, 0, people.get(`${id}|${pf}`) ?? 0), cube: 'ov_ind' });
      out.push({ ...cell('*', id, ind.violations, 0, 0, peopleAll.get(id) ?? 0), cube: 'ov_ind' });
    }
    let maxDrivers = 0;
    const sum = { orders: 0, completed: 0, drivers: 0 };
    for (const [pf, b] of Object.entries(res.platforms ?? {})) {
      out.push({ ...cell(pf, '', b.orders, b.completed, b.drivers, b.drivers), cube: 'ov_base' });
      sum.orders += b.orders;
      sum.completed += b.completed;
      sum.drivers += b.drivers;
      maxDrivers = Math.max(maxDrivers, b.drivers);
    }
    // Drivers over all platforms: the sum of each platform's (a driver on two counts twice); people: the largest platform's, a lower bound.
    out.push({ ...cell('*', '', sum.orders, sum.completed, sum.drivers, maxDrivers), cube: 'ov_base' });
  }
  // The commission distribution of completed orders, in 5-point bands, per month, city and platform (a read of the orders at refresh only).
  const commission = await rowsOf(
    ctx.db,
    'ov_commission',
    `select ${M('o.accept_at')} as month, o.city_code as city, '' as district, '*' as kind, o.platform as platform, cast(((o.fare_paid - o.driver_pay) * 20) / o.fare_paid as text) as d1, '' as d2, ${V('count(*)')}, count(distinct o.driver_id) as people from orders o where o.completed = 1 and o.fare_paid > 0 and o.driver_pay >= 0 and o.driver_pay <= o.fare_paid group by 1, 2, 3, 4, 5, 6, 7`,
  );
  push(commission);
  const commissionAll = new Map<string, Cell>();
  for (const c of commission) {
    const k = `${c.month}|${c.city}|${c.d1}`;
    const a = commissionAll.get(k);
    if (a) {
      a.v1 += c.v1;
      a.people = Math.max(a.people ?? 0, c.people ?? 0);
    } else commissionAll.set(k, { ...c, platform: '*' });
  }
  push([...commissionAll.values()]);

  // Parking: stays (with overstays) and refusals per zone and month; the zones themselves (capacity is not about people).
  push(
    await rowsOf(
      ctx.db,
      'parking',
      `select ${M('ps.entered_at')} as month, coalesce(o.city_code, '') as city, '' as district, ps.zone_id as d1, '' as d2, ${V('count(*)', `sum(case when coalesce(ps.exited_at, ${nowOf(ctx)}) - ps.entered_at > z.free_minutes * 60000 then 1 else 0 end)`)}, count(distinct ps.plate) as people from parking_stays ps join parking_zones z on z.id = ps.zone_id left join orgs o on o.id = z.org_id group by 1, 2, 3, 4, 5`,
    ),
  );
  push(
    await rowsOf(
      ctx.db,
      'parking_refusals',
      `select ${M('pr.at')} as month, coalesce(o.city_code, '') as city, '' as district, pr.zone_id as d1, pr.reason as d2, ${V('count(*)')}, count(distinct pr.plate) as people from parking_refusals pr join parking_zones z on z.id = pr.zone_id left join orgs o on o.id = z.org_id group by 1, 2, 3, 4, 5`,
    ),
  );
  push(
    await rowsOf(
      ctx.db,
      'parking_zones',
      `select '' as month, coalesce(o.city_code, '') as city, '' as district, z.id as d1, z.name as d2, ${V('z.capacity', 'z.is_active')}, null as people from parking_zones z left join orgs o on o.id = z.org_id`,
    ),
  );

  // Training: the funnel per cohort city and application month; certificates; exam results.
  const enrolled = "e.status in ('accepted', 'completed', 'dropped')";
  const funnel: [string, string][] = [
    ['enrolled', enrolled],
    ['certified', `${enrolled} and exists (select 1 from certificates ce where ce.enrolment_id = e.id and ce.revoked_at is null)`],
    ['placed', `${enrolled} and exists (select 1 from certificates ce where ce.enrolment_id = e.id and ce.revoked_at is null) and exists (select 1 from placements p where p.user_id = e.user_id)`],
    [
      'retained',
      `${enrolled} and exists (select 1 from certificates ce where ce.enrolment_id = e.id and ce.revoked_at is null) and exists (select 1 from placements p join placement_followups f on f.placement_id = p.id where p.user_id = e.user_id and f.is_employed = 1 and f.months >= 6)`,
    ],
  ];
  for (const [stage, where] of funnel) {
    push(await rowsOf(ctx.db, 'training_funnel', `select ${M('e.applied_at')} as month, c.city_code as city, '' as district, '${stage}' as d1, '' as d2, ${V('count(distinct e.user_id)')}, count(distinct e.user_id) as people from training_enrolments e join training_cohorts c on c.id = e.cohort_id where ${where} group by 1, 2, 3, 4, 5`));
  }
  push(
    await rowsOf(
      ctx.db,
      'certificates',
      `select substr(ce.issued_on, 1, 7) as month, coalesce(c.city_code, o.city_code, '') as city, '' as district, cast(ce.level as text) as d1, ce.occupation as d2, ${V('count(*)')}, count(distinct ce.user_id) as people from certificates ce left join training_enrolments e on e.id = ce.enrolment_id left join training_cohorts c on c.id = e.cohort_id left join orgs o on o.id = ce.org_id where ce.revoked_at is null group by 1, 2, 3, 4, 5`,
    ),
  );
  push(
    await rowsOf(
      ctx.db,
      'exams',
      `select substr(x.held_on, 1, 7) as month, c.city_code as city, '' as district, cast(x.level as text) as d1, '' as d2, ${V('count(*)', 'sum(r.is_passed)')}, count(distinct r.enrolment_id) as people from training_exam_results r join training_exams x on x.id = r.exam_id join training_cohorts c on c.id = x.cohort_id group by 1, 2, 3, 4, 5`,
    ),
  );

  // Incubation: enterprises by current stage and sector (month: entry, else application), with those incubated; subsidies; the product library.
  push(
    await rowsOf(
      ctx.db,
      'enterprises',
      `select case when ie.entered_on is not null then substr(ie.entered_on, 1, 7) else ${M('ie.created_at')} end as month, coalesce(o.city_code, '') as city, '' as district, ie.stage as d1, ie.sector as d2, ${V('count(*)', 'sum(case when ie.entered_on is not null then 1 else 0 end)')}, count(*) as people from incubator_enterprises ie left join orgs o on o.id = ie.org_id group by 1, 2, 3, 4, 5`,
    ),
  );
  push(
    await rowsOf(
      ctx.db,
      'subsidies',
      `select ${M('a.decided_at')} as month, coalesce(o.city_code, '') as city, '' as district, s.kind as d1, a.status as d2, ${V('count(*)', 'sum(coalesce(a.approved_amount_fen, 0))', 'sum(a.disbursed_fen)')}, count(distinct a.applicant_user_id) as people from policy_applications a join policy_schemes s on s.id = a.scheme_id left join orgs o on o.id = a.agency_org_id where a.decided_at is not null group by 1, 2, 3, 4, 5`,
    ),
  );
  push(await rowsOf(ctx.db, 'products', `select '' as month, coalesce(o.city_code, '') as city, '' as district, p.category as d1, '' as d2, ${V('count(*)')}, null as people from products p left join orgs o on o.id = p.org_id where p.is_active = 1 group by 1, 2, 3, 4, 5`));

  push(await headline(ctx));
  return out;
}

/** The article's figures, each computed from its records (rows of the map's `headline` table). */
async function headline(ctx: Ctx): Promise<Cell[]> {
  const one = async (q: RawBuilder<{ n: number | string | null }>) => Number((await q.execute(ctx.db)).rows[0]?.n ?? 0);
  const cell = (id: string, city: string, value: number, source: string, people: number | null, period = ''): Cell => ({ cube: 'headline', month: period, city, district: '', kind: '*', platform: '*', d1: id, d2: source, v1: value, v2: 0, v3: 0, people });
  const today = new Date(nowOf(ctx) + BEIJING_MS).toISOString().slice(0, 10);
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const urumqi = '650100';
  const platforms = await one(sql`select count(*) as n from oversight_platforms where city_code = ${urumqi} and active = 1`);
  const drivers = await one(sql`select count(*) as n from driver_permits where city_code = ${urumqi}`);
  const driversValid = await one(sql`select count(*) as n from driver_permits where city_code = ${urumqi} and valid_from <= ${today} and valid_to >= ${today}`);
  // The vehicle registry has no city: it is the city's transport bureau's register (Urumqi's in the demo).
  const vehicles = await one(sql`select count(*) as n from vehicle_permits`);
  const zones = await one(sql`select count(*) as n from parking_zones z join orgs o on o.id = z.org_id where o.city_code = ${urumqi} and z.is_active = 1`);
  const spaces = await one(sql`select coalesce(sum(z.capacity), 0) as n from parking_zones z join orgs o on o.id = z.org_id where o.city_code = ${urumqi} and z.is_active = 1`);
  const changji = '652301';
  const couriers = await one(sql`select count(*) as n from workers where city_code = ${changji} and kind = 'courier'`);
  const korla = '652801';
  const incubated = await one(sql`select count(*) as n from incubator_enterprises ie join orgs o on o.id = ie.org_id where o.city_code = ${korla} and ie.entered_on is not null`);
  const incubating = await one(sql`select count(*) as n from incubator_enterprises ie join orgs o on o.id = ie.org_id where o.city_code = ${korla} and ie.stage = 'incubating'`);
  const products = await one(sql`select count(*) as n from products p join orgs o on o.id = p.org_id where o.city_code = ${korla} and p.is_active = 1`);
  const level5 = await one(sql`select count(*) as n from certificates where level = 5 and revoked_at is null and substr(issued_on, 1, 4) = ${lastYear}`);
  const level5People = await one(sql`select count(distinct user_id) as n from certificates where level = 5 and revoked_at is null and substr(issued_on, 1, 4) = ${lastYear}`);
  const sat = await one(sql`select count(*) as n from training_exam_results r join training_exams x on x.id = r.exam_id where x.level = 5 and substr(x.held_on, 1, 4) = ${lastYear}`);
  const passed = await one(sql`select count(*) as n from training_exam_results r join training_exams x on x.id = r.exam_id where x.level = 5 and substr(x.held_on, 1, 4) = ${lastYear} and r.is_passed = 1`);
  return [
    cell('ride_hailing_platforms', urumqi, platforms, 'oversight', null),
    cell('ride_hailing_drivers', urumqi, drivers, 'oversight', drivers),
    cell('ride_hailing_drivers_valid', urumqi, driversValid, 'oversight', driversValid),
    cell('ride_hailing_vehicles', urumqi, vehicles, 'oversight', vehicles),
    cell('free_parking_zones', urumqi, zones, 'parking', null),
    cell('free_parking_spaces', urumqi, spaces, 'parking', null),
    cell('couriers', changji, couriers, 'workers', couriers),
    cell('enterprises_incubated', korla, incubated, 'incubator', incubated),
    cell('enterprises_incubating', korla, incubating, 'incubator', incubating),
    cell('library_products', korla, products, 'incubator', null),
    cell('level5_certificates', '', level5, 'training', level5People, lastYear),
    cell('level5_pass_rate', '', sat ? Math.round((passed / sat) * 10_000) / 10_000 : 0, 'training', sat, lastYear),
  ];
}

/**
 * On an SQLite file the reads run in a worker thread (refresh.worker.mjs → .ts) so requests keep being answered
 * meanwhile; PostgreSQL answers other connections anyway, and an in-memory database cannot be shared,
 * so those (and a worker that cannot start) compute here.
 */
async function cellsOffThread(ctx: Ctx, now: number): Promise<{ cells: Cell[]; offThread: boolean }> {
  const here = async () => ({ cells: await computeCells(ctx), offThread: false });
  if (ctx.dbKind !== 'sqlite') return here();
  const files = await sql<{ name: string; file: string }>`pragma database_list`.execute(ctx.db);
  const file = files.rows.find((r) => r.name === 'main')?.file ?? '';
  if (!file) return here();
  const got = await new Promise<{ cells?: Cell[]; error?: string; failedToStart?: boolean }>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./refresh.worker.mjs', import.meta.url), { workerData: { file, now } });
    } catch {
      resolve({ failedToStart: true });
      return;
    }
    worker.once('message', (m: { cells?: Cell[]; error?: string }) => resolve(m));
    worker.once('error', (e) => resolve({ error: e.message, failedToStart: true }));
    worker.once('exit', (code) => resolve({ error: `refresh worker exited with ${code}` }));
  });
  if (got.cells) return { cells: got.cells, offThread: true };
  if (got.failedToStart) return here();
  throw new Error(got.error ?? 'refresh worker failed');
}

type Refreshed = { asOf: string; cells: number; tookMs: number; offThread: boolean };
const running = new WeakMap<Ctx['db'], Promise<Refreshed>>();

/**
 * Recompute every figure now and replace the stored set in one transaction (with an audit record when a
 * person asked for it). Concurrent calls share the refresh already running.
 */
export function refresh(ctx: Ctx, actor?: Actor): Promise<Refreshed> {
  const already = running.get(ctx.db);
  if (already) return already;
  const job = (async () => {
    const t0 = Date.now();
    const asOf = nowOf(ctx);
    const { cells, offThread } = await cellsOffThread(ctx, asOf);
    const tookMs = Date.now() - t0;
    await ctx.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('stats_cells').execute();
      for (let i = 0; i < cells.length; i += 2000) await insertRows(tx, 'stats_cells', cells.slice(i, i + 2000));
      await tx.deleteFrom('stats_meta').execute();
      await tx.insertInto('stats_meta').values({ id: 1, as_of: asOf, took_ms: tookMs, cells: cells.length }).execute();
      if (actor) await writeAudit(tx, actor, { action: 'stats.refresh', targetType: 'stats', details: { cells: cells.length, tookMs } });
    });
    remember(ctx, asOf, cells);
    return { asOf: new Date(asOf).toISOString(), cells: cells.length, tookMs: Date.now() - t0, offThread };
  })().finally(() => {
    running.delete(ctx.db);
  });
  running.set(ctx.db, job);
  return job;
}

/** When the stored figures were computed (null before the first refresh). */
export async function asOfOf(ctx: Ctx): Promise<number | null> {
  const m = await ctx.db.selectFrom('stats_meta').select('as_of').where('id', '=', 1).executeTakeFirst();
  return m ? Number(m.as_of) : null;
}

/**
 * Keeps the figures fresh: a first refresh in the background right after start (never blocking it),
 * then one every `everyMs`. Failures are logged, never thrown. Returns a stop function.
 */
export function startRefreshTimer(ctx: Ctx, everyMs = 10 * 60_000, log: (e: unknown) => void = (e) => console.error('stats refresh failed', e)): () => void {
  const run = () => {
    refresh(ctx).catch(log);
  };
  const first = setTimeout(run, 1_000);
  const timer = setInterval(run, everyMs);
  first.unref?.();
  timer.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
