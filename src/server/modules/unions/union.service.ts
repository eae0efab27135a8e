import QRCode from 'qrcode';
import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { maskName, maskPhone, randomToken } from '../../platform/crypto.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { checkApply, membershipNumber } from './union.js';
import { canDecide } from './union.policy.js';
import { isUniqueViolation } from '../../platform/db.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function workerOf(ctx: Ctx, userId: string) {
  const w = await ctx.db.selectFrom('workers').select(['id', 'name']).where('user_id', '=', userId).executeTakeFirst();
  if (!w) throw notFound('You have no worker profile');
  return w;
}

export async function listUnions(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('orgs')
    .leftJoin('memberships', (j) => j.onRef('memberships.union_id', '=', 'orgs.id').on('memberships.ended_at', 'is', null))
    .select((eb) => ['orgs.id', 'orgs.name', 'orgs.union_kind', 'orgs.city_code', 'orgs.founded_on', eb.fn.count<number>('memberships.id').as('members')])
    .where('orgs.kind', '=', 'union')
    .groupBy(['orgs.id', 'orgs.name', 'orgs.union_kind', 'orgs.city_code', 'orgs.founded_on'])
    .orderBy('orgs.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: (r.union_kind ?? 'city') as 'city' | 'industry',
    cityCode: r.city_code ?? '',
    foundedOn: r.founded_on,
    memberCount: Number(r.members),
  }));
}

const currentMembership = (q: Ctx['db'] | Tx, workerId: string) =>
  q.selectFrom('memberships').select(['id', 'union_id']).where('worker_id', '=', workerId).where('ended_at', 'is', null).executeTakeFirst();

export async function apply(ctx: Ctx, userId: string, unionId: string, note: string, actor: Actor) {
  const worker = await workerOf(ctx, userId);
  const union = await ctx.db.selectFrom('orgs').select('id').where('id', '=', unionId).where('kind', '=', 'union').executeTakeFirst();
  if (!union) throw notFound('No such union');
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const current = await currentMembership(tx, worker.id);
      const pending = await tx.selectFrom('union_applications').select('union_id').where('worker_id', '=', worker.id).where('status', '=', 'pending').executeTakeFirst();
      const check = checkApply(unionId, current ? { id: current.id, unionId: current.union_id } : null, pending ? { unionId: pending.union_id } : null);
      if (!check.ok) throw conflict(check.why);
      await tx
        .insertInto('union_applications')
        .values({ id, union_id: unionId, worker_id: worker.id, status: 'pending', note, reason: '', transfer_from_membership_id: check.transferFrom, created_at: Date.now(), decided_at: null, decided_by: null })
        .execute();
      await writeAudit(tx, actor, { action: check.transferFrom ? 'membership.transfer_request' : 'membership.apply', targetType: 'union_application', targetId: id, details: { unionId } });
    });
  } catch (e) {
    // Two taps at once: the one-pending index lets exactly one through.
    if (isUniqueViolation(e)) throw conflict('You already have an application waiting for a decision');
    throw e;
  }
  return getApplication(ctx, id);
}

async function getApplication(ctx: Ctx, id: string) {
  const rows = await applicationQuery(ctx).where('union_applications.id', '=', id).execute();
  return (await presentApplications(ctx, rows))[0]!;
}

const applicationQuery = (ctx: Ctx) =>
  ctx.db
    .selectFrom('union_applications')
    .innerJoin('orgs', 'orgs.id', 'union_applications.union_id')
    .innerJoin('workers', 'workers.id', 'union_applications.worker_id')
    .innerJoin('users', 'users.id', 'workers.user_id')
    .select([
      'union_applications.id',
      'union_applications.union_id',
      'orgs.name as union_name',
      'union_applications.worker_id',
      'workers.name as worker_name',
      'workers.kind',
      'users.phone_enc',
      'union_applications.status',
      'union_applications.note',
      'union_applications.reason',
      'union_applications.transfer_from_membership_id',
      'union_applications.created_at',
      'union_applications.decided_at',
    ]);

type AppRow = Awaited<ReturnType<ReturnType<typeof applicationQuery>['execute']>>[number];

async function presentApplications(ctx: Ctx, rows: AppRow[]) {
  const fromIds = rows.map((r) => r.transfer_from_membership_id).filter((x): x is string => !!x);
  const from = new Map(
    fromIds.length ? (await ctx.db.selectFrom('memberships').select(['id', 'union_id']).where('id', 'in', fromIds).execute()).map((m) => [m.id, m.union_id]) : [],
  );
  return rows.map((r) => ({
    id: r.id,
    unionId: r.union_id,
    unionName: r.union_name,
    workerId: r.worker_id,
    workerName: r.worker_name,
    phoneMasked: ctx.crypto.masked(r.phone_enc, maskPhone),
    kind: r.kind,
    status: r.status,
    note: r.note,
    reason: r.reason,
    transferFromUnionId: r.transfer_from_membership_id ? (from.get(r.transfer_from_membership_id) ?? null) : null,
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: iso(r.decided_at),
  }));
}

