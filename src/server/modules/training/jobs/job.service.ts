// Directed employment: job orders, the school's recommendations, the employer's decisions, the
// graduate's view, placements and their follow-ups, and the placement and retention figures.
// One transaction per use case; every change writes one audit record and notifies the graduate.
import { sql } from 'kysely';

import type { Ctx } from '../../../platform/context.js';
import { newId, nowOf } from '../../../platform/context.js';

import { hasRole, orgsWithRole, type Principal } from '../../../platform/access.js';

import type { Db, Tx } from '../../../platform/db.js';
import { isAnyOf, isUniqueViolation } from '../../../platform/db.js';

import { AppError, badField, notFound } from '../../../platform/errors.js';

import { writeAudit, type Actor } from '../../../platform/audit.js';

import { maskName } from '../../../platform/crypto.js';

import { notify } from '../../notifications/index.js';

import type { CandidateStage, MatchReason, OrderStatus } from '../../../../shared/jobs.js';
import type { JobOrderInput, SeekerProfileInput } from './job.schemas.js';
import { addMonths, canMove, followupDue, moves, type Move } from './job.js';
import { figuresScope, mayFollowUp, mayOnCandidate, mayOnOrder, orderScope, type OrderAction } from './job.policy.js';

import { loadGraduates, parseList, schoolsOf } from './job.repository.js';

import { poolOf, rankPool, type OrderFacts } from './matching.js';
import { beijingDay } from '../../../platform/time.js';
import type { Database } from '../../../platform/schema.js';

/** A job order as read: the table's columns but its author and last change. */
type OrderRow = Omit<Database['job_orders'], 'created_by' | 'updated_at'>;
const orderCols = [
  'job_orders.id',
  'job_orders.org_id',
  'job_orders.title',
  'job_orders.position',
  'job_orders.skills',
  'job_orders.min_level',
  'job_orders.headcount',
  'job_orders.hired',
  'job_orders.pay_min_fen',
  'job_orders.pay_max_fen',
  'job_orders.city_code',
  'job_orders.district_code',
  'job_orders.place',
  'job_orders.cohort_id',
  'job_orders.description',
  'job_orders.status',
  'job_orders.created_at',
] as const;

/** The number to call, shown whole once the employer has invited the graduate. */
const maskless = (phone: string) => phone;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export const presentOrder = (o: OrderRow, names: { org?: string | null; cohort?: string | null } = {}) => ({
  id: o.id,
  orgId: o.org_id,
  orgName: names.org ?? '',
  title: o.title,
  position: o.position,
  skills: parseList(o.skills),
  minLevel: o.min_level === null ? null : Number(o.min_level),
  headcount: Number(o.headcount),
  hired: Number(o.hired),
  payMinFen: Number(o.pay_min_fen),
  payMaxFen: Number(o.pay_max_fen),
  cityCode: o.city_code,
  districtCode: o.district_code,
  place: o.place,
  description: o.description,
  cohortId: o.cohort_id,
  cohortName: names.cohort ?? null,
  status: o.status as OrderStatus,
  createdAt: iso(o.created_at)!,
});
export type JobOrder = ReturnType<typeof presentOrder>;

const factsOf = (o: OrderRow): OrderFacts => ({
  position: o.position,
  skills: parseList(o.skills),
  minLevel: o.min_level === null ? null : Number(o.min_level),
  payMaxFen: Number(o.pay_max_fen),
  cityCode: o.city_code,
  districtCode: o.district_code,
  cohortId: o.cohort_id,
});

async function ordersWithNames(q: Db | Tx, rows: OrderRow[]) {
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const cohortIds = [...new Set(rows.map((r) => r.cohort_id).filter((c): c is string => !!c))];
  const [orgs, cohorts] = await Promise.all([
    orgIds.length ? q.selectFrom('orgs').select(['id', 'name']).where(isAnyOf(q, 'id', orgIds)).execute() : [],
    cohortIds.length ? q.selectFrom('training_cohorts').select(['id', 'name']).where(isAnyOf(q, 'id', cohortIds)).execute() : [],
  ]);
  const on = new Map(orgs.map((o) => [o.id, o.name]));
  const cn = new Map(cohorts.map((c) => [c.id, c.name]));
  return rows.map((r) => presentOrder(r, { org: on.get(r.org_id), cohort: r.cohort_id ? cn.get(r.cohort_id) : null }));
}

