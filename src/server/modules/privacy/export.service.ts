import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { notFound } from '../../platform/errors.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { isSecretColumn, sources } from './personal-data.js';

export const EXPORT_FORMAT = 'nuanxin-personal-data/1' as const;
type Row = Record<string, unknown>;
const CHUNK = 500;

/** Epoch-millisecond columns, written as ISO 8601 like every other answer. */
const isTimeColumn = (c: string) => c === 'at' || c === 'since' || /_(at|due|since|until|after)$/.test(c);
/** A sentinel beyond the calendar (a paused case's queue key is "far in the future") stays a number. */
const isoOf = (v: unknown) => (typeof v === 'number' && Math.abs(v) <= 8.64e15 ? new Date(v).toISOString() : v);

/** One row as the person reads it: sealed fields opened, secrets and omitted columns left out, times as ISO. */
function present(ctx: Ctx, row: Row, omit: readonly string[] = []): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (isSecretColumn(k) || omit.includes(k)) continue;
    if (k.endsWith('_enc')) out[k.slice(0, -4)] = typeof v === 'string' ? ctx.crypto.decrypt(v) : v;
    else out[k] = isTimeColumn(k) ? isoOf(v) : v;
  }
  return out;
}

async function rowsWhereIn(db: Kysely<any>, table: string, column: string, values: readonly string[], only?: { column: string; in: readonly string[] }) {
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    let q = db.selectFrom(table).selectAll().where(column, 'in', values.slice(i, i + CHUNK));
    if (only) q = q.where(only.column, 'in', only.in);
    rows.push(...((await q.execute()) as Row[]));
  }
  return rows;
}

/**
 * Everything Nuanxin holds about the signed-in person, table by table, as they would read it in the app:
 * their own ID and phone numbers in full, never anyone else's data, never a staff-only note. The audit
 * log part lists what they did and every access to their records. Audited as one entry.
 */
export async function exportMine(ctx: Ctx, p: Principal, actor: Actor) {
  if (p.kind !== 'user') throw notFound('Only a signed-in person has data to export');
  const db = ctx.db as unknown as Kysely<any>;
  const worker = await ctx.db.selectFrom('workers').select('id').where('user_id', '=', p.userId).executeTakeFirst();
  const subject = { user: p.userId, worker: worker?.id ?? null };
  const tables: Record<string, Row[]> = {};
  const raw: Record<string, Row[]> = {};
  for (const s of sources) {
    let rows: Row[];
    if ('is' in s.by) {
      const value = subject[s.by.is];
      rows = value === null ? [] : await rowsWhereIn(db, s.table, s.by.column, [value], s.only);
    } else {
      rows = await rowsWhereIn(db, s.table, s.by.column, (raw[s.by.in] ?? []).map((r) => String(r.id)), s.only);
    }
    raw[s.table] = rows;
    tables[s.table] = rows.map((r) => present(ctx, r, s.omit));
  }
  // The audit log: what the person did, and who read or changed anything of theirs.
  const mine = new Set([p.userId, ...(subject.worker ? [subject.worker] : [])]);
  for (const rows of Object.values(raw)) for (const r of rows) if (typeof r.id === 'string') mine.add(r.id);
  const byThem = (await db.selectFrom('audit_log').selectAll().where('actor_id', '=', p.userId).execute()) as Row[];
  const aboutThem = await rowsWhereIn(db, 'audit_log', 'target_id', [...mine]);
  const audit = new Map<number, Row>();
  for (const r of [...byThem, ...aboutThem]) audit.set(Number(r.seq), r);
  tables.audit_log = [...audit.values()]
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((r) => present(ctx, { ...r, details: JSON.parse(String(r.details)) }, r.actor_id === p.userId ? ['prev_hash', 'hash'] : ['prev_hash', 'hash', 'ip']));
  const counts = Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.length]));
  const exportedAt = new Date().toISOString();
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, actor, { action: 'personal_data.export', targetType: 'user', targetId: p.userId, details: { rows: Object.values(counts).reduce((a, b) => a + b, 0) } }),
  );
  return { format: EXPORT_FORMAT, exportedAt, person: { userId: p.userId, workerId: subject.worker }, counts, tables };
}
