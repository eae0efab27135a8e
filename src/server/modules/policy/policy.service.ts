// Policy support: the eligibility check, applications, the approver's decision and disbursements.
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, badField, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import { maskName } from '../../platform/crypto.js';

import { notify } from '../notifications/index.js';

import { enterpriseFacts, enterprisesFoundedBy } from '../incubator/index.js';

import { cohortFacts, cohortsOfSchools } from '../training/index.js';

import type { AmountRule, ApplicantKind, ApplicationInputs, ApplicationStatus, Facts, Rule, SchemeKind, Verdict } from '../../../shared/policy.js';
import { addMonthsInclusive, evaluate, maxAmount, monthsBetween, parseRules } from './policy.rules.js';

import { figureOrgs, mayClaimFor, mayReview, maySeeApplication, reviewOrgs } from './policy.access.js';

import { isUniqueViolation } from '../../platform/db.js';
import { beijingDay } from '../../platform/time.js';
import type { Database } from '../../platform/schema.js';

/** Days and years are Beijing's (UTC+8). */
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

type SchemeRow = {
  id: string;
  code: string;
  kind: string;
  applicant: string;
  agency_org_id: string;
  name_zh: string;
  name_ug: string;
  name_en: string;
  version: number;
  rules: string;
  amount_rule: string;
  period: string;
  source: string;
  is_active: number;
};
const schemeCols = ['id', 'code', 'kind', 'applicant', 'agency_org_id', 'name_zh', 'name_ug', 'name_en', 'version', 'rules', 'amount_rule', 'period', 'source', 'is_active'] as const;

export const presentScheme = (s: SchemeRow, agencyName = '') => ({
  id: s.id,
  code: s.code,
  kind: s.kind as SchemeKind,
  applicant: s.applicant as ApplicantKind,
  agencyOrgId: s.agency_org_id,
  agencyName,
  name: { zh: s.name_zh, ug: s.name_ug, en: s.name_en },
  version: Number(s.version),
  rules: JSON.parse(s.rules) as Rule[],
  amountRule: JSON.parse(s.amount_rule) as AmountRule,
  period: s.period,
  source: s.source,
  active: !!s.is_active,
});
export type Scheme = ReturnType<typeof presentScheme>;

/** The schemes open to applications, with their rules (the form shows them). */
export async function listSchemes(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('policy_schemes')
    .innerJoin('orgs', 'orgs.id', 'policy_schemes.agency_org_id')
    .select([...schemeCols.map((c) => `policy_schemes.${c}` as const), 'orgs.name as agency_name'])
    .where('policy_schemes.is_active', '=', 1)
    .orderBy('policy_schemes.code')
    .execute();
  return rows.map((r) => presentScheme(r, r.agency_name));
}

/** An active scheme by id or code; 404 otherwise. */
export async function requireScheme(q: Db | Tx, idOrCode: string): Promise<SchemeRow> {
  const s = await q
    .selectFrom('policy_schemes')
    .select(schemeCols)
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
    .where('is_active', '=', 1)
    .executeTakeFirst();
  if (!s) throw notFound('No such scheme');
  return s;
}

/**
 * A new version of a scheme's rules (and amount rule), by a policy officer of its agency. Earlier
 * applications keep the snapshot that decided them; the check and new applications use the new rules.
 */
