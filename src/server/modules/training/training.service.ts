// Training: programmes, cohorts whose seats are never overfilled, applications, attendance, exams,
// certificates with a public number, and the figures per cohort and year.
import { sql } from 'kysely';

import type { Ctx } from '../../platform/context.js';
import { newId, nowOf } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import type { Database } from '../../platform/schema.js';
import type { Tx } from '../../platform/db.js';
import { insertRows, isUniqueViolation } from '../../platform/db.js';

import { AppError, badField, notFound } from '../../platform/errors.js';

import { writeAudit, type Actor } from '../../platform/audit.js';

import { notify } from '../notifications/index.js';

import {
  CERT_NUMBER_RE,
  maskHolderName,
  normaliseCertNumber,
  type AttendanceStatus,
  type CohortStatus,
  type EnrolmentStatus,
  type FundingSource,
} from '../../../shared/training.js';

import { applicationRefusal, generateCertNumber, isPassed, mayMove, moves, passRate, scoreProblem, seatChange, type EnrolmentMove } from './training.js';

import { mayOnSchool, schoolOrgs, type TrainingAction } from './training.policy.js';

import { certificatePdf } from './certificate.pdf.js';
import { beijingDay } from '../../platform/time.js';

type CohortRow = Database['training_cohorts'];

/** Days are Beijing days (UTC+8). */
const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const n = (v: unknown) => Number(v ?? 0);
const conflict = (code: string, message: string, path = 'body', extra: Record<string, unknown> = {}) =>
  new AppError('conflict', message, [{ path, code, message }], {}, { reason: code, ...extra });

const userIdOf = (p: Principal) => {
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return p.userId;
};
const only = (orgs: string[] | 'all') => (orgs === 'all' ? null : orgs.length ? orgs : ['']);

// ---- presenting ------------------------------------------------------------------------------------

export const presentCohort = (c: CohortRow & { programme_name?: string; school_name?: string; occupation?: string; level?: number }) => ({
  id: c.id,
  programmeId: c.programme_id,
  programmeName: c.programme_name ?? '',
  occupation: c.occupation ?? '',
  level: c.level ?? null,
  orgId: c.org_id,
  schoolName: c.school_name ?? '',
  name: c.name,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  schedule: c.schedule,
  place: c.place,
  cityCode: c.city_code,
  capacity: n(c.capacity),
  seatsTaken: n(c.seats_taken),
  seatsLeft: Math.max(0, n(c.capacity) - n(c.seats_taken)),
  fundingSource: c.funding_source as FundingSource,
  funderName: c.funder_name,
  costPerTraineeFen: n(c.cost_per_trainee_fen),
  /** What the trainee pays: nothing unless the trainee pays for themself. */
  traineePaysFen: c.funding_source === 'self' ? n(c.cost_per_trainee_fen) : 0,
  status: c.status as CohortStatus,
});
export type Cohort = ReturnType<typeof presentCohort>;

const cohortQuery = (q: Ctx['db'] | Tx) =>
  q
    .selectFrom('training_cohorts as c')
    .innerJoin('training_programmes as p', 'p.id', 'c.programme_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select(['p.name as programme_name', 'p.occupation', 'p.level', 'o.name as school_name']);

/** The cohort, if the caller may do `action` with its school; 404 otherwise (the same answer as a missing one). */
export async function requireCohort(ctx: Ctx, p: Principal, cohortId: string, action: TrainingAction = 'manage') {
  const c = await cohortQuery(ctx.db).where('c.id', '=', cohortId).executeTakeFirst();
  if (!c || !mayOnSchool(p, c.org_id, action)) throw notFound('No such cohort');
  return c;
}

// ---- programmes and courses --------------------------------------------------------------------------

export type ProgrammeInput = { orgId?: string | undefined; name: string; occupation: string; level: number; description: string; skills: string[] };

/** The school a trainer acts for: the one named, or their only school. */
function schoolFor(p: Principal, orgId: string | undefined) {
  const mine = schoolOrgs(p, 'manage') as string[];
  if (orgId === undefined) {
    if (mine.length === 1) return mine[0]!;
    throw badField('orgId', 'required', 'Name the school');
  }
  if (!mine.includes(orgId)) throw notFound('No such school');
  return orgId;
}

export async function listProgrammes(ctx: Ctx, p: Principal) {
  const orgs = only(schoolOrgs(p, 'manage'));
  const progs = await ctx.db.selectFrom('training_programmes').selectAll().$if(!!orgs, (q) => q.where('org_id', 'in', orgs!)).orderBy('created_at').execute();
  const courses = progs.length
    ? await ctx.db.selectFrom('training_courses').selectAll().where('programme_id', 'in', progs.map((x) => x.id)).orderBy('position').orderBy('name').execute()
    : [];
  return progs.map((x) => ({
    id: x.id,
    orgId: x.org_id,
    name: x.name,
    occupation: x.occupation,
    level: x.level,
    description: x.description,
    skills: JSON.parse(x.skills) as string[],
    active: !!x.is_active,
    courses: courses.filter((c) => c.programme_id === x.id).map((c) => ({ id: c.id, name: c.name, topic: c.topic, hours: c.hours, position: c.position })),
  }));
}

export async function createProgramme(ctx: Ctx, p: Principal, input: ProgrammeInput, actor: Actor) {
  const orgId = schoolFor(p, input.orgId);
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('training_programmes')
      .values({ id, org_id: orgId, name: input.name, occupation: input.occupation, level: input.level, description: input.description, skills: JSON.stringify(input.skills), is_active: 1, created_at: now, updated_at: now })
      .execute();
    await writeAudit(tx, actor, { action: 'training.programme.create', targetType: 'training_programme', targetId: id, details: { orgId } });
  });
  return (await listProgrammes(ctx, p)).find((x) => x.id === id)!;
}

