import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrateToLatest, openPostgres, openSqlite, type DbHandle } from '../../src/server/platform/db.js';

/** True when this run targets PostgreSQL (DATABASE_URL set), as `npm test` does in CI's second pass. */
export const onPostgres = !!process.env.DATABASE_URL;

/**
 * A freshly migrated database of its own for one test file: a new SQLite file in a temp folder, or a
 * new PostgreSQL database created beside DATABASE_URL's and dropped at close.
 */
export async function freshDb(): Promise<DbHandle & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-test-'));
  if (!onPostgres) {
    const h = openSqlite(path.join(dir, 'test.sqlite'));
    await migrateToLatest(h.db);
    return {
      ...h,
      dir,
      close: async () => {
        await h.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { name, url } = await createDatabase('nx_test');
  const h = openPostgres(url, 5);
  await migrateToLatest(h.db);
  return {
    ...h,
    dir,
    close: async () => {
      await h.close();
      await dropDatabase(name);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty PostgreSQL database beside DATABASE_URL's: its name and URL. */
export async function createDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Drops a database made by createDatabase. `terminate` first ends the sessions still connected (a killed
 * server's); what may otherwise still be connected is PostgreSQL's own (autovacuum), which a
 * non-superuser cannot terminate: wait for it rather than fail the test.
 */
export async function dropDatabase(name: string, opts: { terminate?: boolean } = {}): Promise<void> {
  const a = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await a.connect();
  try {
    if (opts.terminate) await a.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
    for (let attempt = 0; ; attempt++) {
      try {
        await a.query(`drop database if exists ${name}`);
        break;
      } catch (e) {
        if (attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await a.end();
  }
}