export async function changeScheme(ctx: Ctx, p: Principal, idOrCode: string, body: { rules?: unknown; amountRule?: AmountRule | undefined; active?: boolean | undefined }, actor: Actor) {
  let rules: Rule[] | undefined;
  if (body.rules !== undefined) {
    try {
      rules = parseRules(body.rules);
    } catch (e) {
      throw badField('rules', 'invalid_rules', (e as Error).message);
    }
  }
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('policy_schemes').select(schemeCols).where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
    if (!s || !mayReview(p, s.agency_org_id, 'decide')) throw notFound('No such scheme');
    const version = Number(s.version) + (rules || body.amountRule ? 1 : 0);
    const next = { rules: rules ? JSON.stringify(rules) : s.rules, amount_rule: body.amountRule ? JSON.stringify(body.amountRule) : s.amount_rule };
    const done = await tx
      .updateTable('policy_schemes')
      .set({ ...next, version, is_active: body.active === undefined ? s.is_active : body.active ? 1 : 0, updated_at: now })
      .where('id', '=', s.id)
      .where('version', '=', s.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', 'The scheme was changed meanwhile; load it again', [{ path: 'version', code: 'changed_meanwhile', message: 'Changed meanwhile' }]);
    if (version !== Number(s.version)) await tx.insertInto('policy_scheme_versions').values({ scheme_id: s.id, version, rules: next.rules, amount_rule: next.amount_rule, created_by: actor.id, created_at: now }).execute();
    await writeAudit(tx, actor, { action: 'policy.scheme.change', targetType: 'policy_scheme', targetId: s.id, details: { version, rules: !!rules, amountRule: !!body.amountRule, active: body.active ?? null } });
    const agency = await tx.selectFrom('orgs').select('name').where('id', '=', s.agency_org_id).executeTakeFirst();
    return presentScheme({ ...s, ...next, version, is_active: body.active === undefined ? s.is_active : body.active ? 1 : 0 }, agency?.name ?? '');
  });
}

// ---- facts and the check ------------------------------------------------------------------------

export type Target = { enterpriseId?: string | undefined; cohortId?: string | undefined; inputs?: ApplicationInputs | undefined };
type Computed = { facts: Facts; orgId: string; enterpriseId: string | null; cohortId: string | null; year: number; today: string; showActual: boolean; names: { enterprise?: string; cohort?: string } };

const inputFacts = (i: ApplicationInputs): Facts => ({
  ...(i.principalFen !== undefined ? { 'input.principalFen': i.principalFen } : {}),
  ...(i.termMonths !== undefined ? { 'input.termMonths': i.termMonths } : {}),
  ...(i.rateBp !== undefined ? { 'input.rateBp': i.rateBp } : {}),
  ...(i.months !== undefined ? { 'input.months': i.months } : {}),
});

/**
 * The facts for one application, read from the records: the enterprise (stage, age, time in the base,
 * whether the applicant founded it, this scheme granted or pending for it this year) or the school's
 * cohort (funding, status, trainees certified, an earlier claim). Only `input.*` come from the form.
 */
