// The time limits per category and priority, the working-day calendar (both data), and the lawyer's list.
import type { Ctx } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { badField } from '../../platform/errors.js';
import { writeAudit, type Actor } from '../../platform/audit.js';
import { forgetRules } from './case.service.js';
import { categories, priorities } from './case.js';
import { defaultBudgets } from './sla.js';

export async function get(ctx: Ctx) {
  const sla = await ctx.db.selectFrom('case_sla').selectAll().execute();
  const days = await ctx.db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
  return {
    sla: categories.flatMap((category) =>
      priorities.map((priority) => {
        const r = sla.find((x) => x.category === category && x.priority === priority);
        const d = defaultBudgets[priority]!;
        return { category, priority, firstResponseHours: r?.first_response_hours ?? d.firstResponseHours, resolutionHours: r?.resolution_hours ?? d.resolutionHours };
      }),
    ),
    calendar: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    countsOn: 'working days (Monday–Friday except holidays, plus 调休 working days), Beijing time',
  };
}

export async function setSla(ctx: Ctx, items: { category: string; priority: string; firstResponseHours: number; resolutionHours: number }[], actor: Actor) {
  items.forEach((i, n) => {
    if (i.resolutionHours < i.firstResponseHours) throw badField(`items.${n}.resolutionHours`, 'before_first_response', 'Resolution cannot come before the first response');
  });
  await ctx.db.transaction().execute(async (tx) => {
    for (const i of items) {
      await tx.deleteFrom('case_sla').where('category', '=', i.category).where('priority', '=', i.priority).execute();
      await tx.insertInto('case_sla').values({ category: i.category, priority: i.priority, first_response_hours: i.firstResponseHours, resolution_hours: i.resolutionHours }).execute();
    }
    await writeAudit(tx, actor, { action: 'case.sla_set', targetType: 'case_sla', details: { count: items.length } });
  });
  forgetRules(ctx);
  return get(ctx);
}

export async function setCalendar(ctx: Ctx, year: number, days: { date: string; kind: string; name: string }[], actor: Actor) {
  days.forEach((d, n) => {
    if (!d.date.startsWith(`${year}-`)) throw badField(`days.${n}.date`, 'wrong_year', `Not in ${year}`);
  });
  if (new Set(days.map((d) => d.date)).size !== days.length) throw badField('days', 'duplicate_date', 'A date appears twice');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('calendar_days').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
    if (days.length) await tx.insertInto('calendar_days').values(days.map((d) => ({ date: d.date, kind: d.kind, name: d.name }))).execute();
    await writeAudit(tx, actor, { action: 'case.calendar_set', targetType: 'calendar', details: { year, days: days.length } });
  });
  forgetRules(ctx);
  return get(ctx);
}

/** Cases referred to the signed-in lawyer, open first. */
export async function lawyerCases(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') return [];
  const rows = await ctx.db
    .selectFrom('cases')
    .select(['id', 'case_no', 'category', 'status', 'title', 'court_status', 'updated_at', 'is_open'])
    .where('lawyer_user_id', '=', p.userId)
    .orderBy('is_open', 'desc')
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, caseNo: r.case_no, category: r.category, status: r.status, title: r.title, courtStatus: r.court_status, updatedAt: new Date(r.updated_at).toISOString() }));
}
