// The indicators' edges through the stored path (ingest rows → runMonth), on SQLite and PostgreSQL:
// midnight, overlapping orders, blocks of exactly 240 min, gaps of exactly 20 min.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { systemActor } from '../../platform/audit.js';
import type { Database } from '../../platform/schema.js';
import { storeOrders } from './ingest.service.js';
import { runMonth } from './analysis.service.js';
import type { RunResult } from '../../../shared/oversight.js';

let t: TestApp;
before(async () => {
  t = await testApp({ workers: 4 });
});
after(() => t.close());

const at = (s: string) => Date.parse(s);
let n = 0;
const order = (o: { driver: string; plate?: string; platform?: string; a: string; f: string; fare?: number; pay?: number; dist?: number; permit?: string }): Database['orders'] => ({
  platform: o.platform ?? 'didi',
  order_id: `e${++n}`,
  driver_id: o.driver,
  driver_permit_no: o.permit ?? `PERMIT-${o.driver}`,
  plate: o.plate ?? `新A${o.driver}`,
  city_code: '650100',
  accept_at: at(o.a),
  start_at: at(o.a),
  finish_at: at(o.f),
  tz_min: 480,
  fare_paid: o.fare ?? 10_000,
  driver_pay: o.pay ?? 8_000,
  distance_m: o.dist ?? 1_000,
  completed: 1,
  origin_lat: null,
  origin_lng: null,
  dest_lat: null,
  dest_lng: null,
  ingest_id: 'test',
});

async function run(rows: Database['orders'][], month = '2026-05') {
  await t.ctx.db.deleteFrom('orders').execute();
  await t.ctx.db.transaction().execute((tx) => storeOrders(tx, rows));
  const { runId } = await runMonth(t.ctx, month, systemActor);
  const r = await t.ctx.db.selectFrom('oversight_runs').select('result').where('id', '=', runId).executeTakeFirstOrThrow();
  const findings = await t.ctx.db.selectFrom('oversight_findings').selectAll().where('run_id', '=', runId).execute();
  return { result: JSON.parse(r.result) as RunResult, findings };
}
const v = (r: RunResult, id: keyof RunResult['indicators']) => r.indicators[id].violations;

test('blocks: exactly 240 min is not R1, 241 is; a gap of exactly 20 min ends a block, 19 min does not', async () => {
  const { result, findings } = await run([
    // driver 1: 08:00–10:00, gap 19 min, 10:19–12:00 → one block of 240 min: not R1
    order({ driver: '1', a: '2026-05-04T08:00:00+08:00', f: '2026-05-04T10:00:00+08:00' }),
    order({ driver: '1', a: '2026-05-04T10:19:00+08:00', f: '2026-05-04T12:00:00+08:00' }),
    // driver 2: the same but ending at 12:01 → 241 min: R1; its second order is accepted 139 min in (not R2)
    order({ driver: '2', a: '2026-05-04T08:00:00+08:00', f: '2026-05-04T10:00:00+08:00' }),
    order({ driver: '2', a: '2026-05-04T10:19:00+08:00', f: '2026-05-04T12:01:00+08:00' }),
    // driver 3: a gap of exactly 20 min → two blocks of 120 and 150 min: no R1
    order({ driver: '3', a: '2026-05-04T08:00:00+08:00', f: '2026-05-04T10:00:00+08:00' }),
    order({ driver: '3', a: '2026-05-04T10:20:00+08:00', f: '2026-05-04T12:50:00+08:00' }),
    // driver 4: a block that has run exactly 240 min when the next order is accepted → R2 (and R1)
    order({ driver: '4', a: '2026-05-04T08:00:00+08:00', f: '2026-05-04T11:50:00+08:00' }),
    order({ driver: '4', a: '2026-05-04T12:00:00+08:00', f: '2026-05-04T12:30:00+08:00' }),
  ]);
  assert.equal(v(result, 'R1'), 2);
  assert.equal(v(result, 'R2'), 1);
  const r1 = findings.filter((f) => f.indicator === 'R1').map((f) => [f.driver_key, f.value]).sort();
  assert.deepEqual(r1, [['PERMIT-2', 241], ['PERMIT-4', 270]]);
  assert.equal(JSON.parse(findings.find((f) => f.indicator === 'R2')!.order_ids).length, 2, 'R2 cites the block’s orders');
});

