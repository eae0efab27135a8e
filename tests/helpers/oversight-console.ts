// Fixture for the oversight console's tests (service, HTTP and Chromium): two analysed months written
// straight into oversight_runs / oversight_findings / orders, as the analysis engine would leave them.
// Written by hand so the console's tests do not depend on the engine's counting.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/server/platform/db.js';
import { indicatorIds, type IndicatorId, type RunResult } from '../../src/shared/oversight.js';

const bj = (s: string) => Date.parse(`${s}:00+08:00`);
const zero = () => Object.fromEntries(indicatorIds.map((id) => [id, { violations: 0, byPlatform: {} }])) as RunResult['indicators'];

export const fixture = {
  month: '2026-11',
  previous: '2026-10',
  driverPermit: 'TEST-P-0001',
  driverPlate: '新A10001',
  unlicensedPlate: '新AE0001',
  unlicensedDriver: 't3:drv-unlicensed-77',
};

type Order = { platform: string; id: string; driver: string; permit: string; plate: string; accept: string; finish: string; fare: number; pay: number };
const orders: Order[] = [
  // The licensed driver's morning on DiDi: 08:00–12:30 with gaps under 20 min, one block of 270 min (R1).
  { platform: 'didi', id: 'D-1', driver: 'd-1', permit: fixture.driverPermit, plate: fixture.driverPlate, accept: '2026-11-03T08:00', finish: '2026-11-03T09:10', fare: 3000, pay: 2300 },
  { platform: 'didi', id: 'D-2', driver: 'd-1', permit: fixture.driverPermit, plate: fixture.driverPlate, accept: '2026-11-03T09:15', finish: '2026-11-03T10:40', fare: 4000, pay: 3000 },
  { platform: 'didi', id: 'D-3', driver: 'd-1', permit: fixture.driverPermit, plate: fixture.driverPlate, accept: '2026-11-03T10:30', finish: '2026-11-03T12:30', fare: 5000, pay: 3250 },
  { platform: 'didi', id: 'D-4', driver: 'd-1', permit: fixture.driverPermit, plate: fixture.driverPlate, accept: '2026-11-04T19:00', finish: '2026-11-04T19:40', fare: 2000, pay: 1600 },
  // An unlicensed car on T3, seen on two days (E1 twice: the watchlist).
  { platform: 't3', id: 'T3-1', driver: 'drv-unlicensed-77', permit: '', plate: fixture.unlicensedPlate, accept: '2026-11-03T21:00', finish: '2026-11-03T21:30', fare: 1800, pay: 1400 },
  { platform: 't3', id: 'T3-2', driver: 'drv-unlicensed-77', permit: '', plate: fixture.unlicensedPlate, accept: '2026-11-10T22:00', finish: '2026-11-10T22:25', fare: 1500, pay: 1200 },
  { platform: 't3', id: 'T3-0', driver: 'drv-unlicensed-77', permit: '', plate: fixture.unlicensedPlate, accept: '2026-10-20T20:00', finish: '2026-10-20T20:40', fare: 2500, pay: 2000 },
];

type Finding = { indicator: IndicatorId; platform: string; day: string; driver: string; plate: string; value: number | null; limit: number | null; rule: string | null; orders: [string, string][] };

export type OversightFixture = { runs: Record<string, string>; staleRun: string; findings: Record<string, string>; rules: Record<string, string> };

