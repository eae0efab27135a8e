// The special campaign (专项行动) and its problem list (问题清单): campaigns, problems with their links,
// progress with evidence, the status steps, the overdue sweep and the public progress page. Every change
// is one transaction with its audit record; another agency's campaign answers 404 like a missing one.
import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { isAnyOf, type Db, type Tx } from '../../platform/db.js';
import { AppError, fromFileError, notFound, type FieldIssue } from '../../platform/errors.js';
import { systemActor, writeAudit, type Actor } from '../../platform/audit.js';
import { checkUpload, FileError } from '../../platform/files.js';
import { notify } from '../notifications/index.js';
import type { Area, CampaignStatus, ProblemStatus, ProblemStep } from '../../../shared/campaign.js';
import { indicatorIds } from '../../../shared/oversight.js';
import { platformByCode } from '../../../shared/reference.js';
import { beijingDay, isFinished, isOverdue, nextStatus, parseViolationRef, stepsFrom, violationRef } from './campaign.js';
import { isAnalyst, isManager, mayOnCampaign, mayOnProblem, seesNames, STAFF_ROLES, staffOrgs, type ProblemAction } from './campaign.policy.js';
import type { Database } from '../../platform/schema.js';

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const issue = (path: string, code: string, message: string): FieldIssue => ({ path, code, message });
const unprocessable = (issues: FieldIssue[]) => new AppError('unprocessable', issues.map((i) => i.message).join('; '), issues);
const userIdOf = (p: Principal) => {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return p.userId;
};
const splitList = (s: string) => (s ? s.split(',').filter(Boolean) : []);

// ---- campaigns ------------------------------------------------------------------------------------

type CampaignRow = { id: string; name: string; description: string; lead_org_id: string; regions: string; starts_on: string; ends_on: string; status: string; created_at: number; updated_at: number };
const campaignCols = ['campaigns.id', 'campaigns.name', 'campaigns.description', 'campaigns.lead_org_id', 'campaigns.regions', 'campaigns.starts_on', 'campaigns.ends_on', 'campaigns.status', 'campaigns.created_at', 'campaigns.updated_at'] as const;

async function campaignFacts(q: Db | Tx, c: CampaignRow) {
  const owners = await q.selectFrom('campaign_problems').select(['owner_org_id', 'owner_user_id']).where('campaign_id', '=', c.id).execute();
  return { leadOrgId: c.lead_org_id, ownerOrgIds: [...new Set(owners.map((o) => o.owner_org_id))], ownerUserIds: owners.map((o) => o.owner_user_id).filter((u): u is string => !!u) };
}

/** The campaign if the caller may `manage` or `view` it; 404 otherwise (the same answer as a missing one). */
export async function requireCampaign(q: Db | Tx, p: Principal, id: string, action: 'view' | 'manage'): Promise<CampaignRow> {
  const c = await q.selectFrom('campaigns').select(campaignCols).where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('No such campaign');
  if (!mayOnCampaign(p, await campaignFacts(q, c), 'view')) throw notFound('No such campaign');
  if (action === 'manage' && !isManager(p, c.lead_org_id)) throw new AppError('forbidden', 'Only the lead agency’s managers can do this');
  return c;
}

async function orgNames(q: Db | Tx, ids: string[]) {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map<string, string>();
  const rows = await q.selectFrom('orgs').select(['id', 'name']).where(isAnyOf(q, 'id', uniq)).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
async function userNames(q: Db | Tx, ids: (string | null)[]) {
  const uniq = [...new Set(ids.filter((x): x is string => !!x))];
  if (!uniq.length) return new Map<string, string>();
  const rows = await q.selectFrom('users').select(['id', 'name']).where(isAnyOf(q, 'id', uniq)).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Counts = { total: number; open: number; in_progress: number; closed: number; dismissed: number; overdue: number };
async function problemCounts(q: Db | Tx, campaignIds: string[], today: string): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (!campaignIds.length) return out;
  const rows = await q.selectFrom('campaign_problems').select(['campaign_id', 'status', 'deadline']).where(isAnyOf(q, 'campaign_id', campaignIds)).execute();
  for (const r of rows) {
    const c = out.get(r.campaign_id) ?? { total: 0, open: 0, in_progress: 0, closed: 0, dismissed: 0, overdue: 0 };
    c.total++;
    c[r.status as ProblemStatus]++;
    if (isOverdue({ deadline: r.deadline, status: r.status as ProblemStatus }, today)) c.overdue++;
    out.set(r.campaign_id, c);
  }
  return out;
}

const presentCampaign = (c: CampaignRow, leadOrgName: string, counts: Counts | undefined, p: Principal) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  leadOrgId: c.lead_org_id,
  leadOrgName,
  regions: splitList(c.regions),
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  status: c.status as CampaignStatus,
  counts: counts ?? { total: 0, open: 0, in_progress: 0, closed: 0, dismissed: 0, overdue: 0 },
  canManage: isManager(p, c.lead_org_id),
});

