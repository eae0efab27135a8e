// Backup drill (issue 8, "No data lost"): an online backup taken while a writer keeps filing cases
// through the API restores into a working product with the backup's counts and every write acknowledged
// before the backup began. SQLite: npm run db:backup / npm run db:restore. PostgreSQL (DATABASE_URL set):
// pg_dump -Fc / pg_restore into a new database. Runs only by name (tests/hardening).
//   node scripts/test.mjs tests/hardening/backup.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openPostgres, openSqlite } from '../../src/server/platform/db.js';
import { verifyAuditChain } from '../../src/server/platform/audit.js';
import { demoWorkers } from '../../src/server/demo/seed.js';
import { call, freshServerDb, integrityCheck, login, onPostgres, root, seedSmallDemo, sleep, startServer, type RunningServer as Server, caseBody } from './support.js';

const WRITERS = Number(process.env.BACKUP_WRITERS ?? 4);
const noShedding = { SHED_MAX_IN_FLIGHT: '0', SHED_MAX_QUEUE_MS: '0' };
const drillCase = (n: number) => caseBody('备份演练', n);

/** Writers filing cases until stopped; every acknowledged case id is kept in order of its answer. */
function writeLoad(server: Server, cookie: string) {
  const acked: string[] = [];
  const failures: string[] = [];
  let stop = false;
  let n = 0;
  const loops = Array.from({ length: WRITERS }, async () => {
    while (!stop) {
      const res = await call(server.url, 'POST', '/api/cases', { cookie, body: drillCase(++n) });
      if (res.status === 201) acked.push(res.json.case.id as string);
      else failures.push(`${res.status} ${res.text.slice(0, 200)}`);
    }
  });
  return {
    acked,
    failures,
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
/** The same, without blocking the event loop (the writers keep going meanwhile). */
function runAsync(cmd: string, args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  return new Promise<{ status: number | null; out: string; ms: number }>((resolve) => {
    const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (status) => resolve({ status, out, ms: Date.now() - started }));
  });
}

/** An empty PostgreSQL database beside DATABASE_URL's (pg_restore creates the schema), and its drop. */
async function emptyPgDatabase() {
  const name = `nx_h4_${randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await a.connect();
    try {
      await a.query(q);
    } finally {
      await a.end();
    }
  };
  await admin(`create database ${name}`);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin(`drop database if exists ${name}`);
          return;
        } catch (e) {
          if (attempt >= 50) throw e;
          await sleep(100);
        }
      }
    },
  };
}

function sqliteCounts(file: string): Record<string, number> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function pgCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by tablename`);
    const out: Record<string, number> = {};
    for (const { tablename } of rows) out[tablename] = Number((await c.query(`select count(*) as n from "${tablename}"`)).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

/** Rows per table inside a pg_dump -Fc file: its COPY blocks, one line a row. */
function dumpCounts(file: string): Record<string, number> {
  const r = run('pg_restore', ['--data-only', '-f', '-', file]);
  assert.equal(r.status, 0, r.stderr);
  const out: Record<string, number> = {};
  let table: string | null = null;
  for (const line of r.stdout.split('\n')) {
    if (table === null) {
      const m = /^COPY public\.("?)([^ "]+)\1 .* FROM stdin;$/.exec(line);
      if (m) {
        table = m[2]!;
        out[table] = 0;
      }
    } else if (line === '\\.') table = null;
    else out[table]!++;
  }
  return out;
}

const sortedDiff = (a: Record<string, number>, b: Record<string, number>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => (a[k] ?? 0) !== (b[k] ?? 0)).map((k) => `${k}: ${a[k]} vs ${b[k]}`);

/** The restored product works: healthy, sign-in, every write acknowledged before the backup is there. */
async function checkRestoredServer(server: Server, before: string[]) {
  assert.equal((await call(server.url, 'GET', '/api/health')).status, 200);
  const driver = await login(server.url, demoWorkers.driver);
  const officer = await login(server.url, '13900000002');
  assert.ok(officer);
  const missing: string[] = [];
  for (const id of before) {
    const res = await call(server.url, 'GET', `/api/cases/${id}`, { cookie: driver });
    if (res.status !== 200) missing.push(`${id}: ${res.status}`);
  }
  assert.deepEqual(missing, [], 'every case acknowledged before the backup began is in the restored product');
  // And it takes new writes.
  assert.equal((await call(server.url, 'POST', '/api/cases', { cookie: driver, body: drillCase(0) })).status, 201);
}

test(`backup drill under write load (${onPostgres ? 'PostgreSQL: pg_dump -Fc / pg_restore' : 'SQLite: npm run db:backup / db:restore'})`, { timeout: 600_000 }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-h4-backup-'));
  const dataB = path.join(work, 'restored');
  const backupFile = path.join(work, onPostgres ? 'nuanxin.dump' : 'nuanxin-backup.sqlite');
  const source = await freshServerDb();
  await seedSmallDemo(source, { workers: Number(process.env.BACKUP_DEMO_WORKERS ?? 60) });
  const dataA = source.dataDir;
  // PostgreSQL needs DATA_KEY. The embedded default keeps its generated key in DATA_DIR/secret.key, which
  // db:backup must carry over: the SQLite drill runs that way.
  if (!onPostgres) fs.writeFileSync(path.join(dataA, 'secret.key'), source.dataKey + '\n', { mode: 0o600 });
  const dataKey = onPostgres ? source.dataKey : undefined;
  const dbB = onPostgres ? await emptyPgDatabase() : null;
  const logFile = path.join(work, 'server.log');
  let a: Server | null = null;
  let b: Server | null = null;
  let t0 = Date.now();
  const phase = (what: string) => {
    console.error(`# ${what}: ${Date.now() - t0} ms`);
    t0 = Date.now();
  };
  try {
    // Load shedding off: this drill is about what a backup holds, and the shedder's 503s (on a busy test
    // machine) would only thin out the writes.
    a = await startServer({ dataDir: dataA, databaseUrl: source.databaseUrl, dataKey, logFile, env: noShedding });
    phase('demo data loaded, server started');
    const driver = await login(a.url, demoWorkers.driver);
    const load = writeLoad(a, driver);
    while (load.acked.length < 50 && !load.failures.length) await sleep(50); // the writers are going
    const before = [...load.acked];
    const ackedAtStart = load.acked.length;
    const backup = onPostgres
      ? await runAsync('pg_dump', ['-Fc', '-f', backupFile, source.databaseUrl!])
      : await runAsync('npm', ['run', '-s', 'db:backup', '--', backupFile], { DATA_DIR: dataA, DATABASE_URL: '' });
    const ackedDuring = load.acked.length - ackedAtStart;
    await sleep(300);
    await load.stop();
    assert.equal(backup.status, 0, backup.out);
    assert.deepEqual(load.failures, [], 'no write failed while the backup ran');
    assert.ok(ackedDuring > 0, 'writes were acknowledged while the backup ran');
    const size = fs.statSync(backupFile).size;
    phase('load and backup');
    await a.kill('SIGTERM');
    a = null;

    let backupCounts: Record<string, number>;
    let restoreMs: number;
    if (onPostgres) {
      backupCounts = dumpCounts(backupFile);
      const r = run('pg_restore', ['--no-owner', '--exit-on-error', '-d', dbB!.url, backupFile]);
      assert.equal(r.status, 0, r.stderr);
      restoreMs = r.ms;
    } else {
      backupCounts = sqliteCounts(backupFile);
      assert.ok(fs.existsSync(`${backupFile}.key`), 'db:backup kept the generated data key');
      const r = run('npm', ['run', '-s', 'db:restore', '--', backupFile], { DATA_DIR: dataB, DATABASE_URL: '' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      restoreMs = r.ms;
    }
    const cases = backupCounts.cases ?? 0;
    assert.ok(cases >= before.length, `the backup holds at least the ${before.length} cases acknowledged before it`);

    // The restored database holds exactly what the backup holds (read before the server starts: at start
    // it runs its sweeps, which may give the drill's cases an owner and audit that).
    const restored = onPostgres ? await pgCounts(dbB!.url) : sqliteCounts(path.join(dataB, 'nuanxin.sqlite'));
    assert.deepEqual(sortedDiff(restored, backupCounts), [], 'per-table counts of the restored database equal the backup');
    phase('restored');
    b = await startServer({ dataDir: dataB, databaseUrl: dbB?.url, dataKey, logFile, env: noShedding });
    phase('restored server started');
    await checkRestoredServer(b, before);
    await b.kill('SIGTERM');
    b = null;
    phase('restored product checked');

    // Integrity and the audit chain.
    const handle = onPostgres ? openPostgres(dbB!.url, 2) : openSqlite(path.join(dataB, 'nuanxin.sqlite'));
    let integrity: string;
    let audit: Awaited<ReturnType<typeof verifyAuditChain>>;
    try {
      const check = await integrityCheck(handle);
      assert.ok(check.ok, check.detail);
      integrity = check.detail;
      audit = await verifyAuditChain(handle.db);
      assert.ok(audit.ok, `audit chain: ${JSON.stringify(audit)}`);
    } finally {
      await handle.close();
    }
    console.log(
      `backup drill (${onPostgres ? 'PostgreSQL' : 'SQLite'}): ${WRITERS} writers; backup ${size} bytes in ${backup.ms} ms, ` +
        `${ackedDuring} writes acknowledged while it ran, ${load.acked.length} in all; ${before.length} acknowledged before it, 0 missing after restore; ` +
        `restore ${restoreMs} ms; ${Object.keys(backupCounts).length} tables, ${Object.values(backupCounts).reduce((s, n) => s + n, 0)} rows, counts equal; integrity: ${integrity}; audit chain ok (${audit.checked} records)`,
    );
  } finally {
    await a?.kill('SIGKILL');
    await b?.kill('SIGKILL');
    await dbB?.drop();
    await source.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
