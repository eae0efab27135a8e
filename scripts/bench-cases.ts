// npm run bench:cases — rights cases at scale, SQLite (synchronous=FULL) and PostgreSQL side by side:
//  1. the officer's queue (open, own union, soonest deadline first, first page of 50) over 1,000,000
//     cases: p50 and p99;
//  2. filing cases through the case service with an evidence file each (sniffed, stripped, encrypted,
//     its metadata row written), many at once: sustained cases/s.
// BENCH_CASES (default 1,000,000), BENCH_SECONDS (default 8) for the filing run; PostgreSQL runs when
// DATABASE_URL is set (a scratch database is created beside it and dropped).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { migrateToLatest, openPostgres, openSqlite, type DbHandle } from '../src/server/platform/db.js';
import { FieldCrypto } from '../src/server/platform/crypto.js';
import { loadConfig } from '../src/server/platform/config.js';
import type { Ctx, } from '../src/server/platform/context.js';
import type { Principal } from '../src/server/platform/access.js';
import { systemActor } from '../src/server/platform/audit.js';
import * as repo from '../src/server/modules/cases/case.repository.js';
import * as cases from '../src/server/modules/cases/case.service.js';
import * as steps from '../src/server/modules/cases/case.steps.js';
import { caseSeed, rng } from '../src/server/demo/factories.js';

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const UNIONS = 20;
const WORKERS = 20_000;
const union = (i: number) => `00000000-0000-4000-8000-${String(900000 + i).padStart(12, '0')}`;
const officerId = (i: number) => `00000000-0000-4000-8100-${String(i).padStart(12, '0')}`;
const workerUser = (i: number) => `00000000-0000-4000-8200-${String(i).padStart(12, '0')}`;
const workerId = (i: number) => `00000000-0000-4000-8300-${String(i).padStart(12, '0')}`;

// A small real JPEG with an EXIF segment, as a phone would send.
const jpeg = (() => {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0', 'binary'), Buffer.alloc(2000, 7)]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255]), exif]);
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
  const sos = Buffer.concat([Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]), randomBytes(30_000).map((b) => (b === 0xff ? 0 : b)), Buffer.from([0xff, 0xd9])]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, sos]);
})();

