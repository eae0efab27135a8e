// Drills against a real server process (tests/hardening/): start `node --import tsx src/server/main.ts`
// on a SQLite data directory or a fresh PostgreSQL database, kill it (SIGKILL mid-write), start it again
// on the same port and data, and check the database afterwards from this process. Used by the crash and
// ingest-under-kills tests (H3) and the backup / full-disk / outage drills (H4).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { freePort } from '../../scripts/free-port.js';
import { testLogDir } from '../helpers/app.js';
import { createDatabase, dropDatabase } from '../helpers/db.js';
import { loadConfig } from '../../src/server/platform/config.js';
import { migrateToLatest, openPostgres, openSqlite, type DbHandle } from '../../src/server/platform/db.js';
import { buildApp } from '../../src/server/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { rng } from '../../src/server/demo/factories.js';
import { ensurePlatforms } from '../../src/server/modules/oversight/registry.service.js';
import { ensureDefaultRules } from '../../src/server/modules/oversight/rules.service.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const onPostgres = !!process.env.DATABASE_URL;

/** Where a drill's server keeps its data: a SQLite data directory, or (DATABASE_URL set) a PostgreSQL database of its own. */
export type ServerDb = {
  /** Always present: the SQLite file lives here; the server's log files too. */
  dataDir: string;
  /** Set on PostgreSQL: the fresh database's URL. */
  databaseUrl?: string;
  /** The data key the server must be started with (DATA_KEY). */
  dataKey: string;
  /** Opens the database from this process (for set-up and checks); close it before the server writes again if you like. */
  open(): DbHandle;
  /** Drops the PostgreSQL database and removes the data directory. */
  drop(): Promise<void>;
};

/**
 * A fresh, migrated database for a server process: a new data directory with `nuanxin.sqlite` in it, or,
 * when DATABASE_URL is set, a new PostgreSQL database beside it (dropped by `drop()`).
 */
export async function freshServerDb(): Promise<ServerDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-hard-'));
  const dataKey = randomBytes(32).toString('base64');
  let databaseUrl: string | undefined;
  let name = '';
  if (onPostgres) {
    ({ name, url: databaseUrl } = await createDatabase('nx_hard'));
  }
  const open = () => (databaseUrl ? openPostgres(databaseUrl, 4) : openSqlite(path.join(dataDir, 'nuanxin.sqlite')));
  const h = open();
  try {
    await migrateToLatest(h.db);
  } finally {
    await h.close();
  }
  return {
    dataDir,
    databaseUrl,
    dataKey,
    open,
    drop: async () => {
      if (name) await dropDatabase(name, { terminate: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads a small demo (40 workers, no generated cases or orders: a few seconds) from this process, so the
 * server can start with SEED_DEMO=false and be killed from its very first second. Same set-up as main.ts's
 * first start (platforms, default rules, demo), with the server's data key.
 */
export async function seedSmallDemo(sdb: ServerDb, opts: { workers?: number } = {}): Promise<void> {
  const h = sdb.open();
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: sdb.dataDir, DATA_KEY: sdb.dataKey, DATABASE_URL: sdb.databaseUrl ?? '' });
    const { app, ctx } = await buildApp(config, h);
    try {
      await ensurePlatforms(ctx.db);
      await ensureDefaultRules(ctx.db);
      await seedDemo(ctx, { workers: opts.workers ?? 40, cases: 0, orders: 0 });
    } finally {
      await app.close();
    }
  } finally {
    await h.close();
  }
}

export type RunningServer = {
  url: string;
  port: number;
  pid: number;
  /** Every life of this server appends its stdout and stderr here. */
  logFile: string;
  /** Sends the signal (SIGKILL by default) and resolves when the process is gone, with its exit code or signal. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True until the process exits. */
  alive(): boolean;
};

/**
 * Starts the real server (`node --import tsx src/server/main.ts`) on 127.0.0.1 and resolves once
 * /api/health answers 200. `port` reuses a port (a restart after a kill keeps the URL); otherwise a free
 * one is picked. Rate limits are lifted and the demo is not seeded unless `env` says otherwise.
 */
export async function startServer(opts: { dataDir?: string; databaseUrl?: string; dataKey?: string; env?: Record<string, string>; port?: number; logFile?: string; readyTimeoutMs?: number }): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nx-hard-'));
  // With the test apps' logs, so that npm run scan:secrets reads what the real server wrote too.
  fs.mkdirSync(testLogDir, { recursive: true });
  const logFile = opts.logFile ?? path.join(testLogDir, `server-${path.basename(dataDir)}.log`);
  const fd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: opts.databaseUrl ?? '',
        ...(opts.dataKey ? { DATA_KEY: opts.dataKey } : {}),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
        ...opts.env,
      },
      stdio: ['ignore', fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded machine loading the server's modules alone can take a minute.
  const deadline = Date.now() + (opts.readyTimeoutMs ?? Number(process.env.HARD_READY_TIMEOUT_MS ?? 240_000));
  for (;;) {
    if (exit) throw new Error(`server exited (${JSON.stringify(exit)}) before it was ready; see ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`server did not answer /api/health in time; see ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: child.pid!,
    logFile,
    alive: () => !exit,
    kill: async (signal = 'SIGKILL') => {
      if (exit) return exit;
      child.kill(signal);
      return exited;
    },
  };
}

const tail = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8').slice(-3000);
  } catch {
    return '';
  }
};

