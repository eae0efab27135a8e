import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../platform/access.js';
import type { Role } from '../../../shared/reference.js';
import { problemStatuses, problemSteps, type ProblemStatus, type ProblemStep } from '../../../shared/campaign.js';
import { categories } from '../../../shared/cases.js';
import { categoryArea, isOverdue, nextStatus, offeredAgain, risesEnough, statusTable, stepsFrom } from './campaign.js';
import { mayOnCampaign, mayOnProblem, seesNames, type ProblemAction } from './campaign.policy.js';

test('the status table: every status × step, and nothing else', () => {
  const want: Record<string, ProblemStatus> = {
    'open start': 'in_progress',
    'open dismiss': 'dismissed',
    'in_progress close': 'closed',
    'in_progress dismiss': 'dismissed',
    'closed reopen': 'in_progress',
    'dismissed reopen': 'open',
  };
  for (const s of problemStatuses) {
    for (const st of problemSteps) assert.equal(nextStatus(s, st as ProblemStep), want[`${s} ${st}`] ?? null, `${s} ${st}`);
    assert.deepEqual(stepsFrom(s).sort(), Object.keys(statusTable[s]).sort());
  }
  assert.equal(nextStatus('open', 'close'), null, 'an open problem cannot close without work');
});

test('overdue: past the deadline and not finished; every case category has an area; proposals and trends', () => {
  assert.equal(isOverdue({ deadline: '2026-06-30', status: 'open' }, '2026-07-01'), true);
  assert.equal(isOverdue({ deadline: '2026-06-30', status: 'in_progress' }, '2026-06-30'), false, 'the deadline day itself is not late');
  assert.equal(isOverdue({ deadline: '2026-06-30', status: 'closed' }, '2026-09-01'), false);
  assert.equal(isOverdue({ deadline: '2026-06-30', status: 'dismissed' }, '2026-09-01'), false);
  for (const c of categories) assert.ok(['employment', 'pay', 'rest', 'safety'].includes(categoryArea[c]), c);
  assert.equal(offeredAgain(undefined, 3), true);
  assert.equal(offeredAgain(3, 3), false, 'not offered again at the same size');
  assert.equal(offeredAgain(3, 4), true, 'offered again once it grows');
  assert.equal(risesEnough(10, 15, 5), true);
  assert.equal(risesEnough(10, 14, 5), false, 'below the minimum rise');
  assert.equal(risesEnough(100, 110, 5), false, 'below 20 %');
  assert.equal(risesEnough(0, 5, 5), true);
});

const LEAD = 'lead-org';
const OWNER = 'owner-org';
const as = (role: Role, orgId: string, userId = 'u'): Principal => ({ kind: 'user', userId, name: 'n', roles: [{ role, orgId }], isStaff: true, sessionHash: 'h' });

test('policy: every role × action on a problem, at the lead, the owner agency and elsewhere', () => {
  const facts = { leadOrgId: LEAD, ownerOrgId: OWNER, ownerUserId: 'owner-person' };
  const actions: ProblemAction[] = ['view', 'edit', 'progress', 'evidence'];
  const expect: [string, Principal, ProblemAction[]][] = [
    ['lead chair (manager)', as('union_chair', LEAD), ['view', 'edit', 'progress', 'evidence']],
    ['lead policy officer (manager)', as('policy_officer', LEAD), ['view', 'edit', 'progress', 'evidence']],
    ['lead officer', as('union_officer', LEAD), ['view', 'evidence']],
    ['owner person', as('union_officer', OWNER, 'owner-person'), ['view', 'progress', 'evidence']],
    ['owner agency’s chair', as('union_chair', OWNER), ['view', 'evidence']],
    ['owner agency’s officer', as('union_officer', OWNER), ['view', 'evidence']],
    ['analyst', as('analyst', ''), ['view']],
    ['another union’s chair', as('union_chair', 'elsewhere'), []],
    ['another agency’s policy officer', as('policy_officer', 'elsewhere'), []],
    ['station operator of the lead', as('station_operator', LEAD), []],
    ['lawyer', as('lawyer', 'law'), []],
    ['admin', as('admin', ''), []],
    ['auditor', as('auditor', ''), []],
    ['worker', as('worker', ''), []],
    ['anonymous', { kind: 'anonymous' }, []],
  ];
  for (const [name, p, want] of expect) for (const a of actions) assert.equal(mayOnProblem(p, facts, a), want.includes(a), `${name} ${a}`);
  const cf = { leadOrgId: LEAD, ownerOrgIds: [OWNER], ownerUserIds: ['owner-person'] };
  for (const [name, p, want] of expect) {
    assert.equal(mayOnCampaign(p, cf, 'view'), want.includes('view'), `${name} campaign view`);
    assert.equal(mayOnCampaign(p, cf, 'manage'), want.includes('edit'), `${name} campaign manage`);
  }
  assert.equal(seesNames(as('analyst', '')), false, 'analysts read everything but personal data');
  assert.equal(seesNames(as('union_officer', OWNER)), true);
});
