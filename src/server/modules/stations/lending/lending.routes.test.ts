import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../../demo/seed.js';

let t: TestApp;
let operator = '';
before(async () => {
  t = await testApp({ workers: 5 });
  operator = await t.login('13900000001');
});
after(() => t.close());

const station = demoOrgs.ningheStation;
const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const newWorker = () => t.newWorker();

test('umbrellas: as many loans as there are umbrellas when everyone grabs one at once; returns put them back once', async () => {
  const item = (await inject('POST', `/api/stations/${station}/items`, operator, { kind: 'umbrella', name: '测试伞', stock: 2, loanDays: 2 })).json().item;
  const workers = await Promise.all(Array.from({ length: 5 }, () => newWorker()));
  const results = await Promise.all(workers.map((c) => inject('POST', `/api/items/${item.id}/loans`, c)));
  assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 201, 409, 409, 409]);
  assert.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.details[0].code === 'out_of_stock'));
  const won = results.map((r, i) => [r, workers[i]!] as const).filter(([r]) => r.statusCode === 201);
  const [loanRes, cookie] = won[0]!;
  const loanId = loanRes.json().loan.id;
  assert.equal((await inject('POST', `/api/loans/${loanId}/return`, workers.find((w) => w !== cookie)!)).statusCode, 404, 'someone else cannot return my loan');
  assert.equal((await inject('POST', `/api/loans/${loanId}/return`, cookie)).statusCode, 200);
  assert.equal((await inject('POST', `/api/loans/${loanId}/return`, operator)).json().error.details[0].code, 'already_returned');
  assert.equal((await inject('POST', '/api/loans/00000000-0000-4000-8000-0000000000ff/return', operator)).statusCode, 404, 'a loan that never was');
  const after = (await inject('GET', `/api/stations/${station}/items`, '')).json().items.find((i: { id: string }) => i.id === item.id);
  assert.equal(after.stockAvailable, 1);
  assert.equal((await inject('PATCH', `/api/items/${item.id}`, operator, { stock: 0 })).statusCode, 409, 'cannot shrink below what is out');
});

test('the operator records a loan by phone and sees open and overdue loans with masked phones', async () => {
  const item = (await inject('GET', `/api/stations/${station}/items`, '')).json().items.find((i: { kind: string }) => i.kind === 'power_bank');
  const res = await inject('POST', `/api/items/${item.id}/loans`, operator, { workerPhone: demoWorkers.courier });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal((await inject('POST', `/api/items/${item.id}/loans`, operator, {})).json().error.details[0].path, 'workerPhone');
  assert.equal((await inject('POST', `/api/items/${item.id}/loans`, operator, { workerPhone: '13712345678' })).statusCode, 404);
  await t.ctx.db.updateTable('loans').set({ due_at: Date.now() - 1000 }).where('id', '=', res.json().loan.id).execute();
  const overdue = (await inject('GET', `/api/stations/${station}/loans?overdue=true`, operator)).json().items;
  const mine = overdue.find((l: { id: string }) => l.id === res.json().loan.id);
  assert.equal(mine.overdue, true);
  assert.equal(mine.phoneMasked, '138****0002');
  assert.ok(!JSON.stringify(overdue).includes('13800000002'));
  const w = await t.login(demoWorkers.courier);
  assert.ok((await inject('GET', '/api/loans/me', w)).json().items.some((l: { id: string }) => l.id === res.json().loan.id));
});

test('donations: logged by the station, claimed once, donor not shown to the public', async () => {
  const d = await inject('POST', `/api/stations/${station}/donations`, operator, { description: '旧雨衣', quantity: 3, donor: '张先生' });
  assert.equal(d.statusCode, 201);
  const pub = (await inject('GET', `/api/stations/${station}/donations`, '')).json().items;
  assert.ok(pub.some((x: { id: string }) => x.id === d.json().id));
  assert.ok(!JSON.stringify(pub).includes('张先生'));
  const [a, b] = await Promise.all([newWorker(), newWorker()]);
  const claims = await Promise.all([inject('POST', `/api/donations/${d.json().id}/claim`, a), inject('POST', `/api/donations/${d.json().id}/claim`, b)]);
  assert.deepEqual(claims.map((c) => c.statusCode).sort(), [200, 409]);
});
