// Rights cases: filing, the intake queue, the state machine with its SLA clock, messages, the sweep that
// escalates overdue cases, and the worker's and staff's views. Every change is one transaction with its
// audit record; every read of a case is audited.
import { AppError, badField, conflict, notFound } from '../../platform/errors.js';
import { newId, nowOf, type Ctx } from '../../platform/context.js';
import { batched, isAnyOf, insertRow, Rejected, insertRows, reusable, type Db, type Tx } from '../../platform/db.js';
import type { Database } from '../../platform/schema.js';
import { hasRole, orgsWithRole, type Principal } from '../../platform/access.js';
import { writeAudit, writeAudits, systemActor, type Actor, type AuditEntry } from '../../platform/audit.js';
import { maskPhone } from '../../platform/crypto.js';
import { notify, textToPhones } from '../notifications/index.js';
import * as repo from './case.repository.js';
import { caseNo, nextState, transitions, pausedStatuses, ratingAppeals, type Action, type Category, type Outcome, type Priority, type Status } from './case.js';
import { canRead, handles, mayAct, seatsOn, seesQueue, type CaseFacts } from './case.policy.js';
import { counted, deadlines, defaultBudgets, escalationLevel, remaining, type Budget, type Calendar, type Clock } from './sla.js';

// ---- calendar and time limits (data, cached per context, dropped when edited) ---------------------

type Rules = { calendar: Calendar; budgets: Map<string, Budget> };
const rulesCache = new WeakMap<Ctx, Rules>();

export async function rulesOf(ctx: Ctx): Promise<Rules> {
  const hit = rulesCache.get(ctx);
  if (hit) return hit;
  const days = await ctx.db.selectFrom('calendar_days').selectAll().execute();
  const sla = await ctx.db.selectFrom('case_sla').selectAll().execute();
  const rules: Rules = {
    calendar: {
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
      workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
      utcOffsetMin: 480,
    },
    budgets: new Map(sla.map((r) => [`${r.category}|${r.priority}`, { firstResponseHours: r.first_response_hours, resolutionHours: r.resolution_hours }])),
  };
  rulesCache.set(ctx, rules);
  return rules;
}
export const forgetRules = (ctx: Ctx) => rulesCache.delete(ctx);
export const budgetOf = (rules: Rules, category: string, priority: string): Budget =>
  rules.budgets.get(`${category}|${priority}`) ?? defaultBudgets[priority] ?? defaultBudgets.normal!;

const clockOf = (r: repo.CaseRow): Clock => ({
  submittedAt: r.submitted_at,
  pausedCountedMs: r.paused_counted_ms,
  pausedSince: r.paused_since,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
});
/** The columns that follow from a clock: deadlines and the queue's sort key. */
function clockColumns(rules: Rules, c: Clock, category: string, priority: string, open: boolean) {
  const d = deadlines(rules.calendar, c, budgetOf(rules, category, priority));
  return {
    submitted_at: c.submittedAt,
    paused_counted_ms: c.pausedCountedMs,
    paused_since: c.pausedSince,
    first_response_at: c.firstResponseAt,
    resolved_at: c.resolvedAt,
    first_response_due: d.firstResponseDue,
    resolution_due: d.resolutionDue,
    queue_due: open ? (d.resolutionDue ?? repo.FAR) : repo.FAR,
    is_open: open ? 1 : 0,
  };
}

export const factsOf = (r: repo.CaseRow): CaseFacts => ({ unionId: r.union_id, workerUserId: r.worker_user_id, officerUserId: r.officer_user_id, lawyerUserId: r.lawyer_user_id });

export const userIdOf = (p: Principal) => (p.kind === 'user' ? p.userId : '');

/** The case if the principal may see it; 404 otherwise, the same answer as for a missing one. */
export async function loadVisible(q: Db | Tx, p: Principal, id: string): Promise<repo.CaseRow> {
  const row = await repo.findCase(q, id);
  if (!row || !canRead(p, factsOf(row))) throw notFound('No such case');
  return row;
}

export async function event(
  tx: Tx,
  ctx: Ctx,
  caseId: string,
  actorUserId: string | null,
  kind: string,
  visibility: 'worker' | 'internal' | 'lawyer',
  data: Record<string, unknown> = {},
  body?: string,
  at = nowOf(ctx),
) {
  await insertRow(tx, 'case_events', { ...eventRow(caseId, actorUserId, kind, visibility, data, at), body_enc: body ? ctx.crypto.encrypt(body) : null });
}

// ---- filing ----------------------------------------------------------------------------------------

export type FileInput = {
  category: Category;
  title: string;
  description: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  respondentOrgId?: string | undefined;
  respondentName?: string | undefined;
  respondentKind?: 'authority' | 'platform' | 'company' | 'other' | undefined;
  platformCode?: string | undefined;
  identityShown?: boolean | undefined;
  unionId?: string | undefined;
  clientRef?: string | undefined;
  consultationId?: string | undefined;
};

/** The union that takes a worker's case when they are not a member: the one named, else their city's. */
async function unionFor(q: Db | Tx, worker: { city_code: string; kind: string }, asked?: string): Promise<{ id: string; short_code: string | null }> {
  if (asked) {
    const u = await q.selectFrom('orgs').select(['id', 'short_code']).where('id', '=', asked).where('kind', '=', 'union').executeTakeFirst();
    if (!u) throw badField('unionId', 'unknown_union', 'No such union');
    return u;
  }
  const local = await q.selectFrom('orgs').select(['id', 'short_code', 'union_kind']).where('kind', '=', 'union').where('city_code', '=', worker.city_code).execute();
  const pick = local.find((u) => u.union_kind === (worker.kind === 'ride_hailing_driver' ? 'industry' : 'city')) ?? local[0];
  if (!pick) throw new AppError('unprocessable', 'No union serves your city yet', [{ path: 'unionId', code: 'no_union', message: 'No union serves your city yet' }]);
  return pick;
}
const unionStaff = reusable((q, unionId: string) => q.selectFrom('user_roles').select('user_id').where('org_id', '=', unionId).where('role', 'in', ['union_officer', 'union_chair']));