/** The order, if the caller may do `action` with it; 404 otherwise (the same answer as a missing one). */
export async function requireOrder(q: Db | Tx, p: Principal, id: string, action: OrderAction): Promise<OrderRow> {
  const o = await q.selectFrom('job_orders').select(orderCols).where('job_orders.id', '=', id).executeTakeFirst();
  if (!o || !mayOnOrder(p, o.org_id, action)) throw notFound('No such job order');
  return o;
}

// ---- orders --------------------------------------------------------------------------------------

/** Posts an order for one of the caller's employers. 400 for an inverted pay range, 404 for an unknown cohort. */
export async function createOrder(ctx: Ctx, p: Principal, input: JobOrderInput, actor: Actor) {
  const mine = [...new Set(orgsWithRole(p, 'employer'))];
  const orgId = input.orgId ?? (mine.length === 1 ? mine[0]! : undefined);
  if (!orgId) throw badField('orgId', 'required', 'Say which employer posts the order');
  if (!mine.includes(orgId)) throw new AppError('not_found', 'No such employer', [{ path: 'orgId', code: 'unknown_employer', message: 'Not an employer you act for' }]);
  if (input.payMinFen > input.payMaxFen) throw badField('payMaxFen', 'below_min', 'The most pay is below the least pay');
  if (input.districtCode && !input.districtCode.startsWith(input.cityCode)) throw badField('districtCode', 'not_in_city', 'The district is not in the city');
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    if (input.cohortId) {
      const c = await tx.selectFrom('training_cohorts').select('id').where('id', '=', input.cohortId).executeTakeFirst();
      if (!c) throw new AppError('not_found', 'No such cohort', [{ path: 'cohortId', code: 'unknown_cohort', message: 'No such cohort' }]);
    }
    const row = {
      id: newId(),
      org_id: orgId,
      title: input.title,
      position: input.position,
      skills: JSON.stringify([...new Set(input.skills)]),
      min_level: input.minLevel,
      headcount: input.headcount,
      hired: 0,
      pay_min_fen: input.payMinFen,
      pay_max_fen: input.payMaxFen,
      city_code: input.cityCode,
      district_code: input.districtCode,
      place: input.place,
      cohort_id: input.cohortId,
      description: input.description,
      status: 'open',
      created_by: actor.id ?? 'system',
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('job_orders').values(row).execute();
    await writeAudit(tx, actor, { action: 'jobs.order.create', targetType: 'job_order', targetId: row.id, details: { orgId, headcount: row.headcount, cohortId: row.cohort_id } });
    return (await ordersWithNames(tx, [row]))[0]!;
  });
}

export async function listOrders(ctx: Ctx, p: Principal, status?: OrderStatus) {
  const scope = orderScope(p);
  if (scope !== 'all' && !scope.length) return [];
  let q = ctx.db.selectFrom('job_orders').select(orderCols);
  if (scope !== 'all') q = q.where(isAnyOf(ctx.db, 'job_orders.org_id', scope));
  if (status) q = q.where('job_orders.status', '=', status);
  const rows = await q.orderBy('job_orders.created_at', 'desc').orderBy('job_orders.id').limit(200).execute();
  return ordersWithNames(ctx.db, rows);
}

export async function getOrder(ctx: Ctx, p: Principal, id: string) {
  return (await ordersWithNames(ctx.db, [await requireOrder(ctx.db, p, id, 'view')]))[0]!;
}

/** Closes an open or filled order (no more recommendations or hires). */
export async function closeOrder(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const o = await requireOrder(tx, p, id, 'manage');
    if (o.status === 'closed') throw new AppError('conflict', 'The order is already closed', [{ path: 'status', code: 'already_closed', message: 'Already closed' }]);
    await tx.updateTable('job_orders').set({ status: 'closed', updated_at: now }).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'jobs.order.close', targetType: 'job_order', targetId: id, details: { hired: Number(o.hired) } });
    return (await ordersWithNames(tx, [{ ...o, status: 'closed' }]))[0]!;
  });
}

// ---- matching and recommending -------------------------------------------------------------------

/**
 * The caller's schools' graduates ranked for an order, best first, with the reasons; graduates who
 * asked not to be recommended are left out; those already on the order say at which stage.
 */