export async function addCourse(ctx: Ctx, p: Principal, programmeId: string, input: { name: string; topic: string; hours: number }, actor: Actor) {
  const prog = await ctx.db.selectFrom('training_programmes').select(['id', 'org_id']).where('id', '=', programmeId).executeTakeFirst();
  if (!prog || !mayOnSchool(p, prog.org_id, 'manage')) throw notFound('No such programme');
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('training_courses').select((eb) => eb.fn.max('position').as('m')).where('programme_id', '=', programmeId).executeTakeFirst();
    const position = n(last?.m) + 1;
    await tx.insertInto('training_courses').values({ id, programme_id: programmeId, name: input.name, topic: input.topic, hours: input.hours, position }).execute();
    await writeAudit(tx, actor, { action: 'training.course.create', targetType: 'training_course', targetId: id, details: { programmeId } });
  });
  return { id, name: input.name, topic: input.topic, hours: input.hours };
}

// ---- cohorts ---------------------------------------------------------------------------------------

export type CohortInput = {
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  schedule: string;
  place: string;
  cityCode?: string | undefined;
  capacity: number;
  fundingSource: FundingSource;
  funderName: string;
  costPerTraineeFen: number;
  status?: CohortStatus | undefined;
};
export type CohortPatch = Partial<Omit<CohortInput, 'programmeId'>>;

export async function createCohort(ctx: Ctx, p: Principal, input: CohortInput, actor: Actor) {
  const prog = await ctx.db
    .selectFrom('training_programmes')
    .innerJoin('orgs', 'orgs.id', 'training_programmes.org_id')
    .select(['training_programmes.id', 'training_programmes.org_id', 'orgs.city_code'])
    .where('training_programmes.id', '=', input.programmeId)
    .executeTakeFirst();
  if (!prog || !mayOnSchool(p, prog.org_id, 'manage')) throw badField('programmeId', 'unknown_programme', 'No such programme at your school');
  if (input.endsOn < input.startsOn) throw badField('endsOn', 'before_start', 'The last day is before the first');
  const cityCode = input.cityCode ?? prog.city_code;
  if (!cityCode) throw badField('cityCode', 'required', 'Name the city');
  const id = newId();
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('training_cohorts')
      .values({
        id,
        programme_id: prog.id,
        org_id: prog.org_id,
        name: input.name,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        schedule: input.schedule,
        place: input.place,
        city_code: cityCode,
        capacity: input.capacity,
        seats_taken: 0,
        funding_source: input.fundingSource,
        funder_name: input.funderName,
        cost_per_trainee_fen: input.costPerTraineeFen,
        status: input.status ?? 'open',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeAudit(tx, actor, { action: 'training.cohort.create', targetType: 'training_cohort', targetId: id, details: { orgId: prog.org_id, capacity: input.capacity, fundingSource: input.fundingSource } });
  });
  return presentCohort(await requireCohort(ctx, p, id));
}

/** Capacity cannot go below the seats taken (the counter's CHECK would refuse it anyway). */
export async function updateCohort(ctx: Ctx, p: Principal, cohortId: string, patch: CohortPatch, actor: Actor) {
  const c = await requireCohort(ctx, p, cohortId);
  const startsOn = patch.startsOn ?? c.starts_on;
  const endsOn = patch.endsOn ?? c.ends_on;
  if (endsOn < startsOn) throw badField(patch.endsOn !== undefined ? 'endsOn' : 'startsOn', 'before_start', 'The last day is before the first');
  await ctx.db.transaction().execute(async (tx) => {
    const set: Partial<CohortRow> = { updated_at: nowOf(ctx) };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.startsOn !== undefined) set.starts_on = patch.startsOn;
    if (patch.endsOn !== undefined) set.ends_on = patch.endsOn;
    if (patch.schedule !== undefined) set.schedule = patch.schedule;
    if (patch.place !== undefined) set.place = patch.place;
    if (patch.cityCode !== undefined) set.city_code = patch.cityCode;
    if (patch.fundingSource !== undefined) set.funding_source = patch.fundingSource;
    if (patch.funderName !== undefined) set.funder_name = patch.funderName;
    if (patch.costPerTraineeFen !== undefined) set.cost_per_trainee_fen = patch.costPerTraineeFen;
    if (patch.status !== undefined) set.status = patch.status;
    let q = tx.updateTable('training_cohorts').set(set).where('id', '=', cohortId);
    if (patch.capacity !== undefined) q = q.set({ capacity: patch.capacity }).where('seats_taken', '<=', patch.capacity);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const { seats_taken } = await tx.selectFrom('training_cohorts').select('seats_taken').where('id', '=', cohortId).executeTakeFirstOrThrow();
      throw conflict('below_seats_taken', `${seats_taken} seats are taken`, 'capacity');
    }
    await writeAudit(tx, actor, { action: 'training.cohort.update', targetType: 'training_cohort', targetId: cohortId, details: { fields: Object.keys(patch) } });
  });
  return presentCohort(await requireCohort(ctx, p, cohortId));
}

/** Cohorts taking applications, soonest first (public). */
export async function openCohorts(ctx: Ctx) {
  const rows = await cohortQuery(ctx.db).where('c.status', '=', 'open').orderBy('c.starts_on').orderBy('c.name').limit(200).execute();
  return rows.map(presentCohort);
}

/** One cohort as the public sees it: programme, courses, schedule and sessions; a cancelled one is not shown. */
export async function publicCohort(ctx: Ctx, cohortId: string) {
  const c = await cohortQuery(ctx.db).where('c.id', '=', cohortId).where('c.status', '!=', 'cancelled').executeTakeFirst();
  if (!c) throw notFound('No such cohort');
  const [courses, sessions, prog] = await Promise.all([
    ctx.db.selectFrom('training_courses').select(['id', 'name', 'topic', 'hours']).where('programme_id', '=', c.programme_id).orderBy('position').execute(),
    ctx.db.selectFrom('training_sessions').select(['id', 'starts_at', 'ends_at', 'topic']).where('cohort_id', '=', c.id).orderBy('starts_at').limit(500).execute(),
    ctx.db.selectFrom('training_programmes').select(['description', 'skills']).where('id', '=', c.programme_id).executeTakeFirstOrThrow(),
  ]);
  return {
    cohort: presentCohort(c),
    description: prog.description,
    skills: JSON.parse(prog.skills) as string[],
    courses,
    sessions: sessions.map((s) => ({ id: s.id, startsAt: iso(s.starts_at)!, endsAt: iso(s.ends_at)!, topic: s.topic })),
  };
}

