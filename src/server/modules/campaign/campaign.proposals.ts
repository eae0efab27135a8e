// Candidate problems computed from the records on request: recurring clusters of similar rights cases
// (the same category and the same platform or respondent, at least N filed in the last 90 days and not
// yet covered by a problem of the campaign) and rising violation trends (an indicator × platform whose
// findings rose from the month before in the saved monthly runs). A person accepts one (a problem with
// its links filled in) or dismisses it with a reason; a dismissed one returns only once it has grown.
import type { Ctx } from '../../platform/context.js';
import { nowOf } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { indicatorArea, type IndicatorId } from '../../../shared/oversight.js';
import type { Area, Proposal, ProposalKind } from '../../../shared/campaign.js';
import type { Category } from '../../../shared/cases.js';
import { platformByCode } from '../../../shared/reference.js';
import { currentRuns } from '../oversight/index.js';
import { categoryArea, clusterKey, offeredAgain, risesEnough, trendKey, violationRef } from './campaign.js';
import { createProblem, requireCampaign, type ProblemInput } from './campaign.service.js';

const DAY = 86_400_000;
export const WINDOW_DAYS = 90;
/** Case numbers shown with each proposed cluster. */
const SAMPLE = 10;
export type Thresholds = { minCases: number; minRise: number };
export const defaultThresholds: Thresholds = { minCases: 3, minRise: 5 };

export type { Proposal };

type Campaign = { id: string; regions: string };

/** Case ids of the campaign's problems (not dismissed): those cases are covered. */
const covered = (q: Db | Tx, campaignId: string) =>
  q
    .selectFrom('campaign_links')
    .innerJoin('campaign_problems', 'campaign_problems.id', 'campaign_links.problem_id')
    .select('campaign_links.ref')
    .where('campaign_links.kind', '=', 'case')
    .where('campaign_problems.campaign_id', '=', campaignId)
    .where('campaign_problems.status', '!=', 'dismissed');

/** The recent, uncovered cases of the campaign's regions (the base every cluster counts in). */
function recentCases(q: Db | Tx, c: Campaign, now: number) {
  const regions = c.regions ? c.regions.split(',').filter(Boolean) : [];
  let query = q
    .selectFrom('cases')
    .innerJoin('orgs as u', 'u.id', 'cases.union_id')
    .where('cases.submitted_at', '>=', now - WINDOW_DAYS * DAY)
    .where('cases.status', '!=', 'withdrawn')
    .where('cases.id', 'not in', covered(q, c.id));
  if (regions.length) query = query.where('u.city_code', 'in', regions);
  return query;
}

async function dismissals(q: Db | Tx, campaignId: string) {
  const rows = await q.selectFrom('campaign_dismissals').select(['proposal_key', 'size', 'reason']).where('campaign_id', '=', campaignId).execute();
  return new Map(rows.map((r) => [r.proposal_key, { size: Number(r.size), reason: r.reason }]));
}

type ClusterSpec = { category: string; by: 'platform' | 'respondent'; value: string };
const parseClusterKey = (key: string): ClusterSpec | null => {
  const m = /^cases:([a-z_]+):(platform|respondent):(.+)$/.exec(key);
  return m ? { category: m[1]!, by: m[2] as 'platform' | 'respondent', value: m[3]! } : null;
};
const parseTrendKey = (key: string) => {
  const m = /^trend:([A-Z0-9]+):([a-z0-9_]+)$/.exec(key);
  return m ? { indicator: m[1]!, platform: m[2]! } : null;
};

/**
 * The uncovered cases of one cluster: all of them (up to 500, oldest first) when accepting, or a sample
 * of a few for the list (unordered, so the scan stops at the first matches).
 */
async function clusterCases(q: Db | Tx, c: Campaign, spec: ClusterSpec, now: number, sample = false) {
  let query = recentCases(q, c, now).select(['cases.id', 'cases.case_no', 'cases.category', 'cases.status', 'cases.respondent_name']).where('cases.category', '=', spec.category);
  if (spec.by === 'platform') query = query.where('cases.platform_code', '=', spec.value);
  else if (spec.value.startsWith('org:')) query = query.where('cases.respondent_org_id', '=', spec.value.slice(4));
  else query = query.where('cases.respondent_org_id', 'is', null).where('cases.respondent_name', '=', spec.value.replace(/^name:/, ''));
  if (sample) return query.limit(SAMPLE).execute();
  return query.orderBy('cases.submitted_at').orderBy('cases.id').limit(500).execute();
}

