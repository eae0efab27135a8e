// SECURITY.md: "A person can export all their own data, and nobody else's." The export walks the map in
// src/server/modules/privacy/personal-data.ts; this test reads the migrated schema itself and fails when
// a column pointing at a user or a worker is in neither the map nor its list of non-personal columns (a
// new table of personal data that the export would silently miss). The content of an export, against
// two of everything with canaries, is tested in access-objects.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDb } from './helpers/db.js';
import { notPersonal, sources } from '../src/server/modules/privacy/personal-data.js';

let h: Awaited<ReturnType<typeof freshDb>>;
before(async () => {
  h = await freshDb();
});
after(() => h?.close());

/** Every (table, column) that is a foreign key to users or workers, or is named as one. */
async function personColumns(): Promise<string[]> {
  type Fk = { tbl: string; col: string; ref: string };
  const fks: Fk[] = h.kind === 'postgres'
    ? (
        await sql<Fk>`select tc.table_name as tbl, kcu.column_name as col, ccu.table_name as ref
          from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
          join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(h.db)
      ).rows
    : (
        await sql<Fk>`select m.name as tbl, f."from" as col, f."table" as ref
          from sqlite_master m join pragma_foreign_key_list(m.name) f where m.type = 'table'`.execute(h.db)
      ).rows;
  const named = h.kind === 'postgres'
    ? (await sql<Fk>`select table_name as tbl, column_name as col, '' as ref from information_schema.columns where table_schema = current_schema()`.execute(h.db)).rows
    : (await sql<Fk>`select m.name as tbl, c.name as col, '' as ref from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table'`.execute(h.db)).rows;
  const out = new Set<string>();
  for (const f of fks) if (f.ref === 'users' || f.ref === 'workers') out.add(`${f.tbl}.${f.col}`);
  for (const n of named) if (/^(user_id|worker_id)$|_(user_id|worker_id)$/.test(n.col)) out.add(`${n.tbl}.${n.col}`);
  return [...out].sort();
}

test('every column that points at a person is either exported or named as not that person’s data', async () => {
  const mapped = new Set(sources.filter((s) => 'is' in s.by).map((s) => `${s.table}.${s.by.column}`));
  const columns = await personColumns();
  assert.ok(columns.length > 40, `found ${columns.length} person columns: the schema query works`);
  const missing = columns.filter((c) => !mapped.has(c) && !(c in notPersonal));
  assert.deepEqual(missing, [], 'columns pointing at a person that the export neither takes nor explains');
  const stale = [...mapped, ...Object.keys(notPersonal)].filter((c) => !columns.includes(c) && c !== 'users.id');
  assert.deepEqual(stale, [], 'entries naming a column that does not point at a person');
});

test('a source that follows another table comes after it, and every table is taken once', () => {
  const seen = new Set<string>();
  for (const s of sources) {
    assert.ok(!seen.has(s.table), `${s.table} twice`);
    if ('in' in s.by) assert.ok(seen.has(s.by.in), `${s.table} follows ${s.by.in}, which comes later`);
    seen.add(s.table);
  }
});
