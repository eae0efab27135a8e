import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDb, onPostgres } from '../../../tests/helpers/db.js';
import type { DbHandle } from './db.js';
import { verifyAuditChain, writeAudit, systemActor } from './audit.js';

let h: DbHandle;
before(async () => {
  h = await freshDb();
  for (let i = 0; i < 12; i++) {
    await h.db.transaction().execute((tx) => writeAudit(tx, systemActor, { action: 'test.event', targetType: 'thing', targetId: String(i), details: { i } }));
  }
});
after(() => h.close());

/** Tampering needs the append-only triggers out of the way, as an attacker with file access would have. */
async function tamper(fn: () => Promise<unknown>) {
  if (onPostgres) await sql`alter table audit_log disable trigger user`.execute(h.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(h.db);
    await sql`drop trigger audit_log_no_delete`.execute(h.db);
  }
  await fn();
}

test('an untouched chain verifies', async () => {
  assert.deepEqual(await verifyAuditChain(h.db), { ok: true, checked: 12, firstBadSeq: null, problem: null });
});

test('concurrent writers never fork the chain', async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => h.db.transaction().execute((tx) => writeAudit(tx, systemActor, { action: 'test.parallel', targetType: 'thing', details: { i } }))),
  );
  const v = await verifyAuditChain(h.db);
  assert.equal(v.ok, true, v.problem ?? '');
  assert.equal(v.checked, 32);
});

test('the database refuses updates and deletes of audit rows', async () => {
  await assert.rejects(h.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 1).execute(), /append-only/);
  await assert.rejects(h.db.deleteFrom('audit_log').where('seq', '=', 1).execute(), /append-only/);
});

test('edits, deletions and truncation are detected', async () => {
  await tamper(async () => {
    await h.db.updateTable('audit_log').set({ details: '{"i":99}' }).where('seq', '=', 5).execute();
  });
  let v = await verifyAuditChain(h.db);
  assert.equal(v.ok, false);
  assert.equal(v.firstBadSeq, 5);
  assert.match(v.problem!, /altered/);

  await h.db.updateTable('audit_log').set({ details: '{"i":4}' }).where('seq', '=', 5).execute();
  assert.equal((await verifyAuditChain(h.db)).ok, true, 'restored record verifies again');

  await h.db.deleteFrom('audit_log').where('seq', '=', 7).execute();
  v = await verifyAuditChain(h.db);
  assert.equal(v.ok, false);
  assert.equal(v.firstBadSeq, 7);

  const last = await h.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
  await h.db.deleteFrom('audit_log').where('seq', '>=', 7).execute();
  v = await verifyAuditChain(h.db);
  assert.equal(v.ok, false, `truncating after record 6 (of ${last.m}) is detected`);
  assert.match(v.problem!, /deleted/);
});
