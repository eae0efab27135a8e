import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoOrgs } from '../../../demo/seed.js';
import { purgeChildren } from './classroom.service.js';

let t: TestApp;
let operator = '';
before(async () => {
  t = await testApp({ workers: 5 });
  operator = await t.login('13900000001');
});
after(() => t.close());

const station = demoOrgs.guangchangStation;
const inject = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
const guardian = () => t.newWorker();
const session = (capacity: number, over: object = {}) =>
  inject('POST', `/api/stations/${station}/classroom`, operator, { kind: 'after_school', title: '测试课堂', startsOn: today(), endsOn: inDays(60), weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '17:00', closes: '22:00', capacity, ...over });

test('sessions close by 22:00; bad dates are named', async () => {
  assert.equal((await session(5, { closes: '22:30' })).json().error.details[0].code, 'after_22');
  assert.equal((await session(5, { opens: '18:00', closes: '17:00' })).json().error.details[0].code, 'ends_before_start');
  assert.equal((await session(5, { endsOn: inDays(-10) })).json().error.details[0].path, 'endsOn');
  assert.equal((await session(5)).statusCode, 201);
});

test('enrolment needs the guardian’s consent; nothing is stored without it', async () => {
  const s = (await session(3)).json().session;
  const g = await guardian();
  const before = await t.ctx.db.selectFrom('children').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const res = await inject('POST', `/api/classroom/${s.id}/enrolments`, g, { childName: '小明', birthYear: 2016, consent: false });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.details[0].code, 'consent_required');
  const after = await t.ctx.db.selectFrom('children').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test('exactly capacity children get places when more arrive at once; the rest wait in order; a withdrawal moves the first up', async () => {
  const s = (await session(3)).json().session;
  const guardians = await Promise.all(Array.from({ length: 7 }, () => guardian()));
  const res = await Promise.all(guardians.map((g, i) => inject('POST', `/api/classroom/${s.id}/enrolments`, g, { childName: `孩子${i}`, birthYear: 2015, consent: true })));
  assert.ok(res.every((r) => r.statusCode === 201), res.map((r) => r.body).join('\n'));
  const statuses = res.map((r) => r.json().enrolment.status);
  assert.equal(statuses.filter((x) => x === 'enrolled').length, 3);
  assert.equal(statuses.filter((x) => x === 'waitlisted').length, 4);
  assert.equal((await inject('GET', `/api/stations/${station}/classroom`, '')).json().items.find((x: { id: string }) => x.id === s.id).spotsLeft, 0);
  const enrolledIdx = statuses.indexOf('enrolled');
  const w = await inject('POST', `/api/classroom/enrolments/${res[enrolledIdx]!.json().enrolment.id}/withdraw`, guardians[enrolledIdx]!);
  assert.equal(w.statusCode, 200);
  const roster = (await inject('GET', `/api/classroom/${s.id}/roster`, operator)).json().items;
  assert.equal(roster.filter((r: { status: string }) => r.status === 'enrolled').length, 3, 'the freed place went to the waitlist');
});

test('check-in, and check-out only with the guardian’s pick-up code; the guardian sees it', async () => {
  const s = (await session(5)).json().session;
  const g = await guardian();
  const e = (await inject('POST', `/api/classroom/${s.id}/enrolments`, g, { childName: '阿依努尔', birthYear: 2017, consent: true })).json().enrolment;
  assert.match(e.pickupCode, /^\d{6}$/);
  assert.equal((await inject('POST', `/api/classroom/enrolments/${e.id}/check-in`, operator)).statusCode, 200);
  assert.equal((await inject('POST', `/api/classroom/enrolments/${e.id}/check-in`, operator)).statusCode, 409);
  const wrong = e.pickupCode === '000000' ? '111111' : '000000';
  const bad = await inject('POST', `/api/classroom/enrolments/${e.id}/check-out`, operator, { pickupCode: wrong });
  assert.equal(bad.json().error.details[0].code, 'wrong_pickup_code');
  assert.equal((await inject('POST', `/api/classroom/enrolments/${e.id}/check-out`, operator, { pickupCode: e.pickupCode })).statusCode, 200);
  const mine = (await inject('GET', '/api/classroom/enrolments/me', g)).json().items[0];
  assert.equal(mine.childName, '阿依努尔');
  assert.equal(mine.checkedInToday, true);
  assert.equal(mine.checkedOutToday, true);
  const other = await guardian();
  assert.equal((await inject('GET', '/api/classroom/enrolments/me', other)).json().items.length, 0);
  const row = await t.ctx.db.selectFrom('children').select('name_enc').where('guardian_worker_id', '=', (await t.ctx.db.selectFrom('classroom_enrolments').innerJoin('children', 'children.id', 'classroom_enrolments.child_id').select('children.guardian_worker_id').where('classroom_enrolments.id', '=', e.id).executeTakeFirstOrThrow()).guardian_worker_id).executeTakeFirstOrThrow();
  assert.ok(!row.name_enc.includes('阿依努尔'), 'the child’s name is encrypted at rest');
  const roster = (await inject('GET', `/api/classroom/${s.id}/roster`, operator)).json().items;
  assert.equal(roster[0].childName, '阿依努尔');
  const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', s.id).where('action', '=', 'classroom.roster_read').execute();
  assert.equal(audit.length, 1, 'reading children’s names is audited');
});

test('children’s data is purged after the programme ends plus the retention period', async () => {
  const s = (await session(5, { endsOn: today() })).json().session;
  const g = await guardian();
  const e = (await inject('POST', `/api/classroom/${s.id}/enrolments`, g, { childName: '待删除', birthYear: 2016, consent: true })).json().enrolment;
  assert.equal(await purgeChildren(t.ctx, Date.now()), 0, 'nothing due yet');
  const purged = await purgeChildren(t.ctx, Date.now() + 31 * 86_400_000);
  assert.ok(purged >= 1);
  assert.equal(await t.ctx.db.selectFrom('classroom_enrolments').select('id').where('id', '=', e.id).executeTakeFirst(), undefined);
  assert.equal((await inject('GET', '/api/classroom/enrolments/me', g)).json().items.length, 0);
});
