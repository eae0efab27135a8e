// Entries and exits against a freshly migrated database (SQLite, or PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';

import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';

import { demoOrgs } from '../../demo/seed.js';

import { demoParkingPlates } from '../../demo/parking.js';

import { newId } from '../../platform/context.js';

import type { Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';

import { systemActor } from '../../platform/audit.js';

import * as svc from './parking.service.js';
import * as setup from './parking.setup.js';
import { beijingDay } from '../../platform/time.js';

let t: TestApp;
const chair: Principal = { kind: 'user', userId: '', name: '主席', roles: [{ role: 'union_chair', orgId: demoOrgs.rideHailingUnion }], isStaff: true, sessionHash: '' };
const attendant = { via: 'attendant' as const, actor: systemActor };

before(async () => {
  t = await testApp({ workers: 5 });
  const u = await t.ctx.db.selectFrom('users').select('id').where('phone_last4', '=', '0003').executeTakeFirstOrThrow();
  (chair as { userId: string }).userId = u.id;
});
after(() => t.close());

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
let plateNo = 0;
/** Fresh plates with a permit valid today: 新C + letter pattern no demo data uses. */
async function permitted(n: number) {
  const plates = Array.from({ length: n }, () => {
    const k = plateNo++;
    return `新C${LETTERS[k % 24]}${LETTERS[Math.floor(k / 24) % 24]}${k % 10}${LETTERS[(k * 7) % 24]}${Math.floor(k / 10) % 10}`;
  });
  const now = Date.now();
  await t.ctx.db
    .insertInto('vehicle_permits')
    .values(plates.map((plate, i) => ({ id: newId(), plate, permit_no: `T${plateNo}-${i}`, valid_from: '2024-01-01', valid_to: '2099-12-31', registered_on: '2023-01-01', odometer_km: 1, created_at: now, updated_at: now })))
    .execute();
  return plates;
}
const newZone = (capacity: number, freeMinutes = 120) =>
  setup.createZone(t.ctx, chair, { orgId: demoOrgs.rideHailingUnion, name: `测试区 ${newId().slice(0, 6)}`, place: '', capacity, freeMinutes }, systemActor);
const zoneRow = (id: string) => t.ctx.db.selectFrom('parking_zones').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const refusalOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return { status: e.status, reason: e.extra.reason as string, code: e.details[0]?.code };
  }
  assert.fail('expected a refusal');
};

test('50 cars at once into a zone with 10 free spaces: exactly 10 get in, the rest are told it is full', async () => {
  const z = await newZone(12);
  // Two spaces already taken.
  const [a, b] = await permitted(2);
  await svc.enter(t.ctx, await zoneRow(z.id), a!, attendant);
  await svc.enter(t.ctx, await zoneRow(z.id), b!, attendant);
  const plates = await permitted(50);
  const row = await zoneRow(z.id);
  const results = await Promise.allSettled(plates.map((p) => svc.enter(t.ctx, row, p, { via: 'gate', actor: systemActor })));
  const admitted = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(admitted.length, 10);
  assert.equal(refused.length, 40);
  for (const r of refused) {
    assert.ok(r.reason instanceof AppError, String(r.reason));
    assert.equal(r.reason.status, 409);
    assert.equal(r.reason.extra.reason, 'zone_full');
  }
  const after = await zoneRow(z.id);
  assert.equal(after.occupied, 12, 'never above capacity');
  const open = await t.ctx.db.selectFrom('parking_stays').select('id').where('zone_id', '=', z.id).where('exited_at', 'is', null).execute();
  assert.equal(open.length, 12, 'one stay per space taken: nothing half-stored');
  const refusals = await t.ctx.db.selectFrom('parking_refusals').select('reason').where('zone_id', '=', z.id).execute();
  assert.equal(refusals.length, 40);
  const day = await t.ctx.db.selectFrom('parking_daily').selectAll().where('zone_id', '=', z.id).executeTakeFirstOrThrow();
  assert.deepEqual([day.entries, day.refusals, day.peak, day.day], [12, 40, 12, beijingDay(Date.now())]);
});

test('the same car at two gates at once gets in once; the second entry is refused as already inside', async () => {
  const z = await newZone(5);
  const [p] = await permitted(1);
  const row = await zoneRow(z.id);
  const results = await Promise.allSettled([svc.enter(t.ctx, row, p!, attendant), svc.enter(t.ctx, row, p!, attendant), svc.enter(t.ctx, row, p!, attendant)]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).extra.reason, 'already_inside');
  assert.equal((await zoneRow(z.id)).occupied, 1);
  // …and in another zone too: a car is in one place at a time.
  const other = await newZone(5);
  assert.deepEqual(await refusalOf(svc.enter(t.ctx, await zoneRow(other.id), p!, attendant)), { status: 409, reason: 'already_inside', code: 'already_inside' });
  assert.equal((await zoneRow(other.id)).occupied, 0);
});