export async function file(ctx: Ctx, p: Principal, input: FileInput, actor: Actor) {
  if (p.kind !== 'user') throw notFound('You have no worker profile');
  return fileFor(ctx, p.userId, input, actor, null);
}

async function fileFor(ctx: Ctx, userId: string, input: FileInput, actor: Actor, lawyerUserId: string | null) {
  // What only some filings need is checked before; the worker, their union and its staff, and an
  // earlier send of the same draft are looked up for the whole batch at once (writeFilings).
  let respondentName = input.respondentName?.trim() ?? '';
  let respondentKind = input.respondentKind ?? 'other';
  if (input.respondentOrgId) {
    const org = await ctx.db.selectFrom('orgs').select(['name', 'kind']).where('id', '=', input.respondentOrgId).executeTakeFirst();
    if (!org) throw badField('respondentOrgId', 'unknown_org', 'No such organisation');
    respondentName = org.name;
    if (!input.respondentKind) respondentKind = org.kind === 'agency' ? 'authority' : 'company';
  }
  // A case may grow out of one of the worker's own consultations, never someone else's (or none).
  if (input.consultationId) {
    const mine = await ctx.db
      .selectFrom('consultations')
      .innerJoin('workers', 'workers.id', 'consultations.worker_id')
      .select('consultations.id')
      .where('consultations.id', '=', input.consultationId)
      .where('workers.user_id', '=', userId)
      .executeTakeFirst();
    if (!mine) throw badField('consultationId', 'unknown_consultation', 'No such consultation of yours');
  }
  const askedUnion = input.unionId ? await unionFor(ctx.db, { city_code: '', kind: '' }, input.unionId) : null;
  const rules = await rulesOf(ctx);
  const now = nowOf(ctx);
  const priority: Priority = input.category === 'accident_injury' || input.category === 'occupational_injury' ? 'high' : 'normal';
  const id = newId();
  const clock: Clock = { submittedAt: now, pausedCountedMs: 0, pausedSince: null, firstResponseAt: null, resolvedAt: null };
  const row: Omit<Database['cases'], 'case_no' | 'union_id' | 'worker_id'> = {
    id,
    category: input.category,
    priority,
    status: 'submitted',
    title: input.title,
    description_enc: ctx.crypto.encrypt(input.description),
    occurred_on: input.occurredOn ?? null,
    place: input.place ?? '',
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    respondent_org_id: input.respondentOrgId ?? null,
    respondent_name: respondentName,
    respondent_kind: respondentKind,
    platform_code: input.platformCode ?? null,
    identity_shown: input.identityShown ? 1 : 0,
    officer_user_id: null,
    lawyer_user_id: lawyerUserId,
    systemic_issue_id: null,
    consultation_id: input.consultationId ?? null,
    client_ref: input.clientRef ?? null,
    escalation: 0,
    proposed_at: null,
    closed_at: null,
    appeal_count: 0,
    rating: null,
    outcome: null,
    outcome_amount_fen: null,
    outcome_note: '',
    court_status: null,
    version: 0,
    created_at: now,
    updated_at: now,
    ...clockColumns(rules, clock, input.category, priority, true),
  };
  const events = [eventRow(id, userId, 'filed', 'worker', { category: input.category, ...(input.consultationId ? { consultationId: input.consultationId } : {}) }, now)];
  if (lawyerUserId) events.push(eventRow(id, null, 'lawyer_assigned', 'worker', { from: 'consultation' }, now));
  let done: Filed;
  try {
    done = await writeFilings(ctx.db, { userId, askedUnion, row, year: new Date(now + 8 * 3_600_000).getUTCFullYear(), events, actor });
  } catch (err) {
    // Two sends of one draft at the same moment: the unique (worker, client_ref) lets one through.
    if (input.clientRef && /unique|duplicate/i.test(String((err as Error).message))) {
      const existing = await ctx.db.selectFrom('cases').innerJoin('workers', 'workers.id', 'cases.worker_id').select('cases.id').where('workers.user_id', '=', userId).where('client_ref', '=', input.clientRef).executeTakeFirst();
      if (existing) return { created: false, case: await filed(ctx, existing.id) };
    }
    throw err;
  }
  // A draft sent again after a lost connection: the case it already made, not a second one.
  if (!done.created) return { created: false, case: await filed(ctx, done.id) };
  return {
    created: true,
    case: {
      id,
      caseNo: done.caseNo,
      status: 'submitted' as Status,
      category: input.category,
      title: input.title,
      unionId: done.unionId,
      submittedAt: iso(now),
      sla: { firstResponseDue: iso(row.first_response_due), resolutionDue: iso(row.resolution_due) },
    },
  };
}

export const eventRow = (caseId: string, actorUserId: string | null, kind: string, visibility: 'worker' | 'internal' | 'lawyer', data: Record<string, unknown>, at: number): Database['case_events'] => ({
  id: newId(),
  case_id: caseId,
  at,
  actor_user_id: actorUserId,
  kind,
  visibility,
  data: JSON.stringify(data),
  body_enc: null,
});

type Filing = {
  userId: string;
  askedUnion: { id: string; short_code: string | null } | null;
  row: Omit<Database['cases'], 'case_no' | 'union_id' | 'worker_id'>;
  year: number;
  events: Database['case_events'][];
  actor: Actor;
};
type Filed = { created: true; caseNo: string; unionId: string } | { created: false; id: string };

