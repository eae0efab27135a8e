import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../demo/seed.js';
import { demoTraining, LAST_YEAR } from '../../demo/training.js';
import { VERIFY_PER_MINUTE } from './training.routes.js';
import { maskHolderName } from '../../../shared/training.js';

let t: TestApp;
let trainer = '';
let analyst = '';
let admin = '';
let driver = '';
before(async () => {
  t = await testApp({ workers: 5 });
  [trainer, analyst, admin, driver] = (await Promise.all(['13900000005', '13900000008', '13900000009', demoWorkers.driver].map((p) => t.login(p)))) as [string, string, string, string];
});
after(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const inject = (method: Method, url: string, headers: Record<string, string>, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const as = (cookie: string) => ({ cookie });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);
const lastYear = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1);

test('401 anonymous, 403 a worker or analyst on trainer routes, 404 another school’s trainer, 400 bad input', async () => {
  const url = `/api/training/cohorts/${demoTraining.openCohort}/enrolments`;
  assert.equal((await inject('GET', url, {})).statusCode, 401);
  assert.equal((await inject('GET', url, as(driver))).statusCode, 403);
  assert.equal((await inject('GET', url, as(analyst))).statusCode, 403);
  assert.equal((await inject('POST', `/api/training/cohorts/${demoTraining.openCohort}/applications`, {}, {})).statusCode, 401);
  // A trainer of another school: the cohort is not theirs and answers like a missing one.
  const made = await inject('POST', '/api/admin/users', as(admin), { phone: '13944441111', name: '别校老师', password: 'long-enough-5', roles: [{ role: 'trainer', orgId: demoOrgs.korlaIncubator }] });
  assert.equal(made.statusCode, 201, made.body);
  const other = await t.login('13944441111', 'long-enough-5');
  assert.equal((await inject('GET', url, as(other))).statusCode, 404);
  assert.equal((await inject('PATCH', `/api/training/cohorts/${demoTraining.openCohort}`, as(other), { capacity: 50 })).statusCode, 404);
  assert.deepEqual((await inject('GET', '/api/training/manage/cohorts', as(other))).json().items, []);
  assert.deepEqual((await inject('GET', '/api/training/figures', as(other))).json().cohorts, []);
  // Bad input names the field.
  assert.deepEqual(details(await inject('PATCH', `/api/training/cohorts/${demoTraining.openCohort}`, as(trainer), { capacity: 0 })), [['capacity', 'too_short']]);
  assert.deepEqual(details(await inject('PATCH', `/api/training/cohorts/${demoTraining.openCohort}`, as(trainer), { seats: 3 })), [['seats', 'unknown_field']]);
  assert.deepEqual(details(await inject('PATCH', `/api/training/cohorts/${demoTraining.openCohort}`, as(trainer), { capacity: 1 })), [['capacity', 'below_seats_taken']]);
  const badDay = await inject('POST', '/api/training/cohorts', as(trainer), { programmeId: demoTraining.programme, name: '测试班', startsOn: '2026-13-01', endsOn: '2026-12-31', capacity: 10, fundingSource: 'hrss' });
  assert.deepEqual([badDay.statusCode, details(badDay).map((d) => d[0])], [400, ['startsOn']]);
  const badFunding = await inject('POST', '/api/training/cohorts', as(trainer), { programmeId: demoTraining.programme, name: '测试班', startsOn: '2026-12-01', endsOn: '2026-12-31', capacity: 10, fundingSource: 'bank' });
  assert.equal(badFunding.statusCode, 400);
  assert.equal(details(badFunding)[0]![0], 'fundingSource');
  assert.equal((await inject('GET', '/api/training/cohorts/not-a-uuid', {})).statusCode, 400);
  assert.equal((await inject('GET', '/api/training/cohorts/00000000-0000-4000-8000-0000000000ff', {})).statusCode, 404);
});

