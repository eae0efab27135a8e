// The children's classroom (小课堂): sessions until 22:00 with a capacity, enrolment with a guardian's
// separate consent for the child's data, a waitlist, check-in and check-out against a pick-up code,
// and the child's data purged when the programme ends plus the retention period.
import { randomInt } from 'node:crypto';
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, badField, conflict, notFound } from '../../../platform/errors.js';
import { sha256 } from '../../../platform/crypto.js';
import { writeAudit, systemActor, type Actor } from '../../../platform/audit.js';
import { workerIdOf } from '../../workers/index.js';
import { formatTime, parseTime } from '../station.js';
import { requireOperated, requireStation, stationToday } from '../station.access.js';
import { operatedStations } from '../station.policy.js';

export const sessionKinds = ['after_school', 'winter_holiday', 'summer_holiday'] as const;
export const LATEST_CLOSE = 22 * 60;
const DAY = 86_400_000;

type SessionRow = { id: string; station_id: string; kind: string; title: string; starts_on: string; ends_on: string; weekdays: string; opens_min: number; closes_min: number; capacity: number; enrolled: number };
const present = (s: SessionRow) => ({
  id: s.id,
  stationId: s.station_id,
  kind: s.kind,
  title: s.title,
  startsOn: s.starts_on,
  endsOn: s.ends_on,
  weekdays: s.weekdays.split(',').map(Number),
  opens: formatTime(s.opens_min),
  closes: formatTime(s.closes_min),
  capacity: s.capacity,
  enrolled: s.enrolled,
  spotsLeft: s.capacity - s.enrolled,
});

export async function sessions(ctx: Ctx, stationId: string) {
  const st = await requireStation(ctx, stationId);
  const rows = await ctx.db.selectFrom('classroom_sessions').selectAll().where('station_id', '=', stationId).where('ends_on', '>=', stationToday(st.utc_offset_min)).orderBy('starts_on').execute();
  return rows.map(present);
}

export async function createSession(
  ctx: Ctx,
  p: Principal,
  stationId: string,
  input: { kind: string; title: string; startsOn: string; endsOn: string; weekdays: number[]; opens: string; closes: string; capacity: number },
  actor: Actor,
) {
  await requireOperated(ctx, p, stationId);
  const opens = parseTime(input.opens)!;
  const closes = parseTime(input.closes)!;
  if (closes > LATEST_CLOSE) throw badField('closes', 'after_22', 'The classroom closes by 22:00');
  if (closes <= opens) throw badField('closes', 'ends_before_start', 'Closes must be after opens');
  if (input.endsOn < input.startsOn) throw badField('endsOn', 'ends_before_start', 'The programme must end after it starts');
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('classroom_sessions')
      .values({ id, station_id: stationId, kind: input.kind, title: input.title, starts_on: input.startsOn, ends_on: input.endsOn, weekdays: [...new Set(input.weekdays)].sort().join(','), opens_min: opens, closes_min: closes, capacity: input.capacity, enrolled: 0, created_at: Date.now() })
      .execute();
    await writeAudit(tx, actor, { action: 'classroom.session_create', targetType: 'classroom_session', targetId: id, details: { stationId } });
  });
  return present((await ctx.db.selectFrom('classroom_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

/**
 * Enrols a child. The seat is taken with a conditional update (enrolled < capacity), so exactly
 * `capacity` children get in when more arrive at once; the others are waitlisted in arrival order.
 */
export async function enrol(ctx: Ctx, p: Principal, sessionId: string, input: { childName: string; birthYear: number; consent: boolean }, actor: Actor, retentionDays: number) {
  if (input.consent !== true) throw badField('consent', 'consent_required', 'A guardian must consent to the child’s data being kept');
  const workerId = await workerIdOf(ctx, p);
  const s = await ctx.db.selectFrom('classroom_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound('No such classroom session');
  const st = await requireStation(ctx, s.station_id);
  if (s.ends_on < stationToday(st.utc_offset_min)) throw conflict('This programme has ended');
  const pickupCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const childId = newId();
  const id = newId();
  const now = Date.now();
  let status: 'enrolled' | 'waitlisted' = 'waitlisted';
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('children')
      .values({ id: childId, guardian_worker_id: workerId, name_enc: ctx.crypto.encrypt(input.childName), birth_year: input.birthYear, consent_at: now, purge_after: Date.parse(`${s.ends_on}T23:59:59+08:00`) + retentionDays * DAY })
      .execute();
    const seat = await tx.updateTable('classroom_sessions').set((eb) => ({ enrolled: eb('enrolled', '+', 1) })).where('id', '=', sessionId).whereRef('enrolled', '<', 'capacity').executeTakeFirst();
    status = Number(seat.numUpdatedRows) === 1 ? 'enrolled' : 'waitlisted';
    await tx.insertInto('classroom_enrolments').values({ id, session_id: sessionId, child_id: childId, status, pickup_code_hash: sha256(`${id}:${pickupCode}`), created_at: now }).execute();
    await writeAudit(tx, actor, { action: `classroom.${status}`, targetType: 'classroom_enrolment', targetId: id, details: { sessionId, consent: true } });
  });
  return { id, sessionId, status, pickupCode };
}

async function ownEnrolment(ctx: Ctx, p: Principal, id: string) {
  const e = await ctx.db
    .selectFrom('classroom_enrolments')
    .innerJoin('children', 'children.id', 'classroom_enrolments.child_id')
    .innerJoin('classroom_sessions', 'classroom_sessions.id', 'classroom_enrolments.session_id')
    .select(['classroom_enrolments.id', 'classroom_enrolments.status', 'classroom_enrolments.session_id', 'classroom_enrolments.pickup_code_hash', 'children.guardian_worker_id', 'classroom_sessions.station_id'])
    .where('classroom_enrolments.id', '=', id)
    .executeTakeFirst();
  return e;
}

/** The guardian withdraws; the seat passes to the first child on the waitlist. */
export async function withdraw(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const e = await ownEnrolment(ctx, p, id);
  if (!e || e.guardian_worker_id !== workerId) throw notFound('No such enrolment');
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('classroom_enrolments').set({ status: 'withdrawn' }).where('id', '=', id).where('status', 'in', ['enrolled', 'waitlisted']).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('Already withdrawn');
    if (e.status === 'enrolled') {
      const next = await tx.selectFrom('classroom_enrolments').select('id').where('session_id', '=', e.session_id).where('status', '=', 'waitlisted').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      if (next) await tx.updateTable('classroom_enrolments').set({ status: 'enrolled' }).where('id', '=', next.id).execute();
      else await tx.updateTable('classroom_sessions').set((eb) => ({ enrolled: eb('enrolled', '-', 1) })).where('id', '=', e.session_id).execute();
      if (next) await writeAudit(tx, systemActor, { action: 'classroom.promoted', targetType: 'classroom_enrolment', targetId: next.id });
    }
    await writeAudit(tx, actor, { action: 'classroom.withdraw', targetType: 'classroom_enrolment', targetId: id });
  });
  return { id, status: 'withdrawn' };
}

