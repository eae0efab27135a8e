// Lawyers on duty (法律咨询坐班): the roster per station, bookable slots, consultations whose question
// and notes only the worker and that lawyer can read, and the hand-over to a rights case.
import { fileFromConsultation } from '../../cases/index.js';
import type { Ctx } from '../../../platform/context.js';
import { newId } from '../../../platform/context.js';
import type { Principal } from '../../../platform/access.js';
import { AppError, badField, conflict, notFound } from '../../../platform/errors.js';
import { writeAudit, type Actor } from '../../../platform/audit.js';
import { workerIdOf } from '../../workers/index.js';
import { formatTime, parseTime, localClock } from '../station.js';
import { requireOperated, requireStation, stationToday } from '../station.access.js';
import { operatedStations } from '../station.policy.js';
import { isUniqueViolation } from '../../../platform/db.js';

export const topics = ['traffic_accident', 'business_dispute', 'contract', 'pay', 'other'] as const;
const DAY = 86_400_000;
/** Epoch ms of a local date and minute at a UTC offset. */
const at = (date: string, minute: number, offsetMin: number) => Date.parse(`${date}T00:00:00Z`) + (minute - offsetMin) * 60_000;

async function dutyRows(ctx: Ctx, stationId: string) {
  return ctx.db
    .selectFrom('lawyer_duty')
    .innerJoin('users', 'users.id', 'lawyer_duty.lawyer_user_id')
    .leftJoin('user_roles', (j) => j.onRef('user_roles.user_id', '=', 'users.id').on('user_roles.role', '=', 'lawyer'))
    .leftJoin('orgs', 'orgs.id', 'user_roles.org_id')
    .select(['lawyer_duty.id', 'lawyer_duty.lawyer_user_id', 'users.name as lawyer_name', 'orgs.name as firm_name', 'lawyer_duty.weekday', 'lawyer_duty.start_min', 'lawyer_duty.end_min', 'lawyer_duty.slot_min'])
    .where('lawyer_duty.station_id', '=', stationId)
    .orderBy('lawyer_duty.weekday')
    .orderBy('lawyer_duty.start_min')
    .execute();
}

export async function roster(ctx: Ctx, stationId: string) {
  await requireStation(ctx, stationId);
  return (await dutyRows(ctx, stationId)).map((d) => ({
    id: d.id,
    lawyerUserId: d.lawyer_user_id,
    lawyerName: d.lawyer_name,
    firmName: d.firm_name ?? '',
    weekday: d.weekday,
    start: formatTime(d.start_min),
    end: formatTime(d.end_min),
    slotMinutes: d.slot_min,
  }));
}

export async function addDuty(ctx: Ctx, p: Principal, stationId: string, input: { lawyerPhone: string; weekday: number; start: string; end: string; slotMinutes: number }, actor: Actor) {
  await requireOperated(ctx, p, stationId);
  const start = parseTime(input.start);
  const end = parseTime(input.end);
  if (start === null || end === null || end <= start) throw badField('end', 'ends_before_start', 'The duty must end after it starts');
  if (end - start < input.slotMinutes) throw badField('slotMinutes', 'too_long', 'A slot must fit in the duty hours');
  const lawyer = await ctx.db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('users.phone_hash', '=', ctx.crypto.lookupHash(input.lawyerPhone))
    .where('user_roles.role', '=', 'lawyer')
    .where('users.is_disabled', '=', 0)
    .executeTakeFirst();
  if (!lawyer) throw notFound('No lawyer with that mobile number');
  const overlapping = await ctx.db
    .selectFrom('lawyer_duty')
    .select('id')
    .where('lawyer_user_id', '=', lawyer.id)
    .where('weekday', '=', input.weekday)
    .where('start_min', '<', end)
    .where('end_min', '>', start)
    .executeTakeFirst();
  if (overlapping) throw new AppError('conflict', 'That lawyer is already on duty then', [{ path: 'start', code: 'duty_overlap', message: 'The lawyer already has a duty overlapping these hours on that weekday' }]);
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('lawyer_duty').values({ id, station_id: stationId, lawyer_user_id: lawyer.id, weekday: input.weekday, start_min: start, end_min: end, slot_min: input.slotMinutes }).execute();
    await writeAudit(tx, actor, { action: 'lawyer_duty.add', targetType: 'lawyer_duty', targetId: id, details: { stationId } });
  });
  return (await roster(ctx, stationId)).find((d) => d.id === id)!;
}