/**
 * Filing is the hot write (bench:cases). Filings that arrive together are written as one batch in one
 * transaction (platform/db.ts `batched`): one query finds every filer's worker profile, current union and
 * that union's officers and chair; one finds drafts already sent; one upsert takes the case numbers; then
 * one multi-row insert each for the cases, their events and the staff's notifications, and one audit
 * append. A filer without a worker profile or a union fails alone. A union's numbers in a batch are taken
 * for the batch's latest year.
 */
const writeFilings = batched(async (tx: Tx, fs: Filing[]): Promise<(Filed | Rejected)[]> => {
  const found = await tx
    .selectFrom('workers')
    .leftJoin('memberships', (j) => j.onRef('memberships.worker_id', '=', 'workers.id').on('memberships.ended_at', 'is', null))
    .leftJoin('orgs', 'orgs.id', 'memberships.union_id')
    .leftJoin('user_roles', (j) => j.onRef('user_roles.org_id', '=', 'orgs.id').on('user_roles.role', 'in', ['union_officer', 'union_chair']))
    .select(['workers.id', 'workers.user_id', 'workers.city_code', 'workers.kind', 'orgs.id as union_id', 'orgs.short_code', 'user_roles.user_id as staff_user_id'])
    .where(isAnyOf(tx, 'workers.user_id', [...new Set(fs.map((f) => f.userId))]))
    .execute();
  const byUser = new Map<string, { worker: (typeof found)[number]; staff: string[] }>();
  for (const r of found) {
    const w = byUser.get(r.user_id) ?? { worker: r, staff: [] };
    if (r.staff_user_id) w.staff.push(r.staff_user_id);
    byUser.set(r.user_id, w);
  }
  const refs = fs.flatMap((f) => (f.row.client_ref ? [f.row.client_ref] : []));
  const senders = [...new Set(fs.flatMap((f) => (f.row.client_ref && byUser.has(f.userId) ? [byUser.get(f.userId)!.worker.id] : [])))];
  const sent = refs.length && senders.length ? await tx.selectFrom('cases').select(['id', 'worker_id', 'client_ref']).where('worker_id', 'in', senders).where('client_ref', 'in', refs).execute() : [];

  const out: (Filed | Rejected)[] = [];
  const todo: { i: number; f: Filing; workerId: string; union: { id: string; short_code: string | null }; staff: string[] }[] = [];
  for (const [i, f] of fs.entries()) {
    const w = byUser.get(f.userId);
    if (!w) {
      out[i] = new Rejected(notFound('You have no worker profile'));
      continue;
    }
    const again = f.row.client_ref ? sent.find((c) => c.worker_id === w.worker.id && c.client_ref === f.row.client_ref) : undefined;
    if (again) {
      out[i] = { created: false, id: again.id };
      continue;
    }
    let union = f.askedUnion ?? (w.worker.union_id ? { id: w.worker.union_id, short_code: w.worker.short_code } : null);
    let staff = union && union.id === w.worker.union_id ? w.staff : null;
    try {
      union ??= await unionFor(tx, w.worker);
      staff ??= (await unionStaff(tx, union.id)).map((s) => s.user_id);
    } catch (e) {
      out[i] = new Rejected(e);
      continue;
    }
    todo.push({ i, f, workerId: w.worker.id, union, staff });
  }
  if (!todo.length) return out;

  const wants = new Map<string, { unionId: string; year: number; count: number }>();
  for (const { f, union } of todo) {
    const w = wants.get(union.id);
    if (w) {
      w.count++;
      w.year = Math.max(w.year, f.year);
    } else wants.set(union.id, { unionId: union.id, year: f.year, count: 1 });
  }
  // Sorted, so two batches in flight lock the unions' counters in the same order and never deadlock.
  const next = await repo.takeCaseNumbers(tx, [...wants.values()].sort((x, y) => (x.unionId < y.unionId ? -1 : 1)));
  const numbers = todo.map(({ union }) => {
    const n = next.get(union.id)!;
    next.set(union.id, n + 1);
    return caseNo(union.short_code ?? 'GH', wants.get(union.id)!.year, n);
  });
  await insertRows(tx, 'cases', todo.map(({ f, workerId, union }, k) => ({ ...f.row, worker_id: workerId, union_id: union.id, case_no: numbers[k]! })));
  await insertRows(tx, 'case_events', todo.flatMap(({ f }) => f.events));
  await insertRows(
    tx,
    'notifications',
    todo.flatMap(({ f, staff }, k) => {
      const data = JSON.stringify({ caseId: f.row.id, caseNo: numbers[k], category: f.row.category });
      return [...new Set(staff)].map((user_id) => ({ id: newId(), user_id, kind: 'case_new', data, created_at: f.row.created_at, read_at: null }));
    }),
  );
  await writeAudits(tx, todo.map(({ f, union }) => ({ actor: f.actor, entry: { action: 'case.file', targetType: 'case', targetId: f.row.id, details: { unionId: union.id, category: f.row.category } } })));
  todo.forEach(({ i, union }, k) => (out[i] = { created: true, caseNo: numbers[k]!, unionId: union.id }));
  return out;
});

const filedRow = reusable((q, id: string) =>
  q.selectFrom('cases').select(['id', 'case_no', 'status', 'category', 'title', 'submitted_at', 'first_response_due', 'resolution_due', 'union_id']).where('id', '=', id),
);
const topicCategory: Record<string, Category> = { traffic_accident: 'accident_injury', business_dispute: 'other', contract: 'fleet_contract', pay: 'pay_arrears', other: 'other' };
const topicZh: Record<string, string> = { traffic_accident: '交通事故', business_dispute: '经营纠纷', contract: '合同', pay: '报酬', other: '其他' };