/** Writes the fixture; `driverWorkerId` links the licensed driver's permit to a worker profile. */
export async function seedOversightFixture(db: Db, opts: { driverWorkerId?: string } = {}): Promise<OversightFixture> {
  const now = Date.now();
  for (const [code, name] of [
    ['didi', '滴滴出行'],
    ['t3', 'T3出行'],
  ] as const) {
    await db.insertInto('oversight_platforms').values({ code, name, licence_no: '', city_code: '650100', active: 1, created_at: now, updated_at: now }).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
  const rules: Record<string, string> = { max_continuous_min: randomUUID(), commission_cap: randomUUID(), double_licence: randomUUID() };
  const ruleRows = [
    { id: rules.max_continuous_min!, rule: 'max_continuous_min', scope: `*-${rules.max_continuous_min!.slice(0, 8)}`, value: 240, unit: 'min', class: 'LEGAL', source: '道路交通安全法实施条例 第六十二条第（七）项' },
    { id: rules.commission_cap!, rule: 'commission_cap', scope: `didi-${rules.commission_cap!.slice(0, 8)}`, value: 0.27, unit: 'ratio', class: 'PLATFORM', source: '滴滴出行 2023 年公开承诺：单笔抽成不超过 27%' },
    { id: rules.double_licence!, rule: 'double_licence', scope: `*-${rules.double_licence!.slice(0, 8)}`, value: 1, unit: 'bool', class: 'LEGAL', source: '网络预约出租汽车经营服务管理暂行办法 第三十四条' },
  ];
  await db
    .insertInto('oversight_rules')
    .values(ruleRows.map((r) => ({ ...r, version: 1, effective_from: '2024-01-01', effective_to: null, created_by: null, created_at: now, superseded_at: null })))
    .execute();
  await db
    .insertInto('orders')
    .values(
      orders.map((o) => ({
        platform: o.platform,
        order_id: o.id,
        driver_id: o.driver,
        driver_permit_no: o.permit,
        plate: o.plate,
        city_code: '650102',
        accept_at: bj(o.accept),
        start_at: bj(o.accept) + 5 * 60_000,
        finish_at: bj(o.finish),
        tz_min: 480,
        fare_paid: o.fare,
        driver_pay: o.pay,
        distance_m: 12_000,
        completed: 1,
        origin_lat: null,
        origin_lng: null,
        dest_lat: null,
        dest_lng: null,
        ingest_id: 'fixture',
      })),
    )
    .onConflict((oc) => oc.columns(['platform', 'order_id']).doNothing())
    .execute();
  if (opts.driverWorkerId) {
    await db
      .insertInto('driver_permits')
      .values({ id: randomUUID(), permit_no: fixture.driverPermit, holder_name: '测试司机', valid_from: '2024-01-01', valid_to: '2030-12-31', city_code: '650100', worker_id: opts.driverWorkerId, created_at: now, updated_at: now })
      .execute();
  }

  const result = (month: string, by: Partial<Record<IndicatorId, Record<string, number>>>): RunResult => {
    const indicators = zero();
    for (const [id, bp] of Object.entries(by)) indicators[id as IndicatorId] = { violations: Object.values(bp).reduce((s, n) => s + n, 0), byPlatform: bp };
    return {
      month,
      orders: 1800,
      completed: 1500,
      rejected: 0,
      duplicates: 0,
      indicators,
      platforms: { didi: { orders: 1200, completed: 1000, drivers: 50 }, t3: { orders: 600, completed: 500, drivers: 20 } },
      doubleComplianceRate: 1 - (by.E1?.t3 ?? 0) / 1500,
      fairness: [
        { platform: 'didi', day: `${month}-03`, drivers: 50, orders: 1000, gini: 0.31, members: { drivers: 20, ordersPerDriver: 19 }, nonMembers: { drivers: 30, ordersPerDriver: 21 } },
        { platform: 'didi', day: `${month}-04`, drivers: 48, orders: 990, gini: 0.35 },
        { platform: 't3', day: `${month}-03`, drivers: 20, orders: 500, gini: 0.22 },
      ],
      rules: ruleRows.map((r) => ({ id: r.id, rule: r.rule, scope: r.scope, version: 1, value: r.value, class: r.class, source: r.source })),
    };
  };
  const runs: Record<string, string> = {};
  const addRun = async (month: string, r: RunResult, at: number, findings: Finding[]) => {
    const id = randomUUID();
    await db.insertInto('oversight_runs').values({ id, month, orders: r.orders, completed: r.completed, result: JSON.stringify(r), rule_versions: JSON.stringify(r.rules.map((x) => x.id)), created_by: null, created_at: at, took_ms: 12 }).execute();
    const ids: string[] = [];
    for (const f of findings) {
      const fid = randomUUID();
      ids.push(fid);
      await db
        .insertInto('oversight_findings')
        .values({ id: fid, run_id: id, indicator: f.indicator, platform: f.platform, day: f.day, driver_key: f.driver, plate: f.plate, value: f.value, limit_value: f.limit, rule_id: f.rule, order_ids: JSON.stringify(f.orders) })
        .execute();
    }
    return { id, ids };
  };
  const e1 = (day: string, order: string): Finding => ({ indicator: 'E1', platform: 't3', day, driver: fixture.unlicensedDriver, plate: fixture.unlicensedPlate, value: null, limit: null, rule: rules.double_licence!, orders: [['t3', order]] });
  // The fixture's runs are the newest of their months, even just after a demo seeded its own runs.
  const newest = await db.selectFrom('oversight_runs').select((eb) => eb.fn.max('created_at').as('at')).executeTakeFirst();
  const runAt = Math.max(now, Number(newest?.at ?? 0) + 10_000);
  const prev = await addRun(fixture.previous, result(fixture.previous, { E1: { t3: 1 }, R1: { didi: 3 } }), runAt - 3_000, [e1('2026-10-20', 'T3-0')]);
  runs[fixture.previous] = prev.id;
  // An older analysis of November, superseded by the one after it: its findings must never show.
  const stale = await addRun(fixture.month, result(fixture.month, { R1: { didi: 9 } }), runAt - 2_000, [{ indicator: 'R1', platform: 'didi', day: '2026-11-05', driver: 'STALE-P', plate: '新A00000', value: 999, limit: 240, rule: rules.max_continuous_min!, orders: [] }]);
  const cur = await addRun(fixture.month, result(fixture.month, { R1: { didi: 1 }, E1: { t3: 2 }, P1: { didi: 1 } }), runAt - 1_000, [
    { indicator: 'R1', platform: 'didi', day: '2026-11-03', driver: fixture.driverPermit, plate: fixture.driverPlate, value: 270, limit: 240, rule: rules.max_continuous_min!, orders: [['didi', 'D-1'], ['didi', 'D-2'], ['didi', 'D-3']] },
    e1('2026-11-03', 'T3-1'),
    e1('2026-11-10', 'T3-2'),
    { indicator: 'P1', platform: 'didi', day: '2026-11-03', driver: fixture.driverPermit, plate: fixture.driverPlate, value: 0.35, limit: 0.27, rule: rules.commission_cap!, orders: [['didi', 'D-3']] },
  ]);
  runs[fixture.month] = cur.id;
  const [r1, e1a, e1b, p1] = cur.ids as [string, string, string, string];
  return { runs, staleRun: stale.id, findings: { R1: r1, E1a: e1a, E1b: e1b, P1: p1, E1prev: prev.ids[0]! }, rules };
}
