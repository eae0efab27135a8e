import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../../demo/seed.js';

let t: TestApp;
before(async () => {
  t = await testApp({ workers: 5 });
});
after(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

test('blood pressure: refused without consent, recorded with it, seen by the worker only; withdrawal acts at once', async () => {
  const operator = await t.login('13900000001');
  const w = await t.login(demoWorkers.courier);
  const reading = { workerPhone: demoWorkers.courier, systolic: 142, diastolic: 91, pulse: 80 };
  const refused = await inject('POST', `/api/stations/${demoOrgs.ningheStation}/health-readings`, operator, reading);
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.details[0].code, 'no_consent');
  assert.equal((await inject('PUT', '/api/consents/me/health', w, { granted: true })).statusCode, 200);
  const ok = await inject('POST', `/api/stations/${demoOrgs.ningheStation}/health-readings`, operator, reading);
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().reading.flag, 'high');
  const mine = (await inject('GET', '/api/health-readings/me', w)).json().items;
  assert.deepEqual([mine[0].systolic, mine[0].diastolic, mine[0].stationName], [142, 91, '宁和社区暖"新"驿站']);
  assert.equal((await inject('GET', '/api/health-readings/me', operator)).statusCode, 403, 'staff have no read-back');
  await inject('PUT', '/api/consents/me/health', w, { granted: false });
  assert.equal((await inject('POST', `/api/stations/${demoOrgs.ningheStation}/health-readings`, operator, reading)).statusCode, 409, 'withdrawal takes effect on the next request');
  const bad = await inject('POST', `/api/stations/${demoOrgs.ningheStation}/health-readings`, operator, { ...reading, systolic: 80, diastolic: 90 });
  assert.equal(bad.json().error.details[0].code, 'above_systolic');
  const consents = (await inject('GET', '/api/consents/me', w)).json().items;
  assert.equal(consents.find((c: { category: string }) => c.category === 'health').granted, false);
});

test('visits by the station QR code, and the operator’s day counts them', async () => {
  const operator = await t.login('13900000001');
  const token = (await inject('GET', `/api/stations/${demoOrgs.ningheStation}/checkin-code`, operator)).json().token;
  const w = await t.login(demoWorkers.courier);
  const first = await inject('POST', '/api/visits', w, { token });
  assert.equal(first.statusCode, 201);
  assert.equal(first.json().visit.stationName, '宁和社区暖"新"驿站');
  assert.equal((await inject('POST', '/api/visits', w, { token })).statusCode, 200, 'a second scan is the same visit');
  assert.equal((await inject('POST', '/api/visits', w, { token: 'nosuchtoken123' })).statusCode, 404);
  const day = (await inject('GET', `/api/stations/${demoOrgs.ningheStation}/day`, operator)).json();
  assert.equal(day.visits, 1);
  assert.equal(typeof day.mealsReserved, 'number');
  const officer = await t.login('13900000002');
  assert.equal((await inject('GET', `/api/stations/${demoOrgs.ningheStation}/day`, officer)).statusCode, 403);
});