/**
 * A lawyer's consultation at a station handed over as a rights case in one step: the worker's case,
 * with the question as what happened and the consulting lawyer already referred. Idempotent: a second
 * hand-over returns the same case.
 */
export async function fileFromConsultation(ctx: Ctx, c: { id: string; workerId: string; lawyerUserId: string; topic: string; question: string }, actor: Actor) {
  const w = await ctx.db.selectFrom('workers').select('user_id').where('id', '=', c.workerId).executeTakeFirst();
  if (!w) throw notFound('No such worker');
  return fileFor(
    ctx,
    w.user_id,
    { category: topicCategory[c.topic] ?? 'other', title: `律师咨询转维权：${topicZh[c.topic] ?? '其他'}`, description: c.question, clientRef: `consultation:${c.id}`, consultationId: c.id },
    actor,
    c.lawyerUserId,
  );
}

/** What the filing answers: the case's number, state and deadlines (the phone then opens the case). */
async function filed(ctx: Ctx, id: string) {
  const [r] = await filedRow(ctx.db, id);
  if (!r) throw notFound('No such case');
  return {
    id: r.id,
    caseNo: r.case_no,
    status: r.status as Status,
    category: r.category as Category,
    title: r.title,
    unionId: r.union_id,
    submittedAt: iso(r.submitted_at),
    sla: { firstResponseDue: iso(r.first_response_due), resolutionDue: iso(r.resolution_due) },
  };
}

// ---- reading -----------------------------------------------------------------------------------------

/** What the principal's seats show of one case. Internal events never reach the worker. */
export async function read(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const row = await loadVisible(ctx.db, p, id);
  const seats = seatsOn(p, factsOf(row));
  const staff = seats.includes('officer') || seats.includes('chair');
  const visibilities = ['worker', ...(staff ? ['internal'] : []), ...(seats.includes('worker') || seats.includes('lawyer') ? ['lawyer'] : [])];
  const events = await ctx.db
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_user_id')
    .select(['case_events.id', 'case_events.at', 'case_events.kind', 'case_events.visibility', 'case_events.data', 'case_events.body_enc', 'case_events.actor_user_id', 'users.name as actor_name'])
    .where('case_id', '=', id)
    .where('visibility', 'in', visibilities)
    .orderBy('at')
    .orderBy('case_events.id')
    .execute();
  const files = await ctx.db.selectFrom('case_files').select(['id', 'kind', 'name', 'mime', 'size', 'created_at', 'uploaded_by']).where('case_id', '=', id).orderBy('created_at').execute();
  const letters = staff || seats.includes('worker')
    ? await ctx.db.selectFrom('case_letters').selectAll().where('case_id', '=', id).orderBy('created_at').execute()
    : [];
  const meetings = await ctx.db.selectFrom('case_meetings').selectAll().where('case_id', '=', id).orderBy('held_on').execute();
  const court = await ctx.db.selectFrom('case_court').selectAll().where('case_id', '=', id).orderBy('on_date').execute();
  const people = await ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [row.worker_user_id, row.officer_user_id ?? '-', row.lawyer_user_id ?? '-'])
    .execute();
  const nameOf = (uid: string | null) => people.find((u) => u.id === uid)?.name ?? null;
  const worker = await ctx.db.selectFrom('users').select(['name', 'phone_enc']).where('id', '=', row.worker_user_id).executeTakeFirstOrThrow();
  const rules = await rulesOf(ctx);
  const budget = budgetOf(rules, row.category, row.priority);
  const now = nowOf(ctx);
  const left = remaining(rules.calendar, clockOf(row), budget, now);
  const union = await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', '=', row.union_id).executeTakeFirstOrThrow();
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'case.read', targetType: 'case', targetId: id, details: { seats } }));
  return {
    id: row.id,
    caseNo: row.case_no,
    seats,
    union,
    category: row.category as Category,
    priority: row.priority as Priority,
    status: row.status as Status,
    title: row.title,
    description: ctx.crypto.decrypt(row.description_enc),
    occurredOn: row.occurred_on,
    place: row.place,
    lat: row.lat === null ? null : Number(row.lat),
    lng: row.lng === null ? null : Number(row.lng),
    respondent: { orgId: row.respondent_org_id, name: row.respondent_name, kind: row.respondent_kind },
    platformCode: row.platform_code,
    identityShown: !!row.identity_shown,
    worker: { name: worker.name, phoneMasked: ctx.crypto.masked(worker.phone_enc, maskPhone) },
    officer: row.officer_user_id ? { userId: row.officer_user_id, name: nameOf(row.officer_user_id) } : null,
    lawyer: row.lawyer_user_id ? { userId: row.lawyer_user_id, name: nameOf(row.lawyer_user_id) } : null,
    systemicIssueId: row.systemic_issue_id,
    sla: {
      submittedAt: iso(row.submitted_at),
      firstResponseAt: iso(row.first_response_at),
      firstResponseDue: iso(row.first_response_due),
      resolutionDue: iso(row.resolution_due),
      paused: row.paused_since !== null,
      firstResponseLeftMs: left.firstResponseLeftMs,
      resolutionLeftMs: left.resolutionLeftMs,
      overdue: (left.resolutionLeftMs ?? 1) < 0 || (left.firstResponseLeftMs ?? 1) < 0,
      escalation: row.escalation,
    },
    outcome: row.outcome ? { outcome: row.outcome as Outcome, amountFen: row.outcome_amount_fen === null ? null : Number(row.outcome_amount_fen), note: row.outcome_note } : null,
    rating: row.rating,
    appealCount: row.appeal_count,
    proposedAt: iso(row.proposed_at),
    appealUntil: row.proposed_at && row.status === 'proposed_closed' ? iso(row.proposed_at + ctx.config.caseAppealDays * 86_400_000) : null,
    closedAt: iso(row.closed_at),
    courtStatus: row.court_status,
    version: row.version,
    allowedActions: allowedActionsFor(p, row),
    timeline: events.map((e) => ({
      id: e.id,
      at: new Date(e.at).toISOString(),
      kind: e.kind,
      visibility: e.visibility,
      actor: e.actor_user_id === row.worker_user_id ? 'worker' : e.actor_user_id ? 'staff' : 'system',
      actorName: e.actor_user_id === row.worker_user_id || staff ? (e.actor_name ?? null) : null,
      data: JSON.parse(e.data) as Record<string, unknown>,
      body: e.body_enc ? ctx.crypto.decrypt(e.body_enc) : null,
    })),
    files: files.map((f) => ({ id: f.id, kind: f.kind, name: f.name, mime: f.mime, size: f.size, createdAt: new Date(f.created_at).toISOString(), byWorker: f.uploaded_by === row.worker_user_id })),
    letters: letters.map((l) => ({
      id: l.id,
      letterNo: l.letter_no,
      recipientName: l.recipient_name,
      subject: l.subject,
      request: l.request,
      replyBy: l.reply_by,
      createdAt: iso(l.created_at),
      sentAt: iso(l.sent_at),
      replyAt: iso(l.reply_at),
      replySummary: l.reply_summary,
      replyFileId: l.reply_file_id,
    })),
    // The worker reads what was decided; the minutes and who took part stay with the union.
    meetings: meetings.map((m) => (staff ? { id: m.id, kind: m.kind, heldOn: m.held_on, participants: m.participants, minutes: m.minutes, decisions: m.decisions } : { id: m.id, kind: m.kind, heldOn: m.held_on, decisions: m.decisions })),
    court: court.map((c) => ({ id: c.id, status: c.status, onDate: c.on_date, note: c.note })),
  };
}
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function allowedActionsFor(p: Principal, row: repo.CaseRow): Action[] {
  const facts = factsOf(row);
  return Object.keys(transitions[row.status as Status]).filter((a) => a !== 'expire_confirmation' && mayAct(p, facts, a as Action)) as Action[];
}

