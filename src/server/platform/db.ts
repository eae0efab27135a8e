import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, Migrator, sql, type Transaction } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
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
