// The union's dashboard (officers and chair: their union's cases) and the analysts' aggregates (all
// unions; every cell counting fewer than ANALYST_MIN_CELL workers is suppressed, never shown).
import { notFound } from '../../platform/errors.js';
import { nowOf, type Ctx } from '../../platform/context.js';
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import { categories, outcomes } from './case.js';

const DAY = 86_400_000;
const ageBuckets = [
  { key: 'under_1d', max: 1 },
  { key: '1_3d', max: 3 },
  { key: '3_7d', max: 7 },
  { key: '7_30d', max: 30 },
  { key: 'over_30d', max: Infinity },
] as const;

export function percentile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

type Row = {
  category: string;
  status: string;
  is_open: number;
  submitted_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
  resolution_due: number | null;
  first_response_due: number | null;
  rating: number | null;
  outcome: string | null;
  worker_id: string;
  id: string;
  case_no: string;
  title: string;
  officer_user_id: string | null;
  escalation: number;
};

function summarise(rows: Row[], now: number) {
  const open = rows.filter((r) => r.is_open);
  const byCategory = categories.map((c) => {
    const inCat = open.filter((r) => r.category === c);
    return { category: c, open: inCat.length, ages: Object.fromEntries(ageBuckets.map((b, i) => [b.key, inCat.filter((r) => { const d = (now - r.submitted_at) / DAY; return d < b.max && d >= (i ? ageBuckets[i - 1]!.max : 0); }).length])) };
  });
  const firstResp = rows.filter((r) => r.first_response_at !== null).map((r) => r.first_response_at! - r.submitted_at).sort((a, b) => a - b);
  const resolution = rows.filter((r) => r.resolved_at !== null).map((r) => r.resolved_at! - r.submitted_at).sort((a, b) => a - b);
  const ratings = rows.filter((r) => r.rating !== null).map((r) => r.rating!);
  const overdue = open.filter((r) => (r.resolution_due !== null && r.resolution_due < now) || (r.first_response_due !== null && r.first_response_due < now));
  return {
    total: rows.length,
    open: open.length,
    byCategory,
    overdueCount: overdue.length,
    overdue,
    firstResponseHours: { median: hours(percentile(firstResp, 0.5)), p90: hours(percentile(firstResp, 0.9)), n: firstResp.length },
    resolutionHours: { median: hours(percentile(resolution, 0.5)), p90: hours(percentile(resolution, 0.9)), n: resolution.length },
    satisfaction: { n: ratings.length, average: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null, distribution: [1, 2, 3, 4, 5].map((v) => ratings.filter((x) => x === v).length) },
    outcomes: outcomes.map((o) => ({ outcome: o, count: rows.filter((r) => r.outcome === o && r.status === 'closed').length })),
  };
}
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

async function rowsOf(ctx: Ctx, unionIds: string[] | 'all', sinceDays: number) {
  let q = ctx.db
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'category', 'status', 'is_open', 'submitted_at', 'first_response_at', 'resolved_at', 'resolution_due', 'first_response_due', 'rating', 'outcome', 'worker_id', 'officer_user_id', 'escalation'])
    .where((eb) => eb.or([eb('is_open', '=', 1), eb('submitted_at', '>', nowOf(ctx) - sinceDays * DAY)]));
  if (unionIds !== 'all') q = q.where('union_id', 'in', unionIds.length ? unionIds : ['-']);
  return (await q.execute()) as Row[];
}

/** For the union's officers and chair. */
export async function unionDashboard(ctx: Ctx, p: Principal, unionId: string | undefined, sinceDays: number) {
  const unions = orgsWithRole(p, 'union_officer', 'union_chair');
  const ids = unionId ? (unions.includes(unionId) ? [unionId] : null) : unions;
  if (!ids) throw notFound('No such union');
  const now = nowOf(ctx);
  const s = summarise(await rowsOf(ctx, ids, sinceDays), now);
  return {
    ...s,
    overdue: s.overdue
      .sort((a, b) => (a.resolution_due ?? a.first_response_due ?? 0) - (b.resolution_due ?? b.first_response_due ?? 0))
      .slice(0, 100)
      .map((r) => ({ id: r.id, caseNo: r.case_no, title: r.title, category: r.category, status: r.status, escalation: r.escalation, firstResponseDue: iso(r.first_response_due), resolutionDue: iso(r.resolution_due), officerUserId: r.officer_user_id })),
  };
}
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * For analysts: the same figures over every union, with no case listed and every count that rests on
 * fewer than `minCell` distinct workers replaced by null (suppressed).
 */
export async function aggregates(ctx: Ctx, p: Principal, sinceDays: number) {
  if (!hasRole(p, 'analyst')) throw notFound('Not found');
  const min = ctx.config.analystMinCell;
  const rows = await rowsOf(ctx, 'all', sinceDays);
  const now = nowOf(ctx);
  const people = (rs: Row[]) => new Set(rs.map((r) => r.worker_id)).size;
  const cell = (rs: Row[]) => (people(rs) >= min ? rs.length : null);
  const open = rows.filter((r) => r.is_open);
  const s = summarise(rows, now);
  return {
    minCell: min,
    open: cell(open),
    total: cell(rows),
    byCategory: categories.map((c) => {
      const inCat = open.filter((r) => r.category === c);
      return { category: c, open: cell(inCat), ages: Object.fromEntries(ageBuckets.map((b, i) => [b.key, cell(inCat.filter((r) => { const d = (now - r.submitted_at) / DAY; return d < b.max && d >= (i ? ageBuckets[i - 1]!.max : 0); }))])) };
    }),
    overdueCount: cell(s.overdue),
    firstResponseHours: people(rows.filter((r) => r.first_response_at !== null)) >= min ? s.firstResponseHours : null,
    resolutionHours: people(rows.filter((r) => r.resolved_at !== null)) >= min ? s.resolutionHours : null,
    satisfaction: people(rows.filter((r) => r.rating !== null)) >= min ? { n: s.satisfaction.n, average: s.satisfaction.average } : null,
    outcomes: outcomes.map((o) => ({ outcome: o, count: cell(rows.filter((r) => r.outcome === o && r.status === 'closed')) })),
  };
}