export async function myEnrolments(ctx: Ctx, p: Principal) {
  const workerId = await workerIdOf(ctx, p);
  const rows = await ctx.db
    .selectFrom('classroom_enrolments')
    .innerJoin('children', 'children.id', 'classroom_enrolments.child_id')
    .innerJoin('classroom_sessions', 'classroom_sessions.id', 'classroom_enrolments.session_id')
    .innerJoin('stations', 'stations.id', 'classroom_sessions.station_id')
    .leftJoin('classroom_attendance', (j) => j.onRef('classroom_attendance.enrolment_id', '=', 'classroom_enrolments.id').on('classroom_attendance.date', '=', stationToday()))
    .select(['classroom_enrolments.id', 'classroom_enrolments.session_id', 'classroom_sessions.title', 'stations.name as station_name', 'children.name_enc', 'classroom_enrolments.status', 'classroom_attendance.checked_in_at', 'classroom_attendance.checked_out_at'])
    .where('children.guardian_worker_id', '=', workerId)
    .orderBy('classroom_enrolments.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    sessionTitle: r.title,
    stationName: r.station_name,
    childName: ctx.crypto.decrypt(r.name_enc),
    status: r.status,
    checkedInToday: r.checked_in_at !== null,
    checkedOutToday: r.checked_out_at !== null && r.checked_out_at !== undefined,
  }));
}

