import { test } from 'node:test';

import assert from 'node:assert/strict';
import { addDays, beijingDayStart, decideRegistration, isOverLimit, type PlateFacts } from './parking.js';
import { beijingDay } from '../../platform/time.js';

const none: PlateFacts = { manual: null, permits: [], isWorkerVehicle: false, isMemberVehicle: false };
const today = '2026-03-10';

test('registration: each basis, and each refusal with its reason', () => {
  const cases: [string, Partial<PlateFacts>, ReturnType<typeof decideRegistration>][] = [
    ['unknown plate', {}, { registered: false, reason: 'not_registered' }],
    ['permit valid today', { permits: [{ validFrom: '2025-01-01', validTo: '2027-01-01' }] }, { registered: true, basis: 'permit' }],
    ['permit starts today (inclusive)', { permits: [{ validFrom: today, validTo: '2027-01-01' }] }, { registered: true, basis: 'permit' }],
    ['permit ends today (inclusive)', { permits: [{ validFrom: '2024-01-01', validTo: today }] }, { registered: true, basis: 'permit' }],
    ['permit ended yesterday', { permits: [{ validFrom: '2024-01-01', validTo: '2026-03-09' }] }, { registered: false, reason: 'permit_expired' }],
    ['old permit ended, renewal valid', { permits: [{ validFrom: '2022-01-01', validTo: '2024-01-01' }, { validFrom: '2024-01-02', validTo: '2028-01-01' }] }, { registered: true, basis: 'permit' }],
    ['permit starts tomorrow', { permits: [{ validFrom: '2026-03-11', validTo: '2028-01-01' }] }, { registered: false, reason: 'no_permit' }],
    ['a member’s car without a permit', { isWorkerVehicle: true, isMemberVehicle: true }, { registered: true, basis: 'member' }],
    ['a member’s car with an expired permit', { isWorkerVehicle: true, isMemberVehicle: true, permits: [{ validFrom: '2020-01-01', validTo: '2021-01-01' }] }, { registered: true, basis: 'member' }],
    ['a non-member worker’s car', { isWorkerVehicle: true }, { registered: false, reason: 'no_permit' }],
    ['registered by hand, open-ended', { manual: { validTo: null } }, { registered: true, basis: 'manual' }],
    ['registered by hand until today', { manual: { validTo: today } }, { registered: true, basis: 'manual' }],
    ['registered by hand, ran out', { manual: { validTo: '2026-03-09' } }, { registered: false, reason: 'no_permit' }],
    ['by hand beats an expired permit', { manual: { validTo: null }, permits: [{ validFrom: '2020-01-01', validTo: '2021-01-01' }] }, { registered: true, basis: 'manual' }],
  ];
  for (const [name, facts, want] of cases) assert.deepEqual(decideRegistration({ ...none, ...facts }, today), want, name);
});

test('Beijing days: midnight is at 16:00 UTC the day before', () => {
  assert.equal(beijingDay(Date.parse('2026-03-09T15:59:59.999Z')), '2026-03-09');
  assert.equal(beijingDay(Date.parse('2026-03-09T16:00:00Z')), '2026-03-10');
  assert.equal(beijingDayStart('2026-03-10'), Date.parse('2026-03-09T16:00:00Z'));
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
});

test('over the limit: strictly longer than the free minutes', () => {
  assert.equal(isOverLimit(0, 120 * 60_000, 120), false);
  assert.equal(isOverLimit(0, 120 * 60_000 + 1, 120), true);
});