export async function computeFacts(q: Db | Tx, ctx: Ctx, p: Principal, s: SchemeRow, target: Target): Promise<Computed> {
  const userId = p.kind === 'user' ? p.userId : '';
  const now = nowOf(ctx);
  const today = beijingDay(now);
  const year = Number(today.slice(0, 4));
  const inputs = inputFacts(target.inputs ?? {});
  if (s.applicant === 'school') {
    if (!target.cohortId) throw badField('cohortId', 'required', 'Name the cohort the claim is for');
    const c = await cohortFacts(q, target.cohortId);
    // Another school's cohort answers like a missing one.
    if (!c || !mayClaimFor(p, c.orgId)) throw notFound('No such cohort');
    const claims = await q
      .selectFrom('policy_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('scheme_id', '=', s.id)
      .where('cohort_id', '=', c.id)
      .where('status', '<>', 'rejected')
      .executeTakeFirstOrThrow();
    return {
      facts: { 'cohort.fundingSource': c.fundingSource, 'cohort.status': c.status, 'cohort.certified': c.certified, 'cohort.costPerTraineeFen': c.costPerTraineeFen, 'claims.sameCohort': Number(claims.n), ...inputs },
      orgId: c.orgId,
      enterpriseId: null,
      cohortId: c.id,
      year,
      today,
      showActual: true,
      names: { cohort: c.name },
    };
  }
  if (!target.enterpriseId) throw badField('enterpriseId', 'required', 'Name the enterprise the application is for');
  const e = await enterpriseFacts(q, target.enterpriseId);
  if (!e) throw notFound('No such enterprise');
  const isFounder = e.founderUserIds.includes(userId);
  const grants = await q
    .selectFrom('policy_applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scheme_id', '=', s.id)
    .where('enterprise_id', '=', e.id)
    .where('year', '=', year)
    .where('status', '<>', 'rejected')
    .executeTakeFirstOrThrow();
  return {
    facts: {
      'enterprise.stage': e.stage,
      'enterprise.monthsSinceFounded': e.foundedOn ? monthsBetween(e.foundedOn, today) : null,
      'enterprise.monthsInIncubator': e.enteredOn ? monthsBetween(e.enteredOn, today) : null,
      'applicant.isFounder': isFounder,
      'grants.sameSchemeThisYear': Number(grants.n),
      ...inputs,
    },
    orgId: e.orgId,
    enterpriseId: e.id,
    cohortId: null,
    year,
    today,
    // Someone else's enterprise: the verdicts say the applicant is not its founder, and nothing about it.
    showActual: isFounder,
    names: isFounder ? { enterprise: e.name } : {},
  };
}

const shown = (verdicts: Verdict[], showActual: boolean): Verdict[] =>
  showActual ? verdicts : verdicts.map((v): Verdict => (v.fact === 'applicant.isFounder' ? v : (({ actual: _a, ...rest }) => rest)(v)));

/** The dry run: would this application qualify, each rule's verdict, and the most it could be granted. Writes nothing. */
export async function check(ctx: Ctx, p: Principal, schemeId: string, target: Target) {
  const s = await requireScheme(ctx.db, schemeId);
  const c = await computeFacts(ctx.db, ctx, p, s, target);
  const rules = JSON.parse(s.rules) as Rule[];
  const r = evaluate(rules, c.facts);
  return {
    schemeId: s.id,
    schemeVersion: Number(s.version),
    qualifies: r.qualifies,
    verdicts: shown(r.verdicts, c.showActual),
    maxAmountFen: r.qualifies ? maxAmount(JSON.parse(s.amount_rule) as AmountRule, target.inputs ?? {}, c.facts) : 0,
  };
}

/** What a refusal for an ineligible applicant says: 422, naming each rule that failed (the first as `error.rule`). */
export const ineligible = (failed: Verdict[], verdicts: Verdict[]) =>
  new AppError(
    'unprocessable',
    `Not eligible: rule ${failed[0]!.id} (${failed[0]!.fact}) ${failed[0]!.outcome === 'missing' ? 'has no value' : 'is not met'}`,
    failed.map((v) => ({ path: `rules.${v.id}`, code: v.outcome === 'missing' ? 'missing_fact' : 'rule_failed', message: v.message })),
    {},
    { rule: failed[0]!.id, verdicts },
  );

/**
 * Submits an application. The facts are computed again inside the transaction and the rules evaluated;
 * an ineligible one is refused with 422 and nothing is written. Two simultaneous submissions for the
 * same enterprise and year (or the same cohort) get one row: a unique index keeps the second out (409).
 */
export async function apply(ctx: Ctx, p: Principal, schemeId: string, target: Target, actor: Actor) {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  const now = nowOf(ctx);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const s = await requireScheme(tx, schemeId);
      const c = await computeFacts(tx, ctx, p, s, target);
      const rules = JSON.parse(s.rules) as Rule[];
      const r = evaluate(rules, c.facts);
      if (!r.qualifies) throw ineligible(r.failed, shown(r.verdicts, c.showActual));
      const id = newId();
      const inputs = target.inputs ?? {};
      await tx
        .insertInto('policy_applications')
        .values({
          id,
          scheme_id: s.id,
          scheme_version: Number(s.version),
          agency_org_id: s.agency_org_id,
          applicant_user_id: p.userId,
          enterprise_id: c.enterpriseId,
          cohort_id: c.cohortId,
          org_id: c.orgId,
          year: c.year,
          inputs: JSON.stringify(inputs),
          facts: JSON.stringify(c.facts),
          rules: s.rules,
          verdicts: JSON.stringify(r.verdicts),
          max_amount_fen: maxAmount(JSON.parse(s.amount_rule) as AmountRule, inputs, c.facts),
          status: 'submitted',
          approved_amount_fen: null,
          approved_months: null,
          benefit_from: null,
          benefit_to: null,
          disbursed_fen: 0,
          decision_reason: '',
          decided_by: null,
          decided_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await writeAudit(tx, actor, { action: 'policy.apply', targetType: 'policy_application', targetId: id, details: { schemeId: s.id, version: Number(s.version), enterpriseId: c.enterpriseId, cohortId: c.cohortId } });
      const officers = await officersOf(tx, s.agency_org_id);
      await notify(tx, officers, 'policy_submitted', { applicationId: id, scheme: s.code, schemeKind: s.kind }, now);
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'This scheme was already applied for, for this enterprise this year (or for this cohort)', [{ path: 'schemeId', code: 'already_applied', message: 'Already applied' }]);
    throw e;
  }
}

const officersOf = async (q: Db | Tx, agencyOrgId: string) =>
  (await q.selectFrom('user_roles').select('user_id').where('role', '=', 'policy_officer').where('org_id', '=', agencyOrgId).execute()).map((r) => r.user_id);

// ---- reading applications ---------------------------------------------------------------------------

/** An application as read: the table's columns but who decided and when it last changed. */
type AppRow = Omit<Database['policy_applications'], 'decided_by' | 'updated_at'>;
const appCols = [
  'policy_applications.id',
  'policy_applications.scheme_id',
  'policy_applications.scheme_version',
  'policy_applications.agency_org_id',
  'policy_applications.applicant_user_id',
  'policy_applications.enterprise_id',
  'policy_applications.cohort_id',
  'policy_applications.org_id',
  'policy_applications.year',
  'policy_applications.inputs',
  'policy_applications.facts',
  'policy_applications.rules',
  'policy_applications.verdicts',
  'policy_applications.max_amount_fen',
  'policy_applications.status',
  'policy_applications.approved_amount_fen',
  'policy_applications.approved_months',
  'policy_applications.benefit_from',
  'policy_applications.benefit_to',
  'policy_applications.disbursed_fen',
  'policy_applications.decision_reason',
  'policy_applications.decided_at',
  'policy_applications.created_at',
] as const;

const baseQuery = (q: Db | Tx) =>
  q
    .selectFrom('policy_applications')
    .innerJoin('policy_schemes', 'policy_schemes.id', 'policy_applications.scheme_id')
    .innerJoin('users', 'users.id', 'policy_applications.applicant_user_id')
    .leftJoin('incubator_enterprises', 'incubator_enterprises.id', 'policy_applications.enterprise_id')
    .leftJoin('training_cohorts', 'training_cohorts.id', 'policy_applications.cohort_id')
    .select([
      ...appCols,
      'policy_schemes.code as scheme_code',
      'policy_schemes.kind as scheme_kind',
      'policy_schemes.name_zh',
      'policy_schemes.name_ug',
      'policy_schemes.name_en',
      'users.name as applicant_name',
      'incubator_enterprises.name as enterprise_name',
      'training_cohorts.name as cohort_name',
    ]);
type Joined = AppRow & { scheme_code: string; scheme_kind: string; name_zh: string; name_ug: string; name_en: string; applicant_name: string; enterprise_name: string | null; cohort_name: string | null };

const n = (v: number | null) => (v === null ? null : Number(v));
export const presentApplication = (a: Joined) => ({
  id: a.id,
  schemeId: a.scheme_id,
  schemeCode: a.scheme_code,
  schemeKind: a.scheme_kind as SchemeKind,
  schemeName: { zh: a.name_zh, ug: a.name_ug, en: a.name_en },
  schemeVersion: Number(a.scheme_version),
  status: a.status as ApplicationStatus,
  year: Number(a.year),
  applicantName: maskName(a.applicant_name),
  enterpriseId: a.enterprise_id,
  enterpriseName: a.enterprise_name,
  cohortId: a.cohort_id,
  cohortName: a.cohort_name,
  inputs: JSON.parse(a.inputs) as ApplicationInputs,
  maxAmountFen: Number(a.max_amount_fen),
  approvedAmountFen: n(a.approved_amount_fen),
  approvedMonths: n(a.approved_months),
  benefitFrom: a.benefit_from,
  benefitTo: a.benefit_to,
  disbursedFen: Number(a.disbursed_fen),
  decisionReason: a.decision_reason,
  decidedAt: iso(a.decided_at),
  createdAt: iso(a.created_at)!,
  facts: JSON.parse(a.facts) as Facts,
  rules: JSON.parse(a.rules) as Rule[],
  verdicts: JSON.parse(a.verdicts) as Verdict[],
});
export type Application = ReturnType<typeof presentApplication>;

async function disbursementsOf(q: Db | Tx, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; paidOn: string; amountFen: number; reference: string; createdAt: string }[]>();
  const rows = await q.selectFrom('policy_disbursements').selectAll().where('application_id', 'in', ids).orderBy('paid_on').orderBy('created_at').execute();
  const out = new Map<string, { id: string; paidOn: string; amountFen: number; reference: string; createdAt: string }[]>();
  for (const r of rows) {
    const list = out.get(r.application_id) ?? [];
    list.push({ id: r.id, paidOn: r.paid_on, amountFen: Number(r.amount_fen), reference: r.reference, createdAt: iso(r.created_at)! });
    out.set(r.application_id, list);
  }
  return out;
}

