// HTTP ingest for bench:oversight: the real server (its own process, SQLite with synchronous=FULL, then
// PostgreSQL with DATABASE_URL) receives order files per platform with their API keys, ~50 MB a request.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from './free-port.js';
import { openDatabase, migrateToLatest } from '../src/server/platform/db.js';
import { sha256, randomToken } from '../src/server/platform/crypto.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function bodiesOf(file: string, limit: number): Promise<Map<string, string[]>> {
  // The first `limit` orders, split by platform into bodies of ~50 MB (read as a stream: the file may be GBs).
  const by = new Map<string, { parts: string[]; size: number; bodies: string[] }>();
  let header = '';
  let taken = 0;
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  outer: for await (const chunk of stream) {
    const text = rest + (chunk as string);
    let from = 0;
    for (;;) {
      const end = text.indexOf('\n', from);
      if (end < 0) break;
      const line = text.slice(from, end + 1);
      from = end + 1;
      if (!header) {
        header = line;
        continue;
      }
      if (taken++ >= limit) break outer;
      const c1 = line.indexOf(',');
      const platform = line.slice(c1 + 1, line.indexOf(',', c1 + 1));
      let b = by.get(platform);
      if (!b) by.set(platform, (b = { parts: [header], size: header.length, bodies: [] }));
      b.parts.push(line);
      b.size += line.length * 2;
      if (b.size > 50e6) {
        b.bodies.push(b.parts.join(''));
        b.parts = [header];
        b.size = header.length;
      }
    }
    rest = text.slice(from);
  }
  stream.destroy();
  const out = new Map<string, string[]>();
  for (const [p, b] of by) {
    if (b.parts.length > 1) b.bodies.push(b.parts.join(''));
    out.set(p, b.bodies);
  }
  return out;
}

async function once(label: string, env: Record<string, string>, bodies: Map<string, string[]>, total: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-ingest-'));
  const url = env.DATABASE_URL ?? '';
  // Keys straight into the database (an admin would make them in the console).
  const h = openDatabase({ databaseUrl: url, dataDir: dir });
  await migrateToLatest(h.db);
  const keys = new Map<string, string>();
  await h.db.insertInto('users').values({ id: 'bench-admin', name: 'bench', phone_enc: '', phone_hash: 'bench', phone_last4: '0000', password_hash: 'x', locale: 'zh', is_disabled: 0, failed_logins: 0, locked_until: 0, created_at: 0, updated_at: 0 }).execute();
  for (const p of bodies.keys()) {
    const key = `nxk_${randomToken()}`;
    keys.set(p, key);
    await h.db.insertInto('api_keys').values({ id: `k-${p}`, platform_code: p, label: 'bench', key_hash: sha256(key), prefix: key.slice(0, 8), created_by: 'bench-admin', created_at: 0, revoked_at: null }).execute();
  }
  await h.close();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dir, DATA_KEY: randomBytes(32).toString('base64'), DATABASE_URL: url, DEMO: '0', SEED_DEMO: '0', RATE_LIMIT_PER_MINUTE: '100000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => /listening|http:\/\//i.test(d.toString()) && resolve());
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  let stored = 0;
  const t = performance.now();
  // One request at a time per platform, two platforms at once.
  const queue = [...bodies.entries()].flatMap(([p, bs]) => bs.map((b, i) => ({ p, b, i })));
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const res = await fetch(`http://127.0.0.1:${port}/api/oversight/orders`, { method: 'POST', headers: { authorization: `Bearer ${keys.get(job.p)}`, 'content-type': 'text/csv', 'idempotency-key': `${job.p}-${job.i}` }, body: job.b });
        const a = (await res.json()) as { stored?: number };
        if (res.status !== 200) throw new Error(`ingest ${res.status}: ${JSON.stringify(a)}`);
        stored += a.stored ?? 0;
      }
    }),
  );
  const s = (performance.now() - t) / 1000;
  child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`HTTP ingest into ${label}: ${stored.toLocaleString('en')} of ${total.toLocaleString('en')} orders stored in ${s.toFixed(1)} s = ${Math.round(stored / s).toLocaleString('en')} orders/s`);
  return stored / s;
}

export async function benchIngest(file: string, limit: number) {
  const bodies = await bodiesOf(file, limit);
  const total = [...bodies.values()].flat().reduce((n, b) => n + b.split('\n').length - 2, 0);
  const lite = await once('SQLite (synchronous=FULL)', {}, bodies, total);
  if (process.env.DATABASE_URL) {
    const name = `nx_bench_ingest_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    try {
      const pgRate = await once('PostgreSQL', { DATABASE_URL: u.toString() }, bodies, total);
      console.log(`ingest ratio SQLite / PostgreSQL ${(lite / pgRate).toFixed(2)}; aim ≥ 100,000 orders/s on SQLite`);
    } finally {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    }
  } else console.log('(PostgreSQL ingest skipped: set DATABASE_URL); aim ≥ 100,000 orders/s on SQLite');
}