export async function listCampaigns(ctx: Ctx, p: Principal) {
  let q = ctx.db.selectFrom('campaigns').select(campaignCols);
  if (!isAnalyst(p)) {
    const orgs = staffOrgs(p);
    const me = p.kind === 'user' ? p.userId : '-';
    q = q.where((eb) =>
      eb.or([
        ...(orgs.length ? [eb('campaigns.lead_org_id', 'in', orgs)] : []),
        eb.exists(
          eb
            .selectFrom('campaign_problems')
            .select('campaign_problems.id')
            .whereRef('campaign_problems.campaign_id', '=', 'campaigns.id')
            .where((e) => e.or([e('campaign_problems.owner_user_id', '=', me), ...(orgs.length ? [e('campaign_problems.owner_org_id', 'in', orgs)] : [])])),
        ),
      ]),
    );
  }
  const rows = await q.orderBy('campaigns.starts_on', 'desc').orderBy('campaigns.id').limit(200).execute();
  const names = await orgNames(ctx.db, rows.map((r) => r.lead_org_id));
  const counts = await problemCounts(ctx.db, rows.map((r) => r.id), beijingDay(nowOf(ctx)));
  return rows.map((r) => presentCampaign(r, names.get(r.lead_org_id) ?? '', counts.get(r.id), p));
}

export type CampaignInput = { name: string; description: string; leadOrgId: string; regions: string[]; startsOn: string; endsOn: string; status: CampaignStatus };

function checkPeriod(startsOn: string, endsOn: string) {
  if (startsOn > endsOn) throw unprocessable([issue('endsOn', 'before_start', 'The campaign ends before it starts')]);
}

export async function createCampaign(ctx: Ctx, p: Principal, v: CampaignInput, actor: Actor) {
  const by = userIdOf(p);
  checkPeriod(v.startsOn, v.endsOn);
  const org = await ctx.db.selectFrom('orgs').select(['id', 'kind']).where('id', '=', v.leadOrgId).executeTakeFirst();
  if (!org || (org.kind !== 'union' && org.kind !== 'agency')) throw unprocessable([issue('leadOrgId', 'unknown_agency', 'The lead agency is not a known union or agency')]);
  if (!isManager(p, v.leadOrgId)) throw new AppError('forbidden', 'Only a manager of the lead agency can set up its campaign', [issue('leadOrgId', 'not_manager', 'You do not manage this agency')]);
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('campaigns')
      .values({ id, name: v.name, description: v.description, lead_org_id: v.leadOrgId, regions: v.regions.join(','), starts_on: v.startsOn, ends_on: v.endsOn, status: v.status, created_by: by, created_at: now, updated_at: now })
      .execute();
    await writeAudit(tx, actor, { action: 'campaign.create', targetType: 'campaign', targetId: id, details: { leadOrgId: v.leadOrgId } });
  });
  return getCampaign(ctx, p, id);
}

export async function updateCampaign(ctx: Ctx, p: Principal, id: string, v: Partial<CampaignInput>, actor: Actor) {
  const c = await requireCampaign(ctx.db, p, id, 'manage');
  if (v.leadOrgId !== undefined && v.leadOrgId !== c.lead_org_id) throw new AppError('bad_request', 'The lead agency cannot change', [issue('leadOrgId', 'immutable', 'The lead agency cannot change')]);
  const startsOn = v.startsOn ?? c.starts_on;
  checkPeriod(startsOn, v.endsOn ?? c.ends_on);
  if (v.startsOn) {
    const early = await ctx.db.selectFrom('campaign_problems').select('id').where('campaign_id', '=', id).where('deadline', '<', startsOn).executeTakeFirst();
    if (early) throw unprocessable([issue('startsOn', 'after_a_deadline', 'A problem of this campaign is due before this start date')]);
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('campaigns')
      .set({
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.regions !== undefined ? { regions: v.regions.join(',') } : {}),
        ...(v.startsOn !== undefined ? { starts_on: v.startsOn } : {}),
        ...(v.endsOn !== undefined ? { ends_on: v.endsOn } : {}),
        ...(v.status !== undefined ? { status: v.status } : {}),
        updated_at: nowOf(ctx),
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(tx, actor, { action: 'campaign.update', targetType: 'campaign', targetId: id, details: { fields: Object.keys(v) } });
  });
  return getCampaign(ctx, p, id);
}

export async function getCampaign(ctx: Ctx, p: Principal, id: string) {
  const c = await requireCampaign(ctx.db, p, id, 'view');
  const names = await orgNames(ctx.db, [c.lead_org_id]);
  const counts = await problemCounts(ctx.db, [id], beijingDay(nowOf(ctx)));
  return presentCampaign(c, names.get(c.lead_org_id) ?? '', counts.get(id), p);
}

// ---- problems -------------------------------------------------------------------------------------

