import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';
import { demoParkingPlates, demoZones } from '../../demo/parking.js';

let t: TestApp;
let attendant = '';
let chair = '';
let officer = '';
let admin = '';
before(async () => {
  t = await testApp({ workers: 5 });
  [attendant, chair, officer, admin] = (await Promise.all(['13900000011', '13900000003', '13900000002', '13900000009'].map((p) => t.login(p)))) as [string, string, string, string];
});
after(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const inject = (method: Method, url: string, headers: Record<string, string>, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const as = (cookie: string) => ({ cookie });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);

test('anonymous 401, a worker or lawyer 403, another union’s chair 404, bad plate 400', async () => {
  const url = `/api/parking/zones/${demoZones.north}/entries`;
  assert.equal((await inject('POST', url, {}, { plate: demoParkingPlates.permit })).statusCode, 401);
  assert.equal((await inject('POST', url, as(await t.login('13800000001')), { plate: demoParkingPlates.permit })).statusCode, 403);
  assert.equal((await inject('POST', url, as(await t.login('13900000004')), { plate: demoParkingPlates.permit })).statusCode, 403);
  // A chair of another union: the zone is not theirs, and answers like a missing one.
  const other = await inject('POST', '/api/admin/users', as(admin), { phone: '13944440000', name: '别的主席', password: 'long-enough-4', roles: [{ role: 'union_chair', orgId: demoOrgs.korlaUnion }] });
  assert.equal(other.statusCode, 201, other.body);
  const otherChair = await t.login('13944440000', 'long-enough-4');
  assert.equal((await inject('POST', url, as(otherChair), { plate: demoParkingPlates.permit })).statusCode, 404);
  assert.equal((await inject('GET', `/api/parking/zones/${demoZones.north}/stays`, as(otherChair))).statusCode, 404);
  assert.deepEqual((await inject('GET', '/api/parking/zones', as(otherChair))).json().items, []);
  const bad = await inject('POST', url, as(attendant), { plate: '新A1234' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(details(bad), [['plate', 'invalid_plate']]);
  const extra = await inject('POST', url, as(attendant), { plate: demoParkingPlates.permit, basis: 'manual' });
  assert.deepEqual(details(extra), [['basis', 'unknown_field']]);
});

test('the attendant admits a registered car and refuses an unregistered one, naming the reason', async () => {
  const zones = (await inject('GET', '/api/parking/zones', as(attendant))).json().items;
  assert.deepEqual(zones.map((z: { id: string }) => z.id).sort(), [demoZones.north, demoZones.south].sort());
  const north = zones.find((z: { id: string }) => z.id === demoZones.north);
  const url = `/api/parking/zones/${demoZones.north}/entries`;
  const ok = await inject('POST', url, as(attendant), { plate: ' 新a 2k7p9 ' });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().stay.plate, demoParkingPlates.permit, 'plates are normalised');
  assert.equal(ok.json().stay.basis, 'permit');
  assert.equal(ok.json().zone.occupied, north.occupied + 1);
  const again = await inject('POST', url, as(attendant), { plate: demoParkingPlates.permit });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.reason, 'already_inside');
  const no = await inject('POST', url, as(attendant), { plate: demoParkingPlates.unregistered });
  assert.equal(no.statusCode, 422);
  assert.equal(no.json().error.reason, 'not_registered');
  assert.deepEqual(details(no), [['plate', 'not_registered']]);
  assert.equal(no.json().error.zone.occupied, north.occupied + 1, 'a refusal takes no space');
  const check = (await inject('GET', `/api/parking/check?plate=${encodeURIComponent(demoParkingPlates.expired)}`, as(attendant))).json();
  assert.deepEqual([check.registered, check.reason, check.inside], [false, 'permit_expired', null]);
  const inside = (await inject('GET', `/api/parking/check?plate=${encodeURIComponent(demoParkingPlates.permit)}`, as(attendant))).json();
  assert.equal(inside.inside.zoneId, demoZones.north);
  const out = await inject('POST', `/api/parking/zones/${demoZones.north}/exits`, as(attendant), { plate: demoParkingPlates.permit });
  assert.equal(out.statusCode, 200, out.body);
  assert.equal(out.json().stay.exitedAt !== null, true);
  const twice = await inject('POST', `/api/parking/zones/${demoZones.north}/exits`, as(attendant), { plate: demoParkingPlates.permit });
  assert.deepEqual([twice.statusCode, twice.json().error.reason], [409, 'not_inside']);
});

test('gate keys: issued once by the chair, the gate admits and lets out, a revoked key is refused at once', async () => {
  const made = await inject('POST', `/api/parking/zones/${demoZones.south}/keys`, as(chair), { label: '南广场入口道闸' });
  assert.equal(made.statusCode, 201, made.body);
  const { key, id } = made.json();
  assert.match(key, /^nxz_[A-Za-z0-9_-]{43}$/);
  const listed = (await inject('GET', `/api/parking/zones/${demoZones.south}/keys`, as(chair))).json().items;
  assert.ok(listed.some((k: { id: string }) => k.id === id));
  assert.ok(!JSON.stringify(listed).includes(key), 'the key is never shown again');
  assert.equal((await inject('POST', `/api/parking/zones/${demoZones.south}/keys`, as(attendant), { label: 'x' })).statusCode, 403);

  const gate = { 'x-zone-key': key };
  const zone = (await inject('GET', '/api/parking/gate/zone', gate)).json().zone;
  assert.equal(zone.id, demoZones.south);
  const inRes = await inject('POST', '/api/parking/gate/entry', gate, { plate: demoParkingPlates.permit });
  assert.equal(inRes.statusCode, 201, inRes.body);
  assert.equal(inRes.json().zone.free, zone.free - 1);
  const refused = await inject('POST', '/api/parking/gate/entry', gate, { plate: demoParkingPlates.expired });
  assert.deepEqual([refused.statusCode, refused.json().error.reason], [422, 'permit_expired']);
  // The gate cannot use staff routes, nor staff the gate's.
  assert.equal((await inject('GET', '/api/parking/zones', gate)).statusCode, 403);
  assert.equal((await inject('POST', '/api/parking/gate/entry', as(attendant), { plate: demoParkingPlates.permit })).statusCode, 403);
  assert.equal((await inject('POST', '/api/parking/gate/exit', gate, { plate: demoParkingPlates.permit })).statusCode, 200);
  assert.equal((await inject('DELETE', `/api/parking/zone-keys/${id}`, as(chair))).statusCode, 204);
  const after = await inject('POST', '/api/parking/gate/entry', gate, { plate: demoParkingPlates.permit });
  assert.deepEqual([after.statusCode, after.json().error.code], [401, 'unauthenticated']);
  assert.equal((await inject('GET', '/api/parking/gate/zone', { 'x-zone-key': 'nxz_guess' })).statusCode, 401);
  const stored = await t.ctx.db.selectFrom('parking_zone_keys').select('key_hash').where('id', '=', id).executeTakeFirstOrThrow();
  assert.notEqual(stored.key_hash, key);
});

test('console: overstays, daily figures, refusals, registrations by hand, zone changes', async () => {
  const over = (await inject('GET', '/api/parking/overstays', as(officer))).json().items;
  assert.ok(over.length >= 1 && over.every((s: { overLimit: boolean; overMinutes: number }) => s.overLimit && s.overMinutes > 0));
  const fig = await inject('GET', '/api/parking/figures', as(officer));
  assert.equal(fig.statusCode, 200, fig.body);
  const days = new Set(fig.json().items.map((f: { day: string }) => f.day));
  assert.ok(days.size >= 6, 'a week of demo figures');
  for (const f of fig.json().items) assert.ok(f.peak <= f.capacity && f.entries > 0);
  assert.equal((await inject('GET', '/api/parking/figures', as(attendant))).statusCode, 403);
  const badRange = await inject('GET', '/api/parking/figures?from=2026-03-10&to=2026-03-01', as(officer));
  assert.deepEqual(details(badRange), [['from', 'after_to']]);
  assert.ok((await inject('GET', '/api/parking/refusals', as(officer))).json().items.some((r: { reason: string }) => r.reason === 'not_registered'));

  const reg = await inject('POST', '/api/parking/vehicles', as(officer), { plate: '新B7X7X7', reason: '新入会会员，运输证办理中', validTo: '2099-01-01' });
  assert.equal(reg.statusCode, 201, reg.body);
  assert.equal((await inject('POST', '/api/parking/vehicles', as(officer), { plate: '新B7X7X7', reason: '重复' })).json().error.details[0].code, 'already_registered');
  assert.deepEqual(details(await inject('POST', '/api/parking/vehicles', as(officer), { plate: '新B7X7X8', reason: 'x' })), [['reason', 'too_short']]);
  assert.deepEqual(details(await inject('POST', '/api/parking/vehicles', as(officer), { plate: '新B7X7X8', reason: '临时登记', validTo: '2020-01-01' })), [['validTo', 'in_past']]);
  const entered = await inject('POST', `/api/parking/zones/${demoZones.north}/entries`, as(attendant), { plate: '新B7X7X7' });
  assert.equal(entered.json().stay.basis, 'manual');
  assert.equal((await inject('DELETE', `/api/parking/vehicles/${reg.json().vehicle.id}`, as(officer))).statusCode, 204);
  assert.equal((await inject('DELETE', `/api/parking/vehicles/${reg.json().vehicle.id}`, as(officer))).statusCode, 404);

  const low = await inject('PATCH', `/api/parking/zones/${demoZones.north}`, as(chair), { capacity: 1 });
  assert.deepEqual([low.statusCode, ...details(low)], [409, ['capacity', 'below_occupancy']]);
  assert.equal((await inject('PATCH', `/api/parking/zones/${demoZones.north}`, as(officer), { freeMinutes: 90 })).statusCode, 403);
  const changed = await inject('PATCH', `/api/parking/zones/${demoZones.north}`, as(chair), { freeMinutes: 150 });
  assert.equal(changed.json().zone.freeMinutes, 150);
  const created = await inject('POST', '/api/parking/zones', as(admin), { orgId: demoOrgs.rideHailingUnion, name: '地窝堡机场网约车停车区', capacity: 60, freeMinutes: 60 });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(details(await inject('POST', '/api/parking/zones', as(admin), { orgId: demoOrgs.lawFirm, name: '律所', capacity: 0, freeMinutes: 60 })), [['capacity', 'too_short']]);
  assert.deepEqual(details(await inject('POST', '/api/parking/zones', as(admin), { orgId: demoOrgs.lawFirm, name: '律所', capacity: 5, freeMinutes: 60 })), [['orgId', 'unknown_union']]);
});
