import test from 'node:test';
import assert from 'node:assert/strict';
import { actions, allowedFrom, metresBetween, nextState, statuses, textSimilarity, transitions } from './case.js';
import { mayAct, seatsOn, type CaseFacts } from './case.policy.js';
import type { Principal } from '../../platform/access.js';

test('transition table: finished cases move nowhere; every target is a state; refusals list what is allowed', () => {
  for (const from of statuses) for (const to of Object.values(transitions[from])) assert.ok(statuses.includes(to!), `${from} → ${to}`);
  assert.deepEqual(allowedFrom('closed'), []);
  assert.deepEqual(allowedFrom('withdrawn'), []);
  assert.deepEqual(nextState('submitted', 'take'), { ok: true, to: 'assigned' });
  const refused = nextState('closed', 'reopen');
  assert.equal(refused.ok, false);
  const r = nextState('submitted', 'confirm');
  assert.ok(!r.ok && r.allowed.some((a) => a.action === 'take'));
  // Every state but the finished ones can be left; the worker can withdraw until the union proposes to close.
  for (const s of ['submitted', 'assigned', 'in_progress', 'waiting_worker', 'waiting_party'] as const) assert.equal(transitions[s].withdraw, 'withdrawn');
  assert.equal(transitions.proposed_closed.withdraw, undefined);
  assert.equal(transitions.proposed_closed.reject, 'appealed');
  assert.equal(transitions.appealed.take_appeal, 'in_progress');
  assert.ok(actions.every((a) => statuses.some((s) => transitions[s][a])), 'no action is dead');
});

const U = 'union-1';
const facts: CaseFacts = { unionId: U, workerUserId: 'w', officerUserId: 'o', lawyerUserId: 'l' };
const user = (userId: string, roles: { role: string; orgId: string }[]): Principal => ({ kind: 'user', userId, name: userId, roles: roles as never, isStaff: true, sessionHash: '' });

test('seats and actions: worker, officer, chair, lawyer; an officer of the union who does not own it has none', () => {
  const worker = user('w', [{ role: 'worker', orgId: '' }]);
  const officer = user('o', [{ role: 'union_officer', orgId: U }]);
  const otherOfficer = user('o2', [{ role: 'union_officer', orgId: U }]);
  const chair = user('c', [{ role: 'union_chair', orgId: U }]);
  const otherChair = user('c2', [{ role: 'union_chair', orgId: 'union-2' }]);
  const lawyer = user('l', [{ role: 'lawyer', orgId: 'firm' }]);
  const exOfficer = user('o', [{ role: 'worker', orgId: '' }]); // lost the officer role
  assert.deepEqual(seatsOn(worker, facts), ['worker']);
  assert.deepEqual(seatsOn(officer, facts), ['officer']);
  assert.deepEqual(seatsOn(otherOfficer, facts), []);
  assert.deepEqual(seatsOn(chair, facts), ['chair']);
  assert.deepEqual(seatsOn(otherChair, facts), []);
  assert.deepEqual(seatsOn(lawyer, facts), ['lawyer']);
  assert.deepEqual(seatsOn(exOfficer, facts), [], 'losing the role loses the case at once');
  assert.deepEqual(seatsOn({ kind: 'anonymous' }, facts), []);
  assert.equal(mayAct(otherOfficer, facts, 'take'), true, 'the queue can be taken from');
  assert.equal(mayAct(otherChair, facts, 'take'), false);
  assert.equal(mayAct(worker, facts, 'confirm'), true);
  assert.equal(mayAct(officer, facts, 'confirm'), false);
  assert.equal(mayAct(officer, facts, 'take_appeal'), false);
  assert.equal(mayAct(chair, facts, 'take_appeal'), true);
  assert.equal(mayAct(lawyer, facts, 'propose_close'), false);
  assert.equal(mayAct(worker, facts, 'expire_confirmation'), false);
});

test('similar text (Chinese bigrams) and distance for link suggestions', () => {
  assert.ok(textSimilarity('河滩路辅道被认定逆行罚款', '在河滩路辅道掉头被认定逆行') > 0.5);
  assert.ok(textSimilarity('河滩路辅道被认定逆行罚款', '平台无故封号，申诉无果') < 0.2);
  assert.equal(textSimilarity('', 'x'), 0);
  const d = metresBetween(43.8256, 87.5932, 43.8262, 87.5935);
  assert.ok(d > 60 && d < 80, `${d} m`);
});