test('midnight: a day is Beijing time by accept; an order across midnight counts whole for the day it was accepted', async () => {
  const { result } = await run([
    // 23:00–01:30 (150 min) accepted on the 4th, then 01:40–04:00 on the 5th: two days, one block of 300 min
    order({ driver: '5', a: '2026-05-04T23:00:00+08:00', f: '2026-05-05T01:30:00+08:00', pay: 100 }),
    order({ driver: '5', a: '2026-05-05T01:40:00+08:00', f: '2026-05-05T04:00:00+08:00', pay: 100_000 }),
    // 15:59:59Z is 23:59:59 Beijing on the 4th; 16:00:00Z is 00:00 on the 5th
    order({ driver: '6', a: '2026-05-04T15:59:59Z', f: '2026-05-04T16:30:00Z', pay: 100 }),
    order({ driver: '6', a: '2026-05-04T16:50:00Z', f: '2026-05-04T17:00:00Z', pay: 100_000 }),
  ]);
  assert.equal(v(result, 'R1'), 1);
  // P3 (1,900 fen/h in Urumqi): the 4th's days earn 100 fen for 150 and 30 min: below; the 5th's are well paid
  assert.equal(v(result, 'P3'), 2);
});

test('overlapping orders: one plate, two drivers at once is E2 (touching is not); one driver’s simultaneous orders count once in worked time', async () => {
  const { result } = await run([
    order({ driver: '7', plate: '新A77777', a: '2026-05-06T08:00:00+08:00', f: '2026-05-06T09:00:00+08:00' }),
    order({ driver: '8', plate: '新A77777', a: '2026-05-06T08:59:00+08:00', f: '2026-05-06T09:30:00+08:00' }),
    order({ driver: '9', plate: '新A99999', a: '2026-05-06T08:00:00+08:00', f: '2026-05-06T09:00:00+08:00' }),
    order({ driver: '10', plate: '新A99999', a: '2026-05-06T09:00:00+08:00', f: '2026-05-06T09:30:00+08:00' }),
    // driver 11 on two apps at once: 12 h and 1 h overlapping → 12 h worked, not 13: R3 is > 720 min only
    order({ driver: '11', platform: 'didi', a: '2026-05-07T06:00:00+08:00', f: '2026-05-07T18:00:00+08:00' }),
    order({ driver: '11', platform: 't3', a: '2026-05-07T07:00:00+08:00', f: '2026-05-07T08:00:00+08:00' }),
    order({ driver: '12', platform: 'didi', a: '2026-05-07T06:00:00+08:00', f: '2026-05-07T18:01:00+08:00' }),
  ]);
  assert.equal(v(result, 'E2'), 2);
  assert.equal(v(result, 'R3'), 1);
  assert.deepEqual(result.indicators.R3.byPlatform, { didi: 1 });
});

test('per-order and monthly pay, speed and licences', async () => {
  const month = Array.from({ length: 50 }, (_, i) =>
    order({ driver: '13', a: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 9}:00:00+08:00`, f: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 9}:30:00+08:00`, fare: 10_000, pay: 7_400 }),
  );
  const { result } = await run([
    order({ driver: '14', a: '2026-05-08T08:00:00+08:00', f: '2026-05-08T08:30:00+08:00', fare: 10_000, pay: 7_300 }), // 27% exactly: not P1
    order({ driver: '14', a: '2026-05-08T09:00:00+08:00', f: '2026-05-08T09:30:00+08:00', fare: 10_000, pay: 7_299 }), // P1
    order({ driver: '14', a: '2026-05-08T10:00:00+08:00', f: '2026-05-08T10:30:00+08:00', fare: 10_000, pay: 0 }), // P1 and P7
    order({ driver: '15', a: '2026-05-08T08:00:00+08:00', f: '2026-05-08T08:30:00+08:00', dist: 60_001 }), // > 120 km/h
    order({ driver: '15', a: '2026-05-08T09:00:00+08:00', f: '2026-05-08T09:30:00+08:00', dist: 60_000 }), // exactly 120
    ...month, // 26% a month over 50 orders: P2 (cap 25%)
  ]);
  assert.equal(v(result, 'P1'), 2);
  assert.equal(v(result, 'P7'), 1);
  assert.equal(v(result, 'S2'), 1);
  assert.equal(v(result, 'P2'), 1);
  // None of these drivers or plates is in the registry: every order is E1.
  assert.equal(v(result, 'E1'), result.completed);
  assert.equal(result.doubleComplianceRate, 0);
});