/** The worker's own cases, newest first. */
export async function mine(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') return [];
  const rows = await ctx.db
    .selectFrom('cases')
    .innerJoin('workers', 'workers.id', 'cases.worker_id')
    .select(['cases.id', 'cases.case_no', 'cases.category', 'cases.status', 'cases.title', 'cases.submitted_at', 'cases.resolution_due', 'cases.updated_at', 'cases.outcome'])
    .where('workers.user_id', '=', p.userId)
    .orderBy('cases.submitted_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, caseNo: r.case_no, category: r.category, status: r.status, title: r.title, submittedAt: iso(r.submitted_at), resolutionDue: iso(r.resolution_due), updatedAt: iso(r.updated_at), outcome: r.outcome }));
}

/** The intake queue and the officer's own list: summaries only, never the worker's identity. */
export async function queue(ctx: Ctx, p: Principal, f: { unionId?: string | undefined; scope: 'unassigned' | 'mine' | 'all'; category?: string | undefined; overdue?: boolean | undefined; limit: number; cursor?: string | undefined }) {
  if (p.kind !== 'user') return { items: [], nextCursor: null };
  let unionIds = orgsWithRole(p, 'union_officer', 'union_chair');
  if (f.unionId) {
    if (!seesQueue(p, f.unionId)) throw notFound('No such union');
    unionIds = [f.unionId];
  }
  let after: { due: number; id: string } | undefined;
  if (f.cursor) {
    const [due, id] = Buffer.from(f.cursor, 'base64url').toString().split('|');
    if (!due || !id || !Number.isFinite(Number(due))) throw badField('cursor', 'invalid_cursor', 'Not a cursor from this list');
    after = { due: Number(due), id };
  }
  const now = nowOf(ctx);
  const rows = await repo.queue(ctx.db, { unionIds, scope: f.scope, userId: p.userId, category: f.category, overdueAt: f.overdue ? now : undefined, limit: f.limit, after });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      unionId: r.union_id,
      category: r.category,
      priority: r.priority,
      status: r.status,
      title: r.title,
      place: r.place,
      submittedAt: iso(r.submitted_at),
      firstResponseDue: iso(r.first_response_due),
      resolutionDue: iso(r.resolution_due),
      paused: r.paused_since !== null,
      overdue: (r.resolution_due !== null && r.resolution_due < now) || (r.first_response_due !== null && r.first_response_due < now),
      escalation: r.escalation,
      officer: r.officer_user_id ? { userId: r.officer_user_id, name: r.officer_name } : null,
      systemicIssueId: r.systemic_issue_id,
    })),
    nextCursor: last && rows.length === f.limit ? Buffer.from(`${last.sort_due}|${last.id}`).toString('base64url') : null,
  };
}

// ---- the state machine -----------------------------------------------------------------------------

export type ActInput = {
  action: Action;
  note?: string | undefined;
  officerUserId?: string | undefined;
  outcome?: Outcome | undefined;
  amountFen?: number | undefined;
  rating?: number | undefined;
  version?: number | undefined;
};

/** Names the user-facing words for a refused transition: 409 with the states allowed from here. */
function refuse(from: Status, action: Action, p: Principal, facts: CaseFacts) {
  const r = nextState(from, action);
  // Only the moves this caller could make: a worker is not offered "take", an officer not "withdraw".
  const allowed = (r.ok ? [] : r.allowed).filter((a) => a.action !== 'expire_confirmation' && mayAct(p, facts, a.action));
  return new AppError(
    'conflict',
    `A case that is ${from} cannot be moved by "${action}"; allowed next: ${allowed.map((a) => `${a.action} → ${a.to}`).join(', ') || 'none (the case is finished)'}`,
    [{ path: 'action', code: 'invalid_transition', message: `Not allowed from ${from}` }],
    {},
    { from, allowed },
  );
}

