// The observatory's figures on both databases: cubes computed from real records, filters, and suppression
// at the threshold (a cell of 4 people withheld, of 5 shown), the percentiles and the CSV form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { insertDemoWorker } from '../../demo/seed.js';
import { workerSeed, rng } from '../../demo/factories.js';
import { hashPassword } from '../identity/index.js';
import { statsFilter, currentMonth, prefectureOf, type StatsSection } from '../../../shared/stats.js';
import type { Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { observation, readStats, refresh, tableCsv } from './index.js';
import { percentiles } from './stats.service.js';

let t: TestApp;
const analyst: Principal = { kind: 'user', userId: 'a', name: 'a', roles: [{ role: 'analyst', orgId: '' }], isStaff: true, sessionHash: 'x' };
const officer: Principal = { kind: 'user', userId: 'o', name: 'o', roles: [{ role: 'union_officer', orgId: 'u' }], isStaff: true, sessionHash: 'y' };
const f = (q: Record<string, string> = {}) => statsFilter.parse({ from: '2020-01', to: currentMonth(), ...q });

before(async () => {
  t = await testApp({ seed: false });
  const hash = await hashPassword('nuanxin2026');
  const r = rng(7);
  await t.ctx.db.transaction().execute(async (tx) => {
    let n = 1;
    // 4 couriers in Changji on SF; 5 delivery riders in Urumqi's Tianshan district on Meituan.
    for (let i = 0; i < 4; i++) await insertDemoWorker(t.ctx, tx, workerSeed(r, n++, { kind: 'courier', cityCode: '652301', districtCode: '652301001', platforms: ['sf'], plates: [] }), hash, Date.now() - 86_400_000);
    for (let i = 0; i < 5; i++) await insertDemoWorker(t.ctx, tx, workerSeed(r, n++, { kind: 'delivery_rider', cityCode: '650100', districtCode: '650102', platforms: ['meituan'], plates: [] }), hash, Date.now() - 86_400_000);
  });
  const done = await refresh(t.ctx);
  // On an SQLite file the records are read in a worker thread, so the server keeps answering meanwhile.
  assert.equal(done.offThread, t.ctx.dbKind === 'sqlite');
});
after(() => t.close());

const table = (s: StatsSection, id: string) => s.tables.find((x) => x.id === id)!;

test('a cell of 4 people is withheld, a cell of 5 shown', async () => {
  const s = await readStats(t.ctx, analyst, 'workers', f());
  const byKind = table(s, 'byKind');
  assert.deepEqual(byKind.rows, [
    { kind: 'courier', workers: null },
    { kind: 'delivery_rider', workers: 5 },
  ]);
  assert.equal(byKind.suppressed, 1);
  assert.deepEqual(table(s, 'byPlatform').rows, [
    { platform: 'meituan', workers: 5 },
    { platform: 'sf', workers: null },
  ]);
  // The map: per prefecture; Changji's 4 withheld.
  const m = await readStats(t.ctx, analyst, 'map', f());
  const byCity = table(m, 'byCity');
  assert.equal(byCity.rows.find((r) => r.city === '650100')?.workers, 5);
  assert.equal(byCity.rows.find((r) => r.city === prefectureOf('652301'))?.workers, null);
});

test('filters cut where the dimension exists, and say where they cannot', async () => {
  const k = await readStats(t.ctx, analyst, 'workers', f({ kind: 'delivery_rider' }));
  assert.deepEqual(table(k, 'byKind').rows, [{ kind: 'delivery_rider', workers: 5 }]);
  const c = await readStats(t.ctx, analyst, 'workers', f({ city: '650100' }));
  assert.deepEqual(table(c, 'byCity').rows, [{ city: '650100', workers: 5 }]);
  const d = await readStats(t.ctx, analyst, 'workers', f({ district: '650103' }));
  assert.deepEqual(table(d, 'byKind').rows, []);
  const p = await readStats(t.ctx, analyst, 'workers', f({ platform: 'sf' }));
  assert.deepEqual(table(p, 'byKind').rows, [{ kind: 'courier', workers: null }]);
  // A period before anyone registered: nobody.
  const early = await readStats(t.ctx, analyst, 'workers', f({ from: '2020-01', to: '2020-12' }));
  assert.deepEqual(table(early, 'byKind').rows, []);
  // Parking knows no worker kind: the table says so.
  const park = await readStats(t.ctx, analyst, 'parking', f({ kind: 'courier' }));
  assert.deepEqual(table(park, 'byZone').unfiltered, ['kind']);
  assert.equal(table(await readStats(t.ctx, analyst, 'parking', f()), 'byZone').unfiltered, undefined);
});

test('membership rate: withheld when the members are fewer than the threshold', async () => {
  const s = await readStats(t.ctx, analyst, 'workers', f());
  const m = table(s, 'membership');
  assert.deepEqual(m.rows.find((r) => r.kind === 'delivery_rider'), { kind: 'delivery_rider', workers: 5, members: null, rate: null });
});

test('only the observatory readers: others get 404', async () => {
  await assert.rejects(readStats(t.ctx, officer, 'workers', f()), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  const o = await observation(t.ctx, analyst, f());
  assert.deepEqual(o.sections.map((s) => s.section), ['workers', 'stations', 'cases', 'oversight', 'parking', 'training', 'incubation', 'map']);
  assert.ok(o.asOf);
});

test('percentiles from a histogram of hour buckets', () => {
  assert.deepEqual(percentiles([]), { median: null, p90: null });
  // 10 cases in the 2–3 h bucket: the median halfway through it, the 90th near its end.
  assert.deepEqual(percentiles([[2, 10]]), { median: 2.5, p90: 2.9 });
  // 5 at 1 h, 5 at 10 h: the median at the end of the first bucket.
  assert.deepEqual(percentiles([[1, 5], [10, 5]]), { median: 2, p90: 10.8 });
  // Wide buckets past two days: 48–54 h.
  assert.equal(percentiles([[48, 2]]).median, 51);
});

test('CSV: BOM, column keys then source and period, suppressed cells empty, no formulas', () => {
  const csv = tableCsv({
    id: 'x',
    source: { kind: 'module', module: 'workers' },
    period: { from: '2025-01', to: '2025-12' },
    columns: [
      { key: 'kind', type: 'dim' },
      { key: 'workers', type: 'count' },
    ],
    rows: [
      { kind: 'courier', workers: null },
      { kind: '=cmd', workers: 7 },
      { kind: 'a,b', workers: 5 },
    ],
    suppressed: 1,
  });
  assert.equal(csv, '\uFEFFkind,workers,source,period\r\ncourier,,workers,2025-01/2025-12\r\n\'=cmd,7,workers,2025-01/2025-12\r\n"a,b",5,workers,2025-01/2025-12\r\n');
});
