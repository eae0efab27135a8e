// npm run bench:stats — the observatory at scale (issue 7): 1,000,000 workers, 1,000,000 rights cases and
// 10,000,000 platform orders (plus 1,000,000 station visits, 400,000 union memberships and a year of
// oversight runs with their findings) in a fresh SQLite file and a fresh PostgreSQL database, on top of the
// small demo (stations, parking, training, incubation, policy). Rows are generated in SQL (a recursive CTE
// on SQLite, generate_series on PostgreSQL). Then the refresh runs (its time printed) and every dashboard
// endpoint is called ≥ 200 times through app.inject with a mix of filters, as the demo analyst; p50/p99 per
// endpoint, SQLite and PostgreSQL side by side. Aim: p99 ≤ 100 ms.
//   npm run bench:stats                   full size (minutes)
//   npm run bench:stats -- --scale 0.01   a quick run (10,000 workers …)
// PostgreSQL runs when DATABASE_URL is set. Each database runs in its own process, one after the other.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argScale = process.argv.indexOf('--scale');
const SCALE = Number(argScale >= 0 ? process.argv[argScale + 1] : (process.env.BENCH_SCALE ?? 1));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

type Result = {
  db: string;
  workers: number;
  cases: number;
  orders: number;
  loadS: number;
  refreshMs: number;
  cells: number;
  endpoints: Record<string, { p50: number; p99: number; n: number }>;
  duringRefresh: { n: number; p99: number | null; refreshMs: number; offThread: boolean };
  reportMs: Record<string, number>;
};