export async function act(ctx: Ctx, p: Principal, id: string, input: ActInput, actor: Actor) {
  const rules = await rulesOf(ctx);
  const now = nowOf(ctx);
  const row = await repo.findCase(ctx.db, id);
  // Taking from the queue needs only the queue's view; every other action needs a seat on the case.
  if (!row || !(canRead(p, factsOf(row)) || (input.action === 'take' && seesQueue(p, row.union_id)))) throw notFound('No such case');
  if (!mayAct(p, factsOf(row), input.action)) throw new AppError('forbidden', `Your seat on this case does not allow "${input.action}"`);
  const from = row.status as Status;
  if (input.action === 'take' && row.officer_user_id !== null && from !== 'appealed') {
    throw new AppError('conflict', 'Someone else has already taken this case', [{ path: 'action', code: 'already_taken', message: 'Already taken' }], {}, { from, allowed: [] });
  }
  const next = nextState(from, input.action);
  if (!next.ok) throw refuse(from, input.action, p, factsOf(row));
  if (input.version !== undefined && input.version !== row.version) throw new AppError('conflict', 'The case changed since you opened it; reload', [{ path: 'version', code: 'stale', message: 'Reload the case' }]);
  let to = next.to;
  let clock = clockOf(row);
  const set: Record<string, unknown> = {};
  const userId = p.kind === 'user' ? p.userId : null;
  let notifyWorker = false;
  let notifyUsers: string[] = [];
  const eventData: Record<string, unknown> = { action: input.action, from };

  switch (input.action) {
    case 'take':
      set.officer_user_id = userId;
      break;
    case 'assign': {
      const target = input.officerUserId;
      if (!target) throw badField('officerUserId', 'required', 'Name the officer to assign');
      const ok = await ctx.db.selectFrom('user_roles').select('user_id').where('user_id', '=', target).where('org_id', '=', row.union_id).where('role', 'in', ['union_officer', 'union_chair']).executeTakeFirst();
      if (!ok) throw badField('officerUserId', 'not_officer', 'That person is not an officer of this union');
      if (!hasRole(p, 'union_chair', row.union_id) && row.officer_user_id !== userId) throw new AppError('forbidden', 'Only the union chair or the case’s officer can hand it over');
      set.officer_user_id = target;
      eventData.officerUserId = target;
      notifyUsers = [target];
      break;
    }
    case 'start':
      notifyWorker = true;
      break;
    case 'wait_worker':
    case 'wait_party':
      if (!input.note?.trim()) throw badField('note', 'required', input.action === 'wait_worker' ? 'Say what you need from the worker' : 'Say whom you are waiting for');
      clock = { ...clock, pausedSince: now };
      notifyWorker = true;
      break;
    case 'resume':
      clock = resumeClock(rules, clock, now);
      notifyWorker = true;
      break;
    case 'propose_close': {
      if (!input.outcome) throw badField('outcome', 'required', 'Choose the outcome');
      if (input.outcome === 'compensation' && !(input.amountFen && input.amountFen > 0)) throw badField('amountFen', 'required', 'Give the compensation in fen');
      clock = { ...resumeClock(rules, clock, now), pausedSince: now, resolvedAt: now };
      set.outcome = input.outcome;
      set.outcome_amount_fen = input.outcome === 'compensation' ? input.amountFen : null;
      set.outcome_note = input.note ?? '';
      set.proposed_at = now;
      eventData.outcome = input.outcome;
      if (input.outcome === 'compensation') eventData.amountFen = input.amountFen;
      notifyWorker = true;
      break;
    }
    case 'reopen':
      clock = { ...resumeClock(rules, clock, now), resolvedAt: null };
      set.proposed_at = null;
      notifyWorker = true;
      break;
    case 'confirm':
    case 'reject': {
      const rating = input.rating;
      if (input.action === 'confirm' && rating === undefined) throw badField('rating', 'required', 'Rate the handling from 1 to 5');
      if (rating !== undefined && (!Number.isInteger(rating) || rating < 1 || rating > 5)) throw badField('rating', 'out_of_range', 'A rating is 1 to 5');
      const appeal = input.action === 'reject' || ratingAppeals(rating!);
      if (rating !== undefined) set.rating = rating;
      if (appeal) {
        const until = (row.proposed_at ?? now) + ctx.config.caseAppealDays * 86_400_000;
        if (now > until) throw new AppError('unprocessable', `The ${ctx.config.caseAppealDays}-day window to appeal has passed`, [{ path: 'action', code: 'appeal_window_passed', message: 'Too late to appeal' }]);
        if (row.appeal_count >= 1) throw new AppError('unprocessable', 'This case was already reviewed by the union chair on appeal', [{ path: 'action', code: 'appeal_used', message: 'One appeal per case' }]);
        to = 'appealed';
        set.appeal_count = row.appeal_count + 1;
        clock = { ...resumeClock(rules, clock, now), resolvedAt: null };
        set.escalation = Math.max(row.escalation, 1);
        const chairs = await ctx.db.selectFrom('user_roles').select('user_id').where('org_id', '=', row.union_id).where('role', '=', 'union_chair').execute();
        notifyUsers = chairs.map((c) => c.user_id).concat(row.officer_user_id ? [row.officer_user_id] : []);
      } else {
        to = 'closed';
        set.closed_at = now;
        notifyUsers = row.officer_user_id ? [row.officer_user_id] : [];
      }
      eventData.rating = rating ?? null;
      break;
    }
    case 'take_appeal':
      set.officer_user_id = userId;
      break;
    case 'withdraw':
      set.closed_at = now;
      notifyUsers = row.officer_user_id ? [row.officer_user_id] : [];
      break;
    case 'expire_confirmation':
      set.closed_at = now;
      break;
  }
  // The first thing a handler does that the worker sees is the first response.
  if (clock.firstResponseAt === null && ['start', 'wait_worker', 'wait_party', 'propose_close'].includes(input.action)) clock = { ...clock, firstResponseAt: now };
  if (pausedStatuses.includes(to) && clock.pausedSince === null) clock = { ...clock, pausedSince: now };
  const open = to !== 'closed' && to !== 'withdrawn';
  Object.assign(set, clockColumns(rules, clock, row.category, row.priority, open), { status: to, version: row.version + 1, updated_at: now });
  if (!open) set.queue_due = repo.FAR;

  await ctx.db.transaction().execute(async (tx) => {
    // The guard makes two officers taking one case at the same moment resolve to one winner.
    let q = tx.updateTable('cases').set(set).where('id', '=', id).where('status', '=', from).where('version', '=', row.version);
    if (input.action === 'take') q = q.where('officer_user_id', 'is', null);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new AppError('conflict', input.action === 'take' ? 'Someone else took this case a moment ago' : 'The case changed at the same moment; reload', [
        { path: 'action', code: input.action === 'take' ? 'already_taken' : 'stale', message: 'Reload the case' },
      ]);
    }
    await event(tx, ctx, id, userId, `status_${to}`, input.action === 'assign' || input.action === 'take' ? 'internal' : 'worker', { ...eventData, to }, input.note, now);
    if (input.action === 'take' || input.action === 'assign') await event(tx, ctx, id, userId, 'officer_assigned', 'worker', {}, undefined, now);
    if (notifyWorker || input.action === 'take' || input.action === 'assign') await notify(tx, [row.worker_user_id], 'case_update', { caseId: id, caseNo: row.case_no, status: to }, now);
    if (notifyUsers.length) await notify(tx, notifyUsers, 'case_update', { caseId: id, caseNo: row.case_no, status: to }, now);
    await writeAudit(tx, actor, { action: `case.${input.action}`, targetType: 'case', targetId: id, details: { from, to } });
  });
  if (notifyWorker) textToPhones(ctx, [row.worker_user_id], `【暖新】您的维权事项 ${row.case_no} 有新进展，请登录查看。`);
  // An officer who handed their own case to a colleague has no seat on it any more: the answer is
  // null (the change was made), not a 404 as if it had failed.
  const after = await repo.findCase(ctx.db, id);
  if (after && !canRead(p, factsOf(after))) return null;
  return read(ctx, p, id, actor);
}