/** A small HTTP client with a cookie, for a real server (fetch; no Origin header, as a phone app's same-origin call). */
export async function call(url: string, method: string, pathName: string, opts: { cookie?: string; body?: unknown; headers?: Record<string, string>; raw?: string | Buffer; timeoutMs?: number } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | Uint8Array | undefined;
  if (opts.raw !== undefined) body = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw);
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(url + pathName, { method, headers, body: body as BodyInit | undefined, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json: json as Record<string, any>, text, headers: res.headers };
}

/** A 503 from load shedding (decision 0023): refused before any work, with Retry-After — not acknowledged, to be sent again later, as a phone does. */
export const isShed = (res: { status: number; json: Record<string, any> | null; headers: Headers }) => res.status === 503 && res.json?.error?.code === 'unavailable' && res.headers.has('retry-after');

/** Signs in (a demo account: password nuanxin2026) and answers the Cookie header. */
export async function login(url: string, phone: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${await res.text()}`);
  return cookieOf(res.headers);
}

export const cookieOf = (h: Headers) => {
  const c = h.getSetCookie().find((x) => x.startsWith('nx_session='));
  return c ? c.split(';')[0]! : '';
};

export type IntegrityResult = { ok: boolean; detail: string };

/**
 * The database's own integrity checks. SQLite: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`.
 * PostgreSQL: every table read in full, every B-tree index checked against its table with amcheck
 * (`bt_index_check(index, heapallindexed)`), and no constraint left unvalidated.
 */
export async function integrityCheck(h: DbHandle): Promise<IntegrityResult> {
  if (h.kind === 'sqlite') {
    const integrity = h.sqlite!.pragma('integrity_check') as { integrity_check: string }[];
    const fk = h.sqlite!.pragma('foreign_key_check') as unknown[];
    const ok = integrity.length === 1 && integrity[0]!.integrity_check === 'ok' && fk.length === 0;
    return { ok, detail: `integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}; foreign_key_check: ${fk.length} rows` };
  }
  const problems: string[] = [];
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public'`.execute(h.db)).rows;
  for (const { t } of tables) {
    try {
      await sql`select count(*) from ${sql.table(t)}`.execute(h.db);
      // Reads every column of every row (detoasts too): a damaged page or value fails here.
      await sql`select md5(string_agg(x::text, '')) from ${sql.table(t)} x`.execute(h.db);
    } catch (e) {
      problems.push(`${t}: ${(e as Error).message}`);
    }
  }
  await sql`create extension if not exists amcheck`.execute(h.db);
  const indexes = (await sql<{ i: string }>`select c.relname as i from pg_index x join pg_class c on c.oid = x.indexrelid join pg_namespace n on n.oid = c.relnamespace join pg_am a on a.oid = c.relam where n.nspname = 'public' and a.amname = 'btree'`.execute(h.db)).rows;
  for (const { i } of indexes) {
    try {
      await sql`select bt_index_check(${sql.lit(i)}::regclass, true)`.execute(h.db);
    } catch (e) {
      problems.push(`index ${i}: ${(e as Error).message}`);
    }
  }
  const unvalidated = (await sql<{ c: string }>`select conname as c from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public' and not convalidated`.execute(h.db)).rows;
  for (const { c } of unvalidated) problems.push(`constraint ${c} not validated`);
  return { ok: problems.length === 0, detail: problems.length ? problems.join('; ') : `${tables.length} tables read, ${indexes.length} B-tree indexes checked (amcheck), all constraints valid` };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo's seeded generator (mulberry32) with a shuffle, so a failing run can be repeated with CRASH_SEED. */
export function prng(seed: number) {
  const r = rng(seed);
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  return { ...r, shuffle };
}

/** A worker's rights case as the drills file it: the wrong-way fine of the article, numbered. */
export const caseBody = (label: string, n: number) => ({
  category: 'traffic_fine',
  title: `${label} ${n}：公交可双向通行路段被以逆行处罚`,
  description: '我在河滩路辅道接单时被交警以逆行罚款200元记3分，但该路段公交和出租车可以双向通行。',
  occurredOn: '2026-11-28',
  place: '乌鲁木齐市河滩路辅道',
  lat: 43.8256,
  lng: 87.5932,
  respondentName: '乌鲁木齐市公安局交通警察支队',
  respondentKind: 'authority',
});