test('a worker applies on the public list; the trainer accepts, takes attendance, records the exam and issues a certificate that verifies', async () => {
  const list = (await inject('GET', '/api/training/cohorts', {})).json().items;
  const open = list.find((c: { id: string }) => c.id === demoTraining.openCohort);
  assert.ok(open, 'the demo’s open cohort is listed');
  assert.deepEqual([open.fundingSource, open.traineePaysFen, open.schoolName], ['hrss', 0, '库尔勒市职业技能培训学校']);
  assert.ok(!list.some((c: { id: string }) => c.id === demoTraining.recentCohort), 'a finished cohort is not listed');
  const page = (await inject('GET', `/api/training/cohorts/${demoTraining.openCohort}`, {})).json();
  assert.equal(page.courses.length, 4);
  assert.ok(page.sessions.length >= 1);

  const applied = await inject('POST', `/api/training/cohorts/${demoTraining.openCohort}/applications`, as(driver), { note: '想学直播带货' });
  assert.equal(applied.statusCode, 201, applied.body);
  const enrolmentId = applied.json().enrolment.id;
  const again = await inject('POST', `/api/training/cohorts/${demoTraining.openCohort}/applications`, as(driver), {});
  assert.deepEqual([again.statusCode, ...details(again)], [409, ['cohortId', 'already_applied']]);
  const closed = await inject('POST', `/api/training/cohorts/${demoTraining.recentCohort}/applications`, as(driver), {});
  assert.deepEqual([closed.statusCode, closed.json().error.reason], [409, 'cohort_not_open']);

  const roster = (await inject('GET', `/api/training/cohorts/${demoTraining.openCohort}/enrolments`, as(trainer))).json();
  const me = roster.items.find((e: { id: string }) => e.id === enrolmentId);
  assert.deepEqual([me.name, me.status, me.note], ['王建军', 'applied', '想学直播带货']);
  assert.match(me.phoneMasked, /^\*{7}0001$/);
  assert.ok(!JSON.stringify(roster).includes('13800000001'), 'no phone number in the clear');
  const accepted = await inject('POST', `/api/training/enrolments/${enrolmentId}/accept`, as(trainer));
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal((await inject('POST', `/api/training/enrolments/${enrolmentId}/accept`, as(trainer))).json().error.reason, 'invalid_transition');
  assert.deepEqual(details(await inject('POST', `/api/training/enrolments/${enrolmentId}/decline`, as(trainer), {})), [['reason', 'required']]);

  const session = await inject('POST', `/api/training/cohorts/${demoTraining.openCohort}/sessions`, as(trainer), { startsAt: '2026-12-14T19:30:00+08:00', endsAt: '2026-12-14T21:30:00+08:00', topic: '直播带货实务' });
  assert.equal(session.statusCode, 201, session.body);
  const marks = await inject('PUT', `/api/training/sessions/${session.json().session.id}/attendance`, as(trainer), { marks: [{ enrolmentId, status: 'present' }] });
  assert.equal(marks.statusCode, 200, marks.body);
  assert.deepEqual(details(await inject('PUT', `/api/training/sessions/${session.json().session.id}/attendance`, as(trainer), { marks: [{ enrolmentId, status: 'late' }] })), [['marks.0.status', 'invalid_value']]);

  const exam = await inject('POST', `/api/training/cohorts/${demoTraining.openCohort}/exams`, as(trainer), { heldOn: '2027-01-20' });
  assert.equal(exam.statusCode, 201, exam.body);
  const examId = exam.json().exam.id;
  const out = await inject('POST', `/api/training/exams/${examId}/results`, as(trainer), { enrolmentId, theoryScore: 120, practiceScore: 80 });
  assert.deepEqual([out.statusCode, ...details(out)], [400, ['theoryScore', 'out_of_range']]);
  const res = await inject('POST', `/api/training/exams/${examId}/results`, as(trainer), { enrolmentId, theoryScore: 86, practiceScore: 91 });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().result.passed, true);
  const dup = await inject('POST', '/api/training/certificates', as(trainer), { examResultId: res.json().result.id, number: demoTraining.certificateNumber });
  assert.deepEqual([dup.statusCode, ...details(dup)], [409, ['number', 'duplicate_number']]);
  const cert = await inject('POST', '/api/training/certificates', as(trainer), { examResultId: res.json().result.id });
  assert.equal(cert.statusCode, 201, cert.body);
  const number = cert.json().certificate.number;

  const v = await inject('GET', `/api/certificates/verify/${encodeURIComponent(number)}`, {});
  assert.equal(v.statusCode, 200, v.body);
  assert.deepEqual(v.json(), { number, level: 5, occupation: 'ecommerce_specialist', issuedOn: cert.json().certificate.issuedOn, schoolName: '库尔勒市职业技能培训学校', holderMasked: '王*军', valid: true, revokedOn: null });
  const mine = (await inject('GET', '/api/training/me', as(driver))).json();
  assert.equal(mine.certificates[0].number, number);
  assert.equal(mine.enrolments[0].attendance[0].status, 'present');
  // The holder's printable PDF; nobody else's.
  const pdf = await inject('GET', `/api/training/certificates/${cert.json().certificate.id}/pdf`, as(driver));
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await inject('GET', `/api/training/certificates/${cert.json().certificate.id}/pdf`, as(trainer))).statusCode, 200);
  assert.equal((await inject('GET', `/api/training/certificates/${cert.json().certificate.id}/pdf`, as(analyst))).statusCode, 404);
  const n = (await t.ctx.db.selectFrom('notifications').select('kind').where('kind', 'like', 'training_%').execute()).map((x) => x.kind);
  assert.ok(n.includes('training_update') && n.includes('training_certificate'), 'the trainee hears of the decision and the certificate');
});

