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

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const station = demoOrgs.guangchangStation;
const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const addMeal = (payload: object) => inject('POST', `/api/stations/${station}/meals`, operator, payload);
const newWorker = () => t.newWorker();

test('the operator posts today’s menu; workers see it with worker and normal prices', async () => {
  const res = await addMeal({ date: today(), dish: '测试大盘鸡', workerPriceFen: 1500, normalPriceFen: 2500, servings: 30 });
  assert.equal(res.statusCode, 201, res.body);
  const menu = (await inject('GET', `/api/stations/${station}/meals`, '')).json();
  const item = menu.items.find((m: { dish: string }) => m.dish === '测试大盘鸡');
  assert.equal(item.workerPriceFen, 1500);
  assert.equal(item.servingsLeft, 30);
  assert.equal(menu.today, today());
});

test('bad menu input: negative price, worker price above normal, past date, other station', async () => {
  const cases: [object, string, string][] = [
    [{ date: today(), dish: 'x', workerPriceFen: -1, normalPriceFen: 100, servings: 1 }, 'workerPriceFen', 'too_short'],
    [{ date: today(), dish: 'x', workerPriceFen: 900, normalPriceFen: 800, servings: 1 }, 'workerPriceFen', 'above_normal_price'],
    [{ date: '2020-01-01', dish: 'x', workerPriceFen: 1, normalPriceFen: 2, servings: 1 }, 'date', 'in_past'],
    [{ date: today(), dish: 'x', workerPriceFen: 1, normalPriceFen: 2, servings: -5 }, 'servings', 'too_short'],
  ];
  for (const [payload, path, code] of cases) {
    const res = await addMeal(payload);
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.ok(res.json().error.details.some((d: { path: string; code: string }) => d.path === path && d.code === code), res.body);
  }
  const elsewhere = await t.login('13900000002'); // a union officer operates no station
  assert.equal((await inject('POST', `/api/stations/${station}/meals`, elsewhere, { date: today(), dish: 'x', workerPriceFen: 1, normalPriceFen: 2, servings: 1 })).statusCode, 403);
});

test('exactly as many reservations succeed as there are servings, when all arrive at once', async () => {
  const meal = (await addMeal({ date: today(), dish: '抓饭', workerPriceFen: 1200, normalPriceFen: 2000, servings: 3 })).json().meal;
  const workers = await Promise.all(Array.from({ length: 8 }, () => newWorker()));
  const results = await Promise.all(workers.map((c) => inject('POST', `/api/meals/${meal.id}/reservations`, c)));
  const codes = results.map((r) => r.statusCode).sort();
  assert.deepEqual(codes, [201, 201, 201, 409, 409, 409, 409, 409]);
  assert.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.details[0].code === 'sold_out'));
  const left = (await inject('GET', `/api/stations/${station}/meals`, '')).json().items.find((m: { id: string }) => m.id === meal.id);
  assert.equal(left.servingsLeft, 0, 'never below zero');
  const reserved = await t.ctx.db.selectFrom('meal_reservations').select('id').where('meal_item_id', '=', meal.id).execute();
  assert.equal(reserved.length, 3);
});

test('reserve, cancel (serving returns), reserve again, serve at the counter', async () => {
  const meal = (await addMeal({ date: today(), dish: '馕包肉', workerPriceFen: 1800, normalPriceFen: 2800, servings: 1 })).json().meal;
  const w = await t.login(demoWorkers.courier);
  const r1 = await inject('POST', `/api/meals/${meal.id}/reservations`, w);
  assert.equal(r1.statusCode, 201, r1.body);
  const twice = await inject('POST', `/api/meals/${meal.id}/reservations`, w);
  assert.equal(twice.statusCode, 409, 'once per worker');
  assert.deepEqual(twice.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]), [['meal', 'already_reserved']]);
  const id = r1.json().reservation.id;
  assert.equal((await inject('POST', `/api/meal-reservations/${id}/cancel`, w)).statusCode, 200);
  assert.equal((await inject('POST', `/api/meal-reservations/${id}/cancel`, w)).statusCode, 409);
  let item = (await inject('GET', `/api/stations/${station}/meals`, '')).json().items.find((m: { id: string }) => m.id === meal.id);
  assert.equal(item.servingsLeft, 1);
  const r2 = await inject('POST', `/api/meals/${meal.id}/reservations`, w);
  assert.equal(r2.statusCode, 201);
  const other = await newWorker();
  assert.equal((await inject('POST', `/api/meal-reservations/${r2.json().reservation.id}/cancel`, other)).statusCode, 404, 'not yours');
  const day = (await inject('GET', `/api/stations/${station}/meals/day`, operator)).json();
  const dish = day.dishes.find((d: { id: string }) => d.id === meal.id);
  assert.deepEqual(dish.reservations.map((x: { name: string; status: string }) => [x.name, x.status]), [['阿迪力·艾山', 'reserved']]);
  assert.equal((await inject('POST', `/api/meal-reservations/${r2.json().reservation.id}/serve`, operator)).statusCode, 200);
  const mine = (await inject('GET', '/api/meal-reservations/me', w)).json().items;
  assert.equal(mine.find((x: { mealId: string }) => x.mealId === meal.id).status, 'served');
  item = (await inject('GET', `/api/stations/${station}/meals`, '')).json().items.find((m: { id: string }) => m.id === meal.id);
  assert.equal(item.servingsLeft, 0);
  const lower = await inject('PATCH', `/api/meals/${meal.id}`, operator, { servings: 0 });
  assert.equal(lower.statusCode, 409, 'cannot go below what is taken');
});

test('a meal of an earlier day cannot be reserved: 409 with code meal_past', async () => {
  const meal = (await addMeal({ date: today(), dish: '昨天的拌面', workerPriceFen: 1500, normalPriceFen: 2200, servings: 5 })).json().meal;
  const yesterday = new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await t.ctx.db.updateTable('meal_items').set({ date: yesterday }).where('id', '=', meal.id).execute();
  const res = await inject('POST', `/api/meals/${meal.id}/reservations`, await newWorker());
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]), [['meal', 'meal_past']]);
  const left = await t.ctx.db.selectFrom('meal_items').select('servings_left').where('id', '=', meal.id).executeTakeFirstOrThrow();
  assert.equal(left.servings_left, 5, 'nothing taken');
});