export async function matches(ctx: Ctx, p: Principal, orderId: string, limit = 50) {
  const o = await requireOrder(ctx.db, p, orderId, 'recommend');
  const schools = [...new Set(orgsWithRole(p, 'trainer'))];
  const grads = (await loadGraduates(ctx.db, { schools })).filter((g) => g.open);
  const ranked = rankPool(poolOf(grads), factsOf(o), limit);
  const ids = ranked.map((r) => r.userId);
  const [users, existing] = await Promise.all([
    ids.length ? ctx.db.selectFrom('users').select(['id', 'name', 'phone_last4']).where(isAnyOf(ctx.db, 'id', ids)).execute() : [],
    ids.length ? ctx.db.selectFrom('job_candidates').select(['user_id', 'stage']).where('order_id', '=', orderId).where(isAnyOf(ctx.db, 'user_id', ids)).execute() : [],
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const stage = new Map(existing.map((c) => [c.user_id, c.stage as CandidateStage]));
  const level = new Map(grads.map((g) => [g.userId, g.level]));
  return {
    order: (await ordersWithNames(ctx.db, [o]))[0]!,
    total: grads.length,
    items: ranked.map((r) => ({
      userId: r.userId,
      name: maskName(byId.get(r.userId)?.name ?? ''),
      phoneLast4: byId.get(r.userId)?.phone_last4 ?? '',
      level: level.get(r.userId) ?? null,
      score: r.score,
      linked: r.linked,
      qualified: r.qualified,
      reasons: r.reasons,
      stage: stage.get(r.userId) ?? null,
    })),
  };
}

/**
 * A trainer recommends graduates of their school to an open order: one candidate row each, stage
 * `recommended`, with the score and reasons the ranking gives. All or nothing: a graduate of another
 * school (or not a graduate) answers 422 naming them, one already on the order 409.
 */
export async function recommend(ctx: Ctx, p: Principal, orderId: string, userIds: string[], actor: Actor) {
  const now = nowOf(ctx);
  const schools = [...new Set(orgsWithRole(p, 'trainer'))];
  const unique = [...new Set(userIds)];
  return ctx.db.transaction().execute(async (tx) => {
    const o = await requireOrder(tx, p, orderId, 'recommend');
    if (o.status !== 'open') throw new AppError('conflict', 'The order is not open', [{ path: 'orderId', code: 'order_not_open', message: `The order is ${o.status}` }], {}, { status: o.status });
    const grads = await loadGraduates(tx, { schools, userIds: unique });
    const found = new Set(grads.map((g) => g.userId));
    const missing = unique.filter((u) => !found.has(u));
    if (missing.length) throw new AppError('unprocessable', 'Not a graduate of your school', missing.map((u) => ({ path: 'userIds', code: 'not_a_graduate', message: u })));
    const closed = grads.filter((g) => !g.open);
    if (closed.length) throw new AppError('unprocessable', 'Not open to recommendations', closed.map((g) => ({ path: 'userIds', code: 'not_open', message: g.userId })));
    const already = await tx.selectFrom('job_candidates').select('user_id').where('order_id', '=', orderId).where(isAnyOf(tx, 'user_id', unique)).execute();
    if (already.length) throw new AppError('conflict', 'Already on this order', already.map((a) => ({ path: 'userIds', code: 'already_candidate', message: a.user_id })));
    const ranked = rankPool(poolOf(grads), factsOf(o));
    const rows = ranked.map((r) => ({
      id: newId(),
      order_id: orderId,
      user_id: r.userId,
      stage: 'recommended',
      score: r.score,
      reasons: JSON.stringify(r.reasons),
      recommended_by: actor.id,
      recommended_at: now,
      interview_at: null,
      decided_at: null,
      decided_by: null,
      decline_reason: null,
    }));
    try {
      await tx.insertInto('job_candidates').values(rows).execute();
    } catch (e) {
      // Two trainers recommending the same graduate at once: the unique index lets one in.
      if (isUniqueViolation(e)) throw new AppError('conflict', 'Already on this order', [{ path: 'userIds', code: 'already_candidate', message: 'Recommended meanwhile' }]);
      throw e;
    }
    await writeAudit(tx, actor, { action: 'jobs.recommend', targetType: 'job_order', targetId: orderId, details: { candidates: rows.map((r) => r.id) } });
    const employer = await tx.selectFrom('orgs').select('name').where('id', '=', o.org_id).executeTakeFirst();
    for (const r of rows) await notify(tx, [r.user_id], 'jobs.recommended', { candidateId: r.id, orderTitle: o.title, employer: employer?.name ?? '' }, now);
    return { created: rows.length, items: rows.map((r) => ({ id: r.id, userId: r.user_id, score: r.score })) };
  });
}

// ---- candidates ----------------------------------------------------------------------------------

type CandidateRow = {
  id: string;
  order_id: string;
  user_id: string;
  stage: string;
  score: number;
  reasons: string;
  recommended_at: number;
  interview_at: number | null;
  decided_at: number | null;
  decline_reason: string | null;
};
const candCols = [
  'job_candidates.id',
  'job_candidates.order_id',
  'job_candidates.user_id',
  'job_candidates.stage',
  'job_candidates.score',
  'job_candidates.reasons',
  'job_candidates.recommended_at',
  'job_candidates.interview_at',
  'job_candidates.decided_at',
  'job_candidates.decline_reason',
] as const;

const parseReasons = (s: string): MatchReason[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

/**
 * Candidates as the caller may see them: the employer sees a masked name and phone until it invites
 * the graduate to an interview, then the name and number to call; a trainer sees the name and the
 * phone's last four digits.
 */
async function presentCandidates(ctx: Ctx, q: Db | Tx, p: Principal, rows: CandidateRow[], orderOrgId: string) {
  const ids = [...new Set(rows.map((r) => r.user_id))];
  const [users, placements] = await Promise.all([
    ids.length ? q.selectFrom('users').select(['id', 'name', 'phone_enc', 'phone_last4']).where(isAnyOf(q, 'id', ids)).execute() : [],
    rows.length ? q.selectFrom('placements').select(['candidate_id', 'id', 'started_on', 'pay_band']).where(isAnyOf(q, 'candidate_id', rows.map((r) => r.id))).execute() : [],
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const pl = new Map(placements.map((x) => [x.candidate_id, x]));
  const employer = hasRole(p, 'employer', orderOrgId);
  return rows.map((r) => {
    const u = byId.get(r.user_id);
    const reveal = employer && (r.stage === 'interviewing' || r.stage === 'hired');
    const trainer = !employer;
    const place = pl.get(r.id);
    return {
      id: r.id,
      orderId: r.order_id,
      userId: r.user_id,
      name: u ? (reveal || trainer ? u.name : maskName(u.name)) : '',
      phone: u ? (reveal ? maskless(ctx.crypto.decrypt(u.phone_enc)) : `*******${u.phone_last4}`) : '',
      stage: r.stage as CandidateStage,
      score: Number(r.score),
      reasons: parseReasons(r.reasons),
      recommendedAt: iso(r.recommended_at)!,
      interviewAt: iso(r.interview_at),
      decidedAt: iso(r.decided_at),
      declineReason: r.decline_reason,
      placement: place ? { id: place.id, startedOn: place.started_on, payBand: place.pay_band } : null,
    };
  });
}

/** An order's candidates: all of them for its employer; a trainer's own graduates for a trainer. */
export async function candidatesOf(ctx: Ctx, p: Principal, orderId: string) {
  const o = await requireOrder(ctx.db, p, orderId, 'view');
  const employer = hasRole(p, 'employer', o.org_id);
  let rows = await ctx.db.selectFrom('job_candidates').select(candCols).where('order_id', '=', orderId).orderBy('score', 'desc').orderBy('recommended_at').orderBy('id').execute();
  if (!employer) {
    const schools = [...new Set(orgsWithRole(p, 'trainer'))];
    const mine = new Set((await loadGraduates(ctx.db, { schools, userIds: rows.map((r) => r.user_id) })).map((g) => g.userId));
    rows = rows.filter((r) => mine.has(r.user_id));
  }
  return { order: (await ordersWithNames(ctx.db, [o]))[0]!, items: await presentCandidates(ctx, ctx.db, p, rows, o.org_id) };
}

/** The candidate and its order, if the caller may `action` it; 404 otherwise. */
async function requireCandidate(tx: Tx, p: Principal, id: string, action: 'view' | 'decide' | 'withdraw') {
  const c = await tx.selectFrom('job_candidates').select(candCols).where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('No such candidate');
  const o = await tx.selectFrom('job_orders').select(orderCols).where('id', '=', c.order_id).executeTakeFirstOrThrow();
  const schoolIds = action === 'view' ? await schoolsOf(tx, c.user_id) : [];
  if (!mayOnCandidate(p, { orderOrgId: o.org_id, userId: c.user_id, schoolIds }, action)) throw notFound('No such candidate');
  return { c, o };
}

const stageConflict = (stage: string, move: Move) =>
  new AppError('conflict', `A ${stage} candidate cannot be moved that way`, [{ path: 'stage', code: 'bad_transition', message: `From ${stage}` }], {}, { stage, allowedFrom: moves[move].from });

/** Moves a candidate with a conditional update (`stage` still one it may move from), so two clicks move it once. */
async function move(tx: Tx, c: CandidateRow, m: Move, set: Record<string, unknown>) {
  if (!canMove(c.stage, m)) throw stageConflict(c.stage, m);
  const res = await tx
    .updateTable('job_candidates')
    .set(set)
    .where('id', '=', c.id)
    .where('stage', 'in', [...moves[m].from])
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw stageConflict('changed', m);
}

export async function interview(ctx: Ctx, p: Principal, id: string, at: number, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const { c, o } = await requireCandidate(tx, p, id, 'decide');
    if (o.status === 'closed') throw new AppError('conflict', 'The order is closed', [{ path: 'orderId', code: 'order_not_open', message: 'Closed' }]);
    if (at < now - 3_600_000) throw badField('at', 'in_past', 'The interview time is in the past');
    await move(tx, c, 'interview', { stage: 'interviewing', interview_at: at, decided_by: actor.id });
    await writeAudit(tx, actor, { action: 'jobs.interview', targetType: 'job_candidate', targetId: id, details: { orderId: o.id, at } });
    await notify(tx, [c.user_id], 'jobs.interview', { candidateId: id, orderTitle: o.title, at: iso(at) }, now);
    return { id, stage: 'interviewing' as const, interviewAt: iso(at) };
  });
}

/**
 * Hires a candidate: the order's counter goes up with a conditional update (`hired < headcount`, order
 * open), so exactly `headcount` hires succeed however many arrive at once; the hire that fills the order
 * marks it filled in the same statement. The placement is written in the same transaction.
 */
export async function hire(ctx: Ctx, p: Principal, id: string, input: { startedOn: string; payBand: string }, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const { c, o } = await requireCandidate(tx, p, id, 'decide');
    if (o.status !== 'open') throw new AppError('conflict', 'The order is not open', [{ path: 'orderId', code: o.status === 'filled' ? 'order_filled' : 'order_not_open', message: `The order is ${o.status}` }]);
    await move(tx, c, 'hire', { stage: 'hired', decided_at: now, decided_by: actor.id });
    const taken = await tx
      .updateTable('job_orders')
      .set({ hired: sql`hired + 1`, status: sql`case when hired + 1 >= headcount then 'filled' else status end`, updated_at: now })
      .where('id', '=', o.id)
      .where('status', '=', 'open')
      .where((eb) => eb('hired', '<', eb.ref('headcount')))
      .returning(['hired', 'status'])
      .executeTakeFirst();
    if (!taken) throw new AppError('conflict', 'The order is already filled', [{ path: 'orderId', code: 'order_filled', message: 'Every place is taken' }]);
    const placementId = newId();
    await tx.insertInto('placements').values({ id: placementId, candidate_id: id, order_id: o.id, user_id: c.user_id, org_id: o.org_id, started_on: input.startedOn, pay_band: input.payBand, created_at: now }).execute();
    await writeAudit(tx, actor, { action: 'jobs.hire', targetType: 'job_candidate', targetId: id, details: { orderId: o.id, placementId, hired: Number(taken.hired), status: taken.status } });
    const employer = await tx.selectFrom('orgs').select('name').where('id', '=', o.org_id).executeTakeFirst();
    await notify(tx, [c.user_id], 'jobs.hired', { candidateId: id, orderTitle: o.title, employer: employer?.name ?? '', startedOn: input.startedOn }, now);
    return { id, stage: 'hired' as const, placementId, order: { hired: Number(taken.hired), status: taken.status as OrderStatus } };
  });
}

export async function decline(ctx: Ctx, p: Principal, id: string, reason: string, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const { c, o } = await requireCandidate(tx, p, id, 'decide');
    await move(tx, c, 'decline', { stage: 'declined', decided_at: now, decided_by: actor.id, decline_reason: reason });
    await writeAudit(tx, actor, { action: 'jobs.decline', targetType: 'job_candidate', targetId: id, details: { orderId: o.id } });
    await notify(tx, [c.user_id], 'jobs.declined', { candidateId: id, orderTitle: o.title, reason }, now);
    return { id, stage: 'declined' as const };
  });
}