/** A problem as read: the table's columns but who closed it, who made it and when the overdue notice went. */
type ProblemRow = Omit<Database['campaign_problems'], 'closed_by' | 'overdue_notified_at' | 'created_by'>;
const problemCols = [
  'id',
  'campaign_id',
  'area',
  'title',
  'description',
  'public_summary',
  'owner_org_id',
  'owner_user_id',
  'deadline',
  'target',
  'target_value',
  'status',
  'closing_note',
  'dismiss_reason',
  'closed_at',
  'proposal_key',
  'progress_count',
  'last_progress_on',
  'created_at',
  'updated_at',
] as const;

export type BoardFilter = { area?: Area | undefined; status?: ProblemStatus | undefined; ownerOrgId?: string | undefined; overdue?: boolean | undefined; mine?: boolean | undefined };

function presentProblem(r: ProblemRow, orgs: Map<string, string>, users: Map<string, string>, p: Principal, today: string, linkCounts?: Record<string, number>) {
  const status = r.status as ProblemStatus;
  const names = seesNames(p);
  return {
    id: r.id,
    campaignId: r.campaign_id,
    area: r.area as Area,
    title: r.title,
    description: r.description,
    publicSummary: r.public_summary,
    ownerOrgId: r.owner_org_id,
    ownerOrgName: orgs.get(r.owner_org_id) ?? '',
    ownerUserId: names ? r.owner_user_id : null,
    ownerUserName: names && r.owner_user_id ? (users.get(r.owner_user_id) ?? '') : null,
    deadline: r.deadline,
    target: r.target,
    targetValue: r.target_value === null ? null : Number(r.target_value),
    status,
    overdue: isOverdue({ deadline: r.deadline, status }, today),
    closingNote: r.closing_note,
    dismissReason: r.dismiss_reason,
    closedAt: r.closed_at === null ? null : iso(r.closed_at),
    fromProposal: r.proposal_key,
    progressCount: Number(r.progress_count),
    lastProgressOn: r.last_progress_on,
    links: linkCounts ?? { case: 0, systemic: 0, violation: 0, finding: 0 },
    updatedAt: iso(r.updated_at),
  };
}

