// Applications, seats, results and certificates against a freshly migrated database (SQLite, or PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';
import { newId } from '../../platform/context.js';
import type { Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { systemActor } from '../../platform/audit.js';
import { insertRows } from '../../platform/db.js';
import * as svc from './training.service.js';

let t: TestApp;
const trainer: Principal = { kind: 'user', userId: '', name: '古丽米拉·卡德尔', roles: [{ role: 'trainer', orgId: demoOrgs.korlaSchool }], isStaff: true, sessionHash: '' };
const otherTrainer: Principal = { kind: 'user', userId: '', name: '别校老师', roles: [{ role: 'trainer', orgId: demoOrgs.korlaIncubator }], isStaff: true, sessionHash: '' };
let programmeId = '';

before(async () => {
  t = await testApp({ workers: 5 });
  const u = await t.ctx.db.selectFrom('users').select('id').where('phone_last4', '=', '0005').where('name', '=', trainer.kind === 'user' ? trainer.name : '').executeTakeFirstOrThrow();
  (trainer as { userId: string }).userId = u.id;
  (otherTrainer as { userId: string }).userId = u.id;
  const prog = await svc.createProgramme(t.ctx, trainer, { name: '测试：电子商务师', occupation: 'ecommerce_specialist', level: 5, description: '', skills: ['live_streaming'] }, systemActor);
  programmeId = prog.id;
});
after(() => t.close());

let userNo = 0;
/** Fresh signed-in people (users with no role: anyone may apply). */
async function people(k: number): Promise<Principal[]> {
  const now = Date.now();
  const rows = Array.from({ length: k }, () => {
    const i = userNo++;
    return { id: newId(), name: `学员${i}号`, phone_enc: 'x', phone_hash: `test-${newId()}`, phone_last4: String(i).padStart(4, '0'), password_hash: 'x', locale: 'zh', is_disabled: 0, failed_logins: 0, locked_until: 0, created_at: now, updated_at: now };
  });
  await insertRows(t.ctx.db, 'users', rows);
  return rows.map((r) => ({ kind: 'user', userId: r.id, name: r.name, roles: [], isStaff: false, sessionHash: '' }));
}
const newCohort = (capacity: number, over: Partial<svc.CohortInput> = {}) =>
  svc.createCohort(
    t.ctx,
    trainer,
    { programmeId, name: `测试班 ${newId().slice(0, 6)}`, startsOn: '2026-12-01', endsOn: '2026-12-20', schedule: '周一至周五 19:00–21:00', place: '库尔勒', capacity, fundingSource: 'hrss', funderName: '库尔勒市人社局', costPerTraineeFen: 180_000, ...over },
    systemActor,
  );
const cohortRow = (id: string) => t.ctx.db.selectFrom('training_cohorts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return [e.status, e.details[0]?.path, e.details[0]?.code];
  }
  assert.fail('expected a refusal');
};
const auditCount = async (action: string) => (await t.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;

test('30 applicants accepted at once into a cohort of 10 seats: exactly 10 succeed, the rest are told it is full', async () => {
  const c = await newCohort(12);
  const ps = await people(32);
  const enrolments = [];
  for (const p of ps) enrolments.push(await svc.apply(t.ctx, p, c.id, '', systemActor));
  // Two seats already taken.
  await svc.decide(t.ctx, trainer, enrolments[0]!.id, 'accept', '', systemActor);
  await svc.decide(t.ctx, trainer, enrolments[1]!.id, 'accept', '', systemActor);
  const before = await auditCount('training.enrolment.accept');
  const results = await Promise.allSettled(enrolments.slice(2).map((e) => svc.decide(t.ctx, trainer, e.id, 'accept', '', systemActor)));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 10);
  assert.equal(refused.length, 20);
  for (const r of refused) {
    assert.ok(r.reason instanceof AppError, String(r.reason));
    assert.deepEqual([r.reason.status, r.reason.extra.reason], [409, 'cohort_full']);
  }
  assert.equal((await cohortRow(c.id)).seats_taken, 12, 'never above capacity');
  const accepted = await t.ctx.db.selectFrom('training_enrolments').select('id').where('cohort_id', '=', c.id).where('status', '=', 'accepted').execute();
  assert.equal(accepted.length, 12, 'one accepted enrolment per seat: a refused accept left its enrolment as applied');
  assert.equal((await auditCount('training.enrolment.accept')) - before, 10, 'an audit record per accept, none for a refusal');
  // A full cohort refuses new applications; a withdrawal frees a seat.
  const [late] = await people(1);
  assert.deepEqual(await codeOf(svc.apply(t.ctx, late!, c.id, '', systemActor)), [409, 'cohortId', 'cohort_full']);
  await svc.withdraw(t.ctx, ps[0]!, enrolments[0]!.id, systemActor);
  assert.equal((await cohortRow(c.id)).seats_taken, 11);
  const waiting = enrolments.find((e, i) => i >= 2 && results[i - 2]!.status === 'rejected')!;
  await svc.decide(t.ctx, trainer, waiting.id, 'accept', '', systemActor);
  assert.equal((await cohortRow(c.id)).seats_taken, 12);
});