/** The graduate declines the offer or withdraws (before a hire). */
export async function withdraw(ctx: Ctx, p: Principal, id: string, reason: string, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const { c, o } = await requireCandidate(tx, p, id, 'withdraw');
    await move(tx, c, 'withdraw', { stage: 'withdrawn', decided_at: now, decided_by: actor.id, decline_reason: reason || null });
    await writeAudit(tx, actor, { action: 'jobs.withdraw', targetType: 'job_candidate', targetId: id, details: { orderId: o.id } });
    await notify(tx, [c.user_id], 'jobs.withdrawn', { candidateId: id, orderTitle: o.title }, now);
    return { id, stage: 'withdrawn' as const };
  });
}

// ---- the graduate's side -------------------------------------------------------------------------

const presentProfile = (r: { city_code: string; district_code: string | null; skills: string; positions: string; min_pay_fen: number; is_open: number } | undefined) =>
  r ? { cityCode: r.city_code, districtCode: r.district_code, skills: parseList(r.skills), positions: parseList(r.positions), minPayFen: Number(r.min_pay_fen), open: !!r.is_open } : null;

/** The caller's profile, whether they are a graduate, and every order they are on with its steps. */
export async function myJobs(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') throw notFound();
  const [profile, grad, rows] = await Promise.all([
    ctx.db.selectFrom('job_seeker_profiles').selectAll().where('user_id', '=', p.userId).executeTakeFirst(),
    loadGraduates(ctx.db, { schools: 'all', userIds: [p.userId] }),
    ctx.db
      .selectFrom('job_candidates')
      .innerJoin('job_orders', 'job_orders.id', 'job_candidates.order_id')
      .innerJoin('orgs', 'orgs.id', 'job_orders.org_id')
      .leftJoin('placements', 'placements.candidate_id', 'job_candidates.id')
      .select([
        ...candCols,
        'job_orders.title',
        'job_orders.position',
        'job_orders.pay_min_fen',
        'job_orders.pay_max_fen',
        'job_orders.city_code',
        'job_orders.place',
        'orgs.name as employer',
        'placements.started_on',
        'placements.pay_band',
      ])
      .where('job_candidates.user_id', '=', p.userId)
      .orderBy('job_candidates.recommended_at', 'desc')
      .orderBy('job_candidates.id')
      .execute(),
  ]);
  const g = grad[0];
  return {
    graduate: g ? { level: g.level, skills: [...g.skills], cohortIds: [...g.cohortIds] } : null,
    profile: presentProfile(profile),
    items: rows.map((r) => {
      const steps: { step: CandidateStage; at: string | null }[] = [{ step: 'recommended', at: iso(r.recommended_at) }];
      if (r.interview_at !== null) steps.push({ step: 'interviewing', at: iso(r.interview_at) });
      if (r.stage === 'hired' || r.stage === 'declined' || r.stage === 'withdrawn') steps.push({ step: r.stage as CandidateStage, at: iso(r.decided_at) });
      return {
        id: r.id,
        orderId: r.order_id,
        title: r.title,
        position: r.position,
        employer: r.employer,
        payMinFen: Number(r.pay_min_fen),
        payMaxFen: Number(r.pay_max_fen),
        cityCode: r.city_code,
        place: r.place,
        stage: r.stage as CandidateStage,
        interviewAt: iso(r.interview_at),
        declineReason: r.decline_reason,
        startedOn: r.started_on ?? null,
        payBand: r.pay_band ?? null,
        steps,
      };
    }),
  };
}