function resumeClock(rules: Rules, c: Clock, now: number): Clock {
  if (c.pausedSince === null) return c;
  return { ...c, pausedCountedMs: c.pausedCountedMs + counted(rules.calendar, c.pausedSince, now), pausedSince: null };
}

// ---- triage: the union sets priority and corrects the category --------------------------------------

/** The union's triage: priority and category. The deadlines follow the new time limits at once. */
export async function triage(ctx: Ctx, p: Principal, id: string, input: { priority?: Priority | undefined; category?: Category | undefined; version?: number | undefined }, actor: Actor) {
  const rules = await rulesOf(ctx);
  const row = await repo.findCase(ctx.db, id);
  if (!row || !(canRead(p, factsOf(row)) || seesQueue(p, row.union_id))) throw notFound('No such case');
  if (!seesQueue(p, row.union_id) || !(row.officer_user_id === null || handles(p, factsOf(row)))) throw new AppError('forbidden', 'Only the case’s officer or the union chair can change its priority');
  if (row.status === 'closed' || row.status === 'withdrawn') throw new AppError('conflict', 'The case is finished', [{ path: 'priority', code: 'case_finished', message: 'The case is finished' }]);
  if (input.version !== undefined && input.version !== row.version) throw new AppError('conflict', 'The case changed since you opened it; reload', [{ path: 'version', code: 'stale', message: 'Reload the case' }]);
  const priority = input.priority ?? (row.priority as Priority);
  const category = input.category ?? (row.category as Category);
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('cases')
      .set({ priority, category, ...clockColumns(rules, clockOf(row), category, priority, true), version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The case changed at the same moment; reload', [{ path: 'priority', code: 'stale', message: 'Reload the case' }]);
    await event(tx, ctx, id, p.kind === 'user' ? p.userId : null, 'triaged', 'internal', { from: { priority: row.priority, category: row.category }, to: { priority, category } }, undefined, now);
    await writeAudit(tx, actor, { action: 'case.triage', targetType: 'case', targetId: id, details: { priority, category } });
  });
  return handles(p, factsOf(row)) ? read(ctx, p, id, actor) : null;
}

/** Officers and chairs of the caller's unions (to hand a case to). */
export async function officers(ctx: Ctx, p: Principal) {
  const unions = orgsWithRole(p, 'union_officer', 'union_chair');
  const rows = await ctx.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id', 'users.name', 'user_roles.role', 'user_roles.org_id'])
    .where('user_roles.org_id', 'in', unions.length ? unions : ['-'])
    .where('user_roles.role', 'in', ['union_officer', 'union_chair'])
    .where('users.is_disabled', '=', 0)
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, role: r.role, unionId: r.org_id }));
}

/** Organisations a worker can name as the other side: authorities, employers, platforms. */
export async function respondents(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'name', 'kind', 'city_code']).where('kind', 'in', ['agency', 'employer', 'platform']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind === 'agency' ? 'authority' : r.kind === 'platform' ? 'platform' : 'company', cityCode: r.city_code }));
}

// ---- messages ----------------------------------------------------------------------------------------

/**
 * A message on the case. The worker's message while the union waits on them restarts the clock;
 * a handler's first message to the worker is the first response. `internal` notes are staff-only.
 */