async function child(): Promise<void> {
  const { freshDb } = await import('../tests/helpers/db.js');
  const { testConfig } = await import('../tests/helpers/app.js');
  const { buildApp } = await import('../src/server/app.js');
  const { seedDemo, DEMO_PASSWORD, demoOrgs } = await import('../src/server/demo/seed.js');
  const { categories, outcomes } = await import('../src/shared/cases.js');
  const { cities, platforms, workerKinds, employmentCategories } = await import('../src/shared/reference.js');
  const { statsSections } = await import('../src/shared/stats.js');
  const { indicatorIds } = await import('../src/shared/oversight.js');
  const { refresh } = await import('../src/server/modules/stats/index.js');

  const W = Math.round(1_000_000 * SCALE);
  const C = Math.round(1_000_000 * SCALE);
  const O = Math.round(10_000_000 * SCALE);
  const V = Math.round(1_000_000 * SCALE);
  const handle = await freshDb();
  const pg = handle.kind === 'postgres';
  const built = await buildApp(testConfig(handle.dir, { LOG_LEVEL: 'silent' }), handle);
  const { app, ctx } = built;
  const db = ctx.db;
  const t0 = performance.now();
  await seedDemo(ctx, { workers: 20, cases: 0, orders: 0, permits: 1_000 });
  const exec = (text: string) => sql.raw(text).execute(db);
  /** Inserts n generated rows: `select` uses the integer `i` (0 … n-1). */
  const gen = async (table: string, cols: string, select: string, n: number, label: string, where = '') => {
    const started = performance.now();
    for (let from = 0; from < n; from += 1_000_000) {
      const to = Math.min(n, from + 1_000_000) - 1;
      const w = where ? ` where ${where}` : '';
      if (pg) await exec(`insert into ${table} (${cols}) select ${select} from generate_series(${from}::bigint, ${to}::bigint) as g(i)${w}`);
      else await exec(`insert into ${table} (${cols}) with recursive g(i) as (select ${from} union all select i + 1 from g where i < ${to}) select ${select} from g${w}`);
    }
    console.log(`  ${label.padEnd(16)} ${String(n).padStart(10)} rows  ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const pick = (expr: string, values: readonly string[]) => `case ${expr} ${values.map((v, k) => `when ${k} then '${v}'`).join(' ')} end`;
  const now = Date.now();
  const DAY = 86_400_000;
  // Deterministic scatter: a multiplicative hash of i.
  const h = (salt: number, mod: number) => `((i * ${2_654_435 + salt * 7_919}) % ${mod})`;
  const districts = cities.flatMap((c) => c.districts.map((d) => ({ city: c.code, district: d.code })));
  const kindPlatforms = Object.fromEntries(workerKinds.map((k) => [k, platforms.filter((p) => p.kinds.includes(k)).map((p) => p.code)]));

  await gen('users', 'id, name, phone_enc, phone_hash, phone_last4, password_hash, locale, is_disabled, failed_logins, locked_until, created_at, updated_at', `'bu' || i, 'bench', 'x', 'bh' || i, '0000', 'x', 'zh', 0, 0, 0, ${now}, ${now}`, W, 'users');
  const kindExpr = pick(h(1, 5), workerKinds);
  await gen(
    'workers',
    'id, user_id, name, id_number_enc, id_number_hash, kind, city_code, district_code, employment_category, created_at, updated_at',
    `'bw' || i, 'bu' || i, 'bench', null, null, ${kindExpr}, ${pick(h(2, districts.length), districts.map((d) => d.city))}, ${pick(h(2, districts.length), districts.map((d) => d.district))}, ${pick(h(3, 3), employmentCategories)}, ${now} - ${h(4, 730)} * ${DAY}, ${now}`,
    W,
    'workers',
  );
  // Each worker on one platform of their kind (a third on a second one too).
  const kindIdx = h(1, 5);
  const platformOf = (salt: number) => `case ${kindIdx} ${workerKinds.map((k, n) => (kindPlatforms[k]!.length ? `when ${n} then ${pick(h(salt, kindPlatforms[k]!.length), kindPlatforms[k]!)}` : '')).join(' ')} end`;
  const withPlatforms = workerKinds.map((k, n) => [k, n] as const).filter(([k]) => kindPlatforms[k]!.length).map(([, n]) => n);
  await gen('worker_platforms', 'worker_id, platform_code', `'bw' || i, ${platformOf(5)}`, W, 'worker_platforms', `${kindIdx} in (${withPlatforms.join(', ')})`);
  const unions = { '650100': demoOrgs.rideHailingUnion, '652301': demoOrgs.changjiUnion, '652801': demoOrgs.korlaUnion } as Record<string, string>;
  await gen(
    'memberships',
    'id, union_id, worker_id, membership_no, card_token, since, ended_at, end_reason, application_id',
    `'bm' || i, ${pick(h(2, districts.length), districts.map((d) => unions[d.city]!))}, 'bw' || i, 'BM-' || i, 'bt' || i, ${now} - ${h(4, 730)} * ${DAY} + ${DAY}, case when ${h(6, 10)} = 0 then ${now} - ${h(7, 60)} * ${DAY} else null end, null, null`,
    Math.round(W * 0.4),
    'memberships',
  );
  await gen(
    'cases',
    'id, case_no, union_id, worker_id, category, priority, status, title, description_enc, place, respondent_name, respondent_kind, platform_code, identity_shown, submitted_at, first_response_at, first_response_due, resolution_due, paused_counted_ms, queue_due, is_open, escalation, resolved_at, closed_at, appeal_count, rating, outcome, outcome_amount_fen, outcome_note, version, created_at, updated_at',
    `'bc' || i, 'BC-' || i, ${pick(h(12, districts.length), districts.map((d) => unions[d.city]!))}, 'bw' || ${h(11, W)}, ${pick(h(13, categories.length), categories)}, 'normal', case when ${h(14, 4)} = 0 then 'open' else 'closed' end, 'bench', 'x', '', '', 'platform', ${pick(h(15, 5), ['didi', 'meituan', 'sf', 't3', 'eleme'])}, 0, ${now} - ${h(16, 700)} * ${DAY} - ${DAY * 30}, ${now} - ${h(16, 700)} * ${DAY} - ${DAY * 30} + ${h(17, 72)} * 3600000, 0, 0, 0, 0, case when ${h(14, 4)} = 0 then 1 else 0 end, 0, case when ${h(14, 4)} = 0 then null else ${now} - ${h(16, 700)} * ${DAY} - ${DAY * 30} + ${h(18, 900)} * 3600000 end, null, 0, case when ${h(19, 3)} = 0 then null else 1 + ${h(20, 5)} end, case when ${h(14, 4)} = 0 then null else ${pick(h(21, outcomes.length), outcomes)} end, ${h(22, 500_000)}, '', 1, ${now}, ${now}`,
    C,
    'cases',
  );
  const ridePlatforms = kindPlatforms.ride_hailing_driver!;
  await gen(
    'orders',
    'platform, order_id, driver_id, driver_permit_no, plate, city_code, accept_at, start_at, finish_at, tz_min, fare_paid, driver_pay, distance_m, completed, ingest_id',
    `${pick(h(31, ridePlatforms.length), ridePlatforms)}, 'o' || i, 'd' || ${h(32, 20_000)}, '', 'P' || ${h(32, 20_000)}, '650100', ${now} - ${h(33, 365)} * ${DAY} - ${h(34, 86_400)} * 1000, ${now} - ${h(33, 365)} * ${DAY} - ${h(34, 86_400)} * 1000 + 300000, ${now} - ${h(33, 365)} * ${DAY} - ${h(34, 86_400)} * 1000 + 1500000, 480, 1000 + ${h(35, 9000)}, (1000 + ${h(35, 9000)}) * (70 + ${h(36, 25)}) / 100, 1000 + ${h(37, 20_000)}, case when ${h(38, 20)} = 0 then 0 else 1 end, 'bench'`,
    O,
    'orders',
  );
  // Station visits at the demo's stations (a numbered list to join on).
  const stations = await db.selectFrom('stations').select('id').orderBy('id').execute();
  await exec(`create table bench_stations (n integer primary key, id text not null)`);
  await db.insertInto('bench_stations' as never).values(stations.map((s, n) => ({ n, id: s.id })) as never).execute();
  const visitAt = `${now} - ${h(43, 365)} * ${DAY}`;
  const visitDay = pg ? `to_char(to_timestamp((${visitAt} + 28800000) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')` : `strftime('%Y-%m-%d', (${visitAt} + 28800000) / 1000, 'unixepoch')`;
  await gen('station_visits', 'id, station_id, worker_id, date, at', `'bv' || i, (select id from bench_stations where n = ${h(41, stations.length)}), 'bw' || ${h(42, W)}, ${visitDay}, ${visitAt}`, V, 'station_visits');
  // A year of monthly oversight runs over those orders, as the analysis stores them, with findings.
  for (let m = 0; m < 12; m++) {
    const d = new Date(now - m * 30 * DAY);
    const month = d.toISOString().slice(0, 7);
    const runId = `00000000-0000-4000-8000-bench${String(m).padStart(7, '0')}`;
    const perPlatform = Object.fromEntries(ridePlatforms.map((p) => [p, { orders: Math.round(O / 12 / ridePlatforms.length), completed: Math.round((O / 12 / ridePlatforms.length) * 0.95), drivers: Math.round(20_000 / ridePlatforms.length) }]));
    const indicators = Object.fromEntries(indicatorIds.map((id, k) => [id, { violations: 100 * (k + 1) * ridePlatforms.length, byPlatform: Object.fromEntries(ridePlatforms.map((p) => [p, 100 * (k + 1)])) }]));
    const result = { month, orders: Math.round(O / 12), completed: Math.round((O / 12) * 0.95), rejected: 0, duplicates: 0, indicators, platforms: perPlatform, doubleComplianceRate: 0.98, fairness: [], rules: [] };
    await db.insertInto('oversight_runs').values({ id: runId, month, orders: result.orders, completed: result.completed, result: JSON.stringify(result), rule_versions: '[]', created_by: null, created_at: now, took_ms: 0 }).execute();
    await gen(
      'oversight_findings',
      'id, run_id, indicator, platform, day, driver_key, plate, value, limit_value, rule_id, order_ids',
      `'bf${m}-' || i, '${runId}', ${pick(h(51, indicatorIds.length), indicatorIds)}, ${pick(h(52, ridePlatforms.length), ridePlatforms)}, '${month}-01', 'd' || ${h(53, 20_000)}, '', null, null, null, '[]'`,
      Math.round(100 * 55 * ridePlatforms.length * Math.min(1, SCALE * 10)),
      `findings ${month}`,
    );
  }
  if (pg) await exec('analyze');
  const loadS = (performance.now() - t0) / 1000;
  console.log(`loaded in ${loadS.toFixed(1)} s`);

  const r0 = performance.now();
  const refreshed = await refresh(ctx);
  const refreshMs = Math.round(performance.now() - r0);
  console.log(`refresh: ${refreshMs} ms, ${refreshed.cells} cells`);

  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone: '13900000008', password: DEMO_PASSWORD } });
  const c = login.cookies.find((x) => x.name === 'nx_session')!;
  const cookie = `nx_session=${c.value}`;
  const filters = ['', 'city=650100', 'city=652301&kind=courier', 'district=650102', 'kind=ride_hailing_driver&platform=didi', 'platform=meituan', 'from=2026-01&to=2026-06', 'city=652801&from=2025-06&to=2026-05'];
  const endpoints: Result['endpoints'] = {};
  const measure = async (name: string, url: (k: number) => string) => {
    const times: number[] = [];
    for (let k = 0; k < 10; k++) await app.inject({ method: 'GET', url: url(k), headers: { cookie } }); // warm-up
    for (let k = 0; k < REQUESTS; k++) {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url: url(k), headers: { cookie } });
      times.push(performance.now() - s);
      if (res.statusCode !== 200) throw new Error(`${url(k)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! * 10) / 10;
    endpoints[name] = { p50: q(0.5), p99: q(0.99), n: times.length };
    console.log(`  ${name.padEnd(34)} p50 ${String(q(0.5)).padStart(6)} ms  p99 ${String(q(0.99)).padStart(6)} ms`);
  };
  if (process.env.BENCH_PROFILE) {
    const { readStats } = await import('../src/server/modules/stats/index.js');
    const { statsFilter } = await import('../src/shared/stats.js');
    const p = { kind: 'user' as const, userId: 'x', name: 'x', roles: [{ role: 'analyst' as const, orgId: '' }], isStaff: true, sessionHash: 'x' };
    for (const s of statsSections) {
      const st = performance.now();
      for (let k = 0; k < 50; k++) await readStats(ctx, p, s, statsFilter.parse(Object.fromEntries(new URLSearchParams(filters[k % filters.length]))));
      console.log(`  service ${s.padEnd(12)} ${((performance.now() - st) / 50).toFixed(1)} ms`);
    }
  }
  for (const s of statsSections) await measure(`GET /api/stats/dashboard/${s}`, (k) => `/api/stats/dashboard/${s}?${filters[k % filters.length]}`);
  await measure('GET …/workers/byKind?format=csv', (k) => `/api/stats/dashboard/workers/byKind?format=csv&${filters[k % filters.length]}`);
  await measure('GET …/cases/responseTimes', (k) => `/api/stats/dashboard/cases/responseTimes?${filters[k % filters.length]}`);
  // The same requests while a refresh runs (on SQLite its reads are in a worker thread): the server must keep answering.
  const during = refresh(ctx);
  let whileRefreshing = true;
  void during.finally(() => (whileRefreshing = false));
  const times: number[] = [];
  for (let k = 0; whileRefreshing && k < 100_000; k++) {
    const s = performance.now();
    await app.inject({ method: 'GET', url: `/api/stats/dashboard/workers?${filters[k % filters.length]}`, headers: { cookie } });
    times.push(performance.now() - s);
    // inject() never leaves the microtask queue; a real server returns to the event loop between requests.
    await new Promise((r) => setImmediate(r));
  }
  const second = await during;
  times.sort((a, b) => a - b);
  const duringRefresh = { n: times.length, p99: times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil(0.99 * times.length) - 1)]! * 10) / 10 : null, refreshMs: second.tookMs, offThread: second.offThread };
  console.log(`  during a refresh (${second.tookMs} ms, ${second.offThread ? 'worker thread' : 'in process'}): ${times.length} requests, p99 ${duringRefresh.p99} ms`);
  // The report PDF for a year and all of Xinjiang, in each language (aim ≤ 10 s).
  const year = Number(new Date().toISOString().slice(0, 4)) - 1;
  const reportMs: Record<string, number> = {};
  for (const lang of ['zh', 'ug', 'en']) {
    let worst = 0;
    for (let k = 0; k < 2; k++) {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/stats/report.pdf?from=${year}-01&to=${year}-12&lang=${lang}`, headers: { cookie } });
      worst = Math.max(worst, performance.now() - s);
      if (res.statusCode !== 200 || !res.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error(`report.pdf ${lang}: ${res.statusCode}`);
    }
    reportMs[lang] = Math.round(worst);
  }
  console.log(`  report PDF, ${year}, all Xinjiang (slowest of 2): ${Object.entries(reportMs).map(([l, ms]) => `${l} ${ms} ms`).join(', ')}`);
  await app.close();
  await handle.close();
  const out: Result = { db: pg ? 'postgres' : 'sqlite', workers: W, cases: C, orders: O, loadS: Math.round(loadS), refreshMs, cells: refreshed.cells, endpoints, duringRefresh, reportMs };
  console.log(`RESULT ${JSON.stringify(out)}`);
}