/** The caller's own applications, newest first, with what was decided and paid. */
export async function mine(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') return [];
  const rows = (await baseQuery(ctx.db).where('policy_applications.applicant_user_id', '=', p.userId).orderBy('policy_applications.created_at', 'desc').orderBy('policy_applications.id').limit(100).execute()) as Joined[];
  const paid = await disbursementsOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...presentApplication(r), disbursements: paid.get(r.id) ?? [] }));
}

/** The approver's queue: their agencies' applications, oldest waiting first (or by status). */
export async function queue(ctx: Ctx, p: Principal, status?: ApplicationStatus) {
  const orgs = reviewOrgs(p);
  if (!orgs.length) return [];
  const rows = (await baseQuery(ctx.db)
    .where('policy_applications.agency_org_id', 'in', orgs)
    .$if(!!status, (q) => q.where('policy_applications.status', '=', status!))
    .orderBy('policy_applications.created_at', status === 'submitted' ? 'asc' : 'desc')
    .orderBy('policy_applications.id')
    .limit(200)
    .execute()) as Joined[];
  return rows.map((r) => presentApplication(r));
}

/** One application with its facts, rules, verdicts and disbursements: for its applicant and its reviewers; 404 for anyone else. */
export async function getApplication(ctx: Ctx, p: Principal, id: string) {
  const a = (await baseQuery(ctx.db).where('policy_applications.id', '=', id).executeTakeFirst()) as Joined | undefined;
  if (!a || !maySeeApplication(p, a)) throw notFound('No such application');
  const paid = await disbursementsOf(ctx.db, [a.id]);
  return { ...presentApplication(a), disbursements: paid.get(a.id) ?? [], mayReview: mayReview(p, a.agency_org_id, 'decide') };
}

