import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facts, Rule } from '../../../shared/policy.js';
import { schemeSeeds, demoSchemes } from '../../demo/policy.js';
import { addMonthsInclusive, evaluate, evaluateRule, maxAmount, monthsBetween, parseRules } from './policy.rules.js';

const r = (op: Rule['op'], value?: Rule['value'], fact: Rule['fact'] = 'input.months'): Rule => ({ id: 'x', fact, op, ...(value !== undefined ? { value } : {}), message: 'm' });

test('each operator, on both sides of its boundary', () => {
  const cases: [Rule, Facts, 'pass' | 'fail' | 'missing'][] = [
    [r('eq', 3), { 'input.months': 3 }, 'pass'],
    [r('eq', 3), { 'input.months': 4 }, 'fail'],
    [r('eq', 'hrss', 'cohort.fundingSource'), { 'cohort.fundingSource': 'hrss' }, 'pass'],
    [r('eq', 'hrss', 'cohort.fundingSource'), { 'cohort.fundingSource': 'employer' }, 'fail'],
    [r('ne', 3), { 'input.months': 4 }, 'pass'],
    [r('ne', 3), { 'input.months': 3 }, 'fail'],
    [r('lt', 3), { 'input.months': 2 }, 'pass'],
    [r('lt', 3), { 'input.months': 3 }, 'fail'],
    [r('lte', 3), { 'input.months': 3 }, 'pass'],
    [r('lte', 3), { 'input.months': 4 }, 'fail'],
    [r('gt', 3), { 'input.months': 4 }, 'pass'],
    [r('gt', 3), { 'input.months': 3 }, 'fail'],
    [r('gte', 3), { 'input.months': 3 }, 'pass'],
    [r('gte', 3), { 'input.months': 2 }, 'fail'],
    [r('lte', 3), { 'input.months': '2' as unknown as number }, 'fail'],
    [r('in', ['incubating'], 'enterprise.stage'), { 'enterprise.stage': 'incubating' }, 'pass'],
    [r('in', ['incubating'], 'enterprise.stage'), { 'enterprise.stage': 'graduated' }, 'fail'],
    [r('not_in', ['exited'], 'enterprise.stage'), { 'enterprise.stage': 'incubating' }, 'pass'],
    [r('not_in', ['exited'], 'enterprise.stage'), { 'enterprise.stage': 'exited' }, 'fail'],
    [r('is_true', undefined, 'applicant.isFounder'), { 'applicant.isFounder': true }, 'pass'],
    [r('is_true', undefined, 'applicant.isFounder'), { 'applicant.isFounder': false }, 'fail'],
    [r('is_false', undefined, 'applicant.isFounder'), { 'applicant.isFounder': false }, 'pass'],
    [r('is_false', undefined, 'applicant.isFounder'), { 'applicant.isFounder': true }, 'fail'],
    // A missing fact fails, and says it was missing rather than not met.
    [r('lte', 3), {}, 'missing'],
    [r('lte', 36, 'enterprise.monthsSinceFounded'), { 'enterprise.monthsSinceFounded': null }, 'missing'],
    [r('is_false', undefined, 'applicant.isFounder'), {}, 'missing'],
  ];
  for (const [rule, facts, want] of cases) assert.equal(evaluateRule(rule, facts).outcome, want, `${rule.op} ${JSON.stringify(rule.value)} on ${JSON.stringify(facts)}`);
  const v = evaluateRule(r('lte', 3), { 'input.months': 5 });
  assert.deepEqual(v, { id: 'x', fact: 'input.months', op: 'lte', value: 3, message: 'm', outcome: 'fail', actual: 5 });
});

test('qualifies only when every rule passes; the failures are listed in order', () => {
  const rules = [r('gte', 1), { ...r('lte', 12), id: 'y' }];
  assert.equal(evaluate(rules, { 'input.months': 6 }).qualifies, true);
  const out = evaluate(rules, { 'input.months': 13 });
  assert.deepEqual([out.qualifies, out.failed.map((f) => f.id)], [false, ['y']]);
  assert.deepEqual(evaluate(rules, {}).failed.map((f) => [f.id, f.outcome]), [['x', 'missing'], ['y', 'missing']]);
  assert.equal(evaluate([], {}).qualifies, true);
});

test('stored rules are checked: unknown facts and operators, list operators without a list, duplicate ids', () => {
  for (const s of schemeSeeds) assert.deepEqual(parseRules(JSON.parse(JSON.stringify(s.rules))), s.rules, s.code);
  assert.throws(() => parseRules([{ id: 'a', fact: 'user.salary', op: 'eq', value: 1, message: 'm' }]), /unknown fact/);
  assert.throws(() => parseRules([{ id: 'a', fact: 'input.months', op: 'between', value: 1, message: 'm' }]), /unknown operator/);
  assert.throws(() => parseRules([{ id: 'a', fact: 'enterprise.stage', op: 'in', value: 'incubating', message: 'm' }]), /needs a list/);
  assert.throws(() => parseRules([{ id: 'a', fact: 'input.months', op: 'lte', value: '3', message: 'm' }]), /needs a number/);
  assert.throws(() => parseRules([r('eq', 1), r('eq', 2)]), /unique id/);
  assert.throws(() => parseRules({}), /list/);
});