/** The day's roster for the station's staff: names are read, so the read is audited. */
export async function roster(ctx: Ctx, p: Principal, sessionId: string, date: string | undefined, actor: Actor) {
  const s = await ctx.db.selectFrom('classroom_sessions').select(['id', 'station_id']).where('id', '=', sessionId).executeTakeFirst();
  if (!s || !operatedStations(p).includes(s.station_id)) throw notFound('No such classroom session');
  const day = date ?? stationToday();
  const rows = await ctx.db
    .selectFrom('classroom_enrolments')
    .innerJoin('children', 'children.id', 'classroom_enrolments.child_id')
    .leftJoin('classroom_attendance', (j) => j.onRef('classroom_attendance.enrolment_id', '=', 'classroom_enrolments.id').on('classroom_attendance.date', '=', day))
    .select(['classroom_enrolments.id', 'classroom_enrolments.status', 'children.name_enc', 'children.birth_year', 'classroom_attendance.checked_in_at', 'classroom_attendance.checked_out_at'])
    .where('classroom_enrolments.session_id', '=', sessionId)
    .where('classroom_enrolments.status', 'in', ['enrolled', 'waitlisted'])
    .orderBy('classroom_enrolments.status')
    .orderBy('classroom_enrolments.created_at')
    .execute();
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'classroom.roster_read', targetType: 'classroom_session', targetId: sessionId, details: { date: day, children: rows.length } }));
  const iso = (v: number | null | undefined) => (v === null || v === undefined ? null : new Date(v).toISOString());
  return {
    date: day,
    items: rows.map((r) => ({ enrolmentId: r.id, childName: ctx.crypto.decrypt(r.name_enc), birthYear: r.birth_year, status: r.status, checkedInAt: iso(r.checked_in_at), checkedOutAt: iso(r.checked_out_at) })),
  };
}

export async function checkIn(ctx: Ctx, p: Principal, enrolmentId: string, actor: Actor) {
  const e = await ownEnrolment(ctx, p, enrolmentId);
  if (!e || !operatedStations(p).includes(e.station_id)) throw notFound('No such enrolment');
  if (e.status !== 'enrolled') throw conflict('Only enrolled children check in');
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    const day = stationToday();
    const existing = await tx.selectFrom('classroom_attendance').select('id').where('enrolment_id', '=', enrolmentId).where('date', '=', day).executeTakeFirst();
    if (existing) throw conflict('Already checked in today');
    await tx.insertInto('classroom_attendance').values({ id: newId(), enrolment_id: enrolmentId, date: day, checked_in_at: now, checked_out_at: null }).execute();
    await writeAudit(tx, actor, { action: 'classroom.check_in', targetType: 'classroom_enrolment', targetId: enrolmentId });
  });
  return { checkedInAt: new Date(now).toISOString() };
}

/** A child leaves only with the guardian's pick-up code. */
export async function checkOut(ctx: Ctx, p: Principal, enrolmentId: string, pickupCode: string, actor: Actor) {
  const e = await ownEnrolment(ctx, p, enrolmentId);
  if (!e || !operatedStations(p).includes(e.station_id)) throw notFound('No such enrolment');
  if (sha256(`${enrolmentId}:${pickupCode}`) !== e.pickup_code_hash) {
    await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'classroom.wrong_pickup_code', targetType: 'classroom_enrolment', targetId: enrolmentId }));
    throw new AppError('bad_request', 'That pick-up code is wrong', [{ path: 'pickupCode', code: 'wrong_pickup_code', message: 'Ask the guardian for the code shown at enrolment' }]);
  }
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('classroom_attendance').set({ checked_out_at: now }).where('enrolment_id', '=', enrolmentId).where('date', '=', stationToday()).where('checked_out_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('Not checked in, or already checked out today');
    await writeAudit(tx, actor, { action: 'classroom.check_out', targetType: 'classroom_enrolment', targetId: enrolmentId });
  });
  return { checkedOutAt: new Date(now).toISOString() };
}

/** Deletes children (and, by cascade, their enrolments and attendance) past their retention date. */
export async function purgeChildren(ctx: Ctx, nowMs = Date.now()) {
  return ctx.db.transaction().execute(async (tx) => {
    const due = await tx.selectFrom('children').select('id').where('purge_after', '<', nowMs).execute();
    if (!due.length) return 0;
    const ids = due.map((d) => d.id);
    const enrolled = await tx.selectFrom('classroom_enrolments').select(['session_id', 'status']).where('child_id', 'in', ids).where('status', '=', 'enrolled').execute();
    for (const e of enrolled) await tx.updateTable('classroom_sessions').set((eb) => ({ enrolled: eb('enrolled', '-', 1) })).where('id', '=', e.session_id).execute();
    await tx.deleteFrom('classroom_attendance').where('enrolment_id', 'in', tx.selectFrom('classroom_enrolments').select('id').where('child_id', 'in', ids)).execute();
    await tx.deleteFrom('classroom_enrolments').where('child_id', 'in', ids).execute();
    await tx.deleteFrom('children').where('id', 'in', ids).execute();
    await writeAudit(tx, systemActor, { action: 'classroom.purge', targetType: 'children', details: { count: ids.length } });
    return ids.length;
  });
}