test('applications: not open, twice, withdraw and apply again; another school’s trainer gets 404', async () => {
  const c = await newCohort(5);
  const [a, b] = await people(2);
  const e = await svc.apply(t.ctx, a!, c.id, '想学直播带货', systemActor);
  assert.equal(e.status, 'applied');
  assert.deepEqual(await codeOf(svc.apply(t.ctx, a!, c.id, '', systemActor)), [409, 'cohortId', 'already_applied']);
  // Two clicks at once: one enrolment.
  const twice = await Promise.allSettled([svc.apply(t.ctx, b!, c.id, '', systemActor), svc.apply(t.ctx, b!, c.id, '', systemActor)]);
  assert.equal(twice.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal((await t.ctx.db.selectFrom('training_enrolments').select('id').where('cohort_id', '=', c.id).where('user_id', '=', b!.kind === 'user' ? b!.userId : '').execute()).length, 1);
  await svc.withdraw(t.ctx, a!, e.id, systemActor);
  assert.deepEqual(await codeOf(svc.withdraw(t.ctx, a!, e.id, systemActor)), [409, 'status', 'invalid_transition']);
  assert.equal((await svc.apply(t.ctx, a!, c.id, '再来', systemActor)).id, e.id, 'applying again reopens the same enrolment');
  assert.deepEqual(await codeOf(svc.withdraw(t.ctx, b!, e.id, systemActor)), [404, undefined, undefined]);
  assert.deepEqual(await codeOf(svc.decide(t.ctx, otherTrainer, e.id, 'accept', '', systemActor)), [404, undefined, undefined]);
  assert.deepEqual(await codeOf(svc.listEnrolments(t.ctx, otherTrainer, c.id)), [404, undefined, undefined]);
  assert.deepEqual(await codeOf(svc.decide(t.ctx, trainer, e.id, 'decline', ' ', systemActor)), [400, 'reason', 'required']);
  await svc.decide(t.ctx, trainer, e.id, 'decline', '名额已满，请报下一期', systemActor);
  const row = await t.ctx.db.selectFrom('training_enrolments').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.status, row.reason], ['declined', '名额已满，请报下一期']);
  assert.equal((await cohortRow(c.id)).seats_taken, 0);
  await svc.updateCohort(t.ctx, trainer, c.id, { status: 'running' }, systemActor);
  const [late] = await people(1);
  assert.deepEqual(await codeOf(svc.apply(t.ctx, late!, c.id, '', systemActor)), [409, 'cohortId', 'cohort_not_open']);
});

test('capacity cannot drop below the seats taken; dates must be in order', async () => {
  const c = await newCohort(3);
  const ps = await people(2);
  for (const p of ps) await svc.decide(t.ctx, trainer, (await svc.apply(t.ctx, p, c.id, '', systemActor)).id, 'accept', '', systemActor);
  assert.deepEqual(await codeOf(svc.updateCohort(t.ctx, trainer, c.id, { capacity: 1 }, systemActor)), [409, 'capacity', 'below_seats_taken']);
  assert.equal((await svc.updateCohort(t.ctx, trainer, c.id, { capacity: 2, place: '新地点' }, systemActor)).seatsLeft, 0);
  assert.equal((await cohortRow(c.id)).place, '新地点');
  assert.deepEqual(await codeOf(svc.updateCohort(t.ctx, trainer, c.id, { endsOn: '2026-11-01' }, systemActor)), [400, 'endsOn', 'before_start']);
  assert.deepEqual(await codeOf(newCohort(3, { endsOn: '2026-11-01' })), [400, 'endsOn', 'before_start']);
  assert.deepEqual(await codeOf(svc.updateCohort(t.ctx, otherTrainer, c.id, { capacity: 10 }, systemActor)), [404, undefined, undefined]);
});