/** What the applicant may pick on the form: the enterprises they founded, the cohorts of the schools they train for. */
export async function options(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') return { enterprises: [], cohorts: [] };
  const schools = [...new Set(p.roles.filter((r) => r.role === 'trainer').map((r) => r.orgId))];
  const [enterprises, cohorts] = await Promise.all([enterprisesFoundedBy(ctx.db, p.userId), cohortsOfSchools(ctx.db, schools)]);
  return { enterprises, cohorts };
}

// ---- the approver ------------------------------------------------------------------------------------

/** The application for a reviewer (locked for the rest of the transaction on PostgreSQL); 404 when not theirs. */
async function reviewable(tx: Tx, p: Principal, id: string) {
  const a = await tx
    .selectFrom('policy_applications')
    .innerJoin('policy_schemes', 'policy_schemes.id', 'policy_applications.scheme_id')
    .select(['policy_applications.id', 'policy_applications.agency_org_id', 'policy_applications.applicant_user_id', 'policy_applications.status', 'policy_applications.inputs', 'policy_applications.max_amount_fen', 'policy_schemes.code', 'policy_schemes.kind', 'policy_schemes.amount_rule'])
    .where('policy_applications.id', '=', id)
    .executeTakeFirst();
  if (!a || !mayReview(p, a.agency_org_id, 'decide')) throw notFound('No such application');
  return a;
}

const alreadyDecided = (status: string) => new AppError('conflict', `The application was already ${status}`, [{ path: 'status', code: 'already_decided', message: `Already ${status}` }], {}, { status });

export type Approval = { amountFen?: number | undefined; months?: number | undefined; startsOn?: string | undefined; reason?: string | undefined };

/**
 * Approves with an amount no greater than the computed maximum (money schemes), or with a number of
 * rent-free months no greater than asked for (rent-free space, which then runs from `startsOn`).
 */
