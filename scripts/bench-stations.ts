// npm run bench:stations — the station finder at national scale (186,100 stations, ACFTU end-2024):
//  1. in-process nearest-10 with an amenity filter and openNow: queries/s and p99, index memory;
//  2. HTTP GET /api/stations/nearby against a bare Fastify route returning a same-sized body (ratio);
//  3. the same nearest query in SQL (SQLite, PostgreSQL, and PostGIS KNN when installed): ratio.
// BENCH_SECONDS (default 10) per HTTP run; BENCH_STATIONS to change the count; BENCH_PARTS=1 prints only
// the in-process part, broken down (no filter, amenity, amenity + openNow).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import autocannon from 'autocannon';
import { freePort } from './free-port.js';
import { migrateToLatest, openSqlite } from '../src/server/platform/db.js';
import { rng, stationSeed, type StationSeed } from '../src/server/demo/factories.js';
import { StationIndex, type IndexEntry } from '../src/server/modules/stations/station.index.js';
import { entryFrom } from '../src/server/modules/stations/station.service.js';
import { encodeHours } from '../src/server/modules/stations/station.repository.js';

const N = Number(process.env.BENCH_STATIONS ?? 186_100);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// Cities (lng, lat, weight): stations follow where people work.
const cities: [string, number, number, number][] = [
  ['Beijing', 116.40, 39.90, 9], ['Shanghai', 121.47, 31.23, 10], ['Guangzhou', 113.26, 23.13, 8], ['Shenzhen', 114.06, 22.54, 8],
  ['Chengdu', 104.07, 30.67, 7], ['Chongqing', 106.55, 29.56, 7], ['Wuhan', 114.31, 30.59, 6], ['Hangzhou', 120.16, 30.27, 6],
  ["Xi'an", 108.94, 34.34, 5], ['Nanjing', 118.80, 32.06, 5], ['Tianjin', 117.20, 39.13, 5], ['Zhengzhou', 113.63, 34.75, 5],
  ['Changsha', 112.94, 28.23, 4], ['Shenyang', 123.43, 41.80, 4], ['Harbin', 126.53, 45.80, 4], ['Kunming', 102.83, 24.88, 3],
  ['Jinan', 117.00, 36.65, 4], ['Qingdao', 120.38, 36.07, 4], ['Hefei', 117.23, 31.82, 4], ['Fuzhou', 119.30, 26.08, 3],
  ['Nanning', 108.37, 22.82, 3], ['Guiyang', 106.63, 26.65, 3], ['Lanzhou', 103.83, 36.06, 2], ['Hohhot', 111.75, 40.84, 2],
  ['Urumqi', 87.62, 43.83, 3], ['Changji', 87.30, 44.01, 1], ['Korla', 86.15, 41.76, 1], ['Kashgar', 75.99, 39.47, 1],
  ['Lhasa', 91.13, 29.65, 1], ['Xining', 101.78, 36.62, 1], ['Yinchuan', 106.23, 38.49, 1], ['Haikou', 110.20, 20.04, 2],
  ['Taiyuan', 112.55, 37.87, 3], ['Shijiazhuang', 114.51, 38.04, 3], ['Nanchang', 115.86, 28.68, 3], ['Changchun', 125.32, 43.82, 3],
  ['Xiamen', 118.09, 24.48, 3], ['Suzhou', 120.58, 31.30, 4], ['Dongguan', 113.75, 23.02, 4], ['Foshan', 113.12, 23.02, 3],
];
const totalWeight = cities.reduce((s, c) => s + c[3], 0);
function pickCity(r: ReturnType<typeof rng>) {
  let x = r.next() * totalWeight;
  for (const c of cities) if ((x -= c[3]) <= 0) return c;
  return cities[0]!;
}

console.log(`bench:stations — ${N} stations, ${os.cpus().length} cores, Node ${process.version}`);
const r = rng(186100);
const seeds: (StationSeed & { id: string })[] = [];
for (let i = 0; i < N; i++) {
  const [, lng, lat] = pickCity(r);
  seeds.push({ id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, ...stationSeed(r, i + 1, { cityCode: '650100', districtCode: '650102', lng, lat, spreadKm: 25 }) });
}
const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
// Built exactly as the server builds them from database rows.
const hoursText = (s: StationSeed) => encodeHours(s.hours.map((h) => ({ weekday: h.weekday, r: { opens: toMin(h.opens), closes: toMin(h.closes) } })));
const entries: IndexEntry[] = seeds.map((s) =>
  entryFrom(
    { id: s.id, name: s.name, address: s.address, city_code: s.cityCode, district_code: s.districtCode, lat: s.lat, lng: s.lng, phone: s.phone, is_24h: s.is24h ? 1 : 0, amenities: s.amenities.join(','), services: s.services.join(','), hours: hoursText(s), utc_offset_min: 480 },
    [],
  ),
);

