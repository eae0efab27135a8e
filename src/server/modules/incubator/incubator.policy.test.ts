import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../platform/access.js';
import { roles, type Role } from '../../../shared/reference.js';
import { baseOrgs, mayOnBase, type BaseAction } from './incubator.policy.js';

const BASE = 'base-1';
const OTHER = 'base-2';
const as = (role: Role, orgId = BASE): Principal => ({ kind: 'user', userId: 'u', name: 'x', roles: [{ role, orgId }], isStaff: true, sessionHash: '' });

test('every role × action on its own base', () => {
  const expected: Record<BaseAction, Role[]> = { view: ['incubator_manager', 'admin'], manage: ['incubator_manager'], figures: ['incubator_manager', 'admin', 'analyst'] };
  for (const action of ['view', 'manage', 'figures'] as const)
    for (const role of roles) {
      const org = role === 'admin' || role === 'analyst' || role === 'auditor' ? '' : BASE;
      assert.equal(mayOnBase(as(role, org), BASE, action), expected[action].includes(role), `${role} ${action}`);
    }
});

test('another base’s manager may do nothing; nobody anonymous', () => {
  for (const action of ['view', 'manage', 'figures'] as const) {
    assert.equal(mayOnBase(as('incubator_manager', OTHER), BASE, action), false);
    assert.equal(mayOnBase({ kind: 'anonymous' }, BASE, action), false);
  }
  assert.deepEqual(baseOrgs(as('incubator_manager'), 'manage'), [BASE]);
  assert.equal(baseOrgs(as('admin', ''), 'view'), 'all');
  assert.deepEqual(baseOrgs(as('admin', ''), 'manage'), []);
  assert.equal(baseOrgs(as('analyst', ''), 'figures'), 'all');
  assert.deepEqual(baseOrgs(as('analyst', ''), 'view'), []);
});
