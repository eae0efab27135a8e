import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';
import { mayOnZone, zoneOrgs, type ZoneAction } from './parking.policy.js';

const U = 'union-1';
const as = (role: Role, orgId = U): Principal => ({ kind: 'user', userId: 'u', name: 'n', roles: [{ role, orgId }], isStaff: true, sessionHash: 'h' });

test('every role × action on a zone of its union, and on another union’s zone', () => {
  const want: Record<string, ZoneAction[]> = {
    parking_attendant: ['view', 'operate'],
    union_officer: ['view', 'operate', 'figures'],
    union_chair: ['view', 'operate', 'figures', 'manage'],
    admin: ['view', 'figures', 'manage'],
  };
  const actions: ZoneAction[] = ['view', 'operate', 'figures', 'manage'];
  for (const role of ['worker', 'station_operator', 'parking_attendant', 'union_officer', 'union_chair', 'lawyer', 'analyst', 'admin', 'auditor'] as Role[]) {
    const orgless = ['admin', 'analyst', 'auditor', 'worker'].includes(role);
    for (const a of actions) {
      assert.equal(mayOnZone(as(role, orgless ? '' : U), U, a), (want[role] ?? []).includes(a), `${role} ${a}`);
      if (role !== 'admin') assert.equal(mayOnZone(as(role, 'union-2'), U, a), false, `${role} of another union ${a}`);
    }
  }
  assert.equal(mayOnZone({ kind: 'anonymous' }, U, 'view'), false);
  assert.equal(mayOnZone({ kind: 'gate', zoneId: 'z', keyId: 'k' }, U, 'operate'), false);
});

test('zone scopes: an admin sees all, staff their unions', () => {
  assert.equal(zoneOrgs(as('admin', ''), 'view'), 'all');
  assert.deepEqual(zoneOrgs(as('admin', ''), 'operate'), []);
  assert.deepEqual(zoneOrgs(as('parking_attendant'), 'operate'), [U]);
  assert.deepEqual(zoneOrgs(as('parking_attendant'), 'figures'), []);
});
