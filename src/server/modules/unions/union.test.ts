import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkApply, membershipNumber } from './union.js';

test('membership numbers carry union, year and a padded running number', () => {
  assert.equal(membershipNumber('WLMQ-WYC', 2026, 7), 'WLMQ-WYC-2026-000007');
  assert.equal(membershipNumber('CJ', 2025, 1234567), 'CJ-2025-1234567');
});

test('apply rules', () => {
  const cases: [string, Parameters<typeof checkApply>, ReturnType<typeof checkApply>][] = [
    ['first application', ['u1', null, null], { ok: true, transferFrom: null }],
    ['transfer from another union', ['u2', { id: 'm1', unionId: 'u1' }, null], { ok: true, transferFrom: 'm1' }],
    ['already a member', ['u1', { id: 'm1', unionId: 'u1' }, null], { ok: false, code: 'conflict', why: 'You are already a member of this union' }],
    ['one pending at a time', ['u2', null, { unionId: 'u3' }], { ok: false, code: 'conflict', why: 'You already have an application waiting for a decision' }],
  ];
  for (const [name, args, expected] of cases) assert.deepEqual(checkApply(...args), expected, name);
});