export async function message(ctx: Ctx, p: Principal, id: string, input: { body: string; internal?: boolean | undefined }, actor: Actor) {
  const rules = await rulesOf(ctx);
  const now = nowOf(ctx);
  const row = await loadVisible(ctx.db, p, id);
  const seats = seatsOn(p, factsOf(row));
  const isWorker = seats.includes('worker');
  const isHandler = handles(p, factsOf(row));
  if (!isWorker && !isHandler) throw new AppError('forbidden', 'Lawyers write notes on the legal referral, not case messages');
  if (input.internal && !isHandler) throw badField('internal', 'not_allowed', 'Only the union sees internal notes');
  const status = row.status as Status;
  if (status === 'closed' || status === 'withdrawn') throw new AppError('conflict', 'The case is finished', [{ path: 'body', code: 'case_finished', message: 'The case is finished' }]);
  const set: Record<string, unknown> = { updated_at: now };
  let clock = clockOf(row);
  let to = status;
  if (isWorker && !isHandler && status === 'waiting_worker') {
    clock = resumeClock(rules, clock, now);
    to = 'in_progress';
  }
  if (isHandler && !input.internal && clock.firstResponseAt === null) {
    clock = { ...clock, firstResponseAt: now };
    if (status === 'assigned') to = 'in_progress';
  }
  Object.assign(set, clockColumns(rules, clock, row.category, row.priority, true), { status: to, version: row.version + 1 });
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('cases').set(set).where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'The case changed at the same moment; send again', [{ path: 'body', code: 'stale', message: 'Send again' }]);
    await event(tx, ctx, id, p.kind === 'user' ? p.userId : null, input.internal ? 'note' : 'message', input.internal ? 'internal' : 'worker', to !== status ? { to } : {}, input.body, now);
    if (!input.internal) {
      const to2 = isWorker ? [row.officer_user_id].filter((x): x is string => !!x) : [row.worker_user_id];
      await notify(tx, to2, 'case_message', { caseId: id, caseNo: row.case_no }, now);
    }
    await writeAudit(tx, actor, { action: input.internal ? 'case.note' : 'case.message', targetType: 'case', targetId: id });
  });
  return read(ctx, p, id, actor);
}

// ---- the sweep: escalation, owners for unowned cases, closures nobody confirmed ----------------------

/**
 * Runs every minute in the server (and on demand in tests, with their clock). Overdue cases climb the
 * chain — officer → union chair → federation — with an internal event and a notice to the chair; a case
 * still without an owner when its first response falls due goes to the union chair; a proposed closure
 * nobody answered within the appeal window closes.
 */
export async function sweep(ctx: Ctx): Promise<{ escalated: number; ownerless: number; expired: number }> {
  const rules = await rulesOf(ctx);
  const now = nowOf(ctx);
  let escalated = 0;
  let ownerless = 0;
  let expired = 0;
  const due = await ctx.db
    .selectFrom('cases')
    .innerJoin('workers', 'workers.id', 'cases.worker_id')
    .selectAll('cases')
    .select('workers.user_id as worker_user_id')
    .where('cases.is_open', '=', 1)
    .where((eb) => eb.or([eb('cases.first_response_due', '<', now), eb('cases.resolution_due', '<', now)]))
    .limit(5000)
    .execute();
  for (const row of due) {
    const level = escalationLevel(rules.calendar, clockOf(row), budgetOf(rules, row.category, row.priority), now);
    const needsOwner = row.officer_user_id === null && row.first_response_due !== null && row.first_response_due < now;
    if (level <= row.escalation && !needsOwner) continue;
    const chairs = (await ctx.db.selectFrom('user_roles').select('user_id').where('org_id', '=', row.union_id).where('role', '=', 'union_chair').execute()).map((c) => c.user_id);
    await ctx.db.transaction().execute(async (tx) => {
      const set: Record<string, unknown> = { escalation: Math.max(level, row.escalation), updated_at: now, version: row.version + 1 };
      if (needsOwner && chairs[0]) {
        set.officer_user_id = chairs[0];
        if (row.status === 'submitted') set.status = 'assigned';
      }
      const res = await tx.updateTable('cases').set(set).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      if (level > row.escalation) {
        escalated++;
        await event(tx, ctx, row.id, null, 'escalated', 'internal', { level, to: level === 2 ? 'federation' : 'union_chair' }, undefined, now);
        await notify(tx, chairs, 'case_overdue', { caseId: row.id, caseNo: row.case_no, level }, now);
      }
      if (needsOwner && chairs[0]) {
        ownerless++;
        await event(tx, ctx, row.id, null, 'officer_assigned', 'worker', { by: 'sweep' }, undefined, now);
      }
      await writeAudit(tx, systemActor, { action: 'case.escalate', targetType: 'case', targetId: row.id, details: { level, ownerAssigned: needsOwner } });
    });
  }
  const cutoff = now - ctx.config.caseAppealDays * 86_400_000;
  const stale = await ctx.db.selectFrom('cases').select(['id', 'version']).where('status', '=', 'proposed_closed').where('proposed_at', '<', cutoff).limit(5000).execute();
  for (const s of stale) {
    await ctx.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('cases')
        .set({ status: 'closed', closed_at: now, is_open: 0, queue_due: repo.FAR, updated_at: now, version: s.version + 1 })
        .where('id', '=', s.id)
        .where('version', '=', s.version)
        .where('status', '=', 'proposed_closed')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      expired++;
      await event(tx, ctx, s.id, null, 'status_closed', 'worker', { action: 'expire_confirmation' }, undefined, now);
      await writeAudit(tx, systemActor, { action: 'case.expire_confirmation', targetType: 'case', targetId: s.id });
    });
  }
  return { escalated, ownerless, expired };
}
