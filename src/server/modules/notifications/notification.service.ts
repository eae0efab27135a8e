// Notifications in the app, and by SMS through an adapter (platform/sms.ts). A notification carries a
// kind and data (ids, case numbers, short texts); the web app words it in the reader's language.
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';
import { insertRow, type Db, type Tx } from '../../platform/db.js';
import type { Principal } from '../../platform/access.js';
import { smsSender } from '../../platform/sms.js';

export type NotificationData = Record<string, string | number | boolean | null>;

/** Inserts one notification per user, in the caller's transaction, in batches. Returns the count. */
export async function notify(tx: Tx | Db, userIds: Iterable<string>, kind: string, data: NotificationData, at: number): Promise<number> {
  const ids = [...new Set(userIds)];
  const json = JSON.stringify(data);
  if (ids.length <= 3) {
    for (const user_id of ids) await insertRow(tx, 'notifications', { id: newId(), user_id, kind, data: json, created_at: at, read_at: null });
    return ids.length;
  }
  for (let i = 0; i < ids.length; i += 400) {
    await tx
      .insertInto('notifications')
      .values(ids.slice(i, i + 400).map((user_id) => ({ id: newId(), user_id, kind, data: json, created_at: at, read_at: null })))
      .execute();
  }
  return ids.length;
}

/** After the change is committed: an SMS to a few people (bulk notices stay in the app). */
export function textToPhones(ctx: Ctx, userIds: string[], text: string) {
  if (userIds.length > 50) return;
  const sms = smsSender(ctx.config);
  for (const id of userIds) sms.send(id, text);
}

export async function mine(ctx: Ctx, p: Principal, limit = 50) {
  if (p.kind !== 'user') return { unread: 0, items: [] };
  const rows = await ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', p.userId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  const unread = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', p.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    unread: Number(unread.n),
    items: rows.map((r) => ({ id: r.id, kind: r.kind, data: JSON.parse(r.data) as NotificationData, createdAt: new Date(r.created_at).toISOString(), read: r.read_at !== null })),
  };
}

export async function markRead(ctx: Ctx, p: Principal, ids: string[] | 'all' | { caseId: string }) {
  if (p.kind !== 'user') return 0;
  if (typeof ids === 'object' && !Array.isArray(ids)) {
    // The notices about one case, once its reader opens it: the few unread ones are read and matched here.
    const unread = await ctx.db.selectFrom('notifications').select(['id', 'data']).where('user_id', '=', p.userId).where('read_at', 'is', null).execute();
    const caseId = ids.caseId;
    ids = unread.filter((n) => (JSON.parse(n.data) as { caseId?: unknown }).caseId === caseId).map((n) => n.id);
    if (!ids.length) return 0;
  }
  let q = ctx.db.updateTable('notifications').set({ read_at: nowOf(ctx) }).where('user_id', '=', p.userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['-']);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