export async function approve(ctx: Ctx, p: Principal, id: string, body: Approval, actor: Actor) {
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const a = await reviewable(tx, p, id);
    if (a.status !== 'submitted') throw alreadyDecided(a.status);
    const set: { approved_amount_fen: number; approved_months: number | null; benefit_from: string | null; benefit_to: string | null } = { approved_amount_fen: 0, approved_months: null, benefit_from: null, benefit_to: null };
    if (a.kind === 'rent_free') {
      const rule = JSON.parse(a.amount_rule) as AmountRule;
      const asked = (JSON.parse(a.inputs) as ApplicationInputs).months ?? 0;
      if (body.months === undefined) throw badField('months', 'required', 'How many rent-free months are granted');
      if (body.months > asked) throw new AppError('unprocessable', `At most the ${asked} months asked for`, [{ path: 'months', code: 'over_maximum', message: `At most ${asked}` }], {}, { maxMonths: asked });
      const from = body.startsOn ?? beijingDay(now);
      const monthly = rule.kind === 'rent_months' ? rule.monthlyValueFen : 0;
      Object.assign(set, { approved_months: body.months, approved_amount_fen: body.months * monthly, benefit_from: from, benefit_to: addMonthsInclusive(from, body.months) });
    } else {
      if (body.amountFen === undefined) throw badField('amountFen', 'required', 'The amount granted, in fen');
      const max = Number(a.max_amount_fen);
      if (body.amountFen > max) throw new AppError('unprocessable', `At most the computed maximum, ${max} fen`, [{ path: 'amountFen', code: 'over_maximum', message: `At most ${max}` }], {}, { maxAmountFen: max });
      set.approved_amount_fen = body.amountFen;
    }
    const done = await tx
      .updateTable('policy_applications')
      .set({ ...set, status: 'approved', decision_reason: body.reason ?? '', decided_by: actor.id, decided_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw alreadyDecided('decided');
    await writeAudit(tx, actor, { action: 'policy.approve', targetType: 'policy_application', targetId: id, details: { amountFen: set.approved_amount_fen, months: set.approved_months } });
    await notify(tx, [a.applicant_user_id], 'policy_decided', { applicationId: id, scheme: a.code, schemeKind: a.kind, status: 'approved', amountFen: set.approved_amount_fen, months: set.approved_months }, now);
  });
  return getApplication(ctx, p, id);
}

/** Rejects with a reason (required), which the applicant reads. */
export async function reject(ctx: Ctx, p: Principal, id: string, reason: string, actor: Actor) {
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const a = await reviewable(tx, p, id);
    if (a.status !== 'submitted') throw alreadyDecided(a.status);
    const done = await tx
      .updateTable('policy_applications')
      .set({ status: 'rejected', decision_reason: reason, decided_by: actor.id, decided_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw alreadyDecided('decided');
    await writeAudit(tx, actor, { action: 'policy.reject', targetType: 'policy_application', targetId: id, details: {} });
    await notify(tx, [a.applicant_user_id], 'policy_decided', { applicationId: id, scheme: a.code, schemeKind: a.kind, status: 'rejected' }, now);
  });
  return getApplication(ctx, p, id);
}

/**
 * Records a payment on an approved application. The running total is raised by a conditional update
 * (`disbursed + amount ≤ approved`) in the same transaction as the record, so simultaneous payments can
 * never exceed the approved amount on either database (PostgreSQL re-checks the condition on the row
 * a concurrent payment just updated; SQLite runs transactions one at a time); a CHECK backs it up.
 */
