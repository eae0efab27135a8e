// Demo training: the Korla school's e-commerce specialist (level 5) programme and its four courses;
// last year's ten HRSS-funded cohorts whose computed figures give exactly 276 level-5 certificates
// at a 92% pass rate (300 sat the exam); this year a cohort that finished recently (with sessions,
// attendance, results and certificates) and one open for applications.
import type { Ctx } from '../platform/context.js';
import { newId } from '../platform/context.js';

import { insertRows, type Tx } from '../platform/db.js';

import type { Database } from '../platform/schema.js';
import { generateCertNumber } from '../modules/training/training.js';

import { personName, phoneFor, rng, type Rng } from './factories.js';
import { beijingDay } from '../platform/time.js';

const KORLA_SCHOOL = '00000000-0000-4000-8000-000000000021'; // demoOrgs.korlaSchool (seed.ts imports this file)

/** Fixed ids the tests, the docs and later seeds (jobs) name. */
export const demoTraining = {
  programme: '00000000-0000-4000-8000-000000000600',
  /** This year's cohort taking applications (a worker can apply in the browser). */
  openCohort: '00000000-0000-4000-8000-000000000601',
  /** This year's cohort that finished recently: its graduates hold certificates. */
  recentCohort: '00000000-0000-4000-8000-000000000602',
  /** The certificate of the recent cohort's first graduate (phone 13500000001). */
  certificateNumber: 'NX-2026-7K3M-Q9XD-2HBT',
  /** The first graduate of the recent cohort. */
  graduatePhone: '13500000001',
} as const;

/** Last year's figures the article gives, which the seed reproduces. */
export const LAST_YEAR = { cohorts: 10, enrolled: 305, sat: 300, passed: 276 } as const;

const DAY = 86_400_000;
const addDays = (day: string, k: number) => new Date(Date.parse(`${day}T00:00:00Z`) + k * DAY).toISOString().slice(0, 10);
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const FUNDER = '库尔勒市人力资源和社会保障局';
const PLACE = '库尔勒市职业技能培训学校 电商实训楼三楼';
const COST = 180_000; // 1,800 yuan a trainee, paid by HRSS

type User = Database['users'];
type Enrolment = Database['training_enrolments'];