export async function saveProfile(ctx: Ctx, p: Principal, input: SeekerProfileInput, actor: Actor) {
  if (p.kind !== 'user') throw notFound();
  if (input.districtCode && !input.districtCode.startsWith(input.cityCode)) throw badField('districtCode', 'not_in_city', 'The district is not in the city');
  const now = nowOf(ctx);
  const row = {
    user_id: p.userId,
    city_code: input.cityCode,
    district_code: input.districtCode,
    skills: JSON.stringify([...new Set(input.skills)]),
    positions: JSON.stringify([...new Set(input.positions)]),
    min_pay_fen: input.minPayFen,
    is_open: input.open ? 1 : 0,
    updated_at: now,
  };
  return ctx.db.transaction().execute(async (tx) => {
    const { user_id: _u, ...rest } = row;
    await tx.insertInto('job_seeker_profiles').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet(rest)).execute();
    await writeAudit(tx, actor, { action: 'jobs.profile.save', targetType: 'user', targetId: p.userId, details: { open: input.open } });
    return presentProfile(row)!;
  });
}

// ---- placements and follow-ups -------------------------------------------------------------------

/** Placements the caller may follow up: an employer's own; a trainer's school's graduates'; all for an analyst. */
export async function listPlacements(ctx: Ctx, p: Principal) {
  const scope = figuresScope(p);
  let q = ctx.db
    .selectFrom('placements')
    .innerJoin('job_orders', 'job_orders.id', 'placements.order_id')
    .innerJoin('orgs', 'orgs.id', 'placements.org_id')
    .innerJoin('users', 'users.id', 'placements.user_id')
    .select(['placements.id', 'placements.user_id', 'placements.org_id', 'placements.order_id', 'placements.started_on', 'placements.pay_band', 'job_orders.title', 'orgs.name as employer', 'users.name']);
  if (scope !== 'all') {
    const grads = scope.schools.length ? (await loadGraduates(ctx.db, { schools: scope.schools })).map((g) => g.userId) : [];
    if (!grads.length && !scope.employers.length) return [];
    q = q.where((eb) => eb.or([...(scope.employers.length ? [isAnyOf(ctx.db, 'placements.org_id', scope.employers)] : []), ...(grads.length ? [isAnyOf(ctx.db, 'placements.user_id', grads)] : [])]));
  }
  const rows = await q.orderBy('placements.started_on', 'desc').orderBy('placements.id').limit(500).execute();
  const fus = rows.length ? await ctx.db.selectFrom('placement_followups').selectAll().where(isAnyOf(ctx.db, 'placement_id', rows.map((r) => r.id))).execute() : [];
  const today = beijingDay(nowOf(ctx));
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    title: r.title,
    employer: r.employer,
    name: maskName(r.name),
    startedOn: r.started_on,
    payBand: r.pay_band,
    followups: [3, 6].map((months) => {
      const f = fus.find((x) => x.placement_id === r.id && Number(x.months) === months);
      return { months, dueOn: addMonths(r.started_on, months), due: followupDue(r.started_on, months, today), recorded: f ? { employed: !!f.is_employed, payBand: f.pay_band, note: f.note, recordedAt: iso(f.recorded_at) } : null };
    }),
  }));
}