/** The cohorts of the caller's schools with their applicants by status, newest first. */
export async function managedCohorts(ctx: Ctx, p: Principal) {
  const orgs = only(schoolOrgs(p, 'manage'));
  const rows = await cohortQuery(ctx.db).$if(!!orgs, (q) => q.where('c.org_id', 'in', orgs!)).orderBy('c.starts_on', 'desc').orderBy('c.name').limit(500).execute();
  if (!rows.length) return [];
  const counts = await ctx.db
    .selectFrom('training_enrolments')
    .select(['cohort_id', 'status', (eb) => eb.fn.countAll().as('k')])
    .where('cohort_id', 'in', rows.map((r) => r.id))
    .groupBy(['cohort_id', 'status'])
    .execute();
  return rows.map((r) => {
    const by: Record<string, number> = {};
    for (const k of counts) if (k.cohort_id === r.id) by[k.status] = n(k.k);
    return { ...presentCohort(r), applied: by.applied ?? 0, accepted: by.accepted ?? 0, completed: by.completed ?? 0 };
  });
}

// ---- applications and enrolments ------------------------------------------------------------------

const refusalText = { cohort_not_open: 'This cohort is not taking applications', cohort_full: 'All seats of this cohort are taken' } as const;

/**
 * Anyone signed in applies to an open cohort with a seat left. One enrolment per person and cohort:
 * applying again after withdrawing or being declined reopens it; otherwise 409 `already_applied`.
 */
export async function apply(ctx: Ctx, p: Principal, cohortId: string, note: string, actor: Actor) {
  const userId = userIdOf(p);
  const now = nowOf(ctx);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const c = await tx.selectFrom('training_cohorts').select(['id', 'status', 'capacity', 'seats_taken']).where('id', '=', cohortId).executeTakeFirst();
      if (!c || c.status === 'cancelled') throw notFound('No such cohort');
      const refusal = applicationRefusal({ status: c.status, capacity: n(c.capacity), seats_taken: n(c.seats_taken) });
      if (refusal) throw conflict(refusal, refusalText[refusal], 'cohortId');
      const existing = await tx.selectFrom('training_enrolments').select(['id', 'status']).where('cohort_id', '=', cohortId).where('user_id', '=', userId).executeTakeFirst();
      let id: string;
      if (existing) {
        if (existing.status !== 'withdrawn' && existing.status !== 'declined') throw conflict('already_applied', 'You have already applied to this cohort', 'cohortId');
        id = existing.id;
        await tx
          .updateTable('training_enrolments')
          .set({ status: 'applied', note, reason: '', applied_at: now, decided_at: null, decided_by: null, completed_at: null })
          .where('id', '=', id)
          .where('status', '=', existing.status)
          .execute();
      } else {
        id = newId();
        await tx.insertInto('training_enrolments').values({ id, cohort_id: cohortId, user_id: userId, status: 'applied', note, reason: '', applied_at: now, decided_at: null, decided_by: null, completed_at: null }).execute();
      }
      await writeAudit(tx, actor, { action: 'training.apply', targetType: 'training_enrolment', targetId: id, details: { cohortId } });
      return { id, cohortId, status: 'applied' as EnrolmentStatus, note, appliedAt: iso(now)! };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('already_applied', 'You have already applied to this cohort', 'cohortId');
    throw e;
  }
}

type EnrolmentCtx = { id: string; cohort_id: string; user_id: string; status: string; org_id: string; cohort_status: string };

async function enrolmentWithCohort(q: Ctx['db'] | Tx, id: string): Promise<EnrolmentCtx | undefined> {
  return q
    .selectFrom('training_enrolments as e')
    .innerJoin('training_cohorts as c', 'c.id', 'e.cohort_id')
    .select(['e.id', 'e.cohort_id', 'e.user_id', 'e.status', 'c.org_id', 'c.status as cohort_status'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/**
 * Moves an enrolment (accept, decline, withdraw, complete, drop). The status changes only from the
 * status read (a concurrent move makes this one a 409), and a seat is taken by a conditional update
 * of the cohort's counter (`seats_taken < capacity`) in the same transaction, so simultaneous accepts
 * never overfill a cohort on either database: SQLite runs transactions one at a time, and PostgreSQL
 * re-checks the condition on the row a concurrent accept just updated.
 */
async function moveEnrolment(ctx: Ctx, e: EnrolmentCtx, move: EnrolmentMove, by: { actor: Actor; userId: string }, reason = '') {
  if (!mayMove(e.status, move)) throw conflict('invalid_transition', `An enrolment that is ${e.status} cannot be moved this way`, 'status', { status: e.status });
  const to = moves[move].to;
  if (move === 'accept' && e.cohort_status !== 'open' && e.cohort_status !== 'running') throw conflict('cohort_not_open', 'This cohort is not taking trainees', 'cohortId');
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const set: Partial<Database['training_enrolments']> = { status: to };
    if (move === 'accept' || move === 'decline') Object.assign(set, { decided_at: now, decided_by: by.userId });
    if (move === 'decline' || move === 'drop') set.reason = reason;
    if (move === 'complete') set.completed_at = now;
    const res = await tx.updateTable('training_enrolments').set(set).where('id', '=', e.id).where('status', '=', e.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('invalid_transition', 'This enrolment was changed meanwhile; reload', 'status');
    const delta = seatChange(e.status as EnrolmentStatus, to);
    if (delta === 1) {
      const taken = await tx
        .updateTable('training_cohorts')
        .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1), updated_at: now }))
        .where('id', '=', e.cohort_id)
        .where((eb) => eb('seats_taken', '<', eb.ref('capacity')))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw conflict('cohort_full', 'All seats of this cohort are taken', 'cohortId');
    } else if (delta === -1) {
      await tx
        .updateTable('training_cohorts')
        .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1), updated_at: now }))
        .where('id', '=', e.cohort_id)
        .where('seats_taken', '>', 0)
        .execute();
    }
    await writeAudit(tx, by.actor, { action: `training.enrolment.${move}`, targetType: 'training_enrolment', targetId: e.id, details: { cohortId: e.cohort_id, from: e.status, to } });
    // The applicant hears of the school's decisions (not of their own withdrawal).
    if (move !== 'withdraw') await notify(tx, [e.user_id], 'training_update', { enrolmentId: e.id, cohortId: e.cohort_id, status: to }, now);
    return { id: e.id, cohortId: e.cohort_id, status: to };
  });
}

