import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, Migrator, sql, type Compilable, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
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
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL on a full disk, SQLITE_IOERR):
  // Kysely's own rollback then fails with "no transaction is active" and hides the error that caused it,
  // which the caller must see (a full disk answers 503, not 500). So a rollback with nothing to roll back
  // does nothing.
  const nothingToRollBack = { reader: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) } as unknown as SQLite.Statement;
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      if (sqlText === 'rollback' && !sqlite.inTransaction) return nothingToRollBack;
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

/**
 * Timeouts so that an unreachable PostgreSQL answers as an error (a 503) within seconds instead of a
 * hang: `connectTimeoutMs` for a new connection (or a wait for a free one), `queryTimeoutMs` for an answer
 * on an open connection (a network cut sends no reset). A connection that timed out or broke is
 * discarded, never handed out again; the pool opens new ones when PostgreSQL is back.
 */
export type PgTimeouts = { connectTimeoutMs?: number; queryTimeoutMs?: number };

export function openPostgres(url: string, max = 10, timeouts: PgTimeouts = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Without timeouts (tests, scripts, benchmarks) a query may take as long as it needs; the server
    // passes its settings through openDatabase.
    connectionTimeoutMillis: timeouts.connectTimeoutMs ?? 0,
    query_timeout: timeouts.queryTimeoutMs || undefined,
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * Server-side prepared statements for the statements a process runs again and again, as JDBC's driver
 * does (prepareThreshold): from its third run, a statement text is sent once per connection as a named
 * statement and then only bound and executed, so PostgreSQL neither parses it again nor, once it settles
 * on a generic plan, plans it again. On these machines parsing and planning a four-table join costs more
 * than running it (bench:cases). At most `maxNames` texts get names, so a process that builds many
 * one-off texts holds a bounded number of statements open on each connection.
 */
function preparing(pool: pg.Pool, threshold = 3, maxNames = 400) {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const name = names.get(text);
    if (name || names.size >= maxNames) return name;
    const n = (seen.get(text) ?? 0) + 1;
    if (n < threshold) {
      if (seen.size > 10_000) seen.clear();
      seen.set(text, n);
      return undefined;
    }
    seen.delete(text);
    const given = `nx${names.size + 1}`;
    names.set(text, given);
    return given;
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      // After a read timeout the connection still waits for the lost answer: it must not be reused.
      let broken = false;
      const lost = (e: unknown) => {
        if (isConnectionLost(e)) broken = true;
        throw e;
      };
      // A connection lost while checked out (between two queries of a transaction) emits 'error' on the
      // client, which with no listener would end the process: the next query reports it instead.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      return {
        query: (q: unknown, values?: unknown[]) => {
          const name = typeof q === 'string' && values?.length ? nameOf(q) : undefined;
          return (name ? client.query({ name, text: q as string, values }) : client.query(q as string, values)).catch(lost);
        },
        release: (err?: Error | boolean) => {
          client.removeListener('error', onError);
          client.release(err || broken || undefined);
        },
      };
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

export function openDatabase(opts: { databaseUrl: string; dataDir: string; database?: PgTimeouts }): DbHandle {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, 10, opts.database ? { connectTimeoutMs: 5_000, ...opts.database } : {})
    : openSqlite(path.join(opts.dataDir, 'nuanxin.sqlite'));
}

/** The database cannot be reached or stopped answering (PostgreSQL): the request may succeed later. */
export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  const code = err?.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|Query read timeout|timeout exceeded when trying to connect|not queryable|connect ECONNREFUSED/.test(err?.message ?? '')
  );
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

/**
 * At start: waits up to `seconds` for an unreachable database (PostgreSQL starting, the network back),
 * saying so once; then gives up with an error that says what to check. Other errors (a wrong password,
 * a missing database) are thrown at once.
 */
