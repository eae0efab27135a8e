// Outage drills (issue 8, "No data lost"): a full disk under the SQLite data directory, and an unreachable
// PostgreSQL. Either way the API answers 503 `unavailable` with a clear message and Retry-After (never a
// 500, never a hang), nothing is corrupted, and the server recovers by itself when the cause is gone.
// Runs only by name (tests/hardening); the full-disk drill runs on SQLite, the PostgreSQL drills with
// DATABASE_URL set. The full-disk drill mounts a small tmpfs, so it needs root (as here and in CI).
//   node scripts/test.mjs tests/hardening/outage.test.ts
//   DATABASE_URL=postgres://… node scripts/test.mjs tests/hardening/outage.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openSqlite } from '../../src/server/platform/db.js';
import { verifyAuditChain } from '../../src/server/platform/audit.js';
import { demoWorkers } from '../../src/server/demo/seed.js';
import { call, freshServerDb, integrityCheck, login, onPostgres, seedSmallDemo, sleep, startServer, type RunningServer, type ServerDb, caseBody } from './support.js';

const drillCase = (n: number) => caseBody('故障演练', n);

// Load shedding off: its own 503 ("busy", on a loaded test machine) is not the answer under test here.
const noShedding = { SHED_MAX_IN_FLIGHT: '0', SHED_MAX_QUEUE_MS: '0' };

