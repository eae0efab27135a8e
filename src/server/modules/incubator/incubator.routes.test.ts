import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';
import { demoIncubator } from '../../demo/incubator.js';

let t: TestApp;
let manager = '';
let admin = '';
before(async () => {
  t = await testApp({ workers: 5 });
  [manager, admin] = (await Promise.all(['13900000006', '13900000009'].map((p) => t.login(p)))) as [string, string];
});
after(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const inject = (method: Method, url: string, cookie: string | null, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);

test('anonymous 401, a worker or trainer 403, another base’s manager 404, bad input 400', async () => {
  const url = '/api/incubator/products';
  const body = { name: '香梨', supplier: '合作社', category: 'fresh_fruit', origin: 'bayingolin', priceFen: 100, commissionFen: 10 };
  assert.equal((await inject('POST', url, null, body)).statusCode, 401);
  assert.equal((await inject('POST', url, await t.login('13800000001'), body)).statusCode, 403);
  assert.equal((await inject('POST', url, await t.login('13900000005'), body)).statusCode, 403);
  const other = await inject('POST', '/api/admin/users', admin, { phone: '13944440006', name: '别的基地', password: 'long-enough-4', roles: [{ role: 'incubator_manager', orgId: demoOrgs.korlaSchool }] });
  assert.equal(other.statusCode, 201, other.body);
  const otherManager = await t.login('13944440006', 'long-enough-4');
  assert.equal((await inject('GET', `/api/incubator/enterprises/${demoIncubator.creatorEnterprise}`, otherManager)).statusCode, 404);
  assert.equal((await inject('GET', `/api/incubator/products/${demoIncubator.pearProduct}`, otherManager)).statusCode, 404);
  assert.equal((await inject('POST', `/api/incubator/products/${demoIncubator.pearProduct}/checks`, otherManager, { result: 'pass', inspector: 'x' })).statusCode, 404);
  assert.equal((await inject('GET', `/api/incubator/teams/${demoIncubator.creatorTeam}`, otherManager)).statusCode, 404);
  assert.equal((await inject('GET', `/api/incubator/teams/${demoIncubator.creatorTeam}`, await t.login('13800000001'))).statusCode, 404);
  const over = await inject('POST', url, manager, { ...body, commissionFen: 101 });
  assert.equal(over.statusCode, 400);
  assert.deepEqual(details(over), [['commissionFen', 'above_price']]);
  const neg = await inject('POST', url, manager, { ...body, priceFen: -1 });
  assert.equal(neg.statusCode, 400);
  assert.deepEqual(details(neg)[0], ['priceFen', 'too_short']);
  const extra = await inject('POST', url, manager, { ...body, secret: 1 });
  assert.deepEqual(details(extra), [['secret', 'unknown_field']]);
  const inverted = await inject('GET', '/api/incubator/products?priceMin=500&priceMax=100', manager);
  assert.equal(inverted.statusCode, 400);
  assert.deepEqual(details(inverted), [['priceMax', 'inverted_range']]);
  const stage = await inject('POST', `/api/incubator/enterprises/${demoIncubator.creatorEnterprise}/stage`, manager, { stage: 'applying' });
  assert.equal(stage.statusCode, 409);
  assert.deepEqual(stage.json().error.allowed, ['graduated', 'exited']);
});

test('the manager searches, checks and the team shortlists over HTTP; the public page hides supplier contacts', async () => {
  const found = await inject('GET', `/api/incubator/products?q=${encodeURIComponent('库尔勒香梨')}&passed=true&inStock=true&sort=price_asc`, manager);
  assert.equal(found.statusCode, 200, found.body);
  assert.ok(found.json().total > 0);
  const id = found.json().items[0].id;
  const checked = await inject('POST', `/api/incubator/products/${id}/checks`, manager, { result: 'pass', inspector: '基地品控组' });
  assert.equal(checked.statusCode, 201, checked.body);
  assert.equal(checked.json().checks[0].inspector, '基地品控组');
  const streamOn = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const entrepreneur = await t.login('13800000003');
  const added = await inject('POST', `/api/incubator/teams/${demoIncubator.creatorTeam}/shortlist`, entrepreneur, { productId: id, streamOn });
  assert.equal(added.statusCode, 201, added.body);
  const team = (await inject('GET', `/api/incubator/teams/${demoIncubator.creatorTeam}`, entrepreneur)).json();
  assert.ok(team.shortlist.some((s: { productId: string }) => s.productId === id));
  const failed = await inject('POST', `/api/incubator/teams/${demoIncubator.creatorTeam}/shortlist`, entrepreneur, { productId: demoIncubator.failedProduct, streamOn });
  assert.equal(failed.statusCode, 409);
  assert.deepEqual(details(failed), [['productId', 'failed_quality_check']]);
  const pub = await inject('GET', `/api/products?q=${encodeURIComponent('香梨')}`, null);
  assert.equal(pub.statusCode, 200);
  assert.ok(pub.json().total > 0);
  assert.ok(!pub.body.includes('supplierContact') && !pub.body.includes('0996-'));
  const mine = (await inject('GET', '/api/me/enterprise', entrepreneur)).json();
  assert.equal(mine.items[0].enterprise.id, demoIncubator.creatorEnterprise);
  const figures = await inject('GET', '/api/incubator/figures', await t.login('13900000008'));
  assert.equal(figures.statusCode, 200);
  assert.equal(figures.json().incubatedSoFar, 246);
});