// ---- 1. in-process -------------------------------------------------------------------------------
const ix = new StationIndex(entries);
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const qr = rng(7);
const points = Array.from({ length: 20_000 }, () => {
  const [, lng, lat] = pickCity(qr);
  return { lng: lng + (qr.next() - 0.5) * 0.4, lat: lat + (qr.next() - 0.5) * 0.4 };
});
// Noon on a weekday, Beijing time, so openNow has open stations to find.
const nowMs = Date.parse('2026-11-30T04:00:00Z');
const query = (p: { lng: number; lat: number }) => ix.nearby({ lat: p.lat, lng: p.lng, limit: 10, radiusKm: 100, amenities: ['umbrellas'], openNow: true, nowMs });
for (let i = 0; i < 2000; i++) query(points[i % points.length]!);
const lat: number[] = [];
let found = 0;
const t0 = performance.now();
for (const p of points) {
  const s = performance.now();
  found += query(p).length;
  lat.push(performance.now() - s);
}
const elapsed = performance.now() - t0;
lat.sort((a, b) => a - b);
const pct = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]!;
console.log(`\n1. In-process nearest-10 (amenity=umbrellas, openNow=true, radius 100 km), ${points.length} queries`);
console.log(`   ${(points.length / (elapsed / 1000)).toFixed(0)} queries/s, p50 ${(pct(0.5) * 1000).toFixed(0)} µs, p99 ${(pct(0.99) * 1000).toFixed(0)} µs, ${(found / points.length).toFixed(1)} results per query`);
console.log(`   index built in ${ix.builtMs.toFixed(0)} ms; memory (summaries, schedules and index): heap +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MiB (estimate ${(ix.approxBytes() / 1048576).toFixed(1)} MiB)${globalThis.gc ? '' : ' (run with --expose-gc for a cleaner heap figure)'}`);

if (process.env.BENCH_PARTS === '1') {
  let t = performance.now();
  for (const p of points) ix.nearby({ lat: p.lat, lng: p.lng, limit: 10, radiusKm: 100, nowMs });
  console.log('nearby, no filter', (points.length / ((performance.now() - t) / 1000)).toFixed(0));
  t = performance.now();
  for (const p of points) ix.nearby({ lat: p.lat, lng: p.lng, limit: 10, radiusKm: 100, amenities: ['umbrellas'], nowMs });
  console.log('nearby, amenity', (points.length / ((performance.now() - t) / 1000)).toFixed(0));
  t = performance.now();
  for (const p of points) query(p);
  console.log('nearby, amenity+open', (points.length / ((performance.now() - t) / 1000)).toFixed(0));
  process.exit(0);
}

// ---- load the same stations into a database the server can use -----------------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-stations-'));
const h = openSqlite(path.join(dir, 'nuanxin.sqlite'));
await migrateToLatest(h.db);
await h.close();
const db = new SQLite(path.join(dir, 'nuanxin.sqlite'));
db.pragma('journal_mode = WAL');
const insOrg = db.prepare(`insert into orgs (id, kind, name, city_code, created_at) values (?, 'station', ?, ?, 0)`);
const insSt = db.prepare(`insert into stations (id, name, operator_kind, operator_name, address, city_code, district_code, lat, lng, phone, is_24h, amenities, services, hours, utc_offset_min, photos, checkin_token, created_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 480, '[]', ?, 0, 0)`);
const loadStart = performance.now();
db.transaction(() => {
  for (const s of seeds) {
    insOrg.run(s.id, s.name, s.cityCode);
    insSt.run(s.id, s.name, s.operatorKind, s.operatorName, s.address, s.cityCode, s.districtCode, s.lat, s.lng, s.phone, s.is24h ? 1 : 0, s.amenities.join(','), s.services.join(','), hoursText(s), `tok-${s.id}`);
  }
})();
db.prepare('insert into users (id, name, phone_enc, phone_hash, phone_last4, password_hash, created_at, updated_at) values (?,?,?,?,?,?,0,0)').run('bench', 'bench', 'x', 'x', '0000', 'x');
console.log(`\n   (loaded ${N} stations into SQLite in ${((performance.now() - loadStart) / 1000).toFixed(1)} s)`);

// ---- 3. SQL --------------------------------------------------------------------------------------
// Nearest-10 by equirectangular distance, amenity filter, no spatial index (what plain SQL can do).
const sqlPoints = points.slice(0, 200);
const sqliteKnn = db.prepare(`select id, ((lat - ?) * (lat - ?) + ((lng - ?) * ?) * ((lng - ?) * ?)) as d2 from stations
  where (',' || amenities || ',') like '%,umbrellas,%' order by d2 limit 10`);
let s0 = performance.now();
for (const p of sqlPoints) {
  const c = Math.cos((p.lat * Math.PI) / 180);
  sqliteKnn.all(p.lat, p.lat, p.lng, c, p.lng, c);
}
const sqliteQps = sqlPoints.length / ((performance.now() - s0) / 1000);
db.close();
const inProcQps = points.length / (elapsed / 1000);
console.log(`\n3. The same nearest-10 in SQL (amenity filter; openNow not applied, which only flatters SQL)`);
console.log(`   SQLite full scan: ${sqliteQps.toFixed(1)} queries/s — in-process index is ${(inProcQps / sqliteQps).toFixed(0)}× faster`);