const scheme = (id: string) => schemeSeeds.find((s) => s.id === id)!;
const loanOk: Facts = {
  'enterprise.stage': 'incubating',
  'enterprise.monthsSinceFounded': 20,
  'applicant.isFounder': true,
  'input.principalFen': 30_000_000,
  'input.termMonths': 36,
  'input.rateBp': 345,
  'grants.sameSchemeThisYear': 0,
};

test('the loan-interest subsidy: each rule fails alone', () => {
  const { rules } = scheme(demoSchemes.loan);
  assert.equal(evaluate(rules, loanOk).qualifies, true);
  const breaks: [string, Facts][] = [
    ['stage', { 'enterprise.stage': 'graduated' }],
    ['stage', { 'enterprise.stage': 'applying' }],
    ['young', { 'enterprise.monthsSinceFounded': 37 }],
    ['young', { 'enterprise.monthsSinceFounded': null }],
    ['founder', { 'applicant.isFounder': false }],
    ['principal', { 'input.principalFen': 30_000_001 }],
    ['term', { 'input.termMonths': 37 }],
    ['rate', { 'input.rateBp': 0 }],
    ['once', { 'grants.sameSchemeThisYear': 1 }],
  ];
  for (const [id, change] of breaks) assert.deepEqual(evaluate(rules, { ...loanOk, ...change }).failed.map((f) => f.id), [id], JSON.stringify(change));
  assert.equal(evaluate(rules, { ...loanOk, 'enterprise.monthsSinceFounded': 36 }).qualifies, true, '36 months is still in');
});

test('rent-free space and the training subsidy: each rule fails alone', () => {
  const rent = scheme(demoSchemes.rentFree).rules;
  const rentOk: Facts = { 'enterprise.stage': 'applying', 'applicant.isFounder': true, 'input.months': 36, 'grants.sameSchemeThisYear': 0 };
  assert.equal(evaluate(rent, rentOk).qualifies, true);
  for (const [id, change] of [['stage', { 'enterprise.stage': 'exited' }], ['founder', { 'applicant.isFounder': false }], ['months', { 'input.months': 37 }], ['months', {  'input.months': undefined }], ['once', { 'grants.sameSchemeThisYear': 2 }]] as [string, Facts][]) {
    assert.deepEqual(evaluate(rent, { ...rentOk, ...change }).failed.map((f) => f.id), [id], JSON.stringify(change));
  }
  const training = scheme(demoSchemes.training).rules;
  const trOk: Facts = { 'cohort.fundingSource': 'hrss', 'cohort.status': 'finished', 'cohort.certified': 30, 'cohort.costPerTraineeFen': 180_000, 'claims.sameCohort': 0 };
  assert.equal(evaluate(training, trOk).qualifies, true);
  for (const [id, change] of [['funded', { 'cohort.fundingSource': 'employer' }], ['finished', { 'cohort.status': 'running' }], ['certified', { 'cohort.certified': 0 }], ['once', { 'claims.sameCohort': 1 }]] as [string, Facts][]) {
    assert.deepEqual(evaluate(training, { ...trOk, ...change }).failed.map((f) => f.id), [id], JSON.stringify(change));
  }
});

test('the most a scheme grants', () => {
  const loan = scheme(demoSchemes.loan).amountRule;
  // LPR 3.00%: the borrower pays up to 1.50%; a 3.45% loan is capped at 3.50%, so 1.95% is subsidised.
  assert.equal(maxAmount(loan, { principalFen: 30_000_000, rateBp: 345, termMonths: 36 }, {}), Math.floor((30_000_000 * 195 * 36) / 120_000));
  assert.equal(maxAmount(loan, { principalFen: 10_000_000, rateBp: 500, termMonths: 12 }, {}), 10_000_000 * 0.02, 'a rate above the cap is subsidised up to the cap');
  assert.equal(maxAmount(loan, { principalFen: 10_000_000, rateBp: 100, termMonths: 12 }, {}), 0, 'below what the borrower pays: nothing');
  assert.equal(maxAmount(loan, {}, {}), 0);
  assert.equal(maxAmount({ kind: 'per_certified' }, {}, { 'cohort.certified': 276, 'cohort.costPerTraineeFen': 180_000 }), 276 * 180_000);
  assert.equal(maxAmount({ kind: 'per_certified' }, {}, {}), 0);
  assert.equal(maxAmount({ kind: 'rent_months', maxMonths: 36, monthlyValueFen: 60_000 }, { months: 40 }, {}), 36 * 60_000);
});

test('months between days, and the last day of N months', () => {
  assert.equal(monthsBetween('2023-03-15', '2026-03-14'), 35);
  assert.equal(monthsBetween('2023-03-15', '2026-03-15'), 36);
  assert.equal(monthsBetween('2026-01-31', '2026-02-28'), 0);
  assert.equal(addMonthsInclusive('2026-01-01', 12), '2026-12-31');
  assert.equal(addMonthsInclusive('2026-03-10', 1), '2026-04-09');
});
