// Separate consent per sensitive category (PIPL): health readings, children's data, location.
// Withdrawal takes effect on the next request: every use checks the current row.
import type { Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { workerIdOf } from './worker.service.js';

export const consentCategories = ['health', 'children', 'location'] as const;
export type ConsentCategory = (typeof consentCategories)[number];

export async function myConsents(ctx: Ctx, p: Principal) {
  const workerId = await workerIdOf(ctx, p);
  const rows = await ctx.db.selectFrom('consents').selectAll().where('worker_id', '=', workerId).execute();
  return consentCategories.map((category) => {
    const r = rows.find((x) => x.category === category);
    const iso = (v: number | null | undefined) => (v ? new Date(v).toISOString() : null);
    return { category, granted: !!r?.granted_at && !r.withdrawn_at, grantedAt: iso(r?.granted_at), withdrawnAt: iso(r?.withdrawn_at) };
  });
}

export async function setConsent(ctx: Ctx, p: Principal, category: ConsentCategory, granted: boolean, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    const row = granted ? { granted_at: now, withdrawn_at: null } : { withdrawn_at: now };
    const res = await tx.updateTable('consents').set(row).where('worker_id', '=', workerId).where('category', '=', category).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      await tx.insertInto('consents').values({ worker_id: workerId, category, granted_at: granted ? now : null, withdrawn_at: granted ? null : now }).execute();
    }
    await writeAudit(tx, actor, { action: granted ? 'consent.grant' : 'consent.withdraw', targetType: 'worker', targetId: workerId, details: { category } });
  });
  return myConsents(ctx, p);
}

export async function hasConsent(ctx: Ctx, workerId: string, category: ConsentCategory): Promise<boolean> {
  const r = await ctx.db.selectFrom('consents').select(['granted_at', 'withdrawn_at']).where('worker_id', '=', workerId).where('category', '=', category).executeTakeFirst();
  return !!r?.granted_at && !r.withdrawn_at;
}
