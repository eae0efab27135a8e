import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoOrgs } from '../../../demo/seed.js';
import { demoTraining } from '../../../demo/training.js';

let t: TestApp;
let employer = '';
let trainer = '';
let analyst = '';
let admin = '';
before(async () => {
  t = await testApp({ workers: 5 });
  [employer, trainer, analyst, admin] = (await Promise.all(['13900000007', '13900000005', '13900000008', '13900000009'].map((p) => t.login(p)))) as [string, string, string, string];
});
after(() => t.close());

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const inject = (method: Method, url: string, headers: Record<string, string>, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const as = (cookie: string) => ({ cookie });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);
const good = { title: '直播带货主播', position: 'live_host', skills: ['live_streaming', 'short_video'], minLevel: 5, headcount: 2, payMinFen: 400_000, payMaxFen: 600_000, cityCode: '652801' };

test('401 anonymous, 403 the wrong role, 404 another employer’s order, 400 bad input naming the field', async () => {
  assert.equal((await inject('POST', '/api/jobs/orders', {}, good)).statusCode, 401);
  assert.equal((await inject('POST', '/api/jobs/orders', as(trainer), good)).statusCode, 403);
  assert.equal((await inject('POST', '/api/jobs/orders', as(await t.login('13800000001')), good)).statusCode, 403);
  const made = await inject('POST', '/api/jobs/orders', as(employer), good);
  assert.equal(made.statusCode, 201, made.body);
  const id = made.json().order.id;
  // An employer of another firm: the order answers like a missing one.
  const other = await inject('POST', '/api/admin/users', as(admin), { phone: '13944441111', name: '别家老板', password: 'long-enough-5', roles: [{ role: 'employer', orgId: demoOrgs.fleetCompany }] });
  assert.equal(other.statusCode, 201, other.body);
  const otherBoss = await t.login('13944441111', 'long-enough-5');
  for (const url of [`/api/jobs/orders/${id}`, `/api/jobs/orders/${id}/candidates`]) {
    const res = await inject('GET', url, as(otherBoss));
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.body, (await inject('GET', url.replace(id, '00000000-0000-4000-8000-0000000000ff'), as(otherBoss))).body, 'the same answer as a missing one');
  }
  assert.equal((await inject('POST', `/api/jobs/orders/${id}/close`, as(otherBoss))).statusCode, 404);
  assert.deepEqual((await inject('GET', '/api/jobs/orders', as(otherBoss))).json().items, []);

  assert.deepEqual(details(await inject('POST', '/api/jobs/orders', as(employer), { ...good, headcount: 0 })), [['headcount', 'too_short']]);
  assert.deepEqual(details(await inject('POST', '/api/jobs/orders', as(employer), { ...good, payMinFen: 700_000 })), [['payMaxFen', 'below_min']]);
  const cohort = await inject('POST', '/api/jobs/orders', as(employer), { ...good, cohortId: '00000000-0000-4000-8000-0000000000ee' });
  assert.deepEqual([cohort.statusCode, ...details(cohort)], [404, ['cohortId', 'unknown_cohort']]);
  assert.deepEqual(details(await inject('POST', '/api/jobs/orders', as(employer), { ...good, position: 'astronaut' }))[0], ['position', 'invalid_value']);
  assert.deepEqual(details(await inject('POST', '/api/jobs/orders', as(employer), { ...good, hired: 3 })), [['hired', 'unknown_field']]);
  assert.equal((await inject('GET', `/api/jobs/orders/${id}/matches`, as(employer))).statusCode, 403);
  assert.equal((await inject('GET', '/api/jobs/orders/not-a-uuid', as(employer))).statusCode, 400);
  assert.equal((await inject('GET', `/api/jobs/orders/${id}`, as(analyst))).statusCode, 200);
});