test('attendance for the whole class in one call; exam results; certificates; nothing half-written', async () => {
  const c = await newCohort(5);
  const ps = await people(3);
  const es = [];
  for (const p of ps) {
    const e = await svc.apply(t.ctx, p, c.id, '', systemActor);
    await svc.decide(t.ctx, trainer, e.id, 'accept', '', systemActor);
    es.push(e);
  }
  const s = await svc.createSession(t.ctx, trainer, c.id, { startsAt: '2026-12-01T11:00:00Z', endsAt: '2026-12-01T13:00:00Z', topic: 'AI 工具' }, systemActor);
  assert.deepEqual(await codeOf(svc.createSession(t.ctx, trainer, c.id, { startsAt: '2026-12-01T13:00:00Z', endsAt: '2026-12-01T11:00:00Z', topic: '' }, systemActor)), [400, 'endsAt', 'before_start']);
  const marked = await svc.recordAttendance(t.ctx, trainer, s.id, [{ enrolmentId: es[0]!.id, status: 'present' }, { enrolmentId: es[1]!.id, status: 'absent' }, { enrolmentId: es[2]!.id, status: 'excused' }], systemActor);
  assert.deepEqual(Object.values(marked.attendance).sort(), ['absent', 'excused', 'present']);
  // A stranger in the list: nothing of the call is stored.
  const stranger = (await svc.apply(t.ctx, (await people(1))[0]!, c.id, '', systemActor)).id; // applied, not accepted
  assert.deepEqual(await codeOf(svc.recordAttendance(t.ctx, trainer, s.id, [{ enrolmentId: es[1]!.id, status: 'present' }, { enrolmentId: stranger, status: 'present' }], systemActor)), [400, 'marks.1.enrolmentId', 'not_in_cohort']);
  assert.equal((await svc.listSessions(t.ctx, trainer, c.id))[0]!.attendance[es[1]!.id], 'absent', 'unchanged');
  const fixed = await svc.recordAttendance(t.ctx, trainer, s.id, [{ enrolmentId: es[1]!.id, status: 'present' }], systemActor);
  assert.equal(fixed.attendance[es[1]!.id], 'present');
  assert.equal(fixed.attendance[es[0]!.id], 'present');

  const exam = await svc.createExam(t.ctx, trainer, c.id, { heldOn: '2026-12-20', theoryPass: 60, practicePass: 60 }, systemActor);
  assert.equal(exam.level, 5, 'the programme’s level');
  assert.deepEqual(await codeOf(svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[0]!.id, theoryScore: 101, practiceScore: 80 }, systemActor)), [400, 'theoryScore', 'out_of_range']);
  assert.deepEqual(await codeOf(svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[0]!.id, theoryScore: 80, practiceScore: -5 }, systemActor)), [400, 'practiceScore', 'out_of_range']);
  assert.deepEqual(await codeOf(svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: stranger, theoryScore: 80, practiceScore: 80 }, systemActor)), [400, 'enrolmentId', 'not_in_cohort']);
  assert.equal((await t.ctx.db.selectFrom('training_exam_results').select('id').where('exam_id', '=', exam.id).execute()).length, 0, 'nothing stored by the refusals');
  const pass = await svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[0]!.id, theoryScore: 88, practiceScore: 92 }, systemActor);
  const fail = await svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[1]!.id, theoryScore: 59, practiceScore: 95 }, systemActor);
  assert.deepEqual([pass.passed, fail.passed], [true, false]);
  assert.deepEqual(await codeOf(svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[0]!.id, theoryScore: 90, practiceScore: 90 }, systemActor)), [409, 'enrolmentId', 'already_recorded']);

  assert.deepEqual(await codeOf(svc.issueCertificate(t.ctx, trainer, { examResultId: fail.id }, systemActor)), [409, 'examResultId', 'not_passed']);
  assert.deepEqual(await codeOf(svc.issueCertificate(t.ctx, otherTrainer, { examResultId: pass.id }, systemActor)), [404, undefined, undefined]);
  assert.deepEqual(await codeOf(svc.issueCertificate(t.ctx, trainer, { examResultId: pass.id, number: 'NX/1' }, systemActor)), [400, 'number', 'invalid_format']);
  const typed = `S${Date.now()}`;
  const cert = await svc.issueCertificate(t.ctx, trainer, { examResultId: pass.id, number: typed.toLowerCase() }, systemActor);
  assert.deepEqual([cert.number, cert.level, cert.occupation], [typed, 5, 'ecommerce_specialist']);
  assert.deepEqual(await codeOf(svc.issueCertificate(t.ctx, trainer, { examResultId: pass.id }, systemActor)), [409, 'examResultId', 'already_issued']);
  // Another passed result, typed with the number already used: 409, and no certificate is written.
  const pass2 = await svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[2]!.id, theoryScore: 70, practiceScore: 70 }, systemActor);
  const before = await auditCount('training.certificate.issue');
  assert.deepEqual(await codeOf(svc.issueCertificate(t.ctx, trainer, { examResultId: pass2.id, number: typed }, systemActor)), [409, 'number', 'duplicate_number']);
  assert.equal((await t.ctx.db.selectFrom('certificates').select('id').where('exam_result_id', '=', pass2.id).execute()).length, 0);
  assert.equal(await auditCount('training.certificate.issue'), before);
  const generated = await svc.issueCertificate(t.ctx, trainer, { examResultId: pass2.id }, systemActor);
  assert.match(generated.number, /^NX-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  const v = await svc.verifyCertificate(t.ctx, ` ${typed.toLowerCase()} `);
  const holder = Array.from(ps[0]!.kind === 'user' ? ps[0]!.name : ''); // 学员N号
  assert.deepEqual([v.valid, v.level, v.schoolName, v.holderMasked], [true, 5, '库尔勒市职业技能培训学校', `学${'*'.repeat(holder.length - 2)}号`]);
  assert.deepEqual(await codeOf(svc.verifyCertificate(t.ctx, `${typed}1`)), [404, undefined, undefined]);
  await svc.revokeCertificate(t.ctx, trainer, cert.id, '信息有误', systemActor);
  assert.equal((await svc.verifyCertificate(t.ctx, typed)).valid, false);

  // The trainee's own view.
  const mine = await svc.myTraining(t.ctx, ps[0]!);
  assert.equal(mine.enrolments[0]!.attendance[0]!.status, 'present');
  assert.equal(mine.enrolments[0]!.results[0]!.passed, true);
  assert.equal(mine.certificates[0]!.number, typed);

  // Figures for this cohort.
  await svc.decide(t.ctx, trainer, es[0]!.id, 'complete', '', systemActor);
  await svc.decide(t.ctx, trainer, es[1]!.id, 'drop', '外出务工', systemActor);
  const f = (await svc.figures(t.ctx, trainer, '2026')).cohorts.find((x) => x.cohortId === c.id)!;
  assert.deepEqual([f.enrolled, f.completed, f.sat, f.passed, f.passRate, f.certificates], [3, 1, 3, 2, 66.7, 1]);
  assert.equal((await cohortRow(c.id)).seats_taken, 2, 'dropping frees the seat');
});