export async function mine(ctx: Ctx, userId: string) {
  const worker = await workerOf(ctx, userId);
  const memberships = await ctx.db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.union_id')
    .select(['memberships.id', 'memberships.union_id', 'orgs.name', 'memberships.membership_no', 'memberships.since', 'memberships.ended_at', 'memberships.end_reason'])
    .where('memberships.worker_id', '=', worker.id)
    .orderBy('memberships.since', 'desc')
    .execute();
  const apps = await applicationQuery(ctx).where('union_applications.worker_id', '=', worker.id).orderBy('union_applications.created_at', 'desc').execute();
  return {
    memberships: memberships.map((m) => ({
      id: m.id,
      unionId: m.union_id,
      unionName: m.name,
      membershipNo: m.membership_no,
      since: new Date(m.since).toISOString(),
      endedAt: iso(m.ended_at),
      endReason: m.end_reason,
    })),
    applications: await presentApplications(ctx, apps),
  };
}

export async function card(ctx: Ctx, userId: string, origin: string) {
  const worker = await workerOf(ctx, userId);
  const m = await ctx.db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.union_id')
    .select(['memberships.membership_no', 'memberships.card_token', 'memberships.since', 'orgs.name'])
    .where('memberships.worker_id', '=', worker.id)
    .where('memberships.ended_at', 'is', null)
    .executeTakeFirst();
  if (!m) throw notFound('You are not a member of a union yet');
  const url = `${origin}/console/verify/${m.card_token}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { membershipNo: m.membership_no, unionName: m.name, name: worker.name, since: new Date(m.since).toISOString(), qrSvg, verifyToken: m.card_token, verifyUrl: url };
}

export async function verifyCard(ctx: Ctx, token: string, actor: Actor) {
  const m = await ctx.db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.union_id')
    .innerJoin('workers', 'workers.id', 'memberships.worker_id')
    .select(['memberships.id', 'memberships.membership_no', 'memberships.since', 'memberships.ended_at', 'orgs.name', 'workers.name as worker_name'])
    .where('memberships.card_token', '=', token)
    .executeTakeFirst();
  if (!m) throw notFound('No membership card with that code');
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'membership.verify', targetType: 'membership', targetId: m.id }));
  return { valid: m.ended_at === null, membershipNo: m.membership_no, unionName: m.name, nameMasked: maskName(m.worker_name), since: new Date(m.since).toISOString() };
}

export async function queue(ctx: Ctx, p: Principal, unionId: string, status: string) {
  if (!canDecide(p, unionId)) throw notFound('No such union');
  const rows = await applicationQuery(ctx)
    .where('union_applications.union_id', '=', unionId)
    .where('union_applications.status', '=', status)
    .orderBy('union_applications.created_at')
    .limit(500)
    .execute();
  return presentApplications(ctx, rows);
}

async function loadForDecision(ctx: Ctx, tx: Tx, p: Principal, id: string) {
  const a = await tx.selectFrom('union_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a || !canDecide(p, a.union_id)) throw notFound('No such application');
  if (a.status !== 'pending') throw conflict(`This application was already ${a.status}`);
  return a;
}

/** Claims the pending application; a second officer deciding at the same moment gets 409. */
async function claim(tx: Tx, id: string, status: 'approved' | 'rejected', by: string, reason: string) {
  const res = await tx
    .updateTable('union_applications')
    .set({ status, decided_at: Date.now(), decided_by: by, reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('This application was decided by someone else just now');
}

export async function approve(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  let membershipId = '';
  await ctx.db.transaction().execute(async (tx) => {
    const a = await loadForDecision(ctx, tx, p, id);
    await claim(tx, id, 'approved', p.userId, '');
    const now = Date.now();
    if (a.transfer_from_membership_id) {
      await tx.updateTable('memberships').set({ ended_at: now, end_reason: 'transferred' }).where('id', '=', a.transfer_from_membership_id).where('ended_at', 'is', null).execute();
    }
    await tx.insertInto('union_counters').values({ union_id: a.union_id, next_no: 0 }).onConflict((oc) => oc.column('union_id').doNothing()).execute();
    await tx.updateTable('union_counters').set((eb) => ({ next_no: eb('next_no', '+', 1) })).where('union_id', '=', a.union_id).execute();
    const counter = await tx.selectFrom('union_counters').select('next_no').where('union_id', '=', a.union_id).executeTakeFirstOrThrow();
    const union = await tx.selectFrom('orgs').select(['short_code']).where('id', '=', a.union_id).executeTakeFirstOrThrow();
    membershipId = newId();
    await tx
      .insertInto('memberships')
      .values({
        id: membershipId,
        union_id: a.union_id,
        worker_id: a.worker_id,
        membership_no: membershipNumber(union.short_code ?? 'U', new Date(now).getUTCFullYear(), Number(counter.next_no)),
        card_token: randomToken(18),
        since: now,
        ended_at: null,
        end_reason: null,
        application_id: id,
      })
      .execute();
    await writeAudit(tx, actor, { action: 'membership.approve', targetType: 'union_application', targetId: id, details: { membershipId, transfer: !!a.transfer_from_membership_id } });
  });
  return getApplication(ctx, id);
}

export async function reject(ctx: Ctx, p: Principal, id: string, reason: string, actor: Actor) {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  await ctx.db.transaction().execute(async (tx) => {
    await loadForDecision(ctx, tx, p, id);
    await claim(tx, id, 'rejected', p.userId, reason);
    await writeAudit(tx, actor, { action: 'membership.reject', targetType: 'union_application', targetId: id });
  });
  return getApplication(ctx, id);
}
