import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canDisable, canSetRoles, isStaffRoles } from './identity.policy.js';
import type { Principal } from '../../platform/access.js';

const admin: Principal = { kind: 'user', userId: 'a', name: 'A', roles: [{ role: 'admin', orgId: '' }], isStaff: true, sessionHash: 'h' };
const officer: Principal = { kind: 'user', userId: 'o', name: 'O', roles: [{ role: 'union_officer', orgId: 'u' }], isStaff: true, sessionHash: 'h' };

test('only an admin sets roles, never their own, and never admin+auditor together', () => {
  assert.deepEqual(canSetRoles(admin, 'x', [{ role: 'union_officer', orgId: 'u' }]), { ok: true });
  assert.equal(canSetRoles(admin, 'a', [{ role: 'auditor', orgId: '' }]).ok, false);
  assert.equal(canSetRoles(admin, 'x', [{ role: 'admin', orgId: '' }, { role: 'auditor', orgId: '' }]).ok, false);
  assert.equal(canSetRoles(officer, 'x', [{ role: 'worker', orgId: '' }]).ok, false);
  assert.equal(canSetRoles({ kind: 'anonymous' }, 'x', []).ok, false);
});

test('an admin cannot disable themselves', () => {
  assert.equal(canDisable(admin, 'x'), true);
  assert.equal(canDisable(admin, 'a'), false);
  assert.equal(canDisable(officer, 'x'), false);
});

test('staff is anyone with a role other than worker', () => {
  assert.equal(isStaffRoles([{ role: 'worker', orgId: '' }]), false);
  assert.equal(isStaffRoles([{ role: 'worker', orgId: '' }, { role: 'lawyer', orgId: 'f' }]), true);
});