/** Records the 3- or 6-month follow-up: 409 before it is due or when it is already recorded. */
export async function followUp(ctx: Ctx, p: Principal, placementId: string, input: { months: 3 | 6; employed: boolean; payBand: string | null; note: string }, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const pl = await tx.selectFrom('placements').selectAll().where('id', '=', placementId).executeTakeFirst();
    if (!pl) throw notFound('No such placement');
    const schoolIds = await schoolsOf(tx, pl.user_id);
    if (!mayFollowUp(p, { orgId: pl.org_id, schoolIds })) throw notFound('No such placement');
    const today = beijingDay(now);
    if (!followupDue(pl.started_on, input.months, today)) throw new AppError('conflict', 'Not due yet', [{ path: 'months', code: 'not_due', message: `Due on ${addMonths(pl.started_on, input.months)}` }]);
    const exists = await tx.selectFrom('placement_followups').select('months').where('placement_id', '=', placementId).where('months', '=', input.months).executeTakeFirst();
    if (exists) throw new AppError('conflict', 'Already recorded', [{ path: 'months', code: 'already_recorded', message: 'Already recorded' }]);
    try {
      await tx
        .insertInto('placement_followups')
        .values({ placement_id: placementId, months: input.months, is_employed: input.employed ? 1 : 0, pay_band: input.employed ? input.payBand : null, note: input.note, recorded_by: actor.id ?? 'system', recorded_at: now })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'Already recorded', [{ path: 'months', code: 'already_recorded', message: 'Recorded meanwhile' }]);
      throw e;
    }
    await writeAudit(tx, actor, { action: 'jobs.followup', targetType: 'placement', targetId: placementId, details: { months: input.months, employed: input.employed } });
    return { placementId, months: input.months, employed: input.employed, payBand: input.employed ? input.payBand : null };
  });
}