export async function board(ctx: Ctx, p: Principal, campaignId: string, f: BoardFilter) {
  const campaign = await getCampaign(ctx, p, campaignId);
  let q = ctx.db.selectFrom('campaign_problems').select(problemCols).where('campaign_id', '=', campaignId);
  if (f.area) q = q.where('area', '=', f.area);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ownerOrgId) q = q.where('owner_org_id', '=', f.ownerOrgId);
  if (f.mine) q = q.where('owner_user_id', '=', p.kind === 'user' ? p.userId : '-');
  const today = beijingDay(nowOf(ctx));
  if (f.overdue) q = q.where('deadline', '<', today).where('status', 'in', ['open', 'in_progress']);
  const rows = await q.orderBy('deadline').orderBy('id').limit(2000).execute();
  const orgs = await orgNames(ctx.db, rows.map((r) => r.owner_org_id));
  const users = await userNames(ctx.db, rows.map((r) => r.owner_user_id));
  const linkRows = rows.length
    ? await ctx.db
        .selectFrom('campaign_links')
        .select(['problem_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where(isAnyOf(ctx.db, 'problem_id', rows.map((r) => r.id)))
        .groupBy(['problem_id', 'kind'])
        .execute()
    : [];
  const links = new Map<string, Record<string, number>>();
  for (const l of linkRows) {
    const m = links.get(l.problem_id) ?? { case: 0, systemic: 0, violation: 0, finding: 0 };
    m[l.kind] = Number(l.n);
    links.set(l.problem_id, m);
  }
  return { campaign, items: rows.map((r) => presentProblem(r, orgs, users, p, today, links.get(r.id))) };
}

async function loadProblem(q: Db | Tx, p: Principal, id: string, action: ProblemAction) {
  const r = await q.selectFrom('campaign_problems').select(problemCols).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('No such problem');
  const c = await q.selectFrom('campaigns').select(campaignCols).where('id', '=', r.campaign_id).executeTakeFirstOrThrow();
  const facts = { leadOrgId: c.lead_org_id, ownerOrgId: r.owner_org_id, ownerUserId: r.owner_user_id };
  if (!mayOnProblem(p, facts, 'view') && !mayOnCampaign(p, await campaignFacts(q, c), 'view')) throw notFound('No such problem');
  if (action !== 'view' && !mayOnProblem(p, facts, action)) {
    if (action === 'evidence') throw notFound('No such file');
    throw new AppError('forbidden', action === 'edit' ? 'Only the lead agency’s managers can do this' : 'Only the problem’s owner or the lead agency’s managers can do this');
  }
  return { problem: r, campaign: c };
}

/** What a problem covers, as sent: case numbers, systemic issue ids, violation cells, finding ids. */
export type LinksInput = { cases?: string[] | undefined; systemicIssues?: string[] | undefined; violations?: { indicator: string; platform: string; month: string }[] | undefined; findings?: string[] | undefined };

/** Resolves the links to rows to store; every missing target is a 422 naming its place in the body. */
export async function resolveLinks(q: Db | Tx, v: LinksInput): Promise<{ kind: string; ref: string }[]> {
  const out: { kind: string; ref: string }[] = [];
  const issues: FieldIssue[] = [];
  const cases = [...new Set(v.cases ?? [])];
  if (cases.length) {
    const rows = await q.selectFrom('cases').select(['id', 'case_no']).where(isAnyOf(q, 'case_no', cases)).execute();
    const byNo = new Map(rows.map((r) => [r.case_no, r.id]));
    (v.cases ?? []).forEach((no, i) => {
      const id = byNo.get(no);
      if (!id) issues.push(issue(`links.cases.${i}`, 'not_found', `No case ${no}`));
      else out.push({ kind: 'case', ref: id });
    });
  }
  const sys = [...new Set(v.systemicIssues ?? [])];
  if (sys.length) {
    const found = new Set((await q.selectFrom('systemic_issues').select('id').where(isAnyOf(q, 'id', sys)).execute()).map((r) => r.id));
    (v.systemicIssues ?? []).forEach((id, i) => (found.has(id) ? out.push({ kind: 'systemic', ref: id }) : issues.push(issue(`links.systemicIssues.${i}`, 'not_found', 'No such systemic issue'))));
  }
  const months = [...new Set((v.violations ?? []).map((x) => x.month))];
  const analysed = months.length ? new Set((await q.selectFrom('oversight_runs').select('month').where(isAnyOf(q, 'month', months)).execute()).map((r) => r.month)) : new Set<string>();
  (v.violations ?? []).forEach((x, i) => {
    if (!(indicatorIds as readonly string[]).includes(x.indicator)) issues.push(issue(`links.violations.${i}.indicator`, 'unknown_indicator', `No indicator ${x.indicator}`));
    else if (!platformByCode.has(x.platform)) issues.push(issue(`links.violations.${i}.platform`, 'unknown_platform', `No platform ${x.platform}`));
    else if (!analysed.has(x.month)) issues.push(issue(`links.violations.${i}.month`, 'no_run', `${x.month} has not been analysed`));
    else out.push({ kind: 'violation', ref: violationRef(x.indicator, x.platform, x.month) });
  });
  const finds = [...new Set(v.findings ?? [])];
  if (finds.length) {
    const found = new Set((await q.selectFrom('oversight_findings').select('id').where(isAnyOf(q, 'id', finds)).execute()).map((r) => r.id));
    (v.findings ?? []).forEach((id, i) => (found.has(id) ? out.push({ kind: 'finding', ref: id }) : issues.push(issue(`links.findings.${i}`, 'not_found', 'No such finding'))));
  }
  if (issues.length) throw unprocessable(issues);
  const seen = new Set<string>();
  return out.filter((l) => !seen.has(`${l.kind}|${l.ref}`) && !!seen.add(`${l.kind}|${l.ref}`));
}

export type ProblemInput = {
  area: Area;
  title: string;
  description: string;
  publicSummary: string;
  ownerOrgId: string;
  ownerUserId?: string | null | undefined;
  deadline: string;
  target: string;
  targetValue?: number | null | undefined;
  links?: LinksInput | undefined;
};

/** The owner agency must be a union or agency; the owner person one of its staff. */
async function checkOwner(q: Db | Tx, ownerOrgId: string, ownerUserId: string | null | undefined) {
  const org = await q.selectFrom('orgs').select(['id', 'kind']).where('id', '=', ownerOrgId).executeTakeFirst();
  if (!org || (org.kind !== 'union' && org.kind !== 'agency')) throw unprocessable([issue('ownerOrgId', 'unknown_agency', 'The owner agency is not a known union or agency')]);
  if (ownerUserId) {
    const staff = await q.selectFrom('user_roles').select('user_id').where('user_id', '=', ownerUserId).where('org_id', '=', ownerOrgId).where('role', 'in', STAFF_ROLES).executeTakeFirst();
    if (!staff) throw unprocessable([issue('ownerUserId', 'not_staff_of_owner', 'The owner person is not on the staff of the owner agency')]);
  }
}

function checkDeadline(deadline: string, c: { starts_on: string }) {
  if (deadline < c.starts_on) throw unprocessable([issue('deadline', 'before_campaign_start', `The deadline is before the campaign starts (${c.starts_on})`)]);
}

async function insertProblem(tx: Tx, ctx: Ctx, campaignId: string, v: ProblemInput, links: { kind: string; ref: string }[], by: string, proposalKey: string | null) {
  const id = newId();
  const now = nowOf(ctx);
  await tx
    .insertInto('campaign_problems')
    .values({
      id,
      campaign_id: campaignId,
      area: v.area,
      title: v.title,
      description: v.description,
      public_summary: v.publicSummary,
      owner_org_id: v.ownerOrgId,
      owner_user_id: v.ownerUserId ?? null,
      deadline: v.deadline,
      target: v.target,
      target_value: v.targetValue ?? null,
      status: 'open',
      closing_note: '',
      dismiss_reason: '',
      closed_at: null,
      closed_by: null,
      proposal_key: proposalKey,
      progress_count: 0,
      last_progress_on: null,
      overdue_notified_at: null,
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (links.length) await tx.insertInto('campaign_links').values(links.map((l) => ({ problem_id: id, kind: l.kind, ref: l.ref, created_at: now }))).execute();
  if (v.ownerUserId && v.ownerUserId !== by) await notify(tx, [v.ownerUserId], 'campaign_assigned', { campaignId, problemId: id, title: v.title, deadline: v.deadline }, now);
  return id;
}

export async function createProblem(ctx: Ctx, p: Principal, campaignId: string, v: ProblemInput, actor: Actor, proposalKey: string | null = null) {
  const by = userIdOf(p);
  const c = await requireCampaign(ctx.db, p, campaignId, 'manage');
  checkDeadline(v.deadline, c);
  await checkOwner(ctx.db, v.ownerOrgId, v.ownerUserId);
  const links = await resolveLinks(ctx.db, v.links ?? {});
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await insertProblem(tx, ctx, campaignId, v, links, by, proposalKey);
    await writeAudit(tx, actor, { action: proposalKey ? 'campaign.proposal_accept' : 'campaign.problem_create', targetType: 'campaign_problem', targetId: id, details: { campaignId, links: links.length, ...(proposalKey ? { proposalKey } : {}) } });
    return id;
  });
  return getProblem(ctx, p, id);
}

export async function updateProblem(ctx: Ctx, p: Principal, id: string, v: Partial<ProblemInput>, actor: Actor) {
  const { problem, campaign } = await loadProblem(ctx.db, p, id, 'edit');
  if (v.deadline !== undefined) checkDeadline(v.deadline, campaign);
  if (v.ownerOrgId !== undefined || v.ownerUserId !== undefined) await checkOwner(ctx.db, v.ownerOrgId ?? problem.owner_org_id, v.ownerUserId === undefined ? (v.ownerOrgId ? null : problem.owner_user_id) : v.ownerUserId);
  const links = v.links ? await resolveLinks(ctx.db, v.links) : null;
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('campaign_problems')
      .set({
        ...(v.area !== undefined ? { area: v.area } : {}),
        ...(v.title !== undefined ? { title: v.title } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.publicSummary !== undefined ? { public_summary: v.publicSummary } : {}),
        ...(v.ownerOrgId !== undefined ? { owner_org_id: v.ownerOrgId, owner_user_id: v.ownerUserId ?? null } : {}),
        ...(v.ownerOrgId === undefined && v.ownerUserId !== undefined ? { owner_user_id: v.ownerUserId } : {}),
        ...(v.deadline !== undefined ? { deadline: v.deadline, overdue_notified_at: null } : {}),
        ...(v.target !== undefined ? { target: v.target } : {}),
        ...(v.targetValue !== undefined ? { target_value: v.targetValue } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (links) {
      await tx.deleteFrom('campaign_links').where('problem_id', '=', id).execute();
      if (links.length) await tx.insertInto('campaign_links').values(links.map((l) => ({ problem_id: id, kind: l.kind, ref: l.ref, created_at: now }))).execute();
    }
    const newOwner = v.ownerUserId ?? null;
    if (newOwner && newOwner !== problem.owner_user_id && newOwner !== userIdOf(p)) await notify(tx, [newOwner], 'campaign_assigned', { campaignId: problem.campaign_id, problemId: id, title: v.title ?? problem.title, deadline: v.deadline ?? problem.deadline }, now);
    await writeAudit(tx, actor, { action: 'campaign.problem_update', targetType: 'campaign_problem', targetId: id, details: { fields: Object.keys(v) } });
  });
  return getProblem(ctx, p, id);
}

/** The problem with its links (cases only as number, category and status), timeline and evidence. */
export async function getProblem(ctx: Ctx, p: Principal, id: string) {
  const { problem: r, campaign: c } = await loadProblem(ctx.db, p, id, 'view');
  const today = beijingDay(nowOf(ctx));
  const orgs = await orgNames(ctx.db, [r.owner_org_id, c.lead_org_id]);
  const progress = await ctx.db.selectFrom('campaign_progress').select(['id', 'body', 'on_date', 'created_by', 'created_at']).where('problem_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const evidence = await ctx.db.selectFrom('campaign_evidence').select(['id', 'progress_id', 'kind', 'name', 'mime', 'size', 'link', 'created_at']).where('problem_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const users = await userNames(ctx.db, [r.owner_user_id, ...progress.map((x) => x.created_by)]);
  const links = await ctx.db.selectFrom('campaign_links').select(['kind', 'ref']).where('problem_id', '=', id).orderBy('kind').orderBy('ref').execute();
  const refs = (k: string) => links.filter((l) => l.kind === k).map((l) => l.ref);
  const caseIds = refs('case');
  const cases = caseIds.length ? await ctx.db.selectFrom('cases').select(['id', 'case_no', 'category', 'status']).where(isAnyOf(ctx.db, 'id', caseIds)).orderBy('case_no').execute() : [];
  const sysIds = refs('systemic');
  const systemic = sysIds.length ? await ctx.db.selectFrom('systemic_issues').select(['id', 'title', 'status']).where(isAnyOf(ctx.db, 'id', sysIds)).execute() : [];
  const violations = await Promise.all(
    refs('violation').map(async (ref) => {
      const v = parseViolationRef(ref);
      const run = await ctx.db.selectFrom('oversight_runs').select('id').where('month', '=', v.month).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      const n = run
        ? await ctx.db.selectFrom('oversight_findings').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', run.id).where('indicator', '=', v.indicator).where('platform', '=', v.platform).executeTakeFirstOrThrow()
        : { n: 0 };
      return { ...v, findings: Number(n.n) };
    }),
  );
  const findIds = refs('finding');
  const findings = findIds.length ? await ctx.db.selectFrom('oversight_findings').select(['id', 'indicator', 'platform', 'day']).where(isAnyOf(ctx.db, 'id', findIds)).execute() : [];
  const names = seesNames(p);
  const linkCounts = { case: cases.length, systemic: systemic.length, violation: violations.length, finding: findings.length };
  const manager = isManager(p, c.lead_org_id);
  const owner = p.kind === 'user' && p.userId === r.owner_user_id;
  const status = r.status as ProblemStatus;
  const steps = stepsFrom(status).filter((s) => (s === 'dismiss' || s === 'reopen' ? manager : manager || owner));
  return {
    problem: presentProblem(r, orgs, users, p, today, linkCounts),
    campaign: { id: c.id, name: c.name, leadOrgName: orgs.get(c.lead_org_id) ?? '', startsOn: c.starts_on, endsOn: c.ends_on },
    links: {
      cases: cases.map((x) => ({ caseNo: x.case_no, category: x.category, status: x.status })),
      systemicIssues: systemic.map((x) => ({ id: x.id, title: x.title, status: x.status })),
      violations,
      findings: findings.map((x) => ({ id: x.id, indicator: x.indicator, platform: x.platform, day: x.day })),
    },
    progress: progress.map((x) => ({
      id: x.id,
      body: x.body,
      onDate: x.on_date,
      by: names ? (users.get(x.created_by) ?? '') : null,
      at: iso(x.created_at),
      evidence: evidence.filter((e) => e.progress_id === x.id).map((e) => ({ id: e.id, kind: e.kind as 'file' | 'link', name: e.name, mime: e.mime, size: e.size === null ? null : Number(e.size), link: e.link })),
    })),
    evidenceCount: evidence.length,
    may: { edit: manager, progress: manager || owner, steps, evidence: mayOnProblem(p, { leadOrgId: c.lead_org_id, ownerOrgId: r.owner_org_id, ownerUserId: r.owner_user_id }, 'evidence') },
  };
}

// ---- progress and evidence ------------------------------------------------------------------------

export async function addProgress(ctx: Ctx, p: Principal, id: string, v: { body: string; onDate?: string | undefined; link?: string | undefined; linkName?: string | undefined }, actor: Actor) {
  const by = userIdOf(p);
  const { problem } = await loadProblem(ctx.db, p, id, 'progress');
  const status = problem.status as ProblemStatus;
  if (isFinished(status)) throw new AppError('conflict', `The problem is ${status}`, [issue('status', status, `The problem is ${status}`)]);
  const now = nowOf(ctx);
  const today = beijingDay(now);
  const onDate = v.onDate ?? today;
  if (onDate > today) throw unprocessable([issue('onDate', 'in_future', 'The date of an update cannot be in the future')]);
  const progressId = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('campaign_progress').values({ id: progressId, problem_id: id, body: v.body, on_date: onDate, created_by: by, created_at: now }).execute();
    if (v.link) await tx.insertInto('campaign_evidence').values({ id: newId(), problem_id: id, progress_id: progressId, kind: 'link', name: v.linkName ?? v.link, mime: null, size: null, sha256: null, content_enc: null, link: v.link, created_by: by, created_at: now }).execute();
    // The first update starts the work: open → in progress.
    const next = status === 'open' ? nextStatus('open', 'start')! : status;
    const res = await tx
      .updateTable('campaign_problems')
      .set((eb) => ({ progress_count: eb('progress_count', '+', 1), last_progress_on: onDate, status: next, updated_at: now }))
      .where('id', '=', id)
      .where('status', '=', status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The problem changed meanwhile; reload it');
    await writeAudit(tx, actor, { action: 'campaign.progress_add', targetType: 'campaign_problem', targetId: id, details: { progressId, link: !!v.link, ...(next !== status ? { status: next } : {}) } });
  });
  return { id: progressId, ...(await getProblem(ctx, p, id)) };
}

export async function addEvidenceFile(ctx: Ctx, p: Principal, id: string, progressId: string, upload: { bytes: Buffer; contentType: string | undefined; name: string }, actor: Actor) {
  const by = userIdOf(p);
  const { problem } = await loadProblem(ctx.db, p, id, 'progress');
  if (isFinished(problem.status as ProblemStatus)) throw new AppError('conflict', `The problem is ${problem.status}`, [issue('status', problem.status, `The problem is ${problem.status}`)]);
  const prog = await ctx.db.selectFrom('campaign_progress').select('id').where('id', '=', progressId).where('problem_id', '=', id).executeTakeFirst();
  if (!prog) throw notFound('No such progress update');
  let checked;
  try {
    checked = checkUpload(upload.bytes, upload.contentType, ctx.config.evidenceMaxBytes);
  } catch (err) {
    if (err instanceof FileError) throw fromFileError(err, 'file');
    throw err;
  }
  const fileId = newId();
  const name = upload.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || 'file';
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('campaign_evidence')
      .values({ id: fileId, problem_id: id, progress_id: progressId, kind: 'file', name, mime: checked.type, size: checked.size, sha256: checked.sha256, content_enc: ctx.crypto.encryptBytes(checked.bytes), link: null, created_by: by, created_at: nowOf(ctx) })
      .execute();
    await tx.updateTable('campaign_problems').set({ updated_at: nowOf(ctx) }).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'campaign.evidence_add', targetType: 'campaign_problem', targetId: id, details: { fileId, progressId, mime: checked.type, size: checked.size } });
  });
  return { id: fileId, name, mime: checked.type, size: checked.size, sha256: checked.sha256 };
}

