// Health checks at a station (with the worker's consent), visit check-in by the station's QR code,
// and the operator's view of a day.
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import { hasConsent, workerIdByPhone, workerIdOf } from '../../workers/index.js';
import { requireOperated, stationToday } from '../station.access.js';

/** Blood-pressure band for the worker's own history (Chinese hypertension guideline thresholds). */
export const bpFlag = (sys: number, dia: number) => (sys >= 140 || dia >= 90 ? 'high' : sys >= 130 || dia >= 85 ? 'elevated' : 'normal');

export async function recordReading(ctx: Ctx, p: Principal, stationId: string, input: { workerPhone: string; systolic: number; diastolic: number; pulse?: number | undefined }, actor: Actor) {
  await requireOperated(ctx, p, stationId);
  if (input.diastolic >= input.systolic) throw new AppError('bad_request', 'Diastolic must be below systolic', [{ path: 'diastolic', code: 'above_systolic', message: 'Check the reading' }]);
  const workerId = await workerIdByPhone(ctx, input.workerPhone);
  if (!(await hasConsent(ctx, workerId, 'health'))) {
    throw new AppError('conflict', 'The worker has not consented to health data being kept', [{ path: 'workerPhone', code: 'no_consent', message: 'Ask the worker to turn on health-data consent in the app' }]);
  }
  const id = newId();
  const now = Date.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('health_readings').values({ id, worker_id: workerId, station_id: stationId, systolic: input.systolic, diastolic: input.diastolic, pulse: input.pulse ?? null, recorded_by: p.kind === 'user' ? p.userId : '', recorded_at: now }).execute();
    await writeAudit(tx, actor, { action: 'health.record', targetType: 'health_reading', targetId: id, details: { stationId } });
  });
  // The recorder sees this reading once, now; there is no staff route to read readings back.
  return { id, systolic: input.systolic, diastolic: input.diastolic, pulse: input.pulse ?? null, recordedAt: new Date(now).toISOString(), flag: bpFlag(input.systolic, input.diastolic) };
}

export async function myReadings(ctx: Ctx, p: Principal) {
  const workerId = await workerIdOf(ctx, p);
  const rows = await ctx.db
    .selectFrom('health_readings')
    .innerJoin('stations', 'stations.id', 'health_readings.station_id')
    .select(['health_readings.id', 'stations.name', 'health_readings.systolic', 'health_readings.diastolic', 'health_readings.pulse', 'health_readings.recorded_at'])
    .where('health_readings.worker_id', '=', workerId)
    .orderBy('health_readings.recorded_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, stationName: r.name, systolic: r.systolic, diastolic: r.diastolic, pulse: r.pulse, recordedAt: new Date(r.recorded_at).toISOString(), flag: bpFlag(r.systolic, r.diastolic) }));
}

/** Check-in by scanning the station's poster; a second scan within 30 minutes is the same visit. */
export async function checkInVisit(ctx: Ctx, p: Principal, token: string, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const s = await ctx.db.selectFrom('stations').select(['id', 'name', 'utc_offset_min']).where('checkin_token', '=', token).executeTakeFirst();
  if (!s) throw notFound('No station with that code');
  const now = Date.now();
  const recent = await ctx.db.selectFrom('station_visits').select(['at']).where('station_id', '=', s.id).where('worker_id', '=', workerId).where('at', '>', now - 30 * 60_000).executeTakeFirst();
  if (recent) return { created: false, visit: { stationId: s.id, stationName: s.name, at: new Date(recent.at).toISOString() } };
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('station_visits').values({ id: newId(), station_id: s.id, worker_id: workerId, date: stationToday(s.utc_offset_min, now), at: now }).execute();
    await writeAudit(tx, actor, { action: 'station.visit', targetType: 'station', targetId: s.id });
  });
  return { created: true, visit: { stationId: s.id, stationName: s.name, at: new Date(now).toISOString() } };
}

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);

/** The operator's day: visits, meals, loans, consultations and classroom check-ins, counted. */
export async function day(ctx: Ctx, p: Principal, stationId: string, date: string | undefined) {
  const s = await requireOperated(ctx, p, stationId);
  const d = date ?? stationToday(s.utc_offset_min);
  const start = Date.parse(`${d}T00:00:00Z`) - s.utc_offset_min * 60_000;
  const end = start + 86_400_000;
  const db = ctx.db;
  return {
    date: d,
    visits: await count(db.selectFrom('station_visits').select((eb) => eb.fn.countAll<number>().as('n')).where('station_id', '=', stationId).where('date', '=', d)),
    mealsReserved: await count(
      db.selectFrom('meal_reservations').innerJoin('meal_items', 'meal_items.id', 'meal_reservations.meal_item_id').select((eb) => eb.fn.countAll<number>().as('n')).where('meal_items.station_id', '=', stationId).where('meal_items.date', '=', d).where('meal_reservations.status', '!=', 'cancelled'),
    ),
    mealsServed: await count(
      db.selectFrom('meal_reservations').innerJoin('meal_items', 'meal_items.id', 'meal_reservations.meal_item_id').select((eb) => eb.fn.countAll<number>().as('n')).where('meal_items.station_id', '=', stationId).where('meal_items.date', '=', d).where('meal_reservations.status', '=', 'served'),
    ),
    loansOut: await count(db.selectFrom('loans').innerJoin('lend_items', 'lend_items.id', 'loans.item_id').select((eb) => eb.fn.countAll<number>().as('n')).where('lend_items.station_id', '=', stationId).where('loans.borrowed_at', '>=', start).where('loans.borrowed_at', '<', end)),
    returns: await count(db.selectFrom('loans').innerJoin('lend_items', 'lend_items.id', 'loans.item_id').select((eb) => eb.fn.countAll<number>().as('n')).where('lend_items.station_id', '=', stationId).where('loans.returned_at', '>=', start).where('loans.returned_at', '<', end)),
    consultations: await count(db.selectFrom('consultations').select((eb) => eb.fn.countAll<number>().as('n')).where('station_id', '=', stationId).where('starts_at', '>=', start).where('starts_at', '<', end).where('status', '!=', 'cancelled')),
    classroomCheckIns: await count(
      db
        .selectFrom('classroom_attendance')
        .innerJoin('classroom_enrolments', 'classroom_enrolments.id', 'classroom_attendance.enrolment_id')
        .innerJoin('classroom_sessions', 'classroom_sessions.id', 'classroom_enrolments.session_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('classroom_sessions.station_id', '=', stationId)
        .where('classroom_attendance.date', '=', d),
    ),
  };
}