function parent(): void {
  const pgUrl = process.env.DATABASE_URL;
  const results: (Result | { db: string; error: string })[] = [];
  for (const db of ['sqlite', ...(pgUrl ? ['postgres'] : [])] as const) {
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_CHILD: '1', BENCH_SCALE: String(SCALE) };
    if (db === 'sqlite') delete env.DATABASE_URL;
    console.log(`\n--- ${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${Math.round(1_000_000 * SCALE)} workers, ${Math.round(1_000_000 * SCALE)} cases, ${Math.round(10_000_000 * SCALE)} orders`);
    const res = spawnSync(process.execPath, ['--max-old-space-size=3072', '--import', 'tsx', fileURLToPath(import.meta.url)], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(res.stdout ?? '');
    const line = (res.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('RESULT '));
    results.push(res.status === 0 && line ? (JSON.parse(line.slice(7)) as Result) : { db, error: `exited ${res.status}` });
  }
  console.log('\n=== bench:stats (p99 ms; aim ≤ 100)');
  if (!pgUrl) console.log('(PostgreSQL skipped: set DATABASE_URL to run it side by side)');
  const ok = results.filter((r): r is Result => !('error' in r));
  for (const r of results) if ('error' in r) console.log(`${r.db}: ${r.error}`);
  if (ok.length) {
    console.log(`${'endpoint'.padEnd(36)}${ok.map((r) => r.db.padStart(12)).join('')}`);
    console.log(`${'load (s)'.padEnd(36)}${ok.map((r) => String(r.loadS).padStart(12)).join('')}`);
    console.log(`${'refresh (ms)'.padEnd(36)}${ok.map((r) => String(r.refreshMs).padStart(12)).join('')}`);
    for (const name of Object.keys(ok[0]!.endpoints)) console.log(`${name.padEnd(36)}${ok.map((r) => String(r.endpoints[name]?.p99 ?? '-').padStart(12)).join('')}`);
    console.log(`${'p99 during a refresh'.padEnd(36)}${ok.map((r) => String(r.duringRefresh?.p99 ?? '-').padStart(12)).join('')}`);
    console.log(`${'refresh off the server thread'.padEnd(36)}${ok.map((r) => String(r.duringRefresh?.offThread ?? '-').padStart(12)).join('')}`);
    for (const lang of ['zh', 'ug', 'en']) console.log(`${`report PDF ${lang} (ms; aim ≤ 10000)`.padEnd(36)}${ok.map((r) => String(r.reportMs?.[lang] ?? '-').padStart(12)).join('')}`);
    const worst = Math.max(...ok.flatMap((r) => Object.values(r.endpoints).map((e) => e.p99)));
    console.log(`worst p99: ${worst} ms ${worst <= 100 ? '(within 100 ms)' : '(OVER 100 ms)'}`);
  }
  console.log(`RESULT ${JSON.stringify(results)}`);
  if (results.some((r) => 'error' in r)) process.exit(1);
}

if (process.env.BENCH_CHILD) await child();
else parent();
