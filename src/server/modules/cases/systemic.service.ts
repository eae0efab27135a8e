// Systemic issues: similar cases (same road, company, contract clause or platform rule) linked into one.
// When one ends in a rule change, every linked case is updated and every worker the change affects
// (by kind, city and platform) is told.
import { AppError, badField, notFound } from '../../platform/errors.js';
import { newId, nowOf, type Ctx } from '../../platform/context.js';
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { notify } from '../notifications/index.js';
import { event, factsOf, loadVisible, userIdOf } from './case.service.js';
import { handles } from './case.policy.js';
import { metresBetween, textSimilarity } from './case.js';

const csv = (xs: string[] | undefined) => (xs ?? []).join(',');
const list = (s: string) => (s ? s.split(',') : []);

async function issueFor(ctx: Ctx, p: Principal, issueId: string) {
  const issue = await ctx.db.selectFrom('systemic_issues').selectAll().where('id', '=', issueId).executeTakeFirst();
  if (!issue || !(hasRole(p, 'union_officer', issue.union_id) || hasRole(p, 'union_chair', issue.union_id))) throw notFound('No such systemic issue');
  return issue;
}

export async function create(ctx: Ctx, p: Principal, input: { unionId: string; title: string; linkKind: string; caseIds: string[] }, actor: Actor) {
  if (!(hasRole(p, 'union_officer', input.unionId) || hasRole(p, 'union_chair', input.unionId))) throw notFound('No such union');
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('systemic_issues')
      .values({ id, union_id: input.unionId, title: input.title, link_kind: input.linkKind, status: 'open', rule_change: null, changed_by: null, effective_on: null, affects_kinds: '', affects_cities: '', affects_platforms: '', notified_count: 0, created_by: userIdOf(p), created_at: now, changed_at: null })
      .execute();
    await writeAudit(tx, actor, { action: 'systemic.create', targetType: 'systemic_issue', targetId: id });
  });
  if (input.caseIds.length) await link(ctx, p, id, input.caseIds, actor);
  return get(ctx, p, id);
}

/** Links cases the caller handles (same union) into the issue. */
export async function link(ctx: Ctx, p: Principal, issueId: string, caseIds: string[], actor: Actor) {
  const issue = await issueFor(ctx, p, issueId);
  const now = nowOf(ctx);
  const rows: Awaited<ReturnType<typeof loadVisible>>[] = [];
  for (const cid of caseIds) {
    const row = await loadVisible(ctx.db, p, cid).catch(() => null);
    if (!row || row.union_id !== issue.union_id || !handles(p, factsOf(row))) {
      throw badField('caseIds', 'unknown_case', `Case ${cid} is not one you handle in this union`);
    }
    rows.push(row);
  }
  await ctx.db.transaction().execute(async (tx) => {
    for (const row of rows) {
      await tx.updateTable('cases').set({ systemic_issue_id: issueId, updated_at: now, version: row.version + 1 }).where('id', '=', row.id).execute();
      await event(tx, ctx, row.id, userIdOf(p), 'linked_systemic', 'worker', { issueId, title: issue.title }, undefined, now);
    }
    await writeAudit(tx, actor, { action: 'systemic.link', targetType: 'systemic_issue', targetId: issueId, details: { caseIds } });
  });
}

export async function get(ctx: Ctx, p: Principal, issueId: string) {
  const issue = await issueFor(ctx, p, issueId);
  const cases = await ctx.db.selectFrom('cases').select(['id', 'case_no', 'title', 'status', 'place', 'category']).where('systemic_issue_id', '=', issueId).orderBy('submitted_at').execute();
  return {
    id: issue.id,
    unionId: issue.union_id,
    title: issue.title,
    linkKind: issue.link_kind,
    status: issue.status,
    ruleChange: issue.rule_change,
    changedBy: issue.changed_by,
    effectiveOn: issue.effective_on,
    affects: { kinds: list(issue.affects_kinds), cities: list(issue.affects_cities), platforms: list(issue.affects_platforms) },
    notifiedCount: issue.notified_count,
    cases: cases.map((c) => ({ id: c.id, caseNo: c.case_no, title: c.title, status: c.status, place: c.place, category: c.category })),
  };
}

