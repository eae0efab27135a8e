// npm run bench:ecommerce — issue 6's two figures, on SQLite and PostgreSQL side by side:
//  1. product-library search (text + filters) over 100,000 products: p50/p95/p99 (aim p99 ≤ 20 ms);
//  2. ranking 10,000 graduates for 1,000 job orders (aim ≤ 1 s), with the load from the database apart.
// Each part is its own script (scripts/bench-ecommerce-products.ts, scripts/bench-ecommerce-ranking.ts) that
// runs on SQLite, or on PostgreSQL when DATABASE_URL is set, and ends with a line `RESULT {json}`; this runs
// each on both databases, one after the other so they never share the two cores.
// PostgreSQL runs when DATABASE_URL is set here; BENCH_ONLY=products|ranking runs one part.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pgUrl = process.env.DATABASE_URL;
const parts = [
  { name: 'products', script: 'scripts/bench-ecommerce-products.ts' },
  { name: 'ranking', script: 'scripts/bench-ecommerce-ranking.ts' },
].filter((p) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === p.name);

type Result = Record<string, unknown>;
function run(script: string, db: 'sqlite' | 'postgres'): Result | { error: string } {
  const env = { ...process.env };
  if (db === 'sqlite') delete env.DATABASE_URL;
  else env.DATABASE_URL = pgUrl;
  console.log(`\n--- ${script} on ${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
  const res = spawnSync(process.execPath, ['--max-old-space-size=3072', '--import', 'tsx', script], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(res.stdout ?? '');
  const line = (res.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('RESULT '));
  if (res.status !== 0 || !line) return { error: `exited ${res.status}` };
  return JSON.parse(line.slice('RESULT '.length)) as Result;
}

const results: { part: string; db: string; result: Result | { error: string } }[] = [];
for (const p of parts) {
  results.push({ part: p.name, db: 'SQLite', result: run(p.script, 'sqlite') });
  if (pgUrl) results.push({ part: p.name, db: 'PostgreSQL', result: run(p.script, 'postgres') });
}

console.log('\n=== bench:ecommerce');
if (!pgUrl) console.log('(PostgreSQL skipped: set DATABASE_URL to run it side by side)');
for (const r of results) console.log(`${r.part.padEnd(9)} ${r.db.padEnd(11)} ${JSON.stringify(r.result)}`);
if (results.some((r) => 'error' in r.result)) process.exit(1);