const pgUrl = process.env.DATABASE_URL;
if (pgUrl) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query('drop table if exists bench_stations');
  // The amenity as its own boolean column: with a LIKE over a list the planner misjudges the filter and
  // never uses the KNN index; this gives SQL its best shape.
  await client.query('create table bench_stations (id text primary key, lat double precision, lng double precision, umbrellas boolean)');
  for (let i = 0; i < seeds.length; i += 5000) {
    const chunk = seeds.slice(i, i + 5000);
    await client.query(
      `insert into bench_stations select * from unnest($1::text[], $2::float8[], $3::float8[], $4::bool[])`,
      [chunk.map((s) => s.id), chunk.map((s) => s.lat), chunk.map((s) => s.lng), chunk.map((s) => s.amenities.includes('umbrellas'))],
    );
  }
  await client.query('analyze bench_stations');
  s0 = performance.now();
  for (const p of sqlPoints.slice(0, 100)) {
    const c = Math.cos((p.lat * Math.PI) / 180);
    await client.query(`select id from bench_stations where umbrellas order by (lat - $1)^2 + ((lng - $2) * $3)^2 limit 10`, [p.lat, p.lng, c]);
  }
  const pgQps = 100 / ((performance.now() - s0) / 1000);
  console.log(`   PostgreSQL full scan: ${pgQps.toFixed(1)} queries/s — in-process index is ${(inProcQps / pgQps).toFixed(0)}× faster`);
  const postgis = await client.query(`select 1 from pg_available_extensions where name = 'postgis'`);
  if (postgis.rowCount) {
    await client.query('create extension if not exists postgis');
    await client.query('alter table bench_stations add column geom geography(Point, 4326)');
    await client.query('update bench_stations set geom = ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography');
    await client.query('create index bench_stations_geom on bench_stations using gist (geom)');
    await client.query('analyze bench_stations');
    s0 = performance.now();
    for (const p of sqlPoints) {
      await client.query(`select id from bench_stations where umbrellas order by geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography limit 10`, [p.lng, p.lat]);
    }
    const gisQps = sqlPoints.length / ((performance.now() - s0) / 1000);
    console.log(`   PostGIS KNN (GiST): ${gisQps.toFixed(0)} queries/s — in-process index is ${(inProcQps / gisQps).toFixed(0)}× faster`);
  } else {
    console.log('   PostGIS not installed (apt-get install postgresql-15-postgis-3 to include it)');
  }
  await client.query('drop table bench_stations');
  await client.end();
} else {
  console.log('   PostgreSQL skipped: set DATABASE_URL to include it');
}

// ---- 2. HTTP -------------------------------------------------------------------------------------
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
function start(args: string[], env: Record<string, string>, ready: RegExp) {
  return new Promise<ChildProcess>((resolve, reject) => {
    const c = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    c.stdout!.on('data', (d: Buffer) => ready.test(d.toString()) && resolve(c));
    c.on('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}
const [realPort, barePort] = [await freePort(), await freePort()];
const real = await start(['--import', 'tsx', 'src/server/main.ts'], { PORT: String(realPort), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '1000000000', NODE_ENV: 'production' }, /is running/);
const url = `http://127.0.0.1:${realPort}/api/stations/nearby?lat=${points[0]!.lat.toFixed(4)}&lng=${points[0]!.lng.toFixed(4)}&limit=10&amenity=umbrellas&openNow=true`;
const warmStart = performance.now();
const body = await (await fetch(url)).text(); // waits for the index the server builds at start
console.log(`\n2. HTTP (index built from SQLite at start; first answer ${((performance.now() - warmStart) / 1000).toFixed(1)} s after listen; body ${body.length} B)`);
const bodies = path.join(dir, 'bodies.json');
fs.writeFileSync(bodies, JSON.stringify({ '/api/stations/nearby': body }));
const bare = await start(['scripts/bench-bare-server.mjs', bodies, String(barePort)], {}, /bare ready/);
const cpuMs = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
async function measure(u: string, pid: number) {
  const c0 = cpuMs(pid);
  const res = await autocannon({ url: u, connections: 20, duration: seconds });
  return { rps: res.requests.average, p99: res.latency.p99, non2xx: res.non2xx + res.errors, cpu: ((cpuMs(pid) - c0) * 1000) / Math.max(1, res.requests.total) };
}
await autocannon({ url, connections: 20, duration: 2 });
const b = await measure(`http://127.0.0.1:${barePort}/api/stations/nearby`, bare.pid!);
const n = await measure(url, real.pid!);
console.log(`   bare Fastify, same body: ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms, server CPU ${b.cpu.toFixed(0)} µs/req)`);
console.log(`   Nuanxin nearby:          ${n.rps.toFixed(0)} req/s (p99 ${n.p99} ms, server CPU ${n.cpu.toFixed(0)} µs/req, non-2xx ${n.non2xx})`);
console.log(`   ratio: ${(n.rps / b.rps).toFixed(2)} (req/s)`);
children.forEach((c) => c.kill('SIGTERM'));
fs.rmSync(dir, { recursive: true, force: true });
spawnSync('true');
process.exit(0);
