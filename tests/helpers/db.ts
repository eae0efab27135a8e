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
  const adminUrl = process.env.DATABASE_URL!;
  const name = `nx_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const h = openPostgres(url.toString(), 5);
  await migrateToLatest(h.db);
  return {
    ...h,
    dir,
    close: async () => {
      await h.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        // Our pool is closed; what may still be connected is PostgreSQL's own (autovacuum), which a
        // non-superuser cannot terminate: wait for it rather than fail the test.
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
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
