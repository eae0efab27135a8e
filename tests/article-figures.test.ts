// The article's figures, computed from the full demo's records (seedDemo with its defaults, as `npm start`
// loads it) and read through the API as the demo analyst — never from a constant. Runs on SQLite, or on
// PostgreSQL with DATABASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/server/app.js';
import { seedDemo, DEMO_PASSWORD } from '../src/server/demo/seed.js';
import { freshDb } from './helpers/db.js';
import { testConfig, testLogFile } from './helpers/app.js';
import { logOptions } from '../src/server/platform/log.js';
import { currentMonth, type StatsSection, type StatsTable } from '../src/shared/stats.js';

let app: Awaited<ReturnType<typeof buildApp>>['app'];
let close: () => Promise<void>;
let cookie = '';
let headline: StatsTable;

before(async () => {
  const handle = await freshDb();
  const built = await buildApp(testConfig(handle.dir), handle, { logger: logOptions('info', testLogFile()) });
  await seedDemo(built.ctx);
  app = built.app;
  await app.ready();
  close = async () => {
    await app.close();
    await handle.close();
  };
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13900000008', password: DEMO_PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  const c = login.cookies.find((x) => x.name === 'nx_session')!;
  cookie = `nx_session=${c.value}`;
  const r = await app.inject({ method: 'POST', url: '/api/stats/refresh', headers: { cookie } });
  assert.equal(r.statusCode, 200, r.body);
  const map = await app.inject({ method: 'GET', url: '/api/stats/dashboard/map', headers: { cookie } });
  assert.equal(map.statusCode, 200, map.body);
  headline = (map.json() as StatsSection).tables.find((t) => t.id === 'headline')!;
  assert.ok(headline, 'the map section has a headline table');
});
after(() => close());

const figure = (id: string) => {
  const row = headline.rows.find((r) => r.id === id);
  assert.ok(row, `headline row ${id}`);
  assert.equal(typeof row.value, 'number', `${id} is not suppressed`);
  return { value: row.value as number, city: row.city, source: row.source };
};
const get = async (url: string) => {
  const r = await app.inject({ method: 'GET', url, headers: { cookie } });
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json();
};

test('Urumqi: 15 ride-hailing platforms, about 13,000 drivers and about 13,000 vehicles', () => {
  const p = figure('ride_hailing_platforms');
  assert.equal(p.value, 15);
  assert.equal(p.city, '650100');
  assert.equal(p.source, 'oversight');
  for (const id of ['ride_hailing_drivers', 'ride_hailing_vehicles']) {
    const f = figure(id);
    assert.ok(f.value >= 12_000 && f.value <= 14_000, `${id}: ${f.value}`);
  }
});

test("the rail station's 2 free parking zones with about 200 spaces", async () => {
  assert.equal(figure('free_parking_zones').value, 2);
  const spaces = figure('free_parking_spaces').value;
  assert.ok(spaces >= 180 && spaces <= 220, `spaces: ${spaces}`);
  // The same from the parking section's zones, for Urumqi.
  const s = (await get('/api/stats/dashboard/parking?city=650100')) as StatsSection;
  const zones = s.tables.find((t) => t.id === 'byZone')!;
  assert.equal(zones.rows.length, 2);
  assert.equal(zones.rows.reduce((n, r) => n + Number(r.capacity), 0), spaces);
});

test("Changji's 600+ couriers", async () => {
  const c = figure('couriers');
  assert.equal(c.city, '652301');
  assert.ok(c.value >= 600, `couriers: ${c.value}`);
  // The workers section cut to Changji's couriers agrees.
  const s = (await get(`/api/stats/dashboard/workers?city=652301&kind=courier&from=2000-01&to=${currentMonth()}`)) as StatsSection;
  const byKind = s.tables.find((t) => t.id === 'byKind')!;
  assert.deepEqual(byKind.rows, [{ kind: 'courier', workers: c.value }]);
});

test("Korla: 246 incubated and 110+ incubating enterprises, 300+ library products", async () => {
  assert.equal(figure('enterprises_incubated').value, 246);
  assert.ok(figure('enterprises_incubating').value >= 110);
  assert.ok(figure('library_products').value >= 300);
  const s = (await get(`/api/stats/dashboard/incubation?city=652801&from=2000-01&to=${currentMonth()}`)) as StatsSection;
  const byStage = s.tables.find((t) => t.id === 'byStage')!;
  assert.equal(byStage.rows.find((r) => r.stage === 'incubating')?.enterprises, figure('enterprises_incubating').value);
});

test('276 level-5 certificates with a pass rate above 90%', async () => {
  const certs = figure('level5_certificates');
  assert.equal(certs.value, 276);
  assert.equal(certs.source, 'training');
  assert.ok(figure('level5_pass_rate').value > 0.9);
  // The training section for last year agrees.
  const y = Number(currentMonth().slice(0, 4)) - 1;
  const s = (await get(`/api/stats/dashboard/training?from=${y}-01&to=${y}-12`)) as StatsSection;
  const exams = s.tables.find((t) => t.id === 'exams')!;
  const l5 = exams.rows.find((r) => r.level === '5')!;
  assert.equal(l5.passed, 276);
  assert.ok((l5.passRate as number) > 0.9);
});

test('the national 84 million, supplied by the union federation', async () => {
  const body = (await get(`/api/stats/supplied?from=2020-01&to=${currentMonth()}`)) as { figures: { agency: string; indicator: string; region: string; value: number }[] };
  const f = body.figures.find((x) => x.indicator === 'new_employment_form_workers' && x.region === 'CN');
  assert.ok(f, 'the supplied national figure');
  assert.equal(f.agency, 'union_federation');
  assert.equal(f.value, 84_000_000);
});