// ---- figures -------------------------------------------------------------------------------------

const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);

/**
 * Placement rate (placed ÷ certified graduates) and 6-month retention (still employed at the 6-month
 * follow-up ÷ placements whose 6-month follow-up is due, recorded or not) per school, year (of the certificate) and
 * cohort. A trainer reads their schools'; an employer the same rows counting its own hires only; an
 * analyst (or admin) everything.
 */
export async function figures(ctx: Ctx, p: Principal, year?: number) {
  const scope = figuresScope(p);
  if (scope !== 'all' && !scope.schools.length && !scope.employers.length) return [];
  // A school's view counts every hire of its graduates; an employer's (without a school) counts its own
  // hires against every school's certified graduates.
  const schools = scope === 'all' || !scope.schools.length ? 'all' : scope.schools;
  const ownHiresOnly = scope !== 'all' && !scope.schools.length ? scope.employers : null;
  let certQ = ctx.db
    .selectFrom('certificates')
    .leftJoin('training_enrolments', 'training_enrolments.id', 'certificates.enrolment_id')
    .leftJoin('training_cohorts', 'training_cohorts.id', 'training_enrolments.cohort_id')
    .innerJoin('orgs', 'orgs.id', 'certificates.org_id')
    .select(['certificates.user_id', 'certificates.org_id', 'orgs.name as school', 'certificates.issued_on', 'training_cohorts.id as cohort_id', 'training_cohorts.name as cohort'])
    .where('certificates.revoked_at', 'is', null);
  if (schools !== 'all') certQ = certQ.where(isAnyOf(ctx.db, 'certificates.org_id', schools));
  if (year) certQ = certQ.where('certificates.issued_on', '>=', `${year}-01-01`).where('certificates.issued_on', '<=', `${year}-12-31`);
  let plQ = ctx.db.selectFrom('placements').select(['id', 'user_id', 'org_id', 'started_on']);
  if (ownHiresOnly) plQ = plQ.where(isAnyOf(ctx.db, 'org_id', ownHiresOnly));
  const [certs, placements, six] = await Promise.all([
    certQ.execute(),
    plQ.execute(),
    ctx.db.selectFrom('placement_followups').select(['placement_id', 'is_employed']).where('months', '=', 6).execute(),
  ]);
  const sixOf = new Map(six.map((f) => [f.placement_id, !!f.is_employed]));
  const today = beijingDay(nowOf(ctx));
  const plByUser = new Map<string, typeof placements>();
  for (const pl of placements) plByUser.set(pl.user_id, [...(plByUser.get(pl.user_id) ?? []), pl]);

  type Row = { schoolId: string; school: string; year: number; cohortId: string | null; cohort: string | null; certified: Set<string>; placed: Set<string>; due6: number; followed6: number; retained6: number };
  const rows = new Map<string, Row>();
  const seenPlacement = new Set<string>();
  for (const c of certs) {
    const y = Number(c.issued_on.slice(0, 4));
    for (const key of [`${c.org_id}|${y}|`, `${c.org_id}|${y}|${c.cohort_id ?? '-'}`]) {
      const isTotal = key.endsWith('|');
      let r = rows.get(key);
      if (!r) rows.set(key, (r = { schoolId: c.org_id, school: c.school, year: y, cohortId: isTotal ? null : c.cohort_id, cohort: isTotal ? null : c.cohort, certified: new Set(), placed: new Set(), due6: 0, followed6: 0, retained6: 0 }));
      r.certified.add(c.user_id);
      const pls = plByUser.get(c.user_id) ?? [];
      if (pls.length) r.placed.add(c.user_id);
      for (const pl of pls) {
        const k = `${key}#${pl.id}`;
        if (seenPlacement.has(k)) continue;
        seenPlacement.add(k);
        if (!followupDue(pl.started_on, 6, today)) continue;
        r.due6++;
        if (sixOf.has(pl.id)) r.followed6++;
        if (sixOf.get(pl.id)) r.retained6++;
      }
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.school.localeCompare(b.school) || b.year - a.year || Number(a.cohortId !== null) - Number(b.cohortId !== null) || (a.cohort ?? '').localeCompare(b.cohort ?? ''))
    .map((r) => ({
      schoolId: r.schoolId,
      school: r.school,
      year: r.year,
      cohortId: r.cohortId,
      cohort: r.cohort,
      certified: r.certified.size,
      placed: r.placed.size,
      placementRate: rate(r.placed.size, r.certified.size),
      due6: r.due6,
      followedUp6: r.followed6,
      retained6: r.retained6,
      retentionRate: rate(r.retained6, r.due6),
    }));
}