type Answer = Awaited<ReturnType<typeof call>>;
/** A 503 as the product promises it: code `unavailable`, a message saying what is wrong, Retry-After. */
function assertUnavailable(res: Answer, what: string, message: RegExp) {
  assert.equal(res.status, 503, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.json?.error?.code, 'unavailable', what);
  assert.match(String(res.json?.error?.message), message, what);
  assert.match(res.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
  assert.doesNotMatch(res.text, /SQLITE_|ECONN|at .*\.ts:\d+/, `${what}: no internals in the body`);
}

/** Polls until the request answers `status`; resolves with the time it took. */
async function until(what: string, f: () => Promise<Answer>, status: number, limitMs = 60_000): Promise<number> {
  const started = Date.now();
  let last: Answer | null = null;
  while (Date.now() - started < limitMs) {
    try {
      last = await f();
      if (last.status === status) return Date.now() - started;
    } catch {
      // a timed-out request: try again
    }
    await sleep(100);
  }
  throw new Error(`${what}: no ${status} within ${limitMs} ms (last: ${last?.status} ${last?.text.slice(0, 200)})`);
}

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

test('a full disk under the SQLite data directory: writes answer 503, reads go on, nothing is corrupted, the next write after freeing space succeeds', { skip: onPostgres && 'SQLite only (PostgreSQL keeps its own data directory)', timeout: 300_000 }, async () => {
  const sdb = await freshServerDb();
  await seedSmallDemo(sdb, { workers: 20 });
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-h4-disk-'));
  const logFile = path.join(sdb.dataDir, 'server-on-small-disk.log');
  const size = fs.statSync(path.join(sdb.dataDir, 'nuanxin.sqlite')).size;
  const mb = Math.ceil(size / 1024 / 1024) + 4;
  let mounted = false;
  let server: RunningServer | null = null;
  try {
    sh('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', mount]);
    mounted = true;
    fs.copyFileSync(path.join(sdb.dataDir, 'nuanxin.sqlite'), path.join(mount, 'nuanxin.sqlite'));
    server = await startServer({ dataDir: mount, dataKey: sdb.dataKey, logFile, env: noShedding });
    const driver = await login(server.url, demoWorkers.driver);
    const acked: string[] = [];
    const file = async (n: number) => {
      const res = await call(server!.url, 'POST', '/api/cases', { cookie: driver, body: drillCase(n) });
      if (res.status === 201) acked.push(res.json.case.id as string);
      return res;
    };
    for (let i = 0; i < 5; i++) assert.equal((await file(i)).status, 201);
    const known = acked[0]!;

    // The WAL is emptied (so the next commit must grow a file), then the disk is filled to the last byte.
    const side = new SQLite(path.join(mount, 'nuanxin.sqlite'));
    side.pragma('busy_timeout = 5000');
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    const filler = path.join(mount, 'filler');
    const fd = fs.openSync(filler, 'w');
    for (const chunk of [1 << 20, 1 << 16, 4096, 512, 1]) {
      const buf = Buffer.alloc(chunk, 1);
      for (;;) {
        try {
          if (fs.writeSync(fd, buf) < chunk) break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          break;
        }
      }
    }
    fs.closeSync(fd);

    // Writes: 503 with the disk's message, every time, and none of them half-stored.
    const refused: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await file(100 + i);
      if (res.status === 201) continue; // a commit that still fitted in a page the files already had
      assertUnavailable(res, `write ${i} on a full disk`, /disk is full/);
      refused.push(res);
    }
    assert.ok(refused.length > 0, 'the full disk refused writes');
    // Sign-in writes a session: refused the same way.
    assertUnavailable(await call(server.url, 'POST', '/api/auth/login', { body: { phone: demoWorkers.courier, password: 'nuanxin2026' } }), 'sign-in on a full disk', /disk is full/);
    // Reads go on, except those that must leave an audit record (opening a case file): no record, no read.
    const reads = [
      await call(server.url, 'GET', '/api/health'),
      await call(server.url, 'GET', '/api/cases/mine', { cookie: driver }),
      await call(server.url, 'GET', '/api/reference'),
    ];
    for (const r of reads) assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.ok(JSON.stringify(reads[1]!.json).includes(known), 'my cases list the ones stored before the disk filled');
    assertUnavailable(await call(server.url, 'GET', `/api/cases/${known}`, { cookie: driver }), 'an audited read on a full disk', /disk is full/);
    // Nothing corrupted while full.
    const during = new SQLite(path.join(mount, 'nuanxin.sqlite'), { readonly: true });
    assert.equal(during.pragma('integrity_check', { simple: true }), 'ok');
    during.close();

    // Space freed: the very next write succeeds, without a restart.
    fs.rmSync(filler);
    const after = await file(999);
    assert.equal(after.status, 201, `the first write after freeing space: ${after.status} ${after.text.slice(0, 300)}`);
    assert.equal(server.alive(), true);
    const pid = server.pid;
    await server.kill('SIGTERM');
    server = null;

    // Every acknowledged case is there, no refused one is, and the database and audit chain are sound.
    const h = openSqlite(path.join(mount, 'nuanxin.sqlite'));
    try {
      const check = await integrityCheck(h);
      assert.ok(check.ok, check.detail);
      const audit = await verifyAuditChain(h.db);
      assert.ok(audit.ok, JSON.stringify(audit));
      const stored = (await sql<{ id: string }>`select id from cases where title like ${'故障演练 %'}`.execute(h.db)).rows.map((r) => r.id).sort();
      assert.deepEqual(stored, [...acked].sort(), 'exactly the acknowledged cases are stored');
      console.log(
        `full disk (SQLite on a ${mb} MB tmpfs, server pid ${pid}): ${refused.length} of 10 writes answered 503 "${refused[0]!.json.error.message}" ` +
          `(Retry-After ${refused[0]!.headers.get('retry-after')}), sign-in 503, the audited case read 503, ${reads.length} unaudited reads 200; after freeing space the next write 201 with no restart; ` +
          `${acked.length} acknowledged cases all stored, 0 refused ones stored; ${check.detail}; audit chain ok (${audit.checked} records)`,
      );
    } finally {
      await h.close();
    }
  } finally {
    await server?.kill('SIGKILL');
    if (mounted) {
      const r = spawnSync('umount', [mount]);
      if (r.status !== 0) spawnSync('umount', ['-l', mount]);
    }
    fs.rmSync(mount, { recursive: true, force: true });
    await sdb.drop();
  }
});

/**
 * A TCP proxy in front of PostgreSQL. `stop()`: PostgreSQL goes away (every connection reset, new ones
 * closed at once). `partition()`: the network goes silent (nothing passes either way, new connections
 * are accepted and never answered). `restore()`: traffic flows again (connections that lost bytes are
 * closed, as after a real partition they would be unusable).
 */