export async function listFor(ctx: Ctx, p: Principal) {
  const unions = orgsWithRole(p, 'union_officer', 'union_chair');
  const rows = await ctx.db
    .selectFrom('systemic_issues')
    .leftJoin('cases', 'cases.systemic_issue_id', 'systemic_issues.id')
    .select(['systemic_issues.id', 'systemic_issues.title', 'systemic_issues.status', 'systemic_issues.link_kind', 'systemic_issues.effective_on', 'systemic_issues.notified_count'])
    .select((eb) => eb.fn.count<number>('cases.id').as('cases'))
    .where('systemic_issues.union_id', 'in', unions.length ? unions : ['-'])
    .groupBy(['systemic_issues.id', 'systemic_issues.title', 'systemic_issues.status', 'systemic_issues.link_kind', 'systemic_issues.effective_on', 'systemic_issues.notified_count'])
    .orderBy('systemic_issues.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, linkKind: r.link_kind, effectiveOn: r.effective_on, notifiedCount: r.notified_count, cases: Number(r.cases) }));
}

/**
 * Cases of the same union that look like this one: the same respondent, the same platform and category,
 * within 500 m, or text alike (character bigrams). Best first, with the reasons.
 */
export async function suggestions(ctx: Ctx, p: Principal, caseId: string) {
  const row = await loadVisible(ctx.db, p, caseId);
  if (!handles(p, factsOf(row))) throw notFound('No such case');
  const text = `${row.title} ${row.place} ${ctx.crypto.decrypt(row.description_enc)}`;
  const since = nowOf(ctx) - 365 * 86_400_000;
  const candidates = await ctx.db
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'place', 'lat', 'lng', 'category', 'respondent_org_id', 'respondent_name', 'platform_code', 'description_enc', 'systemic_issue_id', 'status'])
    .where('union_id', '=', row.union_id)
    .where('id', '!=', row.id)
    .where('submitted_at', '>', since)
    .orderBy('submitted_at', 'desc')
    .limit(2000)
    .execute();
  const out = [];
  for (const c of candidates) {
    const reasons: string[] = [];
    let score = 0;
    if (row.respondent_org_id && c.respondent_org_id === row.respondent_org_id) (reasons.push('same_respondent'), (score += 0.4));
    else if (row.respondent_name && c.respondent_name === row.respondent_name) (reasons.push('same_respondent'), (score += 0.4));
    if (row.platform_code && c.platform_code === row.platform_code && c.category === row.category) (reasons.push('same_platform'), (score += 0.2));
    if (row.lat !== null && row.lng !== null && c.lat !== null && c.lng !== null && metresBetween(Number(row.lat), Number(row.lng), Number(c.lat), Number(c.lng)) <= 500) (reasons.push('nearby'), (score += 0.4));
    const sim = textSimilarity(text, `${c.title} ${c.place} ${ctx.crypto.decrypt(c.description_enc)}`);
    if (sim >= 0.3) (reasons.push('similar_text'), (score += sim));
    if (c.category === row.category) score += 0.1;
    if (reasons.length) out.push({ id: c.id, caseNo: c.case_no, title: c.title, place: c.place, status: c.status, systemicIssueId: c.systemic_issue_id, score: Math.round(score * 100) / 100, reasons });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, 20);
}

/**
 * The rule changed: recorded on the issue, on every linked case (a step on the worker's timeline), and
 * told to every worker it affects — the linked cases' workers and every registered worker of the kinds,
 * cities and platforms named.
 */
export async function ruleChanged(
  ctx: Ctx,
  p: Principal,
  issueId: string,
  input: { ruleChange: string; changedBy: string; effectiveOn: string; kinds?: string[] | undefined; cities?: string[] | undefined; platforms?: string[] | undefined },
  actor: Actor,
) {
  const issue = await issueFor(ctx, p, issueId);
  if (issue.status !== 'open') throw new AppError('conflict', 'The rule change is already recorded', [{ path: 'ruleChange', code: 'already_recorded', message: 'Already recorded' }]);
  const now = nowOf(ctx);
  let notified = 0;
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('systemic_issues')
      .set({ status: 'rule_changed', rule_change: input.ruleChange, changed_by: input.changedBy, effective_on: input.effectiveOn, affects_kinds: csv(input.kinds), affects_cities: csv(input.cities), affects_platforms: csv(input.platforms), changed_at: now })
      .where('id', '=', issueId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The rule change is already recorded', [{ path: 'ruleChange', code: 'already_recorded', message: 'Already recorded' }]);
    const linked = await tx.selectFrom('cases').innerJoin('workers', 'workers.id', 'cases.worker_id').select(['cases.id', 'cases.case_no', 'workers.user_id', 'cases.outcome', 'cases.version']).where('cases.systemic_issue_id', '=', issueId).execute();
    for (const c of linked) {
      await event(tx, ctx, c.id, userIdOf(p), 'rule_changed', 'worker', { issueId, changedBy: input.changedBy, effectiveOn: input.effectiveOn }, input.ruleChange, now);
      await tx.updateTable('cases').set({ updated_at: now, version: c.version + 1 }).where('id', '=', c.id).execute();
    }
    let affected = tx.selectFrom('workers').select('workers.user_id').distinct();
    if (input.platforms?.length) affected = affected.innerJoin('worker_platforms', 'worker_platforms.worker_id', 'workers.id').where('worker_platforms.platform_code', 'in', input.platforms);
    if (input.kinds?.length) affected = affected.where('workers.kind', 'in', input.kinds);
    if (input.cities?.length) affected = affected.where('workers.city_code', 'in', input.cities);
    const everyone = input.kinds?.length || input.cities?.length || input.platforms?.length ? (await affected.execute()).map((r) => r.user_id) : [];
    const users = new Set([...linked.map((c) => c.user_id), ...everyone]);
    notified = await notify(tx, users, 'rule_changed', { issueId, title: issue.title, changedBy: input.changedBy, effectiveOn: input.effectiveOn, summary: input.ruleChange.slice(0, 200) }, now);
    await tx.updateTable('systemic_issues').set({ notified_count: notified }).where('id', '=', issueId).execute();
    await writeAudit(tx, actor, { action: 'systemic.rule_changed', targetType: 'systemic_issue', targetId: issueId, details: { linked: linked.length, notified } });
  });
  return { ...(await get(ctx, p, issueId)), notified };
}
