import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { rng, workerSeed } from '../../demo/factories.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const r = rng(7);
const reg = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/workers/register', payload: payload as object });
const count = async (table: 'users' | 'workers' | 'worker_vehicles') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('a driver registers on the phone and is signed in; phone and ID are encrypted at rest', async () => {
  const input = workerSeed(r, 9001, { kind: 'ride_hailing_driver', cityCode: '650100', districtCode: '650103', plates: ['新A 12345'], platforms: ['didi', 'caocao'], idNumber: '11010519491231002X' });
  const res = await reg(input);
  assert.equal(res.statusCode, 201, res.body);
  const cookie = t.cookieOf(res);
  const me = (await t.app.inject({ method: 'GET', url: '/api/workers/me', headers: { cookie } })).json().worker;
  assert.equal(me.phoneMasked, `${input.phone.slice(0, 3)}****${input.phone.slice(7)}`);
  assert.equal(me.idNumberMasked, '110105********002X');
  assert.deepEqual(me.plates, ['新A12345'], 'plate normalised');
  assert.deepEqual(me.platforms, ['caocao', 'didi']);
  const row = await t.ctx.db.selectFrom('users').innerJoin('workers', 'workers.user_id', 'users.id').select(['users.phone_enc', 'workers.id_number_enc']).where('workers.id', '=', me.id).executeTakeFirstOrThrow();
  assert.ok(!row.phone_enc.includes(input.phone) && !row.id_number_enc!.includes('11010519491231002X'));
  assert.equal(t.ctx.crypto.decrypt(row.phone_enc), input.phone);
});

test('bad registration input: each field named, nothing half-written', async () => {
  const before = [await count('users'), await count('workers'), await count('worker_vehicles')];
  const good = workerSeed(r, 9002, { kind: 'ride_hailing_driver', cityCode: '650100', districtCode: '650102', plates: ['新A54321'] });
  const cases: [string, object, string, string][] = [
    ['bad mobile', { ...good, phone: '1234' }, 'phone', 'invalid_phone'],
    ['ID check digit', { ...good, idNumber: '110105194912310021' }, 'idNumber', 'invalid_id_number'],
    ['plate format', { ...good, plates: ['ABC123'] }, 'plates.0', 'invalid_plate'],
    ['wrong type', { ...good, platforms: 'didi' }, 'platforms', 'invalid_type'],
    ['unknown field', { ...good, role: 'admin' }, 'role', 'unknown_field'],
    ['missing field', { ...good, kind: undefined }, 'kind', 'required'],
    ['short password', { ...good, password: 'short' }, 'password', 'too_short'],
    ['unknown city', { ...good, cityCode: '110000' }, 'cityCode', 'invalid_city'],
    ['district of another city', { ...good, districtCode: '652301001' }, 'districtCode', 'invalid_district'],
  ];
  for (const [name, payload, path, code] of cases) {
    const res = await reg(payload);
    assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
    const d = res.json().error.details;
    assert.ok(d.some((x: { path: string; code: string }) => x.path === path && x.code === code), `${name}: ${JSON.stringify(d)}`);
  }
  const dup = await reg({ ...good, phone: '13800000001' });
  assert.equal(dup.statusCode, 409);
  assert.deepEqual([await count('users'), await count('workers'), await count('worker_vehicles')], before);
});

test('a worker edits the profile; fields not sent do not change', async () => {
  const input = workerSeed(r, 9003, { kind: 'courier', cityCode: '652301', districtCode: '652301002', platforms: ['zto'], locale: 'ug' });
  const cookie = t.cookieOf(await reg(input));
  const res = await t.app.inject({ method: 'PATCH', url: '/api/workers/me', headers: { cookie }, payload: { platforms: ['zto', 'sf'], employmentCategory: 'labour_contract' } });
  assert.equal(res.statusCode, 200, res.body);
  const w = res.json().worker;
  assert.deepEqual(w.platforms, ['sf', 'zto']);
  assert.equal(w.employmentCategory, 'labour_contract');
  assert.equal(w.locale, 'ug', 'locale untouched');
  assert.equal(w.districtCode, '652301002');
  const bad = await t.app.inject({ method: 'PATCH', url: '/api/workers/me', headers: { cookie }, payload: { districtCode: '650102' } });
  assert.equal(bad.statusCode, 400);
});