async function pgProxy(target: URL) {
  type Pair = { a: net.Socket; b: net.Socket | null; tainted: boolean };
  const pairs = new Set<Pair>();
  let mode: 'up' | 'stopped' | 'partitioned' = 'up';
  const server = net.createServer((a) => {
    a.on('error', () => {});
    if (mode === 'stopped') return void a.destroy();
    const pair: Pair = { a, b: null, tainted: false };
    pairs.add(pair);
    a.on('close', () => {
      pair.b?.destroy();
      pairs.delete(pair);
    });
    const connect = () => {
      const b = net.connect(Number(target.port || 5432), target.hostname);
      pair.b = b;
      b.on('error', () => a.destroy());
      b.on('close', () => a.destroy());
      a.on('data', (d) => (mode === 'up' ? b.write(d) : (pair.tainted = true)));
      b.on('data', (d) => (mode === 'up' ? a.write(d) : (pair.tainted = true)));
    };
    if (mode === 'up') connect();
    else {
      pair.tainted = true; // accepted during a partition: never answered
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stop: () => {
      mode = 'stopped';
      for (const p of pairs) {
        p.a.destroy();
        p.b?.destroy();
      }
    },
    partition: () => {
      mode = 'partitioned';
    },
    restore: () => {
      mode = 'up';
      for (const p of pairs) {
        if (p.tainted) {
          p.a.destroy();
          p.b?.destroy();
        }
      }
    },
    close: () => {
      for (const p of pairs) {
        p.a.destroy();
        p.b?.destroy();
      }
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const viaProxy = (sdb: ServerDb, port: number) => {
  const u = new URL(sdb.databaseUrl!);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
};

test('PostgreSQL unreachable (stopped, then a silent network): 503 with Retry-After within seconds, /api/health says unavailable, recovery by itself', { skip: !onPostgres && 'PostgreSQL only (DATABASE_URL)', timeout: 300_000 }, async () => {
  const sdb = await freshServerDb();
  await seedSmallDemo(sdb, { workers: 20 });
  const proxy = await pgProxy(new URL(sdb.databaseUrl!));
  let server: RunningServer | null = null;
  const figures: string[] = [];
  try {
    // A short read timeout, so the silent-network case answers within seconds here (the default is 30 s).
    server = await startServer({ dataDir: sdb.dataDir, databaseUrl: viaProxy(sdb, proxy.port), dataKey: sdb.dataKey, env: { DB_QUERY_TIMEOUT_MS: '3000', ...noShedding } });
    const url = server.url;
    const driver = await login(url, demoWorkers.driver);
    const acked: string[] = [];
    const file = async (n: number) => {
      const res = await call(url, 'POST', '/api/cases', { cookie: driver, body: drillCase(n), timeoutMs: 20_000 });
      if (res.status === 201) acked.push(res.json.case.id as string);
      return res;
    };
    assert.equal((await file(0)).status, 201);
    const known = acked[0]!;
    let n = 1;

    for (const outage of ['stopped', 'partitioned'] as const) {
      if (outage === 'stopped') proxy.stop();
      else proxy.partition();
      const answers: { what: string; res: Answer; ms: number }[] = [];
      const timed = async (what: string, f: () => Promise<Answer>) => {
        const started = Date.now();
        const res = await f(); // each request has a 20 s deadline: a hang fails the test
        answers.push({ what, res, ms: Date.now() - started });
      };
      for (let round = 0; round < 3; round++) {
        await timed('health', () => call(url, 'GET', '/api/health', { timeoutMs: 20_000 }));
        await timed('write', () => file(n++));
        await timed('read', () => call(url, 'GET', `/api/cases/${known}`, { cookie: driver, timeoutMs: 20_000 }));
        await timed('sign-in', () => call(url, 'POST', '/api/auth/login', { body: { phone: demoWorkers.courier, password: 'nuanxin2026' }, timeoutMs: 20_000 }));
      }
      for (const a of answers) assertUnavailable(a.res, `${a.what} while PostgreSQL is ${outage}`, /database is unavailable/);
      const healthBody = answers.find((a) => a.what === 'health')!.res.json;
      assert.equal(healthBody.error.code, 'unavailable');
      // Back: the server finds PostgreSQL again by itself.
      const back = Date.now();
      proxy.restore();
      const healthy = await until('health after restore', () => call(url, 'GET', '/api/health', { timeoutMs: 20_000 }), 200);
      const write = await file(n++);
      assert.equal(write.status, 201, `the first write after PostgreSQL is back: ${write.status} ${write.text.slice(0, 300)}`);
      assert.equal(server.alive(), true, 'no restart');
      const ms = answers.map((a) => a.ms).sort((x, y) => x - y);
      figures.push(
        `${outage}: ${answers.length}/${answers.length} requests 503 "${answers[0]!.res.json.error.message}" with Retry-After ${answers[0]!.res.headers.get('retry-after')} ` +
          `(answer times ${ms[0]}–${ms.at(-1)} ms), health 503; healthy again ${healthy} ms after restore, next write 201 (${Date.now() - back} ms after restore)`,
      );
    }
    await server.kill('SIGTERM');
    server = null;

    // Only the acknowledged cases are stored; the database and the audit chain are sound.
    const h = sdb.open();
    try {
      const stored = (await sql<{ id: string }>`select id from cases where title like ${'故障演练 %'}`.execute(h.db)).rows.map((r) => r.id).sort();
      assert.deepEqual(stored, [...acked].sort(), 'exactly the acknowledged cases are stored');
      const check = await integrityCheck(h);
      assert.ok(check.ok, check.detail);
      const audit = await verifyAuditChain(h.db);
      assert.ok(audit.ok, JSON.stringify(audit));
      console.log(`PostgreSQL outage: ${figures.join('; ')}; ${acked.length} acknowledged cases all stored, 0 refused ones; ${check.detail}; audit chain ok (${audit.checked} records)`);
    } finally {
      await h.close();
    }
  } finally {
    await server?.kill('SIGKILL');
    await proxy.close();
    await sdb.drop();
  }
});

test('a server started while PostgreSQL is unreachable says so and waits, then starts when it is back; past DB_WAIT_SECONDS it exits with a clear message', { skip: !onPostgres && 'PostgreSQL only (DATABASE_URL)', timeout: 300_000 }, async () => {
  const sdb = await freshServerDb();
  await seedSmallDemo(sdb, { workers: 10 });
  const proxy = await pgProxy(new URL(sdb.databaseUrl!));
  const logFile = path.join(sdb.dataDir, 'start-unreachable.log');
  let server: RunningServer | null = null;
  try {
    proxy.stop();
    const starting = startServer({ dataDir: sdb.dataDir, databaseUrl: viaProxy(sdb, proxy.port), dataKey: sdb.dataKey, logFile, env: { DB_WAIT_SECONDS: '120' }, readyTimeoutMs: 180_000 });
    starting.catch(() => {}); // awaited below
    const waitingSince = Date.now();
    while (!/The database is unreachable .*waiting up to 120 s/.test(fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '')) {
      if (Date.now() - waitingSince > 120_000) throw new Error(`no "waiting" message:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      await sleep(200);
    }
    const restoredAt = Date.now();
    proxy.restore();
    server = await starting;
    const startedAfter = Date.now() - restoredAt;
    assert.match(fs.readFileSync(logFile, 'utf8'), /The database answers now; starting\./);
    await login(server.url, demoWorkers.driver);
    await server.kill('SIGTERM');
    server = null;

    // Still unreachable after DB_WAIT_SECONDS: a clear message and a non-zero exit, not a hang.
    proxy.stop();
    const exitLog = path.join(sdb.dataDir, 'start-gives-up.log');
    await assert.rejects(
      startServer({ dataDir: sdb.dataDir, databaseUrl: viaProxy(sdb, proxy.port), dataKey: sdb.dataKey, logFile: exitLog, env: { DB_WAIT_SECONDS: '2' }, readyTimeoutMs: 120_000 }),
      /server exited/,
    );
    const said = fs.readFileSync(exitLog, 'utf8');
    assert.match(said, /Nuanxin could not start: the database is unreachable \(.+\) after waiting 2 s\. Check DATABASE_URL/);
    const u = new URL(sdb.databaseUrl!);
    assert.ok(!said.includes(`${u.username}:${u.password}@`), 'the message holds no credentials');
    console.log(`start while PostgreSQL is unreachable: waits and says so; started ${startedAfter} ms after PostgreSQL came back; with DB_WAIT_SECONDS=2 it exits: "${/Nuanxin could not start:.*/.exec(said)![0]}"`);
  } finally {
    await server?.kill('SIGKILL');
    await proxy.close();
    await sdb.drop();
  }
});
