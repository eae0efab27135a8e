import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../demo/seed.js';
import { rng, workerSeed } from '../../demo/factories.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const r = rng(11);
const union = demoOrgs.rideHailingUnion;
let n = 9100;
async function newDriver() {
  const res = await t.app.inject({ method: 'POST', url: '/api/workers/register', payload: workerSeed(r, n++, { kind: 'ride_hailing_driver', cityCode: '650100', districtCode: '650104', plates: [] }) });
  assert.equal(res.statusCode, 201, res.body);
  return t.cookieOf(res);
}
const inject = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

test('join: apply → officer approves → membership number and a card whose QR verifies', async () => {
  const worker = await newDriver();
  const unions = (await t.app.inject({ method: 'GET', url: '/api/unions' })).json().items;
  const before = unions.find((u: { id: string }) => u.id === union).memberCount;
  const applied = await inject('POST', `/api/unions/${union}/applications`, worker, { note: '想入会' });
  assert.equal(applied.statusCode, 201, applied.body);
  const appId = applied.json().application.id;
  assert.equal((await inject('POST', `/api/unions/${union}/applications`, worker, {})).statusCode, 409, 'one pending at a time');
  assert.equal((await inject('GET', '/api/memberships/me/card', worker)).statusCode, 404, 'no card before approval');

  const officer = await t.login('13900000002');
  const queue = (await inject('GET', `/api/unions/${union}/applications`, officer)).json().items;
  assert.ok(queue.some((a: { id: string }) => a.id === appId));
  const approved = await inject('POST', `/api/applications/${appId}/approve`, officer);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().application.status, 'approved');
  assert.equal((await inject('POST', `/api/applications/${appId}/approve`, officer)).statusCode, 409, 'decided once');

  const card = (await inject('GET', '/api/memberships/me/card', worker)).json();
  assert.match(card.membershipNo, /^WLMQ-WYC-\d{4}-\d{6}$/);
  assert.match(card.qrSvg, /^<svg/);
  assert.ok(card.verifyUrl.endsWith(`/console/verify/${card.verifyToken}`));
  const operator = await t.login('13900000001');
  const verified = await inject('GET', `/api/memberships/verify/${card.verifyToken}`, operator);
  assert.equal(verified.statusCode, 200);
  assert.equal(verified.json().valid, true);
  assert.equal(verified.json().membershipNo, card.membershipNo);
  assert.match(verified.json().nameMasked, /^.\*+$/);
  assert.equal((await inject('GET', `/api/memberships/verify/${card.verifyToken}`, worker)).statusCode, 403);
  const after = (await t.app.inject({ method: 'GET', url: '/api/unions' })).json().items.find((u: { id: string }) => u.id === union).memberCount;
  assert.equal(after, before + 1);
});

test('reject needs a reason, which the worker sees', async () => {
  const worker = await newDriver();
  const appId = (await inject('POST', `/api/unions/${union}/applications`, worker, {})).json().application.id;
  const chair = await t.login('13900000003');
  assert.equal((await inject('POST', `/api/applications/${appId}/reject`, chair, {})).statusCode, 400);
  const res = await inject('POST', `/api/applications/${appId}/reject`, chair, { reason: '请先补充驾驶员证信息' });
  assert.equal(res.statusCode, 200);
  const mine = (await inject('GET', '/api/memberships/me', worker)).json();
  assert.equal(mine.applications[0].status, 'rejected');
  assert.equal(mine.applications[0].reason, '请先补充驾驶员证信息');
  assert.equal(mine.memberships.length, 0);
});

test('transfer to another union keeps the history', async () => {
  const driver = await t.login(demoWorkers.driver);
  const res = await inject('POST', `/api/unions/${demoOrgs.changjiUnion}/applications`, driver, { note: '搬到昌吉' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().application.transferFromUnionId, union);
  // The Urumqi officer cannot decide Changji's queue: 404 as if it did not exist.
  const officer = await t.login('13900000002');
  const foreign = await inject('POST', `/api/applications/${res.json().application.id}/approve`, officer);
  assert.equal(foreign.statusCode, 404);
  assert.equal((await inject('GET', `/api/unions/${demoOrgs.changjiUnion}/applications`, officer)).statusCode, 404);
  // A Changji officer approves.
  const admin = await t.login('13900000009');
  const created = await inject('POST', '/api/admin/users', admin, { phone: '13922220000', name: '昌吉干事', password: 'long-enough-2', roles: [{ role: 'union_officer', orgId: demoOrgs.changjiUnion }] });
  assert.equal(created.statusCode, 201);
  const cjOfficer = await t.login('13922220000', 'long-enough-2');
  assert.equal((await inject('POST', `/api/applications/${res.json().application.id}/approve`, cjOfficer)).statusCode, 200);
  const mine = (await inject('GET', '/api/memberships/me', driver)).json();
  assert.equal(mine.memberships.length, 2);
  const [current, old] = mine.memberships;
  assert.equal(current.unionId, demoOrgs.changjiUnion);
  assert.equal(current.endedAt, null);
  assert.equal(old.unionId, union);
  assert.equal(old.endReason, 'transferred');
  assert.match((await inject('GET', '/api/memberships/me/card', driver)).json().membershipNo, /^CJ-ZGH-/);
});

test('two officers approving the same application at once: exactly one succeeds', async () => {
  const worker = await newDriver();
  const appId = (await inject('POST', `/api/unions/${union}/applications`, worker, {})).json().application.id;
  const officer = await t.login('13900000002');
  const chair = await t.login('13900000003');
  const results = await Promise.all([
    inject('POST', `/api/applications/${appId}/approve`, officer),
    inject('POST', `/api/applications/${appId}/approve`, chair),
    inject('POST', `/api/applications/${appId}/reject`, chair, { reason: '重复' }),
  ]);
  const codes = results.map((x) => x.statusCode).sort();
  assert.deepEqual(codes, [200, 409, 409], results.map((x) => x.body).join('\n'));
  const wid = (await inject('GET', '/api/memberships/me', worker)).json();
  assert.ok(wid.memberships.length <= 1);
});

test('many taps on "apply" at once create exactly one application', async () => {
  const worker = await newDriver();
  const results = await Promise.all(Array.from({ length: 6 }, () => inject('POST', `/api/unions/${union}/applications`, worker, {})));
  assert.deepEqual(results.map((x) => x.statusCode).sort(), [201, 409, 409, 409, 409, 409]);
});

test('unknown ids: 404 for a missing union, 400 for a malformed id', async () => {
  const worker = await newDriver();
  assert.equal((await inject('POST', '/api/unions/00000000-0000-4000-8000-0000000000ff/applications', worker, {})).statusCode, 404);
  assert.equal((await inject('POST', '/api/unions/not-an-id/applications', worker, {})).statusCode, 400);
});
