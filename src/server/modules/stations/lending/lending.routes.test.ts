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

type Claim = { workerName: string; phoneMasked: string; quantity: number };
type Logged = { id: string; description: string; quantity: number; quantityLeft: number; donor: string; claims: Claim[] };
const left = async (id: string) => (await t.ctx.db.selectFrom('donations').select('quantity_left').where('id', '=', id).executeTakeFirstOrThrow()).quantity_left;

test('donations: logged by the station, donor not shown to the public; simultaneous claims take exactly what there is', async () => {
  const d = await inject('POST', `/api/stations/${station}/donations`, operator, { description: '旧雨衣', quantity: 3, donor: '张先生' });
  assert.equal(d.statusCode, 201);
  const id = d.json().id;
  const pub = (await inject('GET', `/api/stations/${station}/donations`, '')).json().items;
  assert.deepEqual(
    pub.filter((x: { id: string }) => x.id === id).map((x: { quantity: number; quantityLeft: number }) => [x.quantity, x.quantityLeft]),
    [[3, 3]],
  );
  assert.ok(!JSON.stringify(pub).includes('张先生'));
  // Six workers tap "claim" at once for three raincoats: three get one each, the rest hear none are left.
  const workers = await Promise.all(Array.from({ length: 6 }, () => newWorker()));
  const claims = await Promise.all(workers.map((c) => inject('POST', `/api/donations/${id}/claim`, c)));
  assert.deepEqual(claims.map((c) => c.statusCode).sort(), [200, 200, 200, 409, 409, 409]);
  assert.ok(claims.filter((c) => c.statusCode === 409).every((c) => c.json().error.details[0].code === 'already_claimed'));
  assert.ok(claims.filter((c) => c.statusCode === 200).every((c) => c.json().claim.quantity === 1));
  assert.equal(await left(id), 0, 'never below zero');
  const taken = await t.ctx.db.selectFrom('donation_claims').select('quantity').where('donation_id', '=', id).execute();
  assert.deepEqual(taken.map((c) => c.quantity), [1, 1, 1]);
  assert.ok(!(await inject('GET', `/api/stations/${station}/donations`, '')).json().items.some((x: { id: string }) => x.id === id), 'gone from the public list');
});

test('donations: a claim takes a quantity; asking for more than is left is refused without taking any', async () => {
  const id = (await inject('POST', `/api/stations/${station}/donations`, operator, { description: '冬季手套（双）', quantity: 5, donor: '爱心商户' })).json().id;
  const first = await inject('POST', `/api/donations/${id}/claim`, await newWorker(), { quantity: 2 });
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().quantityLeft, 3);
  // Three ask for two at once with three left: one gets them, the others are told too few are left.
  const workers = await Promise.all(Array.from({ length: 3 }, () => newWorker()));
  const res = await Promise.all(workers.map((c) => inject('POST', `/api/donations/${id}/claim`, c, { quantity: 2 })));
  assert.deepEqual(res.map((r) => r.statusCode).sort(), [200, 409, 409]);
  assert.ok(res.filter((r) => r.statusCode === 409).every((r) => r.json().error.details[0].path === 'quantity' && r.json().error.details[0].code === 'not_enough_left'));
  assert.equal(await left(id), 1);
  const bad = await inject('POST', `/api/donations/${id}/claim`, workers[0]!, { quantity: 0 });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].path, 'quantity');
  assert.equal((await inject('POST', `/api/donations/${id}/claim`, workers[0]!, {})).statusCode, 200, 'one by default');
  assert.equal((await inject('POST', `/api/donations/${id}/claim`, workers[1]!)).json().error.details[0].code, 'already_claimed');
  assert.equal(await left(id), 0);
  assert.equal((await inject('POST', '/api/donations/00000000-0000-4000-8000-0000000000ff/claim', workers[1]!)).statusCode, 404);
});

test('donations: the operator’s log shows every donation with its donor, what is left and who claimed (masked phones)', async () => {
  const id = (await inject('POST', `/api/stations/${station}/donations`, operator, { description: '充电宝', quantity: 4, donor: '李女士' })).json().id;
  const courier = await t.login(demoWorkers.courier);
  assert.equal((await inject('POST', `/api/donations/${id}/claim`, courier, { quantity: 3 })).statusCode, 200);
  const res = await inject('GET', `/api/stations/${station}/donations/log`, operator);
  assert.equal(res.statusCode, 200, res.body);
  const items: Logged[] = res.json().items;
  const mine = items.find((x) => x.id === id)!;
  assert.equal(mine.donor, '李女士');
  assert.deepEqual([mine.quantity, mine.quantityLeft], [4, 1]);
  assert.deepEqual(mine.claims.map((c) => [c.workerName, c.phoneMasked, c.quantity]), [['阿迪力·艾山', '138****0002', 3]]);
  assert.ok(!res.body.includes('13800000002'));
  assert.ok(items.some((x) => x.quantityLeft === 0), 'fully claimed donations are listed too');
  // Another station's log: 404 to this operator, as for a station that does not exist.
  const other = await t.ctx.db.selectFrom('stations').select('id').where('id', 'not in', [demoOrgs.ningheStation, demoOrgs.guangchangStation]).executeTakeFirstOrThrow();
  assert.equal((await inject('GET', `/api/stations/${other.id}/donations/log`, operator)).statusCode, 404);
  assert.equal((await inject('GET', `/api/stations/${station}/donations/log`, courier)).statusCode, 403);
});
