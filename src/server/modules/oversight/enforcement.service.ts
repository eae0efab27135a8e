// Illegal operation (非法营运): the watchlist of plates and drivers found unlicensed (E1) on two or more
// days, the log of joint enforcement operations, and referrals to the transport authority with the
// findings as evidence. Union officers and chairs only; every change and every read of evidence audited.
import { sql } from 'kysely';

import { AppError, badField, notFound } from '../../platform/errors.js';

import { newId, nowOf, type Ctx } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';

import { isAnyOf } from '../../platform/db.js';

import { currentRuns, findingColumns, presentFindings, type FindingRow } from './scorecard.service.js';
import { beijingDay } from '../../platform/time.js';

const userIdOf = (p: Principal) => (p.kind === 'user' ? p.userId : '');
const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** The current run of every month: findings of superseded runs never count twice. */
async function currentRunIds(ctx: Ctx) {
  return [...(await currentRuns(ctx.db)).values()].map((r) => r.id);
}

// ---- watchlist ----------------------------------------------------------------------------------------

export type WatchItem = { kind: 'plate' | 'driver'; subject: string; days: number; findings: number; runs: number; firstSeen: string; lastSeen: string; checkedInActions: number; referral: { id: string; status: string } | null };

/** Plates and drivers with E1 findings on at least `minDays` distinct days (2 by default), most days first. */
export async function watchlist(ctx: Ctx, minDays = 2): Promise<WatchItem[]> {
  const runIds = await currentRunIds(ctx);
  if (!runIds.length) return [];
  const group = async (col: 'plate' | 'driver_key') =>
    ctx.db
      .selectFrom('oversight_findings')
      .select([
        sql<string>`${sql.ref(col)}`.as('subject'),
        sql<number>`count(distinct day)`.as('days'),
        sql<number>`count(*)`.as('findings'),
        sql<number>`count(distinct run_id)`.as('runs'),
        sql<string>`min(day)`.as('first_seen'),
        sql<string>`max(day)`.as('last_seen'),
      ])
      .where('indicator', '=', 'E1')
      .where(isAnyOf(ctx.db, 'run_id', runIds))
      .where(col, '<>', '')
      .groupBy(col)
      .having(sql`count(distinct day)`, '>=', minDays)
      .execute();
  const [plates, drivers] = await Promise.all([group('plate'), group('driver_key')]);
  // How often each plate was among those found unlicensed at a joint operation (a small table).
  const seen = new Map<string, number>();
  for (const a of await ctx.db.selectFrom('enforcement_actions').select('plates').execute()) for (const pl of JSON.parse(a.plates) as string[]) seen.set(pl, (seen.get(pl) ?? 0) + 1);
  const open = await ctx.db.selectFrom('enforcement_referrals').select(['id', 'subject_kind', 'subject', 'status', 'created_at']).orderBy('created_at').execute();
  const referralOf = new Map(open.map((r) => [`${r.subject_kind}|${r.subject}`, { id: r.id, status: r.status }]));
  const items: WatchItem[] = [
    ...plates.map((r) => ({ kind: 'plate' as const, r })),
    ...drivers.map((r) => ({ kind: 'driver' as const, r })),
  ].map(({ kind, r }) => ({
    kind,
    subject: r.subject,
    days: Number(r.days),
    findings: Number(r.findings),
    runs: Number(r.runs),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    checkedInActions: kind === 'plate' ? (seen.get(r.subject) ?? 0) : 0,
    referral: referralOf.get(`${kind}|${r.subject}`) ?? null,
  }));
  return items.sort((a, b) => b.days - a.days || b.lastSeen.localeCompare(a.lastSeen) || a.subject.localeCompare(b.subject));
}

// ---- enforcement log ----------------------------------------------------------------------------------

export type ActionInput = { heldOn: string; place: string; platesChecked: number; plates: string[]; outcome: string; partners?: string | undefined };

