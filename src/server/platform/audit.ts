import { createHash } from 'node:crypto';
import { insertRows, reusable, type Db, type Tx } from './db.js';

export type Actor = { id: string | null; kind: 'user' | 'platform' | 'gate' | 'anonymous' | 'system'; ip?: string | null };
export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Ids and field names only: never a phone number, ID number or secret. */
  details?: Record<string, unknown>;
};

export const systemActor: Actor = { id: null, kind: 'system', ip: null };
const GENESIS = '0'.repeat(64);

type Row = {
  seq: number;
  at: number;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  ip: string | null;
};

const hashRow = (prev: string, r: Row) =>
  createHash('sha256')
    .update(prev)
    .update(
      JSON.stringify([r.seq, r.at, r.actor_id, r.actor_kind, r.action, r.target_type, r.target_id, r.details, r.ip]),
    )
    .digest('hex');

/**
 * Appends one record to the hash chain inside the caller's transaction. Bumping audit_head first takes
 * its row lock on PostgreSQL (SQLite transactions are already serial), so two writers never fork the chain.
 */
export function writeAudit(tx: Tx, actor: Actor, e: AuditEntry): Promise<void> {
  return writeAudits(tx, [{ actor, entry: e }]);
}

/** Appends several records in order with the same three statements as one (batched writers). */
export async function writeAudits(tx: Tx, entries: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (!entries.length) return;
  const [head] = await bumpHead(tx as unknown as Db, entries.length, 1);
  if (!head) throw new Error('audit_head is missing');
  // The bump answers the new last seq and the hash it had before: the chain goes on from there.
  let seq = Number(head.seq) - entries.length;
  let prev = head.hash;
  const at = Date.now();
  const rows = entries.map(({ actor, entry: e }) => {
    const row: Row = {
      seq: ++seq,
      at,
      actor_id: actor.id,
      actor_kind: actor.kind,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId ?? null,
      details: JSON.stringify(e.details ?? {}),
      ip: actor.ip ?? null,
    };
    const hash = hashRow(prev, row);
    const full = { ...row, prev_hash: prev, hash };
    prev = hash;
    return full;
  });
  await insertRows(tx, 'audit_log', rows);
  await setHeadHash(tx as unknown as Db, prev, 1);
}

// The three statements of an append, compiled once (writeAudit runs in every change).
const bumpHead = reusable((q, by: number, id: number) => q.updateTable('audit_head').set((eb) => ({ seq: eb('seq', '+', by) })).where('id', '=', id).returning(['seq', 'hash']));
const setHeadHash = reusable((q, hash: string, id: number) => q.updateTable('audit_head').set({ hash }).where('id', '=', id));

export type VerifyResult = { ok: boolean; checked: number; firstBadSeq: number | null; problem: string | null };

/** Walks the chain in order: any edited, deleted, inserted or reordered record breaks it. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, checked, firstBadSeq: expectedSeq, problem: `record ${expectedSeq} is missing` };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadSeq: seq, problem: `record ${seq} does not follow record ${seq - 1}` };
      const h = hashRow(prev, { ...r, seq, at: Number(r.at) });
      if (h !== r.hash) return { ok: false, checked, firstBadSeq: seq, problem: `record ${seq} was altered` };
      prev = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.seq) !== checked || head.hash !== prev) {
    return { ok: false, checked, firstBadSeq: checked + 1, problem: 'records after the last one found were deleted' };
  }
  return { ok: true, checked, firstBadSeq: null, problem: null };
}
