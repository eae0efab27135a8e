import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../platform/access.js';
import { roles, type Role } from '../../../shared/reference.js';
import { mayOnSchool, schoolOrgs, type TrainingAction } from './training.policy.js';

const S = 'school-1';
const as = (role: Role, orgId = S): Principal => ({ kind: 'user', userId: 'u', name: 'n', roles: [{ role, orgId }], isStaff: true, sessionHash: 'h' });

test('every role × action on its school, and on another school', () => {
  const want: Partial<Record<Role, TrainingAction[]>> = { trainer: ['manage', 'figures'], analyst: ['figures'], admin: ['figures'] };
  for (const role of roles) {
    const orgless = ['admin', 'analyst', 'auditor', 'worker'].includes(role);
    for (const a of ['manage', 'figures'] as TrainingAction[]) {
      assert.equal(mayOnSchool(as(role, orgless ? '' : S), S, a), (want[role] ?? []).includes(a), `${role} ${a}`);
      if (!orgless) assert.equal(mayOnSchool(as(role, 'school-2'), S, a), false, `${role} of another school ${a}`);
    }
  }
  assert.equal(mayOnSchool({ kind: 'anonymous' }, S, 'figures'), false);
  assert.equal(mayOnSchool({ kind: 'gate', zoneId: 'z', keyId: 'k' }, S, 'manage'), false);
  assert.equal(mayOnSchool({ kind: 'platform', platformCode: 'didi', keyId: 'k' }, S, 'figures'), false);
});

test('school scopes: analysts and admins read every school’s figures, trainers their own', () => {
  assert.equal(schoolOrgs(as('analyst', ''), 'figures'), 'all');
  assert.equal(schoolOrgs(as('admin', ''), 'figures'), 'all');
  assert.deepEqual(schoolOrgs(as('analyst', ''), 'manage'), []);
  assert.deepEqual(schoolOrgs(as('trainer'), 'manage'), [S]);
  assert.deepEqual(schoolOrgs(as('trainer'), 'figures'), [S]);
  assert.deepEqual(schoolOrgs(as('union_chair'), 'figures'), []);
});
