// The observatory's API over a small demo (SQLite, or PostgreSQL with DATABASE_URL): every section after a
// refresh, the filter's bad input (400 naming the field), CSV and JSON downloads, and who may read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { statsSections, currentMonth, type StatsSection } from '../../../shared/stats.js';

let t: TestApp;
let analyst: string;
const month = currentMonth();

before(async () => {
  t = await testApp({ workers: 60, cases: 30 });
  analyst = await t.login('13900000008');
  const r = await t.app.inject({ method: 'POST', url: '/api/stats/refresh', headers: { cookie: analyst } });
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(r.json().cells > 0);
});
after(() => t.close());

const get = (url: string, cookie = analyst) => t.app.inject({ method: 'GET', url, headers: { cookie } });

test('every section answers with its tables, each naming its source and period', async () => {
  for (const s of statsSections) {
    const r = await get(`/api/stats/dashboard/${s}?from=2025-01&to=${month}`);
    assert.equal(r.statusCode, 200, `${s}: ${r.body}`);
    const body = r.json() as StatsSection;
    assert.equal(body.section, s);
    assert.equal(body.minCell, 5);
    assert.ok(body.asOf, 'figures computed');
    assert.ok(body.tables.length > 0, s);
    const ids = new Set<string>();
    for (const tb of body.tables) {
      assert.ok(!ids.has(tb.id), `${s}.${tb.id} unique`);
      ids.add(tb.id);
      assert.deepEqual(tb.period, { from: '2025-01', to: month });
      assert.ok(tb.source.kind === 'module' && tb.source.module, `${s}.${tb.id} names its module`);
      for (const row of tb.rows) for (const c of tb.columns) assert.ok(c.key in row, `${s}.${tb.id} row has ${c.key}`);
    }
  }
});

test('workers: the figures add up to the records', async () => {
  const body = (await get(`/api/stats/dashboard/workers`)).json() as StatsSection;
  const byKind = body.tables.find((x) => x.id === 'byKind')!;
  const total = byKind.rows.reduce((s, r) => s + (typeof r.workers === 'number' ? r.workers : 0), 0);
  const n = Number((await t.ctx.db.selectFrom('workers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Suppressed kinds are left out of the sum: never more than the records, and everything when nothing is withheld.
  assert.ok(total <= n);
  if (!byKind.suppressed) assert.equal(total, n);
  const urumqi = (await get(`/api/stats/dashboard/workers?city=650100`)).json() as StatsSection;
  const cities = urumqi.tables.find((x) => x.id === 'byCity')!;
  assert.deepEqual(cities.rows.map((r) => r.city), ['650100']);
});

test('bad filters answer 400 naming the field', async () => {
  const cases: [string, string][] = [
    ['from=2026-05&to=2026-01', 'from'],
    ['city=123456', 'city'],
    ['district=650199', 'district'],
    ['city=652301&district=650102', 'district'],
    ['kind=astronaut', 'kind'],
    ['platform=nope', 'platform'],
    ['from=2026-13', 'from'],
  ];
  for (const [q, field] of cases) {
    const r = await get(`/api/stats/dashboard/workers?${q}`);
    assert.equal(r.statusCode, 400, q);
    assert.ok(JSON.stringify(r.json()).includes(field), `${q} names ${field}: ${r.body}`);
  }
  assert.equal((await get('/api/stats/dashboard/nope')).statusCode, 400);
  assert.equal((await get('/api/stats/dashboard/workers/nope')).statusCode, 404);
});

test('a table as JSON and as a CSV download', async () => {
  const j = await get(`/api/stats/dashboard/workers/byKind?from=2025-06&to=2025-12`);
  assert.equal(j.statusCode, 200, j.body);
  assert.equal(j.json().table.id, 'byKind');
  const c = await get(`/api/stats/dashboard/workers/byKind?from=2025-06&to=2025-12&format=csv`);
  assert.equal(c.statusCode, 200, c.body);
  assert.match(String(c.headers['content-type']), /text\/csv/);
  assert.equal(c.headers['content-disposition'], 'attachment; filename="nuanxin-workers-byKind-2025-06-2025-12.csv"');
  assert.ok(c.body.startsWith('\uFEFFkind,workers,source,period\r\n'), c.body.slice(0, 60));
  const lines = c.body.trim().split('\r\n').slice(1);
  const rows = j.json().table.rows as { kind: string; workers: number | null }[];
  assert.equal(lines.length, rows.length);
  for (const [i, r] of rows.entries()) assert.equal(lines[i], `${r.kind},${r.workers ?? ''},workers,2025-06/2025-12`);
});

test('who may read: analysts, union chairs and policy officers; others 403, nobody signed in 401', async () => {
  for (const phone of ['13900000003', '13900000012']) assert.equal((await get('/api/stats/dashboard/map', await t.login(phone))).statusCode, 200, phone);
  for (const phone of ['13900000002', '13900000009', '13900000005']) assert.equal((await get('/api/stats/dashboard/map', await t.login(phone))).statusCode, 403, phone);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/stats/dashboard/map' })).statusCode, 401);
  // Only the analyst refreshes.
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/stats/refresh', headers: { cookie: await t.login('13900000003') } })).statusCode, 403);
});