test('an order linked to a cohort: the school recommends, the employer interviews and hires, the graduate sees each step', async () => {
  const made = await inject('POST', '/api/jobs/orders', as(employer), { ...good, title: '短视频剪辑', position: 'video_editor', headcount: 1, cohortId: demoTraining.recentCohort, districtCode: '652801001' });
  assert.equal(made.statusCode, 201, made.body);
  const id = made.json().order.id;
  assert.equal(made.json().order.cohortId, demoTraining.recentCohort);
  const cohorts = (await inject('GET', '/api/jobs/cohorts', as(employer))).json().items;
  assert.ok(cohorts.some((c: { id: string }) => c.id === demoTraining.recentCohort));

  const m = await inject('GET', `/api/jobs/orders/${id}/matches?limit=5`, as(trainer));
  assert.equal(m.statusCode, 200, m.body);
  const items = m.json().items as { userId: string; linked: boolean; reasons: { code: string }[]; name: string }[];
  assert.equal(items.length, 5);
  assert.ok(m.json().total >= 30);
  assert.ok(items.every((x) => x.linked && x.reasons[0]!.code === 'linked_cohort'), 'the linked cohort’s graduates first');

  // The first graduate of the recent cohort (13500000001) is recommended.
  const grad = await t.login(demoTraining.graduatePhone);
  const me0 = (await inject('GET', '/api/jobs/me', as(grad))).json();
  assert.equal(me0.graduate.level, 5);
  const gradId = (await inject('GET', '/api/auth/me', as(grad))).json().user.id;
  const rec = await inject('POST', `/api/jobs/orders/${id}/candidates`, as(trainer), { userIds: [gradId] });
  assert.equal(rec.statusCode, 201, rec.body);
  const cid = rec.json().items[0].id;
  assert.deepEqual(details(await inject('POST', `/api/jobs/orders/${id}/candidates`, as(trainer), { userIds: [gradId] })), [['userIds', 'already_candidate']]);
  assert.deepEqual(details(await inject('POST', `/api/jobs/orders/${id}/candidates`, as(trainer), { userIds: [] })), [['userIds', 'too_short']]);

  const list = (await inject('GET', `/api/jobs/orders/${id}/candidates`, as(employer))).json().items;
  assert.equal(list.length, 1);
  assert.match(list[0].name, /\*/);
  assert.deepEqual(details(await inject('POST', `/api/jobs/candidates/${cid}/decline`, as(employer), {})), [['reason', 'required']]);
  assert.deepEqual(details(await inject('POST', `/api/jobs/candidates/${cid}/decline`, as(employer), { reason: ' ' })), [['reason', 'too_short']]);
  const iv = await inject('POST', `/api/jobs/candidates/${cid}/interview`, as(employer), { at: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  assert.equal(iv.statusCode, 200, iv.body);
  assert.deepEqual(details(await inject('POST', `/api/jobs/candidates/${cid}/hire`, as(employer), { startedOn: '2026-13-01', payBand: '4000-5000' })).map((d) => d[0]), ['startedOn']);
  const hired = await inject('POST', `/api/jobs/candidates/${cid}/hire`, as(employer), { startedOn: '2026-12-01', payBand: '4000-5000' });
  assert.equal(hired.statusCode, 200, hired.body);
  assert.deepEqual(hired.json().order, { hired: 1, status: 'filled' });
  const shown = (await inject('GET', `/api/jobs/orders/${id}/candidates`, as(employer))).json().items[0];
  assert.equal(shown.phone, demoTraining.graduatePhone, 'the employer may call whom it hired');

  const me = (await inject('GET', '/api/jobs/me', as(grad))).json();
  const mine = me.items.find((x: { orderId: string }) => x.orderId === id);
  assert.deepEqual(mine.steps.map((s: { step: string }) => s.step), ['recommended', 'interviewing', 'hired']);
  assert.equal(mine.employer, '孔雀河直播电商有限公司');
  const w = await inject('POST', `/api/jobs/candidates/${cid}/withdraw`, as(grad), {});
  assert.deepEqual([w.statusCode, ...details(w)], [409, ['stage', 'bad_transition']]);
  const notes = (await inject('GET', '/api/notifications/me', as(grad))).json();
  assert.ok(JSON.stringify(notes).includes('jobs.hired'));

  const prof = await inject('PUT', '/api/jobs/me/profile', as(grad), { cityCode: '652801', districtCode: '652801002', skills: ['live_streaming'], positions: ['live_host'], minPayFen: 350_000, open: true });
  assert.equal(prof.statusCode, 200, prof.body);
  assert.deepEqual(details(await inject('PUT', '/api/jobs/me/profile', as(grad), { cityCode: '652801', districtCode: '650102' })), [['districtCode', 'not_in_city']]);
  const fu = await inject('POST', `/api/jobs/placements/${hired.json().placementId}/followups`, as(employer), { months: 3, employed: true });
  assert.deepEqual([fu.statusCode, ...details(fu)], [400, ['payBand', 'required']]);
  const early = await inject('POST', `/api/jobs/placements/${hired.json().placementId}/followups`, as(employer), { months: 3, employed: true, payBand: '4000-5000' });
  assert.deepEqual([early.statusCode, ...details(early)], [409, ['months', 'not_due']]);
  const fig = await inject('GET', '/api/jobs/figures', as(trainer));
  assert.equal(fig.statusCode, 200, fig.body);
  assert.ok(fig.json().items.some((f: { schoolId: string; placed: number }) => f.schoolId === demoOrgs.korlaSchool && f.placed >= 1));
  assert.equal((await inject('GET', '/api/jobs/figures', as(analyst))).statusCode, 200);
  assert.equal((await inject('GET', '/api/jobs/placements', as(employer))).statusCode, 200);
});