export async function removeDuty(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const d = await ctx.db.selectFrom('lawyer_duty').select(['id', 'station_id']).where('id', '=', id).executeTakeFirst();
  // Another station's duty answers as a missing one (not "no such station", which would confirm it exists).
  if (!d || !operatedStations(p).includes(d.station_id)) throw notFound('No such duty');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('lawyer_duty').where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'lawyer_duty.remove', targetType: 'lawyer_duty', targetId: id });
  });
}

/** Every slot of the roster in the coming days, marked available or taken; past slots are left out. */
export async function slots(ctx: Ctx, stationId: string, from: string | undefined, days: number) {
  const s = await requireStation(ctx, stationId);
  const duty = await dutyRows(ctx, stationId);
  const start = from ?? stationToday(s.utc_offset_min);
  const now = Date.now();
  const first = at(start, 0, s.utc_offset_min);
  const taken = new Set(
    (
      await ctx.db
        .selectFrom('consultations')
        .select(['lawyer_user_id', 'starts_at'])
        .where('station_id', '=', stationId)
        .where('status', '!=', 'cancelled')
        .where('starts_at', '>=', first)
        .where('starts_at', '<', first + days * DAY)
        .execute()
    ).map((c) => `${c.lawyer_user_id}@${c.starts_at}`),
  );
  const out = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10);
    const weekday = localClock(at(date, 720, s.utc_offset_min), s.utc_offset_min).weekday;
    for (const d of duty) {
      if (d.weekday !== weekday) continue;
      for (let m = d.start_min; m + d.slot_min <= d.end_min; m += d.slot_min) {
        const startsAt = at(date, m, s.utc_offset_min);
        if (startsAt <= now) continue;
        out.push({
          lawyerUserId: d.lawyer_user_id,
          lawyerName: d.lawyer_name,
          firmName: d.firm_name ?? '',
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + d.slot_min * 60_000).toISOString(),
          available: !taken.has(`${d.lawyer_user_id}@${startsAt}`),
        });
      }
    }
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export async function book(ctx: Ctx, p: Principal, input: { stationId: string; lawyerUserId: string; startsAt: string; topic: string; question: string }, actor: Actor) {
  const workerId = await workerIdOf(ctx, p);
  const s = await requireStation(ctx, input.stationId);
  const startsAt = Date.parse(input.startsAt);
  const local = localClock(startsAt, s.utc_offset_min);
  const duty = (await dutyRows(ctx, input.stationId)).find(
    (d) => d.lawyer_user_id === input.lawyerUserId && d.weekday === local.weekday && local.minute >= d.start_min && local.minute + d.slot_min <= d.end_min && (local.minute - d.start_min) % d.slot_min === 0,
  );
  if (!duty || startsAt <= Date.now() || new Date(startsAt).getUTCSeconds() !== 0) {
    throw badField('startsAt', 'not_a_slot', 'That time is not a free slot of this lawyer at this station');
  }
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('consultations')
        .values({
          id,
          station_id: input.stationId,
          lawyer_user_id: input.lawyerUserId,
          worker_id: workerId,
          starts_at: startsAt,
          ends_at: startsAt + duty.slot_min * 60_000,
          topic: input.topic,
          question_enc: ctx.crypto.encrypt(input.question),
          notes_enc: null,
          status: 'booked',
          handover_at: null,
          created_at: Date.now(),
        })
        .execute();
      await writeAudit(tx, actor, { action: 'consultation.book', targetType: 'consultation', targetId: id, details: { stationId: input.stationId, topic: input.topic } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'Someone booked that slot just now', [{ path: 'startsAt', code: 'slot_taken', message: 'Choose another slot' }]);
    throw e;
  }
  return (await list(ctx, { id }))[0]!;
}

const query = (ctx: Ctx) =>
  ctx.db
    .selectFrom('consultations')
    .innerJoin('stations', 'stations.id', 'consultations.station_id')
    .innerJoin('users as lawyer', 'lawyer.id', 'consultations.lawyer_user_id')
    .innerJoin('workers', 'workers.id', 'consultations.worker_id')
    .select([
      'consultations.id',
      'consultations.station_id',
      'stations.name as station_name',
      'consultations.lawyer_user_id',
      'lawyer.name as lawyer_name',
      'consultations.worker_id',
      'workers.user_id as worker_user_id',
      'workers.name as worker_name',
      'consultations.starts_at',
      'consultations.ends_at',
      'consultations.topic',
      'consultations.status',
      'consultations.handover_at',
      'consultations.question_enc',
      'consultations.notes_enc',
    ]);