async function load(h: DbHandle, crypto: FieldCrypto) {
  const db = h.db;
  const now = Date.now();
  await db.insertInto('orgs').values(Array.from({ length: UNIONS }, (_, i) => ({ id: union(i), kind: 'union', name: `工会${i}`, union_kind: 'city', short_code: `U${i}`, city_code: '650100', founded_on: null, created_at: now }))).execute();
  const phoneEnc = crypto.encrypt('13800000000');
  const userRow = (id: string, name: string) => ({ id, name, phone_enc: phoneEnc, phone_hash: id, phone_last4: '0000', password_hash: 'x', locale: 'zh', is_disabled: 0, failed_logins: 0, locked_until: 0, created_at: now, updated_at: now });
  await db.insertInto('users').values(Array.from({ length: UNIONS }, (_, i) => userRow(officerId(i), `干事${i}`))).execute();
  await db.insertInto('user_roles').values(Array.from({ length: UNIONS }, (_, i) => ({ user_id: officerId(i), role: 'union_officer', org_id: union(i) }))).execute();
  for (let i = 0; i < WORKERS; i += 500) {
    const ids = Array.from({ length: Math.min(500, WORKERS - i) }, (_, k) => i + k);
    await db.insertInto('users').values(ids.map((k) => userRow(workerUser(k), `工人${k}`))).execute();
    await db.insertInto('workers').values(ids.map((k) => ({ id: workerId(k), user_id: workerUser(k), name: `工人${k}`, id_number_enc: null, id_number_hash: null, kind: 'ride_hailing_driver', city_code: '650100', district_code: '650102', employment_category: 'self_employed', created_at: now, updated_at: now }))).execute();
    await db.insertInto('memberships').values(ids.map((k) => ({ id: `m-${k}`, union_id: union(k % UNIONS), worker_id: workerId(k), membership_no: `M${k}`, card_token: `t${k}`, since: now, ended_at: null, end_reason: null, application_id: null }))).execute();
  }
  // A million cases, generated inside the database: one statement each side (a recursive CTE on SQLite,
  // generate_series on PostgreSQL). A fifth are open; deadlines spread over two months.
  const desc = crypto.encrypt('按导航行驶被认定逆行，罚款200元。');
  const started = performance.now();
  const body = (n: string) => `
    '00000000-0000-4000-9000-' || substr('000000000000' || ${n}, -12, 12),
    'B-' || ${n}, '00000000-0000-4000-8000-' || substr('000000000000' || (900000 + ${n} % ${UNIONS}), -12, 12),
    '00000000-0000-4000-8300-' || substr('000000000000' || (${n} % ${WORKERS}), -12, 12),
    'traffic_fine', 'normal', case when ${n} % 5 = 0 then 'in_progress' else 'closed' end, '河滩路辅道被认定逆行', '${desc}', '', 'authority', '乌鲁木齐市公安局交通警察支队',
    ${now} - (${n} % 5000000) * 1000, ${now} + (${n} % 5184000) * 1000,
    case when ${n} % 5 = 0 then ${now} + (${n} % 5184000) * 1000 else ${repo.FAR} end,
    case when ${n} % 5 = 0 then 1 else 0 end, ${now}, ${now}`;
  const cols = `(id, case_no, union_id, worker_id, category, priority, status, title, description_enc, place, respondent_kind, respondent_name, submitted_at, resolution_due, queue_due, is_open, created_at, updated_at)`;
  if (h.kind === 'sqlite') {
    await sql.raw(`with recursive g(n) as (select 0 union all select n + 1 from g where n < ${N - 1}) insert into cases ${cols} select ${body('n')} from g`).execute(db);
  } else {
    await sql.raw(`insert into cases ${cols} select ${body('n').replace(/substr\('000000000000' \|\| (.+?), -12, 12\)/g, "lpad(($1)::text, 12, '0')")} from generate_series(0, ${N - 1}) as n`).execute(db);
    await sql.raw('analyze cases').execute(db);
  }
  if (h.kind === 'sqlite') h.sqlite!.exec('analyze');
  return (performance.now() - started) / 1000;
}

