// npm run bench:oversight — platform order data at Urumqi's scale, in one run:
//  1. generate BENCH_ORDERS (default 10,000,000) orders deterministically: 13,000 drivers, 15 platforms,
//     a month, violations of every kind planted; and the licence registry;
//  2. the full analysis of every indicator by the engine (`npm run oversight` reads the same way):
//     seconds and peak memory;
//  3. DuckDB computing the same indicators in SQL from the same files: seconds, the time ratio, and a
//     failure (exit 1) if any count differs;
//  4. HTTP ingest (POST /api/oversight/orders) into SQLite and, with DATABASE_URL, PostgreSQL: orders/s
//     over BENCH_INGEST orders (default 2,000,000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOrders, generateRegistry } from '../src/server/modules/oversight/engine/generate.js';
import { loadOrderFile } from '../src/server/modules/oversight/engine/file.js';
import { analyze } from '../src/server/modules/oversight/engine/analyze.js';
import { defaultRules } from '../src/server/modules/oversight/engine/rules.js';
import { registryFromCsv } from '../src/server/modules/oversight/engine/registry.js';
import { indicatorIds } from '../src/shared/oversight.js';
import { duckdbIndicators } from './oversight-duckdb.js';

const N = Number(process.env.BENCH_ORDERS ?? 10_000_000);
const DRIVERS = Number(process.env.BENCH_DRIVERS ?? 13_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-oversight-'));
const ordersPath = path.join(dir, 'orders.csv');
console.log(`bench:oversight — ${N.toLocaleString('en')} orders, ${DRIVERS.toLocaleString('en')} drivers, ${os.cpus().length} cores, Node ${process.version}`);

let t = performance.now();
const fd = fs.openSync(ordersPath, 'w');
for (const chunk of generateOrders({ orders: N, drivers: DRIVERS })) fs.writeSync(fd, chunk);
fs.closeSync(fd);
const reg = generateRegistry({ drivers: DRIVERS });
fs.writeFileSync(path.join(dir, 'driver_permits.csv'), reg.driverCsv);
fs.writeFileSync(path.join(dir, 'vehicle_permits.csv'), reg.vehicleCsv);
console.log(`generated ${(fs.statSync(ordersPath).size / 1e6).toFixed(0)} MB of CSV in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const rules = defaultRules();
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const rssBefore = process.memoryUsage().rss;
t = performance.now();
const loaded = await loadOrderFile(ordersPath);
const tLoad = performance.now() - t;
const { result } = analyze(loaded.table, { rules, registry: registryFromCsv(reg.driverCsv, reg.vehicleCsv).registry });
const engineS = (performance.now() - t) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
console.log(`engine: ${engineS.toFixed(1)} s (read and parse ${(tLoad / 1000).toFixed(1)} s, indicators ${(engineS - tLoad / 1000).toFixed(1)} s), peak memory ${(peak / 2 ** 30).toFixed(2)} GiB (${(rssBefore / 2 ** 30).toFixed(2)} before)`);
loaded.table.ids = null;

t = performance.now();
const duck = await duckdbIndicators({ orders: ordersPath, driverCsv: path.join(dir, 'driver_permits.csv'), vehicleCsv: path.join(dir, 'vehicle_permits.csv'), rules });
const duckS = (performance.now() - t) / 1000;
console.log(`DuckDB: ${duckS.toFixed(1)} s`);

let differ = 0;
console.log('\nindicator      engine      DuckDB');
for (const id of indicatorIds) {
  const mine = result.indicators[id]?.violations ?? NaN;
  const theirs = duck[id] ?? NaN;
  if (mine !== theirs) differ++;
  console.log(`${id.padEnd(9)} ${String(mine).padStart(11)} ${String(theirs).padStart(11)}${mine === theirs ? '' : '   DIFFERENT'}`);
}
console.log(`\ncompleted orders ${result.completed.toLocaleString('en')}; time ratio engine / DuckDB ${(engineS / duckS).toFixed(2)} (aim ≤ 1.0); peak memory ${(peak / 2 ** 30).toFixed(2)} GiB (aim ≤ 2)`);

if (process.env.BENCH_INGEST !== '0') {
  const { benchIngest } = await import('./bench-oversight-ingest.js');
  await benchIngest(ordersPath, Number(process.env.BENCH_INGEST ?? 2_000_000));
}
fs.rmSync(dir, { recursive: true, force: true });
if (differ) {
  console.log(`FAIL: ${differ} indicator counts differ from DuckDB's`);
  process.exit(1);
}
console.log('all counts equal DuckDB’s');
process.exit(0);