export async function readEvidence(ctx: Ctx, p: Principal, id: string, fileId: string, actor: Actor) {
  await loadProblem(ctx.db, p, id, 'evidence');
  const f = await ctx.db.selectFrom('campaign_evidence').selectAll().where('id', '=', fileId).where('problem_id', '=', id).where('kind', '=', 'file').executeTakeFirst();
  if (!f || !f.content_enc) throw notFound('No such file');
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'campaign.evidence_read', targetType: 'campaign_problem', targetId: id, details: { fileId } }));
  return { name: f.name, mime: f.mime ?? 'application/octet-stream', bytes: ctx.crypto.decryptBytes(f.content_enc) };
}

// ---- status steps ---------------------------------------------------------------------------------

/**
 * start / close / dismiss / reopen, by the status table. Closing needs a closing note and at least one
 * evidence item (a file or a link posted with an update): 422 naming `evidence` (and `note`) otherwise.
 * Dismissing needs a reason. The owner or a lead manager starts and closes; only managers dismiss and reopen.
 */
export async function step(ctx: Ctx, p: Principal, id: string, v: { step: ProblemStep; note?: string | undefined }, actor: Actor) {
  const managerOnly = v.step === 'dismiss' || v.step === 'reopen';
  const { problem } = await loadProblem(ctx.db, p, id, managerOnly ? 'edit' : 'progress');
  const from = problem.status as ProblemStatus;
  let to = nextStatus(from, v.step);
  if (!to) throw new AppError('conflict', `A problem that is ${from} cannot ${v.step}`, [issue('step', 'not_allowed', `Not from ${from}`)], {}, { status: from, allowed: stepsFrom(from) });
  if (v.step === 'reopen' && from === 'dismissed' && Number(problem.progress_count) > 0) to = 'in_progress';
  const note = v.note?.trim() ?? '';
  if (v.step === 'close') {
    const ev = await ctx.db.selectFrom('campaign_evidence').select((eb) => eb.fn.countAll<number>().as('n')).where('problem_id', '=', id).executeTakeFirstOrThrow();
    const issues: FieldIssue[] = [];
    if (Number(ev.n) < 1) issues.push(issue('evidence', 'required', 'Closing needs at least one evidence item: post an update with a file or a link'));
    if (!note) issues.push(issue('note', 'required', 'Closing needs a closing note'));
    if (issues.length) throw unprocessable(issues);
  }
  if (v.step === 'dismiss' && !note) throw unprocessable([issue('note', 'required', 'Say why the problem is dismissed')]);
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('campaign_problems')
      .set({
        status: to,
        updated_at: now,
        ...(v.step === 'close' ? { closing_note: note, closed_at: now, closed_by: userIdOf(p) } : {}),
        ...(v.step === 'dismiss' ? { dismiss_reason: note } : {}),
        ...(v.step === 'reopen' ? { closed_at: null, closed_by: null, overdue_notified_at: null } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The problem changed meanwhile; reload it');
    await writeAudit(tx, actor, { action: `campaign.problem_${v.step}`, targetType: 'campaign_problem', targetId: id, details: { from, to } });
  });
  return getProblem(ctx, p, id);
}

// ---- staff the owner can be chosen from ----------------------------------------------------------

/** Unions and agencies with their staff, for choosing a problem's owner (names: managers only). */
export async function owners(ctx: Ctx, p: Principal, campaignId: string) {
  await requireCampaign(ctx.db, p, campaignId, 'manage');
  const orgs = await ctx.db.selectFrom('orgs').select(['id', 'name', 'kind', 'city_code']).where('kind', 'in', ['union', 'agency']).orderBy('kind', 'desc').orderBy('name').execute();
  const staff = await ctx.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.org_id', 'users.id', 'users.name', 'user_roles.role'])
    .where('user_roles.role', 'in', STAFF_ROLES)
    .where('users.is_disabled', '=', 0)
    .orderBy('users.name')
    .execute();
  return orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind, cityCode: o.city_code, staff: staff.filter((s) => s.org_id === o.id).map((s) => ({ id: s.id, name: s.name, role: s.role })) }));
}