export async function disburse(ctx: Ctx, p: Principal, id: string, body: { paidOn: string; amountFen: number; reference: string }, actor: Actor) {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const a = await reviewable(tx, p, id);
    if (a.kind === 'rent_free') throw new AppError('conflict', 'Rent-free space is granted in months; nothing is paid', [{ path: 'id', code: 'not_disbursable', message: 'Nothing to pay' }]);
    if (a.status !== 'approved') throw new AppError('conflict', 'Only an approved application is paid', [{ path: 'status', code: 'not_approved', message: `The application is ${a.status}` }]);
    const raised = await tx
      .updateTable('policy_applications')
      .set((eb) => ({ disbursed_fen: eb('disbursed_fen', '+', body.amountFen), updated_at: now }))
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .where((eb) => eb(eb('disbursed_fen', '+', body.amountFen), '<=', eb.ref('approved_amount_fen')))
      .returning(['disbursed_fen', 'approved_amount_fen'])
      .executeTakeFirst();
    if (!raised) {
      const cur = await tx.selectFrom('policy_applications').select(['disbursed_fen', 'approved_amount_fen']).where('id', '=', id).executeTakeFirstOrThrow();
      const left = Number(cur.approved_amount_fen ?? 0) - Number(cur.disbursed_fen);
      throw new AppError('conflict', `Over the approved amount: ${left} fen left to pay`, [{ path: 'amountFen', code: 'over_approved', message: `At most ${left}` }], {}, { remainingFen: left });
    }
    const did = newId();
    await tx.insertInto('policy_disbursements').values({ id: did, application_id: id, paid_on: body.paidOn, amount_fen: body.amountFen, reference: body.reference, recorded_by: actor.id ?? '', created_at: now }).execute();
    await writeAudit(tx, actor, { action: 'policy.disburse', targetType: 'policy_disbursement', targetId: did, details: { applicationId: id, amountFen: body.amountFen } });
    await notify(tx, [a.applicant_user_id], 'policy_paid', { applicationId: id, scheme: a.code, schemeKind: a.kind, amountFen: body.amountFen, paidOn: body.paidOn }, now);
    const total = Number(raised.disbursed_fen);
    const approved = Number(raised.approved_amount_fen);
    return { disbursement: { id: did, paidOn: body.paidOn, amountFen: body.amountFen, reference: body.reference, createdAt: iso(now)! }, disbursedFen: total, remainingFen: approved - total };
  });
}

// ---- figures -------------------------------------------------------------------------------------------

/** Per scheme and year: applications, approved, rejected, waiting, amounts granted and paid (fen). */
export async function figures(ctx: Ctx, p: Principal, year?: number) {
  const orgs = figureOrgs(p);
  if (orgs !== 'all' && !orgs.length) return [];
  const rows = await ctx.db
    .selectFrom('policy_applications')
    .innerJoin('policy_schemes', 'policy_schemes.id', 'policy_applications.scheme_id')
    .select((eb) => [
      'policy_applications.scheme_id',
      'policy_schemes.code',
      'policy_schemes.kind',
      'policy_applications.year',
      eb.fn.countAll<number>().as('applications'),
      eb.fn.sum<number>(eb.case().when('policy_applications.status', '=', 'approved').then(1).else(0).end()).as('approved'),
      eb.fn.sum<number>(eb.case().when('policy_applications.status', '=', 'rejected').then(1).else(0).end()).as('rejected'),
      eb.fn.sum<number>(eb.case().when('policy_applications.status', '=', 'submitted').then(1).else(0).end()).as('waiting'),
      eb.fn.sum<number>(eb.fn.coalesce('policy_applications.approved_amount_fen', eb.lit(0))).as('granted_fen'),
      eb.fn.sum<number>('policy_applications.disbursed_fen').as('disbursed_fen'),
      eb.fn.sum<number>(eb.fn.coalesce('policy_applications.approved_months', eb.lit(0))).as('months'),
    ])
    .$if(orgs !== 'all', (q) => q.where('policy_applications.agency_org_id', 'in', orgs as string[]))
    .$if(year !== undefined, (q) => q.where('policy_applications.year', '=', year!))
    .groupBy(['policy_applications.scheme_id', 'policy_schemes.code', 'policy_schemes.kind', 'policy_applications.year'])
    .orderBy('policy_applications.year', 'desc')
    .orderBy('policy_schemes.code')
    .execute();
  return rows.map((r) => ({
    schemeId: r.scheme_id,
    schemeCode: r.code,
    schemeKind: r.kind as SchemeKind,
    year: Number(r.year),
    applications: Number(r.applications),
    approved: Number(r.approved),
    rejected: Number(r.rejected),
    waiting: Number(r.waiting),
    grantedFen: Number(r.granted_fen),
    disbursedFen: Number(r.disbursed_fen),
    rentFreeMonths: Number(r.months),
  }));
}
