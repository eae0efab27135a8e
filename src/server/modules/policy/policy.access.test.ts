import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../platform/access.js';
import { roles, type Role } from '../../../shared/reference.js';
import { figureOrgs, mayClaimFor, mayReview, maySeeApplication, reviewOrgs, type ReviewAction } from './policy.access.js';

const A = 'agency-1';
const as = (role: Role, orgId = A, userId = 'u'): Principal => ({ kind: 'user', userId, name: 'n', roles: [{ role, orgId }], isStaff: true, sessionHash: 'h' });
const orgless = (r: Role) => ['admin', 'analyst', 'auditor', 'worker'].includes(r);

test('every role × action on an application of its agency, and of another agency', () => {
  const actions: ReviewAction[] = ['view', 'decide', 'disburse'];
  for (const role of roles) {
    for (const a of actions) {
      assert.equal(mayReview(as(role, orgless(role) ? '' : A), A, a), role === 'policy_officer', `${role} ${a}`);
      assert.equal(mayReview(as(role, 'agency-2'), A, a), false, `${role} of another agency ${a}`);
    }
  }
  assert.equal(mayReview({ kind: 'anonymous' }, A, 'view'), false);
  assert.equal(mayReview({ kind: 'platform', platformCode: 'didi', keyId: 'k' }, A, 'view'), false);
  assert.equal(mayReview({ kind: 'gate', zoneId: 'z', keyId: 'k' }, A, 'view'), false);
});

test('who sees an application: its applicant and its reviewers', () => {
  const app = { applicant_user_id: 'me', agency_org_id: A };
  assert.equal(maySeeApplication(as('worker', '', 'me'), app), true);
  assert.equal(maySeeApplication(as('worker', '', 'someone'), app), false);
  assert.equal(maySeeApplication(as('policy_officer'), app), true);
  assert.equal(maySeeApplication(as('policy_officer', 'agency-2'), app), false);
  for (const role of roles.filter((r) => r !== 'policy_officer')) assert.equal(maySeeApplication(as(role, orgless(role) ? '' : A), app), false, role);
});

test('figures: an analyst every agency, an officer their own, nobody else', () => {
  assert.equal(figureOrgs(as('analyst', '')), 'all');
  assert.deepEqual(figureOrgs(as('policy_officer')), [A]);
  assert.deepEqual(reviewOrgs(as('policy_officer')), [A]);
  for (const role of roles.filter((r) => r !== 'policy_officer' && r !== 'analyst')) assert.deepEqual(figureOrgs(as(role, orgless(role) ? '' : A)), [], role);
});

test('a school claims only for its own cohorts', () => {
  assert.equal(mayClaimFor(as('trainer', 'school-1'), 'school-1'), true);
  assert.equal(mayClaimFor(as('trainer', 'school-2'), 'school-1'), false);
  for (const role of roles.filter((r) => r !== 'trainer')) assert.equal(mayClaimFor(as(role, 'school-1'), 'school-1'), false, role);
});