export async function listActions(ctx: Ctx, limit: number, offset: number) {
  const rows = await ctx.db
    .selectFrom('enforcement_actions')
    .leftJoin('users', 'users.id', 'enforcement_actions.created_by')
    .select(['enforcement_actions.id', 'held_on', 'place', 'plates_checked', 'plates', 'outcome', 'partners', 'enforcement_actions.created_at', 'users.name as created_by_name'])
    .orderBy('held_on', 'desc')
    .orderBy('enforcement_actions.created_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await ctx.db.selectFrom('enforcement_actions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ id: r.id, heldOn: r.held_on, place: r.place, platesChecked: Number(r.plates_checked), plates: JSON.parse(r.plates) as string[], outcome: r.outcome, partners: r.partners, createdBy: r.created_by_name ?? null, createdAt: iso(r.created_at) })),
  };
}

export async function logAction(ctx: Ctx, p: Principal, input: ActionInput, actor: Actor) {
  const now = nowOf(ctx);
  // A joint operation is logged on the day or after it: a date after tomorrow (Beijing) is a slip.
  if (input.heldOn > beijingDay(now + 86_400_000)) throw badField('heldOn', 'in_future', 'The operation’s date is in the future');
  const plates = [...new Set(input.plates)];
  if (plates.length > input.platesChecked) throw badField('plates', 'more_than_checked', 'More plates found unlicensed than were checked');
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('enforcement_actions')
      .values({ id, held_on: input.heldOn, place: input.place, plates_checked: input.platesChecked, plates: JSON.stringify(plates), outcome: input.outcome, partners: input.partners ?? '', created_by: userIdOf(p), created_at: now })
      .execute();
    await writeAudit(tx, actor, { action: 'oversight.enforcement_log', targetType: 'enforcement_action', targetId: id, details: { heldOn: input.heldOn, platesChecked: input.platesChecked, platesFound: plates.length } });
  });
  return { id, heldOn: input.heldOn, place: input.place, platesChecked: input.platesChecked, plates, outcome: input.outcome, partners: input.partners ?? '', createdAt: iso(now) };
}

// ---- referrals to the transport authority --------------------------------------------------------------

export const referralStatuses = ['sent', 'acknowledged', 'closed'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
const nextStatuses: Record<ReferralStatus, ReferralStatus[]> = { sent: ['acknowledged', 'closed'], acknowledged: ['closed'], closed: [] };

/** Authorities a referral can go to: agencies, the transport bureau (交通运输) first. */
export async function referralTargets(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'name', 'city_code']).where('kind', '=', 'agency').orderBy('name').execute();
  return rows.sort((a, b) => Number(b.name.includes('交通运输')) - Number(a.name.includes('交通运输'))).map((r) => ({ id: r.id, name: r.name, cityCode: r.city_code }));
}

/** E1 findings about a plate or a driver, in the current runs. */
async function evidenceFor(ctx: Ctx, kind: 'plate' | 'driver', subject: string) {
  const runIds = await currentRunIds(ctx);
  if (!runIds.length) return [];
  return ctx.db
    .selectFrom('oversight_findings')
    .select(['id', 'day'])
    .where('indicator', '=', 'E1')
    .where(isAnyOf(ctx.db, 'run_id', runIds))
    .where(kind === 'plate' ? 'plate' : 'driver_key', '=', subject)
    .orderBy('day')
    .execute();
}

export type ReferralInput = { subjectKind: 'plate' | 'driver'; subject: string; toOrgId?: string | undefined; note?: string | undefined; findingIds?: string[] | undefined };

export async function refer(ctx: Ctx, p: Principal, input: ReferralInput, actor: Actor) {
  const targets = await referralTargets(ctx);
  const to = input.toOrgId ? targets.find((t) => t.id === input.toOrgId) : targets[0];
  if (!to) throw input.toOrgId ? badField('toOrgId', 'unknown_org', 'Not an authority the union can refer to') : new AppError('unprocessable', 'No transport authority is registered', [{ path: 'toOrgId', code: 'no_authority', message: 'Register the transport authority first' }]);
  const found = await evidenceFor(ctx, input.subjectKind, input.subject);
  let evidence = found.map((f) => f.id);
  if (input.findingIds?.length) {
    const known = new Set(evidence);
    const stray = input.findingIds.find((id) => !known.has(id));
    if (stray) throw badField('findingIds', 'unknown_finding', 'A finding that is not about this plate or driver');
    evidence = [...new Set(input.findingIds)];
  }
  if (!evidence.length) throw new AppError('unprocessable', 'No unlicensed-operation finding about this subject', [{ path: 'subject', code: 'no_evidence', message: 'Nothing to refer: no E1 finding' }]);
  const open = await ctx.db
    .selectFrom('enforcement_referrals')
    .select('id')
    .where('subject_kind', '=', input.subjectKind)
    .where('subject', '=', input.subject)
    .where('status', '<>', 'closed')
    .executeTakeFirst();
  if (open) throw new AppError('conflict', 'Already referred and not closed', [{ path: 'subject', code: 'already_referred', message: 'An open referral exists' }], {}, { referralId: open.id });
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('enforcement_referrals')
      .values({ id, subject_kind: input.subjectKind, subject: input.subject, to_org_id: to.id, to_name: to.name, note: input.note ?? '', evidence: JSON.stringify(evidence), status: 'sent', created_by: userIdOf(p), created_at: now })
      .execute();
    await writeAudit(tx, actor, { action: 'oversight.referral_create', targetType: 'enforcement_referral', targetId: id, details: { subjectKind: input.subjectKind, toOrgId: to.id, findings: evidence.length } });
  });
  return getReferral(ctx, id, actor, false);
}

