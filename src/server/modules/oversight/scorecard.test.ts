import { test } from 'node:test';

import assert from 'node:assert/strict';
import { csvField, csvLine, fairnessByPlatform, maskDriver, maskPlate, monthBounds, previousMonths, principleStatus, rateOf, unionMs } from './scorecard.js';
import { beijingDay } from '../../platform/time.js';

test('rates: orders and blocks per 1,000 completed orders, driver-days and driver-months per 100 drivers', () => {
  assert.equal(rateOf('R1', 3, { completed: 1000, drivers: 50 }), 3);
  assert.equal(rateOf('E1', 1, { completed: 3000, drivers: 50 }), 0.333);
  assert.equal(rateOf('P3', 5, { completed: 1000, drivers: 50 }), 10);
  assert.equal(rateOf('P2', 1, { completed: 1000, drivers: 0 }), null, 'no drivers: no rate');
  assert.equal(rateOf('R1', 0, { completed: 0, drivers: 0 }), null);
});

test('principles: met with no violation, partly within the tolerance, not met above it, no data without rates', () => {
  const c = (count: number, rate: number | null) => ({ count, rate });
  assert.deepEqual(principleStatus({ P1: c(0, 0), P2: c(0, 0), P3: c(0, 0), P7: c(0, 0) }, 'fair_pay'), { status: 'met', failing: [] });
  assert.deepEqual(principleStatus({ P1: c(1, 0.5), P2: c(0, 0), P3: c(0, 0), P7: c(0, 0) }, 'fair_pay'), { status: 'partly', failing: ['P1'] });
  assert.deepEqual(principleStatus({ P1: c(1, 0.5), P2: c(0, 0), P3: c(9, 18), P7: c(0, 0) }, 'fair_pay'), { status: 'not_met', failing: ['P1', 'P3'] });
  assert.equal(principleStatus({}, 'legal_operation').status, 'no_data');
});

test('dispatch fairness over a month: mean and worst Gini, members weighted by driver-days', () => {
  const [f] = fairnessByPlatform([
    { platform: 'didi', day: '2026-11-01', drivers: 10, orders: 100, gini: 0.2, members: { drivers: 4, ordersPerDriver: 10 }, nonMembers: { drivers: 6, ordersPerDriver: 10 } },
    { platform: 'didi', day: '2026-11-02', drivers: 10, orders: 100, gini: 0.4, members: { drivers: 1, ordersPerDriver: 20 }, nonMembers: { drivers: 9, ordersPerDriver: 9 } },
  ]);
  assert.equal(f!.meanGini, 0.3);
  assert.equal(f!.maxGini, 0.4);
  assert.equal(f!.maxGiniDay, '2026-11-02');
  assert.deepEqual(f!.members, { driverDays: 5, ordersPerDriver: 12 });
});

test('worked time is the union of service intervals: overlaps count once, gaps do not count', () => {
  const m = 60_000;
  assert.equal(unionMs([]), 0);
  assert.equal(unionMs([[0, 60 * m]]), 60 * m);
  assert.equal(unionMs([[0, 60 * m], [30 * m, 90 * m]]), 90 * m, 'overlap');
  assert.equal(unionMs([[30 * m, 90 * m], [0, 60 * m], [120 * m, 130 * m]]), 100 * m, 'unsorted, with a gap');
  assert.equal(unionMs([[0, 100 * m], [10 * m, 20 * m]]), 100 * m, 'contained');
});

test('Beijing days and months', () => {
  assert.equal(beijingDay(Date.parse('2026-11-02T16:30:00Z')), '2026-11-03', 'past midnight in Beijing');
  const [a, b] = monthBounds('2026-12');
  assert.equal(new Date(a).toISOString(), '2026-11-30T16:00:00.000Z');
  assert.equal(new Date(b).toISOString(), '2026-12-31T16:00:00.000Z');
  assert.deepEqual(previousMonths('2026-02', 3), ['2025-11', '2025-12', '2026-01']);
});

test('CSV: quoting, doubled quotes, line breaks, formula guard; numbers as they are', () => {
  assert.equal(csvField('乌鲁木齐'), '乌鲁木齐');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-5), '-5');
  assert.equal(csvField(null), '');
  assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n');
});

test('analysts see no identities', () => {
  assert.equal(maskPlate('新AE0001'), '新A•••••');
  assert.equal(maskDriver('t3:d-77'), 't3:•••');
  assert.equal(maskDriver('650102199001011234'), '•••');
});