export async function waitForDatabase(handle: DbHandle, seconds: number, say: (message: string) => void): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let said = false;
  for (;;) {
    try {
      await ping(handle.db);
      if (said) say('The database answers now; starting.');
      return;
    } catch (e) {
      if (!isConnectionLost(e)) throw e;
      const why = e instanceof Error ? e.message : String(e);
      if (Date.now() >= until) {
        throw new Error(`the database is unreachable (${why}) after waiting ${seconds} s. Check DATABASE_URL and that PostgreSQL is running and reachable from here.`);
      }
      if (!said) say(`The database is unreachable (${why}); waiting up to ${seconds} s for it (DB_WAIT_SECONDS)…`);
      said = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * `.where(isAnyOf(q, 'table.column', values))`: the column holds one of the values. On PostgreSQL the
 * list is one array parameter, so the statement's text is the same for any number of values and can stay
 * prepared (openPostgres); SQLite gets an IN-list.
 */
export function isAnyOf(q: Db | Tx, column: string, values: readonly (string | number)[]): RawBuilder<SqlBool> {
  if (q.getExecutor().adapter.constructor.name.startsWith('Postgres')) return sql<SqlBool>`${sql.ref(column)} = any(${values})`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
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

// SQLite binds at most 32,766 parameters a statement, PostgreSQL 65,535: multi-row inserts are cut below both.
const MAX_PARAMS = 30_000;
/**
 * Inserts many rows of one shape in as few statements as the parameter limits allow (one, for the
 * batches the hot paths write). Every row must have the first row's columns.
 */
export async function insertRows<T extends keyof Database>(q: Db | Tx, table: T, rows: readonly Database[T][]): Promise<void> {
  if (!rows.length) return;
  if (rows.length === 1) return insertRow(q, table, rows[0]!);
  const cols = Object.keys(rows[0] as object);
  const pg = q.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (pg && !rows.some((r) => Object.values(r as object).some((v) => v instanceof Uint8Array))) {
    // One parameter, whatever the number of rows: the statement's text never changes, so it is prepared
    // once (openPostgres) and a batch binds a single JSON array, not a thousand parameters.
    const list = cols.map((c) => `"${c}"`).join(', ');
    const text = `insert into "${String(table)}" (${list}) select ${list} from json_populate_recordset(null::"${String(table)}", $1)`;
    await q.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows)]));
    return;
  }
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = cols.map((c) => {
        params.push((row as Record<string, unknown>)[c]);
        return pg ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await q.executeQuery(CompiledQuery.raw(`insert into "${String(table)}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`, params));
  }
}

type Job<T, R> = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
/** What a batched writer answers for an item it refuses while writing the others: its caller gets the error. */
export class Rejected {
  constructor(readonly error: unknown) {}
}
/**
 * A batched writer: items that arrive together are written by one call of `write(tx, items)` in one
 * transaction, which writes them set-wise (a multi-row insert a table, one audit append for all), so a
 * burst of N costs a handful of round trips and one commit instead of N times a dozen round trips and
 * N commits. `write` answers one result per item, in order, or a `Rejected` for an item it leaves out
 * (the others are still written). Every promise settles after the commit, so
 * an acknowledged write is a durable one. If a batch fails, each of its items is tried again alone, so a
 * bad item (a duplicate key, a vanished reference) fails only its own caller. Batches run one at a time
 * per database; items arriving meanwhile form the next one. Works the same on SQLite and PostgreSQL.
 */
export function batched<T, R>(write: (tx: Tx, items: T[]) => Promise<(R | Rejected)[]>, max = 200) {
  type Queue = { pending: Job<T, R>[]; running: number; limit: number };
  const queues = new WeakMap<Db, Queue>();
  const run = async (db: Db, items: T[]) => {
    const out = await db.transaction().execute((tx) => write(tx, items));
    if (out.length !== items.length) throw new Error('batched(): write must answer one result per item');
    return out;
  };
  const settle = (j: Job<T, R>, r: R | Rejected) => (r instanceof Rejected ? j.reject(r.error) : j.resolve(r));
  const flush = async (db: Db, q: Queue) => {
    while (q.pending.length) {
      const batch = q.pending.splice(0, max);
      try {
        const out = await run(db, batch.map((j) => j.item));
        batch.forEach((j, i) => settle(j, out[i]!));
      } catch (e) {
        if (batch.length === 1) batch[0]!.reject(e);
        else
          for (const j of batch) {
            try {
              settle(j, (await run(db, [j.item]))[0]!);
            } catch (e1) {
              j.reject(e1);
            }
          }
      }
    }
    q.running--;
  };
  return (db: Db, item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      let q = queues.get(db);
      // PostgreSQL: two batches in flight, so one is sent and planned while the other waits on its commit.
      if (!q) queues.set(db, (q = { pending: [], running: 0, limit: db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 2 : 1 }));
      q.pending.push({ item, resolve, reject });
      if (q.running < q.limit) {
        q.running++;
        const queue = q;
        setImmediate(() => void flush(db, queue));
      }
    });
}

/** A unique or primary-key constraint refused the row: PostgreSQL's 23505, SQLite's constraint codes. */
export const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string } | null;
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
};