test('a mistyped result is corrected with a reason, the old scores kept in the audit; not while a certificate stands on it', async () => {
  const c = await newCohort(3);
  const [p1, p2] = await people(2);
  const es = [];
  for (const p of [p1!, p2!]) {
    const e = await svc.apply(t.ctx, p, c.id, '', systemActor);
    await svc.decide(t.ctx, trainer, e.id, 'accept', '', systemActor);
    es.push(e);
  }
  const exam = await svc.createExam(t.ctx, trainer, c.id, { heldOn: '2026-12-20', theoryPass: 60, practicePass: 60 }, systemActor);
  // 58 typed for 85: a fail that should have passed.
  const typo = await svc.recordResult(t.ctx, trainer, exam.id, { enrolmentId: es[0]!.id, theoryScore: 58, practiceScore: 90 }, systemActor);
  assert.equal(typo.passed, false);
  assert.deepEqual(await codeOf(svc.correctResult(t.ctx, trainer, typo.id, { theoryScore: 85, practiceScore: 90, reason: ' ' }, systemActor)), [400, 'reason', 'required']);
  assert.deepEqual(await codeOf(svc.correctResult(t.ctx, trainer, typo.id, { theoryScore: 850, practiceScore: 90, reason: '录入错误' }, systemActor)), [400, 'theoryScore', 'out_of_range']);
  assert.deepEqual(await codeOf(svc.correctResult(t.ctx, otherTrainer, typo.id, { theoryScore: 85, practiceScore: 90, reason: '录入错误' }, systemActor)), [404, undefined, undefined]);
  assert.deepEqual(await codeOf(svc.correctResult(t.ctx, trainer, newId(), { theoryScore: 85, practiceScore: 90, reason: '录入错误' }, systemActor)), [404, undefined, undefined]);
  const before = await auditCount('training.result.correct');
  const fixed = await svc.correctResult(t.ctx, trainer, typo.id, { theoryScore: 85, practiceScore: 90, reason: '录入错误：85 误录为 58' }, systemActor);
  assert.deepEqual([fixed.theoryScore, fixed.passed], [85, true]);
  const row = await t.ctx.db.selectFrom('training_exam_results').selectAll().where('id', '=', typo.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.theory_score, row.is_passed], [85, 1]);
  assert.equal(await auditCount('training.result.correct'), before + 1);
  const audit = await t.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'training.result.correct').where('target_id', '=', typo.id).executeTakeFirstOrThrow();
  assert.match(String(audit.details), /"theory":58/);
  // Now it passed, the certificate is issued; from then on the scores stand until it is revoked.
  await svc.issueCertificate(t.ctx, trainer, { examResultId: typo.id }, systemActor);
  assert.deepEqual(await codeOf(svc.correctResult(t.ctx, trainer, typo.id, { theoryScore: 40, practiceScore: 40, reason: '再改一次' }, systemActor)), [409, 'id', 'already_issued']);
  assert.equal((await t.ctx.db.selectFrom('training_exam_results').select('theory_score').where('id', '=', typo.id).executeTakeFirstOrThrow()).theory_score, 85, 'unchanged');
});