type ReferralRow = { id: string; subject_kind: string; subject: string; to_org_id: string | null; to_name: string; note: string; evidence: string; status: string; created_by: string; created_at: number };
const presentReferral = (r: ReferralRow, by: string | null) => ({
  id: r.id,
  subjectKind: r.subject_kind,
  subject: r.subject,
  toOrgId: r.to_org_id,
  toName: r.to_name,
  note: r.note,
  status: r.status,
  next: nextStatuses[r.status as ReferralStatus] ?? [],
  evidenceCount: (JSON.parse(r.evidence) as string[]).length,
  createdBy: by,
  createdAt: iso(r.created_at),
});

export async function listReferrals(ctx: Ctx, status?: ReferralStatus) {
  let q = ctx.db.selectFrom('enforcement_referrals').leftJoin('users', 'users.id', 'enforcement_referrals.created_by').selectAll('enforcement_referrals').select('users.name as by_name');
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('enforcement_referrals.created_at', 'desc').limit(500).execute();
  return rows.map((r) => presentReferral(r, r.by_name ?? null));
}

/** One referral with its evidence: the findings and their orders (a read of drivers' orders: audited). */
export async function getReferral(ctx: Ctx, id: string, actor: Actor, audit = true) {
  const r = await ctx.db.selectFrom('enforcement_referrals').leftJoin('users', 'users.id', 'enforcement_referrals.created_by').selectAll('enforcement_referrals').select('users.name as by_name').where('enforcement_referrals.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('No such referral');
  const ids = JSON.parse(r.evidence) as string[];
  const rows = ids.length
    ? ((await ctx.db
        .selectFrom('oversight_findings')
        .leftJoin('oversight_rules', 'oversight_rules.id', 'oversight_findings.rule_id')
        .select([...findingColumns])
        .where(isAnyOf(ctx.db, 'oversight_findings.id', ids))
        .orderBy('oversight_findings.day')
        .execute()) as FindingRow[])
    : [];
  const evidence = await presentFindings(ctx.db, rows, false);
  if (audit) await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'oversight.referral_read', targetType: 'enforcement_referral', targetId: id, details: { findings: evidence.length } }));
  return { ...presentReferral(r, r.by_name ?? null), evidence };
}

export async function setReferralStatus(ctx: Ctx, id: string, status: ReferralStatus, actor: Actor) {
  const r = await ctx.db.selectFrom('enforcement_referrals').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('No such referral');
  const allowed = nextStatuses[r.status as ReferralStatus] ?? [];
  if (!allowed.includes(status)) throw new AppError('conflict', `A ${r.status} referral cannot become ${status}`, [{ path: 'status', code: 'bad_transition', message: 'Not allowed from the current status' }], {}, { allowed });
  await ctx.db.transaction().execute(async (tx) => {
    // Only from the status read: a concurrent change makes this update miss, and the caller retries.
    const res = await tx.updateTable('enforcement_referrals').set({ status }).where('id', '=', id).where('status', '=', r.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The referral changed meanwhile', [{ path: 'status', code: 'bad_transition', message: 'Changed meanwhile' }]);
    await writeAudit(tx, actor, { action: 'oversight.referral_status', targetType: 'enforcement_referral', targetId: id, details: { from: r.status, to: status } });
  });
  return getReferral(ctx, id, actor, false);
}