type Row = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];

const present = (r: Row) => ({
  id: r.id,
  stationId: r.station_id,
  stationName: r.station_name,
  lawyerUserId: r.lawyer_user_id,
  lawyerName: r.lawyer_name,
  workerName: r.worker_name,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString(),
  topic: r.topic,
  status: r.status,
  handoverAt: r.handover_at === null ? null : new Date(r.handover_at).toISOString(),
});

async function list(ctx: Ctx, f: { id?: string; workerId?: string; lawyerUserId?: string }) {
  let q = query(ctx);
  if (f.id) q = q.where('consultations.id', '=', f.id);
  if (f.workerId) q = q.where('consultations.worker_id', '=', f.workerId);
  if (f.lawyerUserId) q = q.where('consultations.lawyer_user_id', '=', f.lawyerUserId);
  return (await q.orderBy('consultations.starts_at', 'desc').limit(200).execute()).map(present);
}

export async function mine(ctx: Ctx, p: Principal) {
  return list(ctx, { workerId: await workerIdOf(ctx, p) });
}
export async function assigned(ctx: Ctx, p: Principal) {
  if (p.kind !== 'user') throw notFound();
  return list(ctx, { lawyerUserId: p.userId });
}

/** Only the worker and the lawyer of a consultation may open it: anyone else gets 404. */
async function loadOwn(ctx: Ctx, p: Principal, id: string) {
  const r = await query(ctx).where('consultations.id', '=', id).executeTakeFirst();
  if (!r || p.kind !== 'user') throw notFound('No such consultation');
  const role = r.lawyer_user_id === p.userId ? 'lawyer' : r.worker_user_id === p.userId ? 'worker' : null;
  if (!role) throw notFound('No such consultation');
  return { r, role } as const;
}

export async function read(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const { r } = await loadOwn(ctx, p, id);
  await ctx.db.transaction().execute((tx) => writeAudit(tx, actor, { action: 'consultation.read', targetType: 'consultation', targetId: id }));
  return { ...present(r), question: ctx.crypto.decrypt(r.question_enc), notes: r.notes_enc ? ctx.crypto.decrypt(r.notes_enc) : '' };
}

export async function writeNotes(ctx: Ctx, p: Principal, id: string, notes: string, actor: Actor) {
  const { role } = await loadOwn(ctx, p, id);
  if (role !== 'lawyer') throw notFound('No such consultation');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('consultations').set({ notes_enc: ctx.crypto.encrypt(notes) }).where('id', '=', id).execute();
    await writeAudit(tx, actor, { action: 'consultation.notes', targetType: 'consultation', targetId: id });
  });
  return read(ctx, p, id, actor);
}

export async function setStatus(ctx: Ctx, p: Principal, id: string, status: 'done' | 'cancelled', actor: Actor, by: 'lawyer' | 'worker') {
  const { role } = await loadOwn(ctx, p, id);
  if (role !== by) throw notFound('No such consultation');
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('consultations').set({ status }).where('id', '=', id).where('status', '=', 'booked').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('This consultation is no longer booked');
    await writeAudit(tx, actor, { action: `consultation.${status}`, targetType: 'consultation', targetId: id });
  });
  return (await list(ctx, { id }))[0]!;
}

/**
 * Hands the consultation over as a rights case in one step: the worker's case is filed with the
 * question and this lawyer referred (cases module). A second hand-over answers 409.
 */
export async function handover(ctx: Ctx, p: Principal, id: string, actor: Actor) {
  const { r } = await loadOwn(ctx, p, id);
  if (r.handover_at !== null) throw conflict('Already handed over');
  const filed = await fileFromConsultation(ctx, { id, workerId: r.worker_id, lawyerUserId: r.lawyer_user_id, topic: r.topic, question: ctx.crypto.decrypt(r.question_enc) }, actor);
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('consultations').set({ handover_at: Date.now() }).where('id', '=', id).where('handover_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('Already handed over');
    await writeAudit(tx, actor, { action: 'consultation.handover', targetType: 'consultation', targetId: id, details: { caseId: filed.case.id } });
  });
  return { ...(await list(ctx, { id }))[0]!, caseId: filed.case.id, caseNo: filed.case.caseNo };
}