const platformName = (code: string) => platformByCode.get(code)?.nameZh ?? code;

async function caseClusters(ctx: Ctx, c: Campaign, t: Thresholds): Promise<Omit<Proposal, 'dismissedBefore'>[]> {
  const now = nowOf(ctx);
  const q = ctx.db;
  const byPlatform = await recentCases(q, c, now)
    .select(['cases.category', 'cases.platform_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cases.platform_code', 'is not', null)
    .groupBy(['cases.category', 'cases.platform_code'])
    .having((eb) => eb.fn.countAll(), '>=', t.minCases)
    .execute();
  const byOrg = await recentCases(q, c, now)
    .innerJoin('orgs as r', 'r.id', 'cases.respondent_org_id')
    .select(['cases.category', 'cases.respondent_org_id', 'r.name', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['cases.category', 'cases.respondent_org_id', 'r.name'])
    .having((eb) => eb.fn.countAll(), '>=', t.minCases)
    .execute();
  const byName = await recentCases(q, c, now)
    .select(['cases.category', 'cases.respondent_name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cases.respondent_org_id', 'is', null)
    .where('cases.respondent_name', '!=', '')
    .groupBy(['cases.category', 'cases.respondent_name'])
    .having((eb) => eb.fn.countAll(), '>=', t.minCases)
    .execute();
  const specs: (ClusterSpec & { label: string; n: number })[] = [
    ...byPlatform.map((r) => ({ category: r.category, by: 'platform' as const, value: r.platform_code!, label: platformName(r.platform_code!), n: Number(r.n) })),
    ...byOrg.map((r) => ({ category: r.category, by: 'respondent' as const, value: `org:${r.respondent_org_id}`, label: r.name, n: Number(r.n) })),
    ...byName.map((r) => ({ category: r.category, by: 'respondent' as const, value: `name:${r.respondent_name}`, label: r.respondent_name, n: Number(r.n) })),
  ];
  const out: Omit<Proposal, 'dismissedBefore'>[] = [];
  for (const s of specs) {
    const rows = await clusterCases(q, c, s, now, true);
    out.push({
      key: clusterKey(s.category, s.by, s.value),
      kind: 'case_cluster',
      area: categoryArea[s.category as Category] ?? 'employment',
      size: s.n,
      title: `${s.label}：近${WINDOW_DAYS}天同类维权案件${s.n}件`,
      category: s.category,
      platform: s.by === 'platform' ? s.value : null,
      respondent: s.by === 'respondent' ? s.label : null,
      indicator: null,
      months: [],
      cases: rows.map((r) => ({ caseNo: r.case_no, category: r.category, status: r.status })).sort((a, b) => a.caseNo.localeCompare(b.caseNo)),
    });
  }
  return out;
}

/** Findings per indicator × platform in the two latest analysed months. */
async function trendCells(q: Db | Tx) {
  const runs = [...(await currentRuns(q)).values()].slice(-2);
  if (runs.length < 2) return { months: runs.map((r) => r.month), cells: [] as { indicator: string; platform: string; previous: number; current: number }[] };
  const [prev, cur] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const counts = await q
    .selectFrom('oversight_findings')
    .select(['run_id', 'indicator', 'platform', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', 'in', [prev.id, cur.id])
    .groupBy(['run_id', 'indicator', 'platform'])
    .execute();
  const cells = new Map<string, { indicator: string; platform: string; previous: number; current: number }>();
  for (const r of counts) {
    const k = `${r.indicator}|${r.platform}`;
    const cell = cells.get(k) ?? { indicator: r.indicator, platform: r.platform, previous: 0, current: 0 };
    if (r.run_id === cur.id) cell.current = Number(r.n);
    else cell.previous = Number(r.n);
    cells.set(k, cell);
  }
  return { months: [prev.month, cur.month], cells: [...cells.values()] };
}

async function violationTrends(ctx: Ctx, c: Campaign, t: Thresholds): Promise<Omit<Proposal, 'dismissedBefore'>[]> {
  const { months, cells } = await trendCells(ctx.db);
  if (months.length < 2) return [];
  const [prevMonth, curMonth] = months as [string, string];
  const linked = new Set(
    (
      await ctx.db
        .selectFrom('campaign_links')
        .innerJoin('campaign_problems', 'campaign_problems.id', 'campaign_links.problem_id')
        .select('campaign_links.ref')
        .where('campaign_links.kind', '=', 'violation')
        .where('campaign_problems.campaign_id', '=', c.id)
        .where('campaign_problems.status', '!=', 'dismissed')
        .execute()
    ).map((r) => r.ref),
  );
  return cells
    .filter((x) => risesEnough(x.previous, x.current, t.minRise) && !linked.has(violationRef(x.indicator, x.platform, curMonth)))
    .sort((a, b) => b.current - b.previous - (a.current - a.previous) || a.indicator.localeCompare(b.indicator) || a.platform.localeCompare(b.platform))
    .map((x) => ({
      key: trendKey(x.indicator, x.platform),
      kind: 'violation_trend' as const,
      area: indicatorArea[x.indicator as IndicatorId] ?? 'employment',
      size: x.current,
      title: `${platformName(x.platform)}：${x.indicator} 违规由${x.previous}升至${x.current}（${prevMonth}→${curMonth}）`,
      category: null,
      platform: x.platform,
      respondent: null,
      indicator: x.indicator,
      months: [
        { month: prevMonth, findings: x.previous },
        { month: curMonth, findings: x.current },
      ],
      cases: [],
    }));
}

export async function proposals(ctx: Ctx, p: Principal, campaignId: string, t: Thresholds): Promise<Proposal[]> {
  const c = await requireCampaign(ctx.db, p, campaignId, 'view');
  const gone = await dismissals(ctx.db, campaignId);
  const all = [...(await caseClusters(ctx, c, t)), ...(await violationTrends(ctx, c, t))];
  return all
    .filter((x) => offeredAgain(gone.get(x.key)?.size, x.size))
    .map((x) => ({ ...x, dismissedBefore: gone.get(x.key) ?? null }))
    .sort((a, b) => b.size - a.size || a.key.localeCompare(b.key));
}

/** One proposal by its key, as it stands now (whatever the thresholds): its size and the links it brings. */
async function proposalNow(ctx: Ctx, c: Campaign, key: string) {
  const spec = parseClusterKey(key);
  if (spec) {
    const rows = await clusterCases(ctx.db, c, spec, nowOf(ctx));
    return { size: rows.length, links: { cases: rows.map((r) => r.case_no) } };
  }
  const trend = parseTrendKey(key);
  if (trend) {
    const { months, cells } = await trendCells(ctx.db);
    const cell = cells.find((x) => x.indicator === trend.indicator && x.platform === trend.platform);
    if (!cell || months.length < 2) return { size: 0, links: {} };
    return { size: cell.current, links: { violations: months.map((month) => ({ indicator: trend.indicator, platform: trend.platform, month })) } };
  }
  throw new AppError('bad_request', 'Not a proposal key', [{ path: 'key', code: 'invalid_value', message: 'Not a proposal key' }]);
}

export async function accept(ctx: Ctx, p: Principal, campaignId: string, key: string, v: Omit<ProblemInput, 'links'>, actor: Actor) {
  const c = await requireCampaign(ctx.db, p, campaignId, 'manage');
  const now = await proposalNow(ctx, c, key);
  if (!now.size) throw new AppError('conflict', 'This proposal is already covered or gone', [{ path: 'key', code: 'not_offered', message: 'Nothing left to cover' }]);
  return createProblem(ctx, p, campaignId, { ...v, links: now.links }, actor, key);
}

export async function dismiss(ctx: Ctx, p: Principal, campaignId: string, key: string, reason: string, actor: Actor) {
  const c = await requireCampaign(ctx.db, p, campaignId, 'manage');
  const now = await proposalNow(ctx, c, key);
  if (!now.size) throw new AppError('conflict', 'This proposal is already covered or gone', [{ path: 'key', code: 'not_offered', message: 'Nothing left to cover' }]);
  const by = p.kind === 'user' ? p.userId : '';
  const at = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('campaign_dismissals').where('campaign_id', '=', campaignId).where('proposal_key', '=', key).execute();
    await tx.insertInto('campaign_dismissals').values({ campaign_id: campaignId, proposal_key: key, size: now.size, reason, dismissed_by: by, dismissed_at: at }).execute();
    await writeAudit(tx, actor, { action: 'campaign.proposal_dismiss', targetType: 'campaign', targetId: campaignId, details: { key, size: now.size } });
  });
  return { key, size: now.size, reason };
}