// ---- the overdue sweep ----------------------------------------------------------------------------

/**
 * Problems past their deadline and not finished are flagged to the lead agency's staff once: one
 * notification per problem to each of them, and the problem remembers it was notified (a new deadline
 * or a reopening arms it again). Runs with the cases' sweep (main.ts).
 */
export async function sweepCampaigns(ctx: Ctx): Promise<{ overdue: number; notified: number }> {
  const now = nowOf(ctx);
  const today = beijingDay(now);
  const due = await ctx.db
    .selectFrom('campaign_problems')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_problems.campaign_id')
    .select(['campaign_problems.id', 'campaign_problems.campaign_id', 'campaign_problems.title', 'campaign_problems.deadline', 'campaigns.lead_org_id', 'campaign_problems.owner_user_id'])
    .where('campaign_problems.status', 'in', ['open', 'in_progress'])
    .where('campaign_problems.deadline', '<', today)
    .where('campaign_problems.overdue_notified_at', 'is', null)
    .limit(500)
    .execute();
  let notified = 0;
  for (const d of due) {
    await ctx.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('campaign_problems').set({ overdue_notified_at: now }).where('id', '=', d.id).where('overdue_notified_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      const staff = await tx.selectFrom('user_roles').select('user_id').where('org_id', '=', d.lead_org_id).where('role', 'in', STAFF_ROLES).execute();
      const to = [...staff.map((s) => s.user_id), ...(d.owner_user_id ? [d.owner_user_id] : [])];
      notified += await notify(tx, to, 'campaign_overdue', { campaignId: d.campaign_id, problemId: d.id, title: d.title, deadline: d.deadline }, now);
      await writeAudit(tx, systemActor, { action: 'campaign.overdue_notify', targetType: 'campaign_problem', targetId: d.id, details: { recipients: new Set(to).size } });
    });
  }
  return { overdue: due.length, notified };
}