test('verify: a known number answers, an unknown one 404 with no hint, and look-ups are rate-limited', async () => {
  const ok = await inject('GET', `/api/certificates/verify/${demoTraining.certificateNumber}`, {});
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().valid, true);
  const holder = await t.ctx.db.selectFrom('certificates').innerJoin('users', 'users.id', 'certificates.user_id').select('users.name').where('number', '=', demoTraining.certificateNumber).executeTakeFirstOrThrow();
  assert.equal(ok.json().holderMasked, maskHolderName(holder.name));
  assert.notEqual(ok.json().holderMasked, holder.name);
  assert.ok(!ok.body.includes(holder.name), 'the full name is never in the answer');
  const near = demoTraining.certificateNumber.slice(0, -1) + (demoTraining.certificateNumber.endsWith('T') ? 'V' : 'T');
  const unknown = await inject('GET', `/api/certificates/verify/${near}`, {});
  const junk = await inject('GET', '/api/certificates/verify/%3Cscript%3E', {});
  assert.deepEqual([unknown.statusCode, junk.statusCode], [404, 404]);
  assert.deepEqual(unknown.json(), junk.json(), 'a near miss answers exactly like junk');
  let limited = 0;
  for (let i = 0; i < VERIFY_PER_MINUTE + 2; i++) if ((await inject('GET', `/api/certificates/verify/NX-2026-0000-0000-000${i % 10}`, {})).statusCode === 429) limited++;
  assert.ok(limited >= 2, 'the limit applies');
});

test('figures: last year gives exactly 276 level-5 certificates at a pass rate above 90%; analysts read them, workers may not', async () => {
  const res = await inject('GET', `/api/training/figures?year=${lastYear}`, as(analyst));
  assert.equal(res.statusCode, 200, res.body);
  const y = res.json().years.find((x: { year: string }) => x.year === lastYear);
  assert.deepEqual([y.cohorts, y.enrolled, y.sat, y.passed, y.certificatesIssued, y.certificatesByLevel['5']], [LAST_YEAR.cohorts, LAST_YEAR.enrolled, LAST_YEAR.sat, 276, 276, 276]);
  assert.equal(y.passRate, 92);
  assert.ok(y.passRate > 90);
  assert.equal(res.json().cohorts.length, 10);
  const mine = (await inject('GET', '/api/training/figures', as(trainer))).json();
  const recent = mine.cohorts.find((c: { cohortId: string }) => c.cohortId === demoTraining.recentCohort);
  assert.deepEqual([recent.enrolled, recent.completed, recent.sat], [30, 30, 30]);
  assert.equal(recent.certificates, recent.passed);
  assert.equal((await inject('GET', '/api/training/figures', as(driver))).statusCode, 403);
  const badYear = await inject('GET', '/api/training/figures?year=25', as(analyst));
  assert.deepEqual([badYear.statusCode, details(badYear).map((d) => d[0])], [400, ['year']]);
});

test('8 applicants accepted at once over HTTP into 3 seats: exactly 3 succeed, 5 are told the cohort is full', async () => {
  const made = await inject('POST', '/api/training/cohorts', as(trainer), { programmeId: demoTraining.programme, name: '并发测试班', startsOn: '2027-03-01', endsOn: '2027-03-31', capacity: 3, fundingSource: 'hrss', costPerTraineeFen: 180_000 });
  assert.equal(made.statusCode, 201, made.body);
  const id = made.json().cohort.id;
  const people = await Promise.all(Array.from({ length: 8 }, () => t.newWorker()));
  const applied = await Promise.all(people.map((c) => inject('POST', `/api/training/cohorts/${id}/applications`, as(c), {})));
  assert.ok(applied.every((r) => r.statusCode === 201), applied.map((r) => r.body).join('\n'));
  const accepted = await Promise.all(applied.map((r) => inject('POST', `/api/training/enrolments/${r.json().enrolment.id}/accept`, as(trainer))));
  assert.deepEqual(accepted.map((r) => r.statusCode).sort(), [200, 200, 200, 409, 409, 409, 409, 409]);
  for (const r of accepted.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.reason, 'cohort_full');
  const row = (await inject('GET', '/api/training/manage/cohorts', as(trainer))).json().items.find((c: { id: string }) => c.id === id);
  assert.deepEqual([row.seatsTaken, row.accepted, row.applied, row.seatsLeft], [3, 3, 5, 0]);
  // Full: a newcomer cannot apply; one withdrawal frees a seat for a waiting applicant.
  const late = await inject('POST', `/api/training/cohorts/${id}/applications`, as(await t.newWorker()), {});
  assert.deepEqual([late.statusCode, late.json().error.reason], [409, 'cohort_full']);
  const i = accepted.findIndex((r) => r.statusCode === 200);
  assert.equal((await inject('POST', `/api/training/enrolments/${applied[i]!.json().enrolment.id}/withdraw`, as(people[i]!))).statusCode, 200);
  const j = accepted.findIndex((r) => r.statusCode === 409);
  assert.equal((await inject('POST', `/api/training/enrolments/${applied[j]!.json().enrolment.id}/accept`, as(trainer))).statusCode, 200);
});