export async function seedTraining(ctx: Ctx, tx: Tx, now: number, passwordHash: string): Promise<void> {
  const r = rng(20250601);
  const today = beijingDay(now);
  const thisYear = Number(today.slice(0, 4));
  const lastYear = String(thisYear - 1);
  const trainer = await tx.selectFrom('users').select('id').where('phone_last4', '=', '0005').where('name', '=', '古丽米拉·卡德尔').executeTakeFirst();
  const by = trainer?.id ?? 'system';

  await tx
    .insertInto('training_programmes')
    .values({
      id: demoTraining.programme,
      org_id: KORLA_SCHOOL,
      name: '电子商务师（五级）',
      occupation: 'ecommerce_specialist',
      level: 5,
      description: '人社部门全额补贴的电子商务师（五级/初级工）培训：AI 工具、短视频剪辑、直播带货、供应链对接，结业参加职业技能等级认定。',
      skills: JSON.stringify(['ai_tools', 'short_video', 'live_streaming', 'supply_chain']),
      is_active: 1,
      created_at: now - 700 * DAY,
      updated_at: now - 700 * DAY,
    })
    .execute();
  const courses = [
    { id: newId(), programme_id: demoTraining.programme, name: 'AI 工具应用', topic: 'ai_tools', hours: 24, position: 1 },
    { id: newId(), programme_id: demoTraining.programme, name: '短视频拍摄与剪辑', topic: 'short_video', hours: 32, position: 2 },
    { id: newId(), programme_id: demoTraining.programme, name: '直播带货实务', topic: 'live_streaming', hours: 40, position: 3 },
    { id: newId(), programme_id: demoTraining.programme, name: '供应链对接与选品', topic: 'supply_chain', hours: 16, position: 4 },
  ];
  await insertRows(tx, 'training_courses', courses);

  // The trainees: people of Korla with 135 phones and invented names.
  let phoneNo = 0;
  const users: User[] = [];
  const newTrainee = (created: number) => {
    const phone = phoneFor(++phoneNo, '135');
    const u: User = {
      id: newId(),
      name: personName(r),
      phone_enc: ctx.crypto.encrypt(phone),
      phone_hash: ctx.crypto.lookupHash(phone),
      phone_last4: phone.slice(-4),
      password_hash: passwordHash,
      locale: r.chance(0.3) ? 'ug' : 'zh',
      is_disabled: 0,
      failed_logins: 0,
      locked_until: 0,
      created_at: created,
      updated_at: created,
    };
    users.push(u);
    return u;
  };

  const cohorts: Database['training_cohorts'][] = [];
  const enrolments: Enrolment[] = [];
  const sessions: Database['training_sessions'][] = [];
  const attendance: Database['training_attendance'][] = [];
  const exams: Database['training_exams'][] = [];
  const results: Database['training_exam_results'][] = [];
  const certificates: Database['certificates'][] = [];
  const cohort = (id: string, name: string, startsOn: string, endsOn: string, capacity: number, status: string, seats: number, schedule: string) => {
    const created = Date.parse(`${addDays(startsOn, -30)}T02:00:00Z`);
    cohorts.push({
      id,
      programme_id: demoTraining.programme,
      org_id: KORLA_SCHOOL,
      name,
      starts_on: startsOn,
      ends_on: endsOn,
      schedule,
      place: PLACE,
      city_code: '652801',
      capacity,
      seats_taken: seats,
      funding_source: 'hrss',
      funder_name: FUNDER,
      cost_per_trainee_fen: COST,
      status,
      created_at: created,
      updated_at: created,
    });
  };
  /** An exam with results for the sitters: `fails` of them fail (one score below 60). */
  const examWith = (cohortId: string, heldOn: string, sitters: Enrolment[], fails: number, issuedOn: string, fixedFirst?: string) => {
    const examId = newId();
    exams.push({ id: examId, cohort_id: cohortId, held_on: heldOn, level: 5, theory_pass: 60, practice_pass: 60, created_by: by, created_at: at(heldOn, '09:00') });
    const failing = new Set(pickIndexes(r, sitters.length, fails));
    sitters.forEach((e, i) => {
      const fail = failing.has(i) && !(fixedFirst && i === 0);
      const [theory, practice] = fail ? (r.chance(0.5) ? [r.int(35, 59), r.int(55, 90)] : [r.int(60, 85), r.int(30, 59)]) : [r.int(62, 98), r.int(62, 98)];
      const resultId = newId();
      results.push({ id: resultId, exam_id: examId, enrolment_id: e.id, theory_score: theory, practice_score: practice, is_passed: fail ? 0 : 1, recorded_by: by, recorded_at: at(heldOn, '17:00') });
      if (!fail) {
        const number = fixedFirst && i === 0 ? fixedFirst : generateCertNumber(issuedOn.slice(0, 4), Buffer.from(Array.from({ length: 12 }, () => r.int(0, 255))));
        certificates.push({ id: newId(), number, user_id: e.user_id, org_id: KORLA_SCHOOL, enrolment_id: e.id, exam_result_id: resultId, occupation: 'ecommerce_specialist', level: 5, issued_on: issuedOn, issued_by: by, revoked_at: null, revoked_reason: null });
      }
    });
  };

  // The recent cohort first, so its first graduate is 13500000001 (demoTraining.graduatePhone).
  const recentEnds = addDays(today, -20);
  const recentStarts = addDays(recentEnds, -40);
  const recentIssued = addDays(recentEnds, 7);
  cohort(demoTraining.recentCohort, `${thisYear}年第四期（晚班）`, recentStarts, recentEnds, 32, 'finished', 30, '周一至周五 19:30–21:30');
  const recent: Enrolment[] = [];
  for (let i = 0; i < 30; i++) {
    const u = newTrainee(at(addDays(recentStarts, -20), '10:00'));
    recent.push({ id: newId(), cohort_id: demoTraining.recentCohort, user_id: u.id, status: 'completed', note: '', reason: '', applied_at: at(addDays(recentStarts, -20 + (i % 10)), '10:00'), decided_at: at(addDays(recentStarts, -5), '10:00'), decided_by: by, completed_at: at(recentEnds, '21:30') });
  }
  enrolments.push(...recent);
  for (let k = 0; k < 8; k++) {
    const d = addDays(recentStarts, k * 5);
    const course = courses[k % 4]!;
    const sid = newId();
    sessions.push({ id: sid, cohort_id: demoTraining.recentCohort, course_id: course.id, starts_at: at(d, '19:30'), ends_at: at(d, '21:30'), topic: course.name });
    for (const e of recent) attendance.push({ session_id: sid, enrolment_id: e.id, status: r.chance(0.9) ? 'present' : r.chance(0.5) ? 'excused' : 'absent', recorded_by: by, recorded_at: at(d, '21:30') });
  }
  examWith(demoTraining.recentCohort, recentEnds, recent, 2, recentIssued <= today ? recentIssued : today, demoTraining.certificateNumber);

  // Last year: ten monthly cohorts (February to November), 305 enrolled, 5 dropped, 300 sat, 276 passed.
  const failsPer = [3, 3, 3, 3, 2, 2, 2, 2, 2, 2];
  for (let k = 0; k < LAST_YEAR.cohorts; k++) {
    const month = String(k + 2).padStart(2, '0');
    const startsOn = `${lastYear}-${month}-03`;
    const endsOn = `${lastYear}-${month}-28`;
    const id = newId();
    const size = k < 5 ? 31 : 30;
    cohort(id, `${lastYear}年第${k + 1}期`, startsOn, endsOn, 32, 'finished', size, k % 2 ? '周六、周日 10:00–17:00' : '周一至周五 19:30–21:30');
    const sitters: Enrolment[] = [];
    for (let i = 0; i < size; i++) {
      const u = newTrainee(at(addDays(startsOn, -25), '10:00'));
      const dropped = k < 5 && i === size - 1;
      const e: Enrolment = {
        id: newId(),
        cohort_id: id,
        user_id: u.id,
        status: dropped ? 'dropped' : 'completed',
        note: '',
        reason: dropped ? '外出务工' : '',
        applied_at: at(addDays(startsOn, -25 + (i % 15)), '10:00'),
        decided_at: at(addDays(startsOn, -5), '10:00'),
        decided_by: by,
        completed_at: dropped ? null : at(endsOn, '21:30'),
      };
      enrolments.push(e);
      if (!dropped) sitters.push(e);
    }
    examWith(id, endsOn, sitters, failsPer[k]!, addDays(endsOn, 10));
  }

  // This year's open cohort: starts in two weeks, a few applicants, the schedule published.
  const openStarts = addDays(today, 14);
  const openEnds = addDays(openStarts, 40);
  cohort(demoTraining.openCohort, `${openStarts.slice(0, 4)}年第五期（晚班）`, openStarts, openEnds, 40, 'open', 3, '周一至周五 19:30–21:30');
  for (let i = 0; i < 6; i++) {
    const u = newTrainee(now - (10 - i) * DAY);
    const accepted = i < 3;
    enrolments.push({ id: newId(), cohort_id: demoTraining.openCohort, user_id: u.id, status: accepted ? 'accepted' : 'applied', note: r.pick(['想学直播带货', '想给自家红枣开网店', '']), reason: '', applied_at: now - (10 - i) * DAY, decided_at: accepted ? now - 2 * DAY : null, decided_by: accepted ? by : null, completed_at: null });
  }
  for (let k = 0; k < 8; k++) {
    const d = addDays(openStarts, k * 5);
    const course = courses[k % 4]!;
    sessions.push({ id: newId(), cohort_id: demoTraining.openCohort, course_id: course.id, starts_at: at(d, '19:30'), ends_at: at(d, '21:30'), topic: course.name });
  }

  await insertRows(tx, 'users', users);
  await insertRows(tx, 'training_cohorts', cohorts);
  await insertRows(tx, 'training_enrolments', enrolments);
  await insertRows(tx, 'training_sessions', sessions);
  await insertRows(tx, 'training_attendance', attendance);
  await insertRows(tx, 'training_exams', exams);
  await insertRows(tx, 'training_exam_results', results);
  await insertRows(tx, 'certificates', certificates);
}

/** k distinct indexes below n. */
function pickIndexes(r: Rng, n: number, k: number) {
  const out = new Set<number>();
  while (out.size < Math.min(k, n)) out.add(r.int(0, n - 1));
  return [...out];
}
