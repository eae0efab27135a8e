import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, Migrator, sql, type Compilable, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { migrations } from '../../../db/migrations/index.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbKind = 'sqlite' | 'postgres';

export type DbHandle = {
  db: Db;
  kind: DbKind;
  /** Present for SQLite: the raw handle, for online backup and integrity checks. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
};

// int8 and numeric come back from node-postgres as strings; our bigint columns are epoch ms and counters.
pg.types.setTypeParser(20, (v) => Number(v));

export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; preparing was the largest single cost of a request (measured by
 * bench:http). Statements run synchronously to completion, so one prepared statement per SQL text can
 * be reused safely. The cache is bounded: SQL with IN-lists of varying length makes new texts.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export function openPostgres(url: string, max = 10): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export function openDatabase(opts: { databaseUrl: string; dataDir: string }): DbHandle {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openSqlite(path.join(opts.dataDir, 'nuanxin.sqlite'));
}

export async function migrateToLatest(db: Db): Promise<string> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return currentMigration();
}

export const currentMigration = () => Object.keys(migrations).sort().at(-1) ?? 'none';

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

type Slot = { readonly slot: number };
/**
 * A query built and compiled once, then run with new parameters: building and compiling with Kysely
 * cost more than running the SQL on the hot paths (bench:http). `build` receives placeholders in place
 * of the arguments; each must end up as a bound parameter (not in an IN-list of varying length).
 * Kysely passes values through to the parameter list untouched, which is what makes this work.
 */
export function reusable<A extends unknown[], R>(build: (q: Db, ...args: A) => Compilable<R>) {
  const compiled = new WeakMap<object, { sql: string; map: (number | { v: unknown })[] }>();
  return async (q: Db | Tx, ...args: A): Promise<R[]> => {
    // One compilation per dialect: the placeholders' positions are the same for every call.
    const key = q.getExecutor().adapter;
    let c = compiled.get(key);
    if (!c) {
      const slots = args.map((_, i): Slot => ({ slot: i }));
      const cq = build(q as Db, ...(slots as unknown as A)).compile();
      c = {
        sql: cq.sql,
        map: cq.parameters.map((p) => (p && typeof p === 'object' && 'slot' in (p as object) ? (p as Slot).slot : { v: p })),
      };
      if (new Set(c.map.filter((m) => typeof m === 'number')).size !== args.length) {
        throw new Error('reusable(): every argument must become a bound parameter');
      }
      compiled.set(key, c);
    }
    const params = c.map.map((m) => (typeof m === 'number' ? args[m] : m.v));
    const res = await q.executeQuery<R>(CompiledQuery.raw(c.sql, params) as CompiledQuery<R>);
    return res.rows;
  };
}

type Unit = { fn: (tx: Tx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const groups = new WeakMap<Db, { pending: Unit[]; running: boolean }>();

/**
 * Group commit: writers that arrive together share one transaction, and so one fsync (SQLite with
 * `synchronous=FULL` spends most of a small write waiting for it). Each writer runs inside its own
 * savepoint, so one writer's failure rolls back only its own changes and rejects only its own promise;
 * every writer's promise settles after the shared commit, so an acknowledged write is a durable one.
 * Use it for small, independent, hot writes (filing a case, attaching a file). On PostgreSQL it is a
 * plain transaction.
 */
export function inGroupCommit<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // PostgreSQL commits concurrent transactions from its pool in parallel (and groups their WAL
  // flushes itself); batching them onto one connection would serialise every statement's round trip.
  if (db.getExecutor().adapter.constructor.name.startsWith('Postgres')) return db.transaction().execute(fn);
  let g = groups.get(db);
  if (!g) groups.set(db, (g = { pending: [], running: false }));
  const group = g;
  return new Promise<T>((resolve, reject) => {
    group.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    if (!group.running) {
      group.running = true;
      setImmediate(() => void flushGroup(db, group));
    }
  });
}

async function flushGroup(db: Db, g: { pending: Unit[]; running: boolean }) {
  while (g.pending.length) {
    const batch = g.pending.splice(0, 200);
    const results: ({ ok: true; v: unknown } | { ok: false; e: unknown })[] = [];
    try {
      await db.transaction().execute(async (tx) => {
        for (const [i, u] of batch.entries()) {
          await sql.raw(`savepoint gc${i}`).execute(tx);
          try {
            const v = await u.fn(tx);
            await sql.raw(`release savepoint gc${i}`).execute(tx);
            results.push({ ok: true, v });
          } catch (e) {
            await sql.raw(`rollback to savepoint gc${i}`).execute(tx);
            await sql.raw(`release savepoint gc${i}`).execute(tx);
            results.push({ ok: false, e });
          }
        }
      });
      batch.forEach((u, i) => {
        const r = results[i]!;
        if (r.ok) u.resolve(r.v);
        else u.reject(r.e);
      });
    } catch (e) {
      for (const u of batch) u.reject(e);
    }
  }
  g.running = false;
}

const insertSql = new WeakMap<object, Map<string, string>>();
/**
 * Inserts one row with SQL text built once per table and column list (per dialect): Kysely's builder
 * spends longer assembling a wide insert than the database spends running it, on the hot write paths.
 * Column names come from code, never from input.
 */
export async function insertRow<T extends keyof Database>(q: Db | Tx, table: T, row: Database[T]): Promise<void> {
  const adapter = q.getExecutor().adapter;
  let cache = insertSql.get(adapter);
  if (!cache) insertSql.set(adapter, (cache = new Map()));
  const cols = Object.keys(row as object);
  const key = `${String(table)}|${cols.join(',')}`;
  let text = cache.get(key);
  if (!text) {
    const pg = adapter.constructor.name.startsWith('Postgres');
    const marks = cols.map((_, i) => (pg ? `$${i + 1}` : '?'));
    text = `insert into "${String(table)}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${marks.join(', ')})`;
    cache.set(key, text);
  }
  await q.executeQuery(CompiledQuery.raw(text, cols.map((c) => (row as Record<string, unknown>)[c])));
}