test('registration: permit, member’s car, registered by hand; refusals say why and store no stay', async () => {
  const z = await newZone(10);
  const row = () => zoneRow(z.id);
  const cases: [string, string][] = [
    [demoParkingPlates.unregistered, 'not_registered'],
    [demoParkingPlates.expired, 'permit_expired'],
  ];
  for (const [plate, reason] of cases) assert.deepEqual(await refusalOf(svc.enter(t.ctx, await row(), plate, attendant)), { status: 422, reason, code: reason }, plate);
  assert.equal((await row()).occupied, 0);
  assert.equal((await t.ctx.db.selectFrom('parking_stays').select('id').where('zone_id', '=', z.id).execute()).length, 0);

  assert.equal((await svc.enter(t.ctx, await row(), demoParkingPlates.permit, attendant)).stay.basis, 'permit');
  // A union member's car without a transport permit.
  const member = await t.ctx.db.selectFrom('memberships').select('worker_id').where('ended_at', 'is', null).executeTakeFirstOrThrow();
  const memberPlate = '新C9Z9Z9';
  await t.ctx.db.insertInto('worker_vehicles').values({ worker_id: member.worker_id, plate: memberPlate }).execute();
  assert.equal((await svc.enter(t.ctx, await row(), memberPlate, attendant)).stay.basis, 'member');
  await setup.registerManual(t.ctx, chair, { plate: demoParkingPlates.unregistered, reason: '工会临时登记（换车中）' }, systemActor);
  assert.equal((await svc.enter(t.ctx, await row(), demoParkingPlates.unregistered, attendant)).stay.basis, 'manual');
  await assert.rejects(setup.registerManual(t.ctx, chair, { plate: demoParkingPlates.unregistered, reason: '再登记一次' }, systemActor), (e: AppError) => e.details[0]?.code === 'already_registered');
  for (const p of [demoParkingPlates.permit, memberPlate, demoParkingPlates.unregistered]) await svc.exit(t.ctx, await row(), p, attendant);
  const reg = await t.ctx.db.selectFrom('parking_vehicles').select('id').where('plate', '=', demoParkingPlates.unregistered).where('removed_at', 'is', null).executeTakeFirstOrThrow();
  await setup.removeManual(t.ctx, chair, reg.id, systemActor);
  assert.equal((await refusalOf(svc.enter(t.ctx, await row(), demoParkingPlates.unregistered, attendant))).reason, 'not_registered');
});

test('exit closes the stay and frees the space; stays over the limit are listed and counted', async () => {
  const z = await newZone(3, 120);
  const [p, q] = await permitted(2);
  const start = Date.now();
  t.ctx.now = () => start;
  try {
    await svc.enter(t.ctx, await zoneRow(z.id), p!, attendant);
    await svc.enter(t.ctx, await zoneRow(z.id), q!, attendant);
    t.ctx.now = () => start + 121 * 60_000;
    const over = await svc.overstays(t.ctx, chair, z.id);
    assert.deepEqual(over.map((s) => [s.plate, s.overMinutes]), [[p, 1], [q, 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'en')));
    assert.equal((await svc.listZones(t.ctx, chair)).find((x) => x.id === z.id)!.overLimit, 2);
    const out = await svc.exit(t.ctx, await zoneRow(z.id), p!, attendant);
    assert.deepEqual([out.stay.minutes, out.stay.overLimit, out.zone.occupied, out.zone.free], [121, true, 1, 2]);
    assert.deepEqual(await refusalOf(svc.exit(t.ctx, await zoneRow(z.id), p!, attendant)), { status: 409, reason: 'not_inside', code: 'not_inside' });
    const other = await newZone(3);
    assert.equal((await refusalOf(svc.exit(t.ctx, await zoneRow(other.id), q!, attendant))).reason, 'inside_other_zone');
    t.ctx.now = () => start + 60 * 60_000;
    await svc.exit(t.ctx, await zoneRow(z.id), q!, attendant);
    const fig = (await svc.figures(t.ctx, chair, beijingDay(start), beijingDay(start + 121 * 60_000))).filter((f) => f.zoneId === z.id);
    const total = fig.reduce((a, f) => ({ exits: a.exits + f.exits, overstays: a.overstays + f.overstays }), { exits: 0, overstays: 0 });
    assert.deepEqual(total, { exits: 2, overstays: 1 });
    assert.equal((await zoneRow(z.id)).occupied, 0);
  } finally {
    delete t.ctx.now;
  }
});

test('capacity cannot drop below the cars parked; a closed zone refuses entries', async () => {
  const z = await newZone(3);
  const [a, b, c] = await permitted(3);
  for (const p of [a!, b!]) await svc.enter(t.ctx, await zoneRow(z.id), p, attendant);
  await assert.rejects(setup.updateZone(t.ctx, chair, z.id, { capacity: 1 }, systemActor), (e: AppError) => e.status === 409 && e.details[0]?.code === 'below_occupancy');
  assert.equal((await setup.updateZone(t.ctx, chair, z.id, { capacity: 2 }, systemActor)).free, 0);
  assert.equal((await refusalOf(svc.enter(t.ctx, await zoneRow(z.id), c!, attendant))).reason, 'zone_full');
  await setup.updateZone(t.ctx, chair, z.id, { active: false, capacity: 10 }, systemActor);
  assert.equal((await refusalOf(svc.enter(t.ctx, await zoneRow(z.id), c!, attendant))).reason, 'zone_closed');
});

test('every entry, exit and refusal is in the audit log; the demo has a car over the limit', async () => {
  const actions = await t.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'parking.%').execute();
  const kinds = new Set(actions.map((a) => a.action));
  for (const k of ['parking.entry', 'parking.exit', 'parking.refusal', 'parking.zone.create', 'parking.vehicle.register']) assert.ok(kinds.has(k), k);
  const demoOver = await svc.overstays(t.ctx, chair);
  assert.ok(demoOver.some((s) => s.zoneName.includes('北广场')), 'the seeded car over the limit');
  const zones = await svc.listZones(t.ctx, chair);
  const demo = zones.filter((z) => z.name.startsWith('乌鲁木齐站'));
  assert.equal(demo.reduce((n, z) => n + z.capacity, 0), 200);
  for (const z of demo) {
    const open = await t.ctx.db.selectFrom('parking_stays').select('id').where('zone_id', '=', z.id).where('exited_at', 'is', null).execute();
    assert.equal(z.occupied, open.length, `${z.name}: the counter matches the open stays`);
  }
});