test('union staff find workers by name, last four digits, full number and plate, within their city', async () => {
  const officer = await t.login('13900000002');
  const search = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/workers?${qs}`, headers: { cookie: officer } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { total: number; items: { name: string; phoneMasked: string; plates: string[]; cityCode: string; membership: unknown }[] };
  };
  const byName = await search(`q=${encodeURIComponent('王建军')}`);
  assert.equal(byName.items[0]?.phoneMasked, '138****0001');
  assert.ok((await search('q=0001')).items.some((w) => w.name === '王建军'));
  assert.ok((await search('q=13800000001')).items.some((w) => w.name === '王建军'));
  assert.ok((await search(`q=${encodeURIComponent('新A83261')}`)).items.some((w) => w.name === '王建军'));
  const all = await search('pageSize=100');
  assert.ok(all.items.length > 0 && all.items.every((w) => w.cityCode === '650100'), 'Urumqi union sees Urumqi workers only');
  const members = await search('membership=member&pageSize=100');
  const non = await search('membership=nonmember&pageSize=100');
  assert.equal(members.total + non.total, all.total);
  assert.ok(members.items.every((w) => w.membership) && non.items.every((w) => !w.membership));
  const drivers = await search('kind=ride_hailing_driver&platform=didi&pageSize=100');
  assert.ok(drivers.items.length > 0);
  assert.equal(JSON.stringify(all).includes('13800000001'), false, 'no full number in a list');
  const bad = await t.app.inject({ method: 'GET', url: '/api/workers?kind=pilot', headers: { cookie: officer } });
  assert.equal(bad.statusCode, 400);
});

test('a worker in another city answers 404 to union staff, like a missing one', async () => {
  const officer = await t.login('13900000002');
  const courier = await t.ctx.db.selectFrom('workers').select('id').where('city_code', '=', '652301').executeTakeFirstOrThrow();
  const foreign = await t.app.inject({ method: 'GET', url: `/api/workers/${courier.id}`, headers: { cookie: officer } });
  const missing = await t.app.inject({ method: 'GET', url: '/api/workers/00000000-0000-4000-8000-0000000000ff', headers: { cookie: officer } });
  assert.equal(foreign.statusCode, 404);
  assert.deepEqual(foreign.json(), missing.json());
});

test('unmasking: the chair only, with a purpose, audited; officers get 403', async () => {
  const chair = await t.login('13900000003');
  const officer = await t.login('13900000002');
  const w = (await t.app.inject({ method: 'GET', url: `/api/workers?q=0001`, headers: { cookie: chair } })).json().items[0];
  const noPurpose = await t.app.inject({ method: 'POST', url: `/api/workers/${w.id}/unmask`, headers: { cookie: chair }, payload: { field: 'phone' } });
  assert.equal(noPurpose.statusCode, 400);
  const ok = await t.app.inject({ method: 'POST', url: `/api/workers/${w.id}/unmask`, headers: { cookie: chair }, payload: { field: 'phone', purpose: '回电核实罚单情况' } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().value, '13800000001');
  const audit = await t.ctx.db.selectFrom('audit_log').select(['details']).where('action', '=', 'worker.unmask').where('target_id', '=', w.id).execute();
  assert.equal(audit.length, 1);
  assert.deepEqual(JSON.parse(audit[0]!.details), { field: 'phone', purpose: '回电核实罚单情况' });
  assert.ok(!audit[0]!.details.includes('13800000001'), 'the audit record holds no number');
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/workers/${w.id}/unmask`, headers: { cookie: officer }, payload: { field: 'phone', purpose: 'curious' } })).statusCode, 403);
});