async function run(kind: 'sqlite' | 'postgres') {
  let h: DbHandle;
  let cleanup = async () => {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-cases-'));
  if (kind === 'sqlite') {
    h = openSqlite(path.join(dir, 'cases.sqlite'));
    if (process.env.BENCH_SYNC) h.sqlite!.pragma(`synchronous = ${process.env.BENCH_SYNC}`);
  } else {
    const name = `nx_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    h = openPostgres(url.toString(), 16);
    cleanup = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name}`);
      await a.end();
    };
  }
  await migrateToLatest(h.db);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, DATA_KEY: randomBytes(32).toString('base64'), SMS_ADAPTER: 'none' });
  const crypto = new FieldCrypto(config.dataKey);
  const ctx: Ctx = { db: h.db, dbKind: h.kind, crypto, config };
  const loadS = await load(h, crypto);

  // 1. The queue: an officer's union holds N / 20 cases, a fifth of them open.
  const officer: Principal = { kind: 'user', userId: officerId(3), name: 'o', roles: [{ role: 'union_officer', orgId: union(3) }], isStaff: true, sessionHash: '' };
  for (let i = 0; i < 50; i++) await cases.queue(ctx, officer, { scope: 'all', limit: 50 });
  const lat: number[] = [];
  let items = 0;
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    items += (await cases.queue(ctx, officer, { scope: 'all', limit: 50 })).items.length;
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const q = { p50: lat[1000]!, p99: lat[1980]!, items: items / 2000 };

  if (process.env.BENCH_TRACE && h.kind === 'sqlite') {
    const { Kysely, SqliteDialect } = await import('kysely');
    const agg = new Map<string, { n: number; ms: number }>();
    (globalThis as { __agg?: typeof agg }).__agg = agg;
    ctx.db = new Kysely({ dialect: new SqliteDialect({ database: h.sqlite! }), log: (e) => { const k = e.query.sql.slice(0, 90); const a = agg.get(k) ?? { n: 0, ms: 0 }; a.n++; a.ms += e.queryDurationMillis; agg.set(k, a); } }) as typeof ctx.db;
  }
  // 2. Filing, 32 at a time for `seconds`: the case alone, then the case and one evidence photo.
  const r = rng(7);
  const workers: Principal[] = Array.from({ length: 200 }, (_, i) => ({ kind: 'user', userId: workerUser(i), name: 'w', roles: [{ role: 'worker', orgId: '' }], isStaff: false, sessionHash: '' }));
  const filing = async (withPhoto: boolean) => {
    let made = 0;
    const until = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async (_, k) => {
        while (performance.now() < until) {
          const w = workers[(k * 7 + made) % workers.length]!;
          const c = await fileOnly(ctx, w, caseSeed(r));
          if (withPhoto) await steps.addFile(ctx, w, c, { bytes: jpeg, contentType: 'image/jpeg', name: 'ticket.jpg' }, systemActor);
          made++;
        }
      }),
    );
    return made / ((performance.now() - t0) / 1000);
  };
  const rateAlone = await filing(false);
  const rate = process.env.BENCH_PHOTO === '0' ? 0 : await filing(true);
  const agg = (globalThis as { __agg?: Map<string, { n: number; ms: number }> }).__agg;
  if (agg) for (const [k, v] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(0).padStart(6), 'ms', String(v.n).padStart(6), k);
  await h.close();
  if (process.env.BENCH_KEEP) console.log('kept', kind === 'sqlite' ? dir : 'the scratch database');
  else await cleanup();
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  return { loadS, q, rate, rateAlone };
}

/** Filing without the read-back the HTTP answer carries (measured separately by the route tests). */
async function fileOnly(ctx: Ctx, p: Principal, s: ReturnType<typeof caseSeed>): Promise<string> {
  const res = await cases.file(ctx, p, { ...s, category: s.category as 'other', respondentKind: s.respondentKind as 'company' }, systemActor);
  return res.case.id;
}

console.log(`bench:cases — ${N.toLocaleString('en')} cases, ${os.cpus().length} cores, Node ${process.version}`);
const only = process.env.BENCH_ONLY; // 'sqlite' or 'postgres': one side alone (profiling)
const results: [string, Awaited<ReturnType<typeof run>>][] = only === 'postgres' ? [] : [['SQLite (WAL, synchronous=FULL)', await run('sqlite')]];
if (only === 'sqlite') console.log('(PostgreSQL skipped: BENCH_ONLY=sqlite)');
else if (process.env.DATABASE_URL) results.push(['PostgreSQL 15', await run('postgres')]);
else console.log('(PostgreSQL skipped: set DATABASE_URL)');
console.log('\n                                   queue p50   queue p99   filing          filing + photo   (load of the cases)');
for (const [name, r] of results) {
  console.log(`${name.padEnd(34)} ${r.q.p50.toFixed(2).padStart(7)} ms  ${r.q.p99.toFixed(2).padStart(7)} ms  ${r.rateAlone.toFixed(0).padStart(6)} cases/s  ${r.rate.toFixed(0).padStart(6)} cases/s   (${r.loadS.toFixed(1)} s)`);
}
if (results.length === 2) console.log(`ratio SQLite / PostgreSQL: queue p99 ${(results[0]![1].q.p99 / results[1]![1].q.p99).toFixed(2)}, filing ${(results[0]![1].rateAlone / results[1]![1].rateAlone).toFixed(2)}, filing + photo ${(results[0]![1].rate / results[1]![1].rate).toFixed(2)}`);
console.log('aims: queue p99 ≤ 20 ms; filing ≥ 1,000 cases/s');
process.exit(0);