/** The school decides: accept, decline (with a reason), complete or drop (with a reason). */
export async function decide(ctx: Ctx, p: Principal, enrolmentId: string, move: Exclude<EnrolmentMove, 'withdraw'>, reason: string, actor: Actor) {
  const e = await enrolmentWithCohort(ctx.db, enrolmentId);
  if (!e || !mayOnSchool(p, e.org_id, 'manage')) throw notFound('No such enrolment');
  if ((move === 'decline' || move === 'drop') && reason.trim().length < 2) throw badField('reason', 'required', 'Give the reason');
  return moveEnrolment(ctx, e, move, { actor, userId: userIdOf(p) }, reason.trim());
}

/** The applicant withdraws (an accepted place frees its seat). Someone else's enrolment is 404. */
export async function withdraw(ctx: Ctx, p: Principal, enrolmentId: string, actor: Actor) {
  const userId = userIdOf(p);
  const e = await enrolmentWithCohort(ctx.db, enrolmentId);
  if (!e || e.user_id !== userId) throw notFound('No such enrolment');
  return moveEnrolment(ctx, e, 'withdraw', { actor, userId });
}

/** A cohort's applicants and trainees, with attendance and exam results (names shown, phones masked). */
export async function listEnrolments(ctx: Ctx, p: Principal, cohortId: string) {
  const c = await requireCohort(ctx, p, cohortId);
  const [rows, sessions, present] = await Promise.all([
    ctx.db
      .selectFrom('training_enrolments as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.user_id', 'e.status', 'e.note', 'e.reason', 'e.applied_at', 'e.decided_at', 'e.completed_at', 'u.name', 'u.phone_last4'])
      .where('e.cohort_id', '=', c.id)
      .orderBy('e.applied_at')
      .orderBy('e.id')
      .limit(2000)
      .execute(),
    ctx.db.selectFrom('training_sessions').select((eb) => eb.fn.countAll().as('k')).where('cohort_id', '=', c.id).executeTakeFirst(),
    ctx.db
      .selectFrom('training_attendance as a')
      .innerJoin('training_sessions as s', 's.id', 'a.session_id')
      .select(['a.enrolment_id', (eb) => eb.fn.countAll().as('k')])
      .where('s.cohort_id', '=', c.id)
      .where('a.status', '=', 'present')
      .groupBy('a.enrolment_id')
      .execute(),
  ]);
  const presentBy = new Map(present.map((x) => [x.enrolment_id, n(x.k)]));
  return {
    cohort: presentCohort(c),
    sessions: n(sessions?.k),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      phoneMasked: `${'*'.repeat(7)}${r.phone_last4}`,
      status: r.status as EnrolmentStatus,
      note: r.note,
      reason: r.reason,
      appliedAt: iso(r.applied_at)!,
      decidedAt: iso(r.decided_at),
      completedAt: iso(r.completed_at),
      present: presentBy.get(r.id) ?? 0,
    })),
  };
}

// ---- sessions and attendance ----------------------------------------------------------------------

export async function createSession(ctx: Ctx, p: Principal, cohortId: string, input: { courseId?: string | undefined; startsAt: string; endsAt: string; topic: string }, actor: Actor) {
  const c = await requireCohort(ctx, p, cohortId);
  const startsAt = Date.parse(input.startsAt);
  const endsAt = Date.parse(input.endsAt);
  if (!(endsAt > startsAt)) throw badField('endsAt', 'before_start', 'The session ends before it starts');
  if (input.courseId) {
    const course = await ctx.db.selectFrom('training_courses').select('id').where('id', '=', input.courseId).where('programme_id', '=', c.programme_id).executeTakeFirst();
    if (!course) throw badField('courseId', 'unknown_course', 'No such course in this programme');
  }
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('training_sessions').values({ id, cohort_id: c.id, course_id: input.courseId ?? null, starts_at: startsAt, ends_at: endsAt, topic: input.topic }).execute();
    await writeAudit(tx, actor, { action: 'training.session.create', targetType: 'training_session', targetId: id, details: { cohortId: c.id } });
  });
  return { id, courseId: input.courseId ?? null, startsAt: iso(startsAt)!, endsAt: iso(endsAt)!, topic: input.topic, attendance: {} as Record<string, AttendanceStatus> };
}

export async function listSessions(ctx: Ctx, p: Principal, cohortId: string) {
  const c = await requireCohort(ctx, p, cohortId);
  const sessions = await ctx.db.selectFrom('training_sessions').selectAll().where('cohort_id', '=', c.id).orderBy('starts_at').limit(500).execute();
  const marks = sessions.length
    ? await ctx.db.selectFrom('training_attendance').select(['session_id', 'enrolment_id', 'status']).where('session_id', 'in', sessions.map((s) => s.id)).execute()
    : [];
  return sessions.map((s) => ({
    id: s.id,
    courseId: s.course_id,
    startsAt: iso(s.starts_at)!,
    endsAt: iso(s.ends_at)!,
    topic: s.topic,
    attendance: Object.fromEntries(marks.filter((m) => m.session_id === s.id).map((m) => [m.enrolment_id, m.status as AttendanceStatus])),
  }));
}

