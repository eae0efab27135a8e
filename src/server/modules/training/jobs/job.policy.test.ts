import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../../platform/access.js';
import type { Role } from '../../../../shared/reference.js';
import { figuresScope, mayFollowUp, mayOnCandidate, mayOnOrder, orderScope, type OrderAction } from './job.policy.js';

const E = 'employer-1';
const S = 'school-1';
const as = (role: Role, orgId: string, userId = 'u'): Principal => ({ kind: 'user', userId, name: 'n', roles: [{ role, orgId }], isStaff: true, sessionHash: 'h' });
const orgOf: Partial<Record<Role, string>> = { employer: E, trainer: S, union_officer: 'union', union_chair: 'union', station_operator: 'station', lawyer: 'firm', parking_attendant: 'union', incubator_manager: 'inc' };

test('every role × action on an order of its employer, and on another employer’s order', () => {
  const want: Partial<Record<Role, OrderAction[]>> = {
    employer: ['view', 'manage', 'decide'],
    trainer: ['view', 'recommend'],
    analyst: ['view'],
    admin: ['view'],
  };
  const actions: OrderAction[] = ['view', 'manage', 'decide', 'recommend'];
  for (const role of ['worker', 'station_operator', 'union_officer', 'union_chair', 'lawyer', 'trainer', 'incubator_manager', 'employer', 'parking_attendant', 'analyst', 'admin', 'auditor'] as Role[]) {
    for (const a of actions) {
      assert.equal(mayOnOrder(as(role, orgOf[role] ?? ''), E, a), (want[role] ?? []).includes(a), `${role} ${a}`);
    }
  }
  // Another employer's order: nothing at all (the route answers 404).
  for (const a of actions) assert.equal(mayOnOrder(as('employer', 'employer-2'), E, a), false, `other employer ${a}`);
  assert.equal(mayOnOrder({ kind: 'anonymous' }, E, 'view'), false);
  assert.equal(mayOnOrder({ kind: 'platform', platformCode: 'didi', keyId: 'k' }, E, 'view'), false);
});

test('candidates: the order’s employer decides, the graduate’s school sees, the graduate withdraws', () => {
  const c = { orderOrgId: E, userId: 'grad', schoolIds: [S] };
  const cases: [Principal, 'view' | 'decide' | 'withdraw', boolean][] = [
    [as('employer', E), 'view', true],
    [as('employer', E), 'decide', true],
    [as('employer', E), 'withdraw', false],
    [as('employer', 'employer-2'), 'view', false],
    [as('employer', 'employer-2'), 'decide', false],
    [as('trainer', S), 'view', true],
    [as('trainer', S), 'decide', false],
    [as('trainer', 'school-2'), 'view', false],
    [as('worker', '', 'grad'), 'view', true],
    [as('worker', '', 'grad'), 'withdraw', true],
    [as('worker', '', 'grad'), 'decide', false],
    [as('worker', '', 'someone'), 'view', false],
    [as('worker', '', 'someone'), 'withdraw', false],
    [as('admin', ''), 'view', false],
  ];
  for (const [p, a, ok] of cases) assert.equal(mayOnCandidate(p, c, a), ok, `${JSON.stringify(p.kind === 'user' ? p.roles : p)} ${a}`);
  assert.equal(mayOnCandidate({ kind: 'anonymous' }, c, 'view'), false);
});

test('follow-ups and scopes', () => {
  const pl = { orgId: E, schoolIds: [S] };
  assert.equal(mayFollowUp(as('employer', E), pl), true);
  assert.equal(mayFollowUp(as('trainer', S), pl), true);
  assert.equal(mayFollowUp(as('employer', 'employer-2'), pl), false);
  assert.equal(mayFollowUp(as('trainer', 'school-2'), pl), false);
  assert.equal(mayFollowUp(as('analyst', ''), pl), false);
  assert.equal(figuresScope(as('analyst', '')), 'all');
  assert.deepEqual(figuresScope(as('trainer', S)), { schools: [S], employers: [] });
  assert.deepEqual(figuresScope(as('employer', E)), { schools: [], employers: [E] });
  assert.deepEqual(orderScope(as('employer', E)), [E]);
  assert.equal(orderScope(as('trainer', S)), 'all');
  assert.deepEqual(orderScope(as('worker', '')), []);
});
