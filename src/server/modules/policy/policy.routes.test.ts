import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs, demoWorkers } from '../../demo/seed.js';
import { demoSchemes } from '../../demo/policy.js';
import { enterprise } from './policy.setup.test.js';

let t: TestApp;
let founder = '';
let officer = '';
let analyst = '';
let trainer = '';
let founderId = '';
let ent = '';
before(async () => {
  t = await testApp({ workers: 5 });
  [founder, officer, analyst, trainer] = (await Promise.all([demoWorkers.driver, '13900000012', '13900000008', '13900000005'].map((p) => t.login(p)))) as [string, string, string, string];
  founderId = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: founder } })).json().user.id;
  ent = await enterprise(t.ctx.db, { founders: [founderId] });
});
after(() => t.close());

type Method = 'GET' | 'POST';
const inject = (method: Method, url: string, cookie?: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);
const inputs = { principalFen: 20_000_000, termMonths: 24, rateBp: 345, bank: '库尔勒农村商业银行' };

test('anonymous 401, a worker 403 on the queue, another agency 404, bad input 400', async () => {
  assert.equal((await inject('GET', '/api/policy/schemes')).statusCode, 401);
  assert.equal((await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, undefined, { enterpriseId: ent, inputs })).statusCode, 401);
  assert.equal((await inject('GET', '/api/policy/applications', founder)).statusCode, 403);
  assert.equal((await inject('GET', '/api/policy/figures', founder)).statusCode, 403);
  assert.equal((await inject('GET', '/api/policy/figures', trainer)).statusCode, 403);
  // An officer of another agency.
  const admin = await t.login('13900000009');
  const made = await inject('POST', '/api/admin/users', admin, { phone: '13944440012', name: '别的局', password: 'long-enough-4', roles: [{ role: 'policy_officer', orgId: demoOrgs.transportBureau }] });
  assert.equal(made.statusCode, 201, made.body);
  const other = await t.login('13944440012', 'long-enough-4');
  const applied = await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/applications`, founder, { enterpriseId: ent, inputs });
  assert.equal(applied.statusCode, 201, applied.body);
  const id = applied.json().application.id;
  assert.equal((await inject('GET', `/api/policy/applications/${id}`, other)).statusCode, 404);
  assert.equal((await inject('POST', `/api/policy/applications/${id}/approve`, other, { amountFen: 1 })).statusCode, 404);
  assert.equal((await inject('POST', `/api/policy/applications/${id}/reject`, other, { reason: '不符合' })).statusCode, 404);
  assert.equal((await inject('POST', `/api/policy/applications/${id}/disbursements`, other, { paidOn: '2026-01-01', amountFen: 1, reference: 'ab' })).statusCode, 404);
  assert.deepEqual((await inject('GET', '/api/policy/applications', other)).json().items, []);
  assert.equal((await inject('GET', `/api/policy/applications/${id}`, trainer)).statusCode, 404, 'nor anyone else');
  assert.equal((await inject('POST', '/api/policy/schemes/no_such_scheme/check', founder, { enterpriseId: ent, inputs })).statusCode, 404);
  // Bad input names the field.
  assert.deepEqual(details(await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, founder, { enterpriseId: 'x', inputs })), [['enterpriseId', 'invalid_value']]);
  assert.deepEqual(details(await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, founder, { enterpriseId: ent, inputs: { ...inputs, principalFen: -5 } })), [['inputs.principalFen', 'too_short']]);
  assert.deepEqual(details(await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, founder, { enterpriseId: ent, inputs, salary: 1 })), [['salary', 'unknown_field']]);
  assert.deepEqual(details(await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, founder, { inputs })), [['enterpriseId', 'required']]);
  assert.deepEqual(details(await inject('POST', `/api/policy/applications/${id}/reject`, officer, { reason: '' })), [['reason', 'too_short']]);
  assert.deepEqual(details(await inject('POST', `/api/policy/applications/${id}/disbursements`, officer, { paidOn: '2026-02-30', amountFen: 1, reference: 'ab' })), [['paidOn', 'invalid_value']]);
  assert.equal((await inject('GET', '/api/policy/applications/not-a-uuid', officer)).statusCode, 400);
  assert.equal((await inject('GET', '/api/policy/figures?year=abc', analyst)).statusCode, 400);
  assert.equal((await inject('POST', `/api/policy/applications/${id}/reject`, officer, { reason: '测试用，拒绝' })).statusCode, 200);
  // Changing a scheme's rules: only its agency's officer; the body names the bad rule.
  const patch = (cookie: string, body: object) => t.app.inject({ method: 'PATCH', url: `/api/policy/schemes/${demoSchemes.loan}`, headers: { cookie }, payload: body });
  assert.equal((await patch(founder, { active: true })).statusCode, 403);
  assert.equal((await patch(other, { active: true })).statusCode, 404);
  assert.deepEqual(details(await patch(officer, {})), [['body', 'required']]);
  assert.deepEqual(details(await patch(officer, { rules: [{ id: 'a', fact: 'input.months', op: 'between', value: 1, message: 'm' }] })), [['rules', 'invalid_rules']]);
  assert.deepEqual(details(await patch(officer, { amountRule: { kind: 'rent_months', maxMonths: 0, monthlyValueFen: 1 } })), [['amountRule.maxMonths', 'too_short']]);
  const same = await patch(officer, { active: true });
  assert.equal(same.statusCode, 200, same.body);
  assert.equal(same.json().scheme.code, 'startup_loan_subsidy');
});

test('check, apply, refused with the rule, approve, pay, the applicant sees it', async () => {
  const schemes = (await inject('GET', '/api/policy/schemes', founder)).json().items;
  assert.deepEqual(schemes.map((s: { code: string }) => s.code), ['rent_free_space', 'startup_loan_subsidy', 'training_subsidy']);
  const opts = (await inject('GET', '/api/policy/options', founder)).json();
  assert.ok(opts.enterprises.some((e: { id: string }) => e.id === ent));
  const check = await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/check`, founder, { enterpriseId: ent, inputs: { ...inputs, principalFen: 40_000_000 } });
  assert.equal(check.statusCode, 200, check.body);
  assert.equal(check.json().qualifies, false);
  assert.deepEqual(check.json().verdicts.filter((v: { outcome: string }) => v.outcome !== 'pass').map((v: { id: string }) => v.id), ['principal']);
  const refused = await inject('POST', `/api/policy/schemes/${demoSchemes.loan}/applications`, founder, { enterpriseId: ent, inputs: { ...inputs, principalFen: 40_000_000 } });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().error.rule, 'principal');
  assert.deepEqual(details(refused), [['rules.principal', 'rule_failed']]);

  const ok = await inject('POST', `/api/policy/schemes/startup_loan_subsidy/applications`, founder, { enterpriseId: ent, inputs });
  assert.equal(ok.statusCode, 201, ok.body);
  const app = ok.json().application;
  assert.equal(app.status, 'submitted');
  assert.ok(!JSON.stringify(app).includes('王建军'), 'the applicant’s name is masked');
  const again = await inject('POST', `/api/policy/schemes/startup_loan_subsidy/applications`, founder, { enterpriseId: ent, inputs });
  assert.equal(again.statusCode, 422);
  assert.equal(again.json().error.rule, 'once');

  const q = (await inject('GET', '/api/policy/applications?status=submitted', officer)).json().items;
  assert.ok(q.some((a: { id: string }) => a.id === app.id));
  const over = await inject('POST', `/api/policy/applications/${app.id}/approve`, officer, { amountFen: app.maxAmountFen + 1 });
  assert.deepEqual([over.statusCode, ...details(over)], [422, ['amountFen', 'over_maximum']]);
  const approved = await inject('POST', `/api/policy/applications/${app.id}/approve`, officer, { amountFen: app.maxAmountFen, reason: '符合条件' });
  assert.equal(approved.statusCode, 200, approved.body);
  const paid = await inject('POST', `/api/policy/applications/${app.id}/disbursements`, officer, { paidOn: '2026-03-01', amountFen: 1000, reference: 'KEL-RS-1' });
  assert.equal(paid.statusCode, 201, paid.body);
  assert.equal(paid.json().remainingFen, app.maxAmountFen - 1000);
  const tooMuch = await inject('POST', `/api/policy/applications/${app.id}/disbursements`, officer, { paidOn: '2026-03-01', amountFen: app.maxAmountFen, reference: 'KEL-RS-2' });
  assert.deepEqual([tooMuch.statusCode, tooMuch.json().error.remainingFen], [409, app.maxAmountFen - 1000]);

  const mine = (await inject('GET', '/api/policy/applications/mine', founder)).json().items;
  const seen = mine.find((a: { id: string }) => a.id === app.id);
  assert.deepEqual([seen.status, seen.approvedAmountFen, seen.disbursedFen, seen.disbursements.length], ['approved', app.maxAmountFen, 1000, 1]);
  const notes = (await inject('GET', '/api/notifications/me', founder)).json().items;
  assert.ok(notes.some((n: { kind: string }) => n.kind === 'policy_paid'));
  const fig = await inject('GET', '/api/policy/figures', analyst);
  assert.equal(fig.statusCode, 200, fig.body);
  assert.ok(fig.json().items.some((f: { schemeId: string; disbursedFen: number }) => f.schemeId === demoSchemes.loan && f.disbursedFen >= 1000));
});