/** The whole class's attendance for one session in one call; a repeat replaces the marks it names. */
export async function recordAttendance(ctx: Ctx, p: Principal, sessionId: string, marks: { enrolmentId: string; status: AttendanceStatus }[], actor: Actor) {
  const s = await ctx.db
    .selectFrom('training_sessions as s')
    .innerJoin('training_cohorts as c', 'c.id', 's.cohort_id')
    .select(['s.id', 's.cohort_id', 'c.org_id'])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!s || !mayOnSchool(p, s.org_id, 'manage')) throw notFound('No such session');
  const seen = new Set<string>();
  marks.forEach((m, i) => {
    if (seen.has(m.enrolmentId)) throw badField(`marks.${i}.enrolmentId`, 'duplicate', 'This trainee is marked twice');
    seen.add(m.enrolmentId);
  });
  const by = userIdOf(p);
  const now = nowOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const ok = new Set(
      (
        await tx
          .selectFrom('training_enrolments')
          .select('id')
          .where('cohort_id', '=', s.cohort_id)
          .where('status', 'in', ['accepted', 'completed', 'dropped'])
          .where('id', 'in', [...seen, ''])
          .execute()
      ).map((r) => r.id),
    );
    const bad = marks.findIndex((m) => !ok.has(m.enrolmentId));
    if (bad >= 0) throw badField(`marks.${bad}.enrolmentId`, 'not_in_cohort', 'Not a trainee of this cohort');
    if (marks.length) {
      await tx.deleteFrom('training_attendance').where('session_id', '=', s.id).where('enrolment_id', 'in', [...seen]).execute();
      await insertRows(tx, 'training_attendance', marks.map((m) => ({ session_id: s.id, enrolment_id: m.enrolmentId, status: m.status, recorded_by: by, recorded_at: now })));
    }
    await writeAudit(tx, actor, { action: 'training.attendance.record', targetType: 'training_session', targetId: s.id, details: { marks: marks.length } });
  });
  return (await listSessions(ctx, p, s.cohort_id)).find((x) => x.id === s.id)!;
}

// ---- exams, results, certificates ------------------------------------------------------------------

export async function createExam(ctx: Ctx, p: Principal, cohortId: string, input: { heldOn: string; level?: number | undefined; theoryPass: number; practicePass: number }, actor: Actor) {
  const c = await requireCohort(ctx, p, cohortId);
  const prob = scoreProblem({ theoryPass: input.theoryPass, practicePass: input.practicePass });
  if (prob) throw badField(prob.path, prob.code, 'A pass mark is a whole number from 0 to 100');
  const id = newId();
  const level = input.level ?? n(c.level);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('training_exams')
      .values({ id, cohort_id: c.id, held_on: input.heldOn, level, theory_pass: input.theoryPass, practice_pass: input.practicePass, created_by: userIdOf(p), created_at: nowOf(ctx) })
      .execute();
    await writeAudit(tx, actor, { action: 'training.exam.create', targetType: 'training_exam', targetId: id, details: { cohortId: c.id, level } });
  });
  return { id, cohortId: c.id, heldOn: input.heldOn, level, theoryPass: input.theoryPass, practicePass: input.practicePass, results: [] };
}

export async function listExams(ctx: Ctx, p: Principal, cohortId: string) {
  const c = await requireCohort(ctx, p, cohortId);
  const exams = await ctx.db.selectFrom('training_exams').selectAll().where('cohort_id', '=', c.id).orderBy('held_on').orderBy('created_at').execute();
  const results = exams.length
    ? await ctx.db
        .selectFrom('training_exam_results as r')
        .innerJoin('training_enrolments as e', 'e.id', 'r.enrolment_id')
        .innerJoin('users as u', 'u.id', 'e.user_id')
        .leftJoin('certificates as ct', 'ct.exam_result_id', 'r.id')
        .select(['r.id', 'r.exam_id', 'r.enrolment_id', 'r.theory_score', 'r.practice_score', 'r.is_passed', 'u.name', 'ct.id as cert_id', 'ct.number as cert_number', 'ct.revoked_at'])
        .where('r.exam_id', 'in', exams.map((x) => x.id))
        .orderBy('u.name')
        .execute()
    : [];
  return exams.map((x) => ({
    id: x.id,
    cohortId: x.cohort_id,
    heldOn: x.held_on,
    level: x.level,
    theoryPass: x.theory_pass,
    practicePass: x.practice_pass,
    results: results
      .filter((r) => r.exam_id === x.id)
      .map((r) => ({
        id: r.id,
        enrolmentId: r.enrolment_id,
        name: r.name,
        theoryScore: r.theory_score,
        practiceScore: r.practice_score,
        passed: !!r.is_passed,
        certificate: r.cert_id ? { id: r.cert_id, number: r.cert_number!, revoked: r.revoked_at !== null } : null,
      })),
  }));
}

/**
 * One result per trainee and exam (a repeat is 409 `already_recorded`). Scores are whole numbers
 * 0–100 (400 naming the field otherwise); whether it passes follows from the exam's pass marks.
 */