// ---- the public progress page ---------------------------------------------------------------------

/** Campaigns under way or done, with their problems' state: no people, no case numbers, no descriptions. */
export async function publicCampaigns(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('campaigns').select(campaignCols).where('status', 'in', ['active', 'closed']).orderBy('starts_on', 'desc').orderBy('id').limit(100).execute();
  const names = await orgNames(ctx.db, rows.map((r) => r.lead_org_id));
  const counts = await problemCounts(ctx.db, rows.map((r) => r.id), beijingDay(nowOf(ctx)));
  return rows.map((r) => publicCampaign(r, names.get(r.lead_org_id) ?? '', counts.get(r.id)));
}

const publicCampaign = (c: CampaignRow, leadOrgName: string, n: Counts | undefined) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  leadOrgName,
  regions: splitList(c.regions),
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  status: c.status as CampaignStatus,
  counts: { total: (n?.total ?? 0) - (n?.dismissed ?? 0), open: n?.open ?? 0, inProgress: n?.in_progress ?? 0, closed: n?.closed ?? 0, overdue: n?.overdue ?? 0 },
});

export async function publicCampaignDetail(ctx: Ctx, id: string) {
  const c = await ctx.db.selectFrom('campaigns').select(campaignCols).where('id', '=', id).where('status', 'in', ['active', 'closed']).executeTakeFirst();
  if (!c) throw notFound('No such campaign');
  const today = beijingDay(nowOf(ctx));
  const rows = await ctx.db
    .selectFrom('campaign_problems')
    .select(['id', 'area', 'public_summary', 'owner_org_id', 'deadline', 'target', 'target_value', 'status', 'progress_count', 'last_progress_on', 'closed_at'])
    .where('campaign_id', '=', id)
    .where('status', '!=', 'dismissed')
    .orderBy('area')
    .orderBy('deadline')
    .orderBy('id')
    .execute();
  const names = await orgNames(ctx.db, [c.lead_org_id, ...rows.map((r) => r.owner_org_id)]);
  const counts = await problemCounts(ctx.db, [id], today);
  return {
    campaign: publicCampaign(c, names.get(c.lead_org_id) ?? '', counts.get(id)),
    problems: rows.map((r) => ({
      id: r.id,
      area: r.area as Area,
      summary: r.public_summary,
      ownerAgency: names.get(r.owner_org_id) ?? '',
      deadline: r.deadline,
      target: r.target,
      status: r.status as ProblemStatus,
      overdue: isOverdue({ deadline: r.deadline, status: r.status as ProblemStatus }, today),
      progressCount: Number(r.progress_count),
      lastUpdateOn: r.last_progress_on,
      closedOn: r.closed_at === null ? null : beijingDay(Number(r.closed_at)),
    })),
  };
}