export async function recordResult(ctx: Ctx, p: Principal, examId: string, input: { enrolmentId: string; theoryScore: number; practiceScore: number }, actor: Actor) {
  const exam = await ctx.db
    .selectFrom('training_exams as x')
    .innerJoin('training_cohorts as c', 'c.id', 'x.cohort_id')
    .select(['x.id', 'x.cohort_id', 'x.theory_pass', 'x.practice_pass', 'c.org_id'])
    .where('x.id', '=', examId)
    .executeTakeFirst();
  if (!exam || !mayOnSchool(p, exam.org_id, 'manage')) throw notFound('No such exam');
  const prob = scoreProblem({ theoryScore: input.theoryScore, practiceScore: input.practiceScore });
  if (prob) throw badField(prob.path, prob.code, 'A score is a whole number from 0 to 100');
  const passed = isPassed(exam, input.theoryScore, input.practiceScore);
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const e = await tx.selectFrom('training_enrolments').select(['id', 'status']).where('id', '=', input.enrolmentId).where('cohort_id', '=', exam.cohort_id).executeTakeFirst();
      if (!e || !['accepted', 'completed'].includes(e.status)) throw badField('enrolmentId', 'not_in_cohort', 'Not a trainee of this cohort');
      await tx
        .insertInto('training_exam_results')
        .values({ id, exam_id: exam.id, enrolment_id: e.id, theory_score: input.theoryScore, practice_score: input.practiceScore, is_passed: passed ? 1 : 0, recorded_by: userIdOf(p), recorded_at: nowOf(ctx) })
        .execute();
      await writeAudit(tx, actor, { action: 'training.result.record', targetType: 'training_exam_result', targetId: id, details: { examId: exam.id, passed } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('already_recorded', 'This trainee already has a result for this exam', 'enrolmentId');
    throw e;
  }
  return { id, enrolmentId: input.enrolmentId, theoryScore: input.theoryScore, practiceScore: input.practiceScore, passed };
}

/**
 * Corrects a mistyped result: new scores with the reason, kept in the audit record beside the old
 * ones. Only while no certificate stands on the result (revoking comes first): 409 `already_issued`.
 */
export async function correctResult(ctx: Ctx, p: Principal, resultId: string, input: { theoryScore: number; practiceScore: number; reason: string }, actor: Actor) {
  const r = await ctx.db
    .selectFrom('training_exam_results as r')
    .innerJoin('training_exams as x', 'x.id', 'r.exam_id')
    .innerJoin('training_cohorts as c', 'c.id', 'x.cohort_id')
    .select(['r.id', 'r.enrolment_id', 'x.theory_pass', 'x.practice_pass', 'c.org_id'])
    .where('r.id', '=', resultId)
    .executeTakeFirst();
  if (!r || !mayOnSchool(p, r.org_id, 'manage')) throw notFound('No such exam result');
  const prob = scoreProblem({ theoryScore: input.theoryScore, practiceScore: input.practiceScore });
  if (prob) throw badField(prob.path, prob.code, 'A score is a whole number from 0 to 100');
  const reason = input.reason.trim();
  if (reason.length < 2) throw badField('reason', 'required', 'Give the reason for the correction');
  const passed = isPassed(r, input.theoryScore, input.practiceScore);
  await ctx.db.transaction().execute(async (tx) => {
    const cert = await tx.selectFrom('certificates').select('id').where('exam_result_id', '=', r.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (cert) throw conflict('already_issued', 'A certificate stands on this result: revoke it before correcting the scores', 'id');
    const before = await tx.selectFrom('training_exam_results').select(['theory_score', 'practice_score', 'is_passed']).where('id', '=', r.id).executeTakeFirstOrThrow();
    await tx
      .updateTable('training_exam_results')
      .set({ theory_score: input.theoryScore, practice_score: input.practiceScore, is_passed: passed ? 1 : 0, recorded_by: userIdOf(p), recorded_at: nowOf(ctx) })
      .where('id', '=', r.id)
      .execute();
    await writeAudit(tx, actor, {
      action: 'training.result.correct',
      targetType: 'training_exam_result',
      targetId: r.id,
      details: { before: { theory: before.theory_score, practice: before.practice_score, passed: before.is_passed === 1 }, after: { theory: input.theoryScore, practice: input.practiceScore, passed }, reason },
    });
  });
  return { id: r.id, enrolmentId: r.enrolment_id, theoryScore: input.theoryScore, practiceScore: input.practiceScore, passed };
}

/**
 * Issues the certificate for a passed result: the number typed (the national registry's) or one
 * generated at random. A number already used is 409 `duplicate_number`; a second certificate for the
 * same result 409 `already_issued`; a result that did not pass 409 `not_passed`.
 */
export async function issueCertificate(ctx: Ctx, p: Principal, input: { examResultId: string; number?: string | undefined; issuedOn?: string | undefined }, actor: Actor) {
  const r = await ctx.db
    .selectFrom('training_exam_results as r')
    .innerJoin('training_exams as x', 'x.id', 'r.exam_id')
    .innerJoin('training_enrolments as e', 'e.id', 'r.enrolment_id')
    .innerJoin('training_cohorts as c', 'c.id', 'x.cohort_id')
    .innerJoin('training_programmes as pg', 'pg.id', 'c.programme_id')
    .select(['r.id', 'r.is_passed', 'r.enrolment_id', 'e.user_id', 'x.level', 'c.org_id', 'pg.occupation'])
    .where('r.id', '=', input.examResultId)
    .executeTakeFirst();
  if (!r || !mayOnSchool(p, r.org_id, 'manage')) throw notFound('No such exam result');
  if (!r.is_passed) throw conflict('not_passed', 'This result did not pass', 'examResultId');
  let number = input.number === undefined ? null : normaliseCertNumber(input.number);
  if (number !== null && !CERT_NUMBER_RE.test(number)) throw badField('number', 'invalid_format', 'Letters, digits and dashes, 6 to 40 characters');
  const now = nowOf(ctx);
  const issuedOn = input.issuedOn ?? beijingDay(now);
  const typed = number !== null;
  for (let attempt = 0; ; attempt++) {
    const num = number ?? generateCertNumber(issuedOn.slice(0, 4));
    const id = newId();
    try {
      await ctx.db.transaction().execute(async (tx) => {
        const already = await tx.selectFrom('certificates').select('id').where('exam_result_id', '=', r.id).executeTakeFirst();
        if (already) throw conflict('already_issued', 'A certificate was already issued for this result', 'examResultId');
        await tx
          .insertInto('certificates')
          .values({ id, number: num, user_id: r.user_id, org_id: r.org_id, enrolment_id: r.enrolment_id, exam_result_id: r.id, occupation: r.occupation, level: r.level, issued_on: issuedOn, issued_by: userIdOf(p), revoked_at: null, revoked_reason: null })
          .execute();
        await writeAudit(tx, actor, { action: 'training.certificate.issue', targetType: 'certificate', targetId: id, details: { examResultId: r.id, typed } });
        await notify(tx, [r.user_id], 'training_certificate', { certificateId: id, level: r.level }, now);
      });
      return { id, number: num, level: r.level, occupation: r.occupation, issuedOn };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const taken = await ctx.db.selectFrom('certificates').select('id').where('number', '=', num).executeTakeFirst();
      if (!taken) throw conflict('already_issued', 'A certificate was already issued for this result', 'examResultId');
      if (typed) throw conflict('duplicate_number', 'This certificate number is already used', 'number');
      if (attempt >= 3) throw e;
      number = null; // a generated number met another (2⁻⁶⁰): draw again
    }
  }
}

export async function revokeCertificate(ctx: Ctx, p: Principal, certId: string, reason: string, actor: Actor) {
  const c = await ctx.db.selectFrom('certificates').select(['id', 'org_id', 'revoked_at']).where('id', '=', certId).executeTakeFirst();
  if (!c || !mayOnSchool(p, c.org_id, 'manage')) throw notFound('No such certificate');
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('certificates').set({ revoked_at: nowOf(ctx), revoked_reason: reason }).where('id', '=', certId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('already_revoked', 'This certificate is already revoked', 'id');
    await writeAudit(tx, actor, { action: 'training.certificate.revoke', targetType: 'certificate', targetId: certId });
  });
}

/** Public: what a certificate says, with the holder's name masked. An unknown number is 404, nothing more. */
export async function verifyCertificate(ctx: Ctx, raw: string) {
  const number = normaliseCertNumber(raw);
  const c = CERT_NUMBER_RE.test(number)
    ? await ctx.db
        .selectFrom('certificates as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .innerJoin('orgs as o', 'o.id', 'c.org_id')
        .select(['c.number', 'c.level', 'c.occupation', 'c.issued_on', 'c.revoked_at', 'u.name', 'o.name as school_name'])
        .where('c.number', '=', number)
        .executeTakeFirst()
    : undefined;
  if (!c) throw notFound('No such certificate');
  return {
    number: c.number,
    level: c.level,
    occupation: c.occupation,
    issuedOn: c.issued_on,
    schoolName: c.school_name,
    holderMasked: maskHolderName(c.name),
    valid: c.revoked_at === null,
    revokedOn: c.revoked_at === null ? null : beijingDay(Number(c.revoked_at)),
  };
}

/** The certificate as a PDF, for its holder or the issuing school's trainers (404 for anyone else). */
export async function certificatePdfFor(ctx: Ctx, p: Principal, certId: string, origin: string) {
  const userId = userIdOf(p);
  const c = await ctx.db
    .selectFrom('certificates as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.number', 'c.user_id', 'c.org_id', 'c.level', 'c.occupation', 'c.issued_on', 'c.revoked_at', 'u.name', 'o.name as school_name'])
    .where('c.id', '=', certId)
    .executeTakeFirst();
  if (!c || (c.user_id !== userId && !mayOnSchool(p, c.org_id, 'manage'))) throw notFound('No such certificate');
  const bytes = await certificatePdf({
    number: c.number,
    holderName: c.name,
    occupation: c.occupation,
    level: c.level,
    issuedOn: c.issued_on,
    schoolName: c.school_name,
    verifyUrl: `${origin}/certificates/${encodeURIComponent(c.number)}`,
    valid: c.revoked_at === null,
  });
  return { name: `${c.number}.pdf`, bytes };
}

// ---- the trainee's own view ----------------------------------------------------------------------------

export async function myTraining(ctx: Ctx, p: Principal) {
  const userId = userIdOf(p);
  const enrolments = await ctx.db
    .selectFrom('training_enrolments as e')
    .innerJoin('training_cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('training_programmes as pg', 'pg.id', 'c.programme_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['e.id', 'e.status', 'e.note', 'e.reason', 'e.applied_at', 'c.id as cohort_id', 'c.name as cohort_name', 'c.starts_on', 'c.ends_on', 'c.schedule', 'c.place', 'pg.name as programme_name', 'o.name as school_name'])
    .where('e.user_id', '=', userId)
    .orderBy('e.applied_at', 'desc')
    .execute();
  const ids = enrolments.map((e) => e.id);
  const [attendance, results, certs] = await Promise.all([
    ids.length
      ? ctx.db
          .selectFrom('training_attendance as a')
          .innerJoin('training_sessions as s', 's.id', 'a.session_id')
          .select(['a.enrolment_id', 'a.status', 's.starts_at', 's.topic'])
          .where('a.enrolment_id', 'in', ids)
          .orderBy('s.starts_at')
          .execute()
      : [],
    ids.length
      ? ctx.db
          .selectFrom('training_exam_results as r')
          .innerJoin('training_exams as x', 'x.id', 'r.exam_id')
          .select(['r.enrolment_id', 'r.theory_score', 'r.practice_score', 'r.is_passed', 'x.held_on', 'x.level', 'x.theory_pass', 'x.practice_pass'])
          .where('r.enrolment_id', 'in', ids)
          .orderBy('x.held_on')
          .execute()
      : [],
    ctx.db
      .selectFrom('certificates as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.number', 'c.level', 'c.occupation', 'c.issued_on', 'c.revoked_at', 'o.name as school_name'])
      .where('c.user_id', '=', userId)
      .orderBy('c.issued_on', 'desc')
      .execute(),
  ]);
  return {
    enrolments: enrolments.map((e) => ({
      id: e.id,
      status: e.status as EnrolmentStatus,
      note: e.note,
      reason: e.reason,
      appliedAt: iso(e.applied_at)!,
      cohort: { id: e.cohort_id, name: e.cohort_name, programmeName: e.programme_name, schoolName: e.school_name, startsOn: e.starts_on, endsOn: e.ends_on, schedule: e.schedule, place: e.place },
      attendance: attendance.filter((a) => a.enrolment_id === e.id).map((a) => ({ at: iso(a.starts_at)!, topic: a.topic, status: a.status as AttendanceStatus })),
      results: results
        .filter((r) => r.enrolment_id === e.id)
        .map((r) => ({ heldOn: r.held_on, level: r.level, theoryScore: r.theory_score, practiceScore: r.practice_score, theoryPass: r.theory_pass, practicePass: r.practice_pass, passed: !!r.is_passed })),
    })),
    certificates: certs.map((c) => ({ id: c.id, number: c.number, level: c.level, occupation: c.occupation, issuedOn: c.issued_on, schoolName: c.school_name, valid: c.revoked_at === null, holderName: p.kind === 'user' ? p.name : '' })),
  };
}

// ---- figures -------------------------------------------------------------------------------------------

export type CohortFigures = {
  cohortId: string;
  cohortName: string;
  orgId: string;
  startsOn: string;
  endsOn: string;
  status: string;
  fundingSource: string;
  costPerTraineeFen: number;
  enrolled: number;
  completed: number;
  sat: number;
  passed: number;
  passRate: number | null;
  certificates: number;
  placed: number;
};

/**
 * Per cohort: enrolled (ever given a seat), completed, sat the exam, passed, pass rate, certificates
 * issued (not revoked) and placed (trainees with a placement). Per year: the cohorts that ended that
 * year summed, and the certificates issued that year by level. Optionally one year only.
 */
export async function figures(ctx: Ctx, p: Principal, year?: string) {
  const orgs = only(schoolOrgs(p, 'figures'));
  const cohorts = await ctx.db
    .selectFrom('training_cohorts')
    .select(['id', 'name', 'org_id', 'starts_on', 'ends_on', 'status', 'funding_source', 'cost_per_trainee_fen'])
    .$if(!!orgs, (q) => q.where('org_id', 'in', orgs!))
    .$if(!!year, (q) => q.where('ends_on', '>=', `${year}-01-01`).where('ends_on', '<=', `${year}-12-31`))
    .where('status', '!=', 'cancelled')
    .orderBy('starts_on', 'desc')
    .orderBy('name')
    .execute();
  const ids = cohorts.map((c) => c.id);
  const inCohorts = ids.length ? ids : [''];
  const [enrol, exams, certs, placed, certYears] = await Promise.all([
    ctx.db
      .selectFrom('training_enrolments')
      .select(['cohort_id', 'status', (eb) => eb.fn.countAll().as('k')])
      .where('cohort_id', 'in', inCohorts)
      .where('status', 'in', ['accepted', 'completed', 'dropped'])
      .groupBy(['cohort_id', 'status'])
      .execute(),
    ctx.db
      .selectFrom('training_exam_results as r')
      .innerJoin('training_enrolments as e', 'e.id', 'r.enrolment_id')
      .select([
        'e.cohort_id',
        sql<number>`count(distinct ${sql.ref('r.enrolment_id')})`.as('sat'),
        sql<number>`count(distinct case when ${sql.ref('r.is_passed')} = 1 then ${sql.ref('r.enrolment_id')} end)`.as('passed'),
      ])
      .where('e.cohort_id', 'in', inCohorts)
      .groupBy('e.cohort_id')
      .execute(),
    ctx.db
      .selectFrom('certificates as ct')
      .innerJoin('training_enrolments as e', 'e.id', 'ct.enrolment_id')
      .select(['e.cohort_id', (eb) => eb.fn.countAll().as('k')])
      .where('e.cohort_id', 'in', inCohorts)
      .where('ct.revoked_at', 'is', null)
      .groupBy('e.cohort_id')
      .execute(),
    ctx.db
      .selectFrom('placements as pl')
      .innerJoin('training_enrolments as e', 'e.user_id', 'pl.user_id')
      .select(['e.cohort_id', sql<number>`count(distinct ${sql.ref('pl.user_id')})`.as('k')])
      .where('e.cohort_id', 'in', inCohorts)
      .where('e.status', 'in', ['accepted', 'completed', 'dropped'])
      .groupBy('e.cohort_id')
      .execute(),
    ctx.db
      .selectFrom('certificates')
      .select([sql<string>`substr(${sql.ref('issued_on')}, 1, 4)`.as('year'), 'level', (eb) => eb.fn.countAll().as('k')])
      .$if(!!orgs, (q) => q.where('org_id', 'in', orgs!))
      .$if(!!year, (q) => q.where('issued_on', '>=', `${year}-01-01`).where('issued_on', '<=', `${year}-12-31`))
      .where('revoked_at', 'is', null)
      .groupBy([sql`substr(${sql.ref('issued_on')}, 1, 4)`, 'level'])
      .execute(),
  ]);
  const items: CohortFigures[] = cohorts.map((c) => {
    const st = (s: string) => n(enrol.find((x) => x.cohort_id === c.id && x.status === s)?.k);
    const ex = exams.find((x) => x.cohort_id === c.id);
    const sat = n(ex?.sat);
    const passed = n(ex?.passed);
    return {
      cohortId: c.id,
      cohortName: c.name,
      orgId: c.org_id,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      status: c.status,
      fundingSource: c.funding_source,
      costPerTraineeFen: n(c.cost_per_trainee_fen),
      enrolled: st('accepted') + st('completed') + st('dropped'),
      completed: st('completed'),
      sat,
      passed,
      passRate: passRate(passed, sat),
      certificates: n(certs.find((x) => x.cohort_id === c.id)?.k),
      placed: n(placed.find((x) => x.cohort_id === c.id)?.k),
    };
  });
  const years = new Map<string, { year: string; cohorts: number; enrolled: number; completed: number; sat: number; passed: number; certificates: number; placed: number; fundedFen: number }>();
  for (const f of items) {
    const y = f.endsOn.slice(0, 4);
    const a = years.get(y) ?? { year: y, cohorts: 0, enrolled: 0, completed: 0, sat: 0, passed: 0, certificates: 0, placed: 0, fundedFen: 0 };
    a.cohorts++;
    a.enrolled += f.enrolled;
    a.completed += f.completed;
    a.sat += f.sat;
    a.passed += f.passed;
    a.certificates += f.certificates;
    a.placed += f.placed;
    a.fundedFen += f.fundingSource === 'self' ? 0 : f.enrolled * f.costPerTraineeFen;
    years.set(y, a);
  }
  const byYear = [...years.values()]
    .sort((a, b) => b.year.localeCompare(a.year))
    .map((y) => {
      const issued = certYears.filter((c) => c.year === y.year);
      return {
        ...y,
        passRate: passRate(y.passed, y.sat),
        certificatesIssued: issued.reduce((s, c) => s + n(c.k), 0),
        certificatesByLevel: Object.fromEntries(issued.map((c) => [String(c.level), n(c.k)])) as Record<string, number>,
      };
    });
  return { cohorts: items, years: byYear };
}
