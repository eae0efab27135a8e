// Eligibility from real records, applications, decisions and payments, against a freshly migrated
// database (SQLite, or PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';
import { demoSchemes } from '../../demo/policy.js';
import type { Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/audit.js';
import * as svc from './policy.service.js';
import { cohort, enterprise, userIdOf, userPrincipal } from './policy.setup.test.js';

let t: TestApp;
let founder: Principal;
let stranger: Principal;
let trainer: Principal;
let otherTrainer: Principal;
let officer: Principal;
let otherOfficer: Principal;
const actorOf = (p: Principal): Actor => ({ id: p.kind === 'user' ? p.userId : null, kind: 'user', ip: null });
const loan = (principalFen = 20_000_000, termMonths = 36, rateBp = 345) => ({ principalFen, termMonths, rateBp, bank: '库尔勒农村商业银行' });

before(async () => {
  t = await testApp({ workers: 8 });
  const db = t.ctx.db;
  founder = userPrincipal(await userIdOf(db, '0001'));
  stranger = userPrincipal(await userIdOf(db, '0002'));
  trainer = userPrincipal(await userIdOf(db, '0005', 'trainer'), [{ role: 'trainer', orgId: demoOrgs.korlaSchool }]);
  otherTrainer = userPrincipal(await userIdOf(db, '0007', 'employer'), [{ role: 'trainer', orgId: demoOrgs.liveStreamCompany }]);
  officer = userPrincipal(await userIdOf(db, '0012', 'policy_officer'), [{ role: 'policy_officer', orgId: demoOrgs.korlaHrss }]);
  otherOfficer = userPrincipal(await userIdOf(db, '0009', 'admin'), [{ role: 'policy_officer', orgId: demoOrgs.transportBureau }]);
});
after(() => t.close());

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return { status: e.status, code: e.details[0]?.code, path: e.details[0]?.path, rule: e.extra.rule as string | undefined };
  }
  assert.fail('expected a refusal');
};
const failedIds = (c: { verdicts: { id: string; outcome: string }[] }) => c.verdicts.filter((v) => v.outcome !== 'pass').map((v) => v.id);
const uid = (p: Principal) => (p.kind === 'user' ? p.userId : '');

test('eligibility from the records: stage, founding date, founder, earlier grants', async () => {
  const db = t.ctx.db;
  const ok = await enterprise(db, { founders: [uid(founder)] });
  const c = await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: loan() });
  assert.equal(c.qualifies, true, JSON.stringify(c.verdicts));
  assert.equal(c.maxAmountFen, Math.floor((20_000_000 * 195 * 36) / 120_000));
  assert.equal(c.verdicts.find((v) => v.id === 'young')!.actual, 20);
  // By code too.
  assert.equal((await svc.check(t.ctx, founder, 'startup_loan_subsidy', { enterpriseId: ok, inputs: loan() })).qualifies, true);

  const cases: [string, Parameters<typeof enterprise>[1], string[]][] = [
    ['graduated', { stage: 'graduated' }, ['stage']],
    ['applying', { stage: 'applying' }, ['stage']],
    ['founded 37 months ago', { foundedMonthsAgo: 37 }, ['young']],
    ['founded 36 months ago', { foundedMonthsAgo: 36 }, []],
    ['no founding date recorded', { foundedMonthsAgo: null }, ['young']],
  ];
  for (const [name, o, want] of cases) {
    const id = await enterprise(db, { founders: [uid(founder)], ...o });
    assert.deepEqual(failedIds(await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: id, inputs: loan() })), want, name);
  }
  const missing = await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: await enterprise(db, { founders: [uid(founder)], foundedMonthsAgo: null }), inputs: loan() });
  assert.equal(missing.verdicts.find((v) => v.id === 'young')!.outcome, 'missing');

  // Inputs over the limits, and inputs left out.
  assert.deepEqual(failedIds(await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: loan(30_000_001, 37) })), ['principal', 'term']);
  assert.deepEqual(failedIds(await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: {} })), ['principal', 'term', 'rate']);

  // Someone who did not found it: refused as not a founder, and told nothing about the enterprise.
  const notMine = await svc.check(t.ctx, stranger, demoSchemes.loan, { enterpriseId: ok, inputs: loan() });
  assert.deepEqual(failedIds(notMine), ['founder']);
  assert.ok(notMine.verdicts.filter((v) => v.fact.startsWith('enterprise.')).every((v) => !('actual' in v)));
  await assert.rejects(svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: '00000000-0000-4000-8000-0000000000ff', inputs: loan() }), (e: AppError) => e.status === 404);
  await assert.rejects(svc.check(t.ctx, founder, demoSchemes.loan, { inputs: loan() }), (e: AppError) => e.status === 400 && e.details[0]?.path === 'enterpriseId');

  // Granted this year already: refused; a refused application does not count.
  const id = await svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: loan() }, actorOf(founder));
  assert.deepEqual(failedIds(await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: loan() })), ['once']);
  await svc.reject(t.ctx, officer, id, '材料不全', actorOf(officer));
  assert.equal((await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: ok, inputs: loan() })).qualifies, true);
});

test('an ineligible application is refused with 422 naming the rule, and nothing is written', async () => {
  const db = t.ctx.db;
  const e = await enterprise(db, { founders: [uid(founder)], stage: 'graduated' });
  const count = async () => [
    Number((await db.selectFrom('policy_applications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  ];
  const before = await count();
  assert.deepEqual(await refusal(svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: e, inputs: loan() }, actorOf(founder))), { status: 422, code: 'rule_failed', path: 'rules.stage', rule: 'stage' });
  const young = await enterprise(db, { founders: [uid(founder)], foundedMonthsAgo: null });
  assert.deepEqual(await refusal(svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: young, inputs: loan() }, actorOf(founder))), { status: 422, code: 'missing_fact', path: 'rules.young', rule: 'young' });
  assert.deepEqual(await count(), before);
});

test('the same enterprise twice at once: one application', async () => {
  const e = await enterprise(t.ctx.db, { founders: [uid(founder)] });
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: e, inputs: loan() }, actorOf(founder))));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.ok([409, 422].includes((r.reason as AppError).status), String(r.reason));
  const rows = await t.ctx.db.selectFrom('policy_applications').select('id').where('enterprise_id', '=', e).execute();
  assert.equal(rows.length, 1);
});

test('the training subsidy: a school claims for its own HRSS-funded cohort, the cost per trainee × trainees certified, once', async () => {
  const db = t.ctx.db;
  const c = await cohort(db, { certified: 4, costFen: 150_000 });
  const chk = await svc.check(t.ctx, trainer, demoSchemes.training, { cohortId: c });
  assert.equal(chk.qualifies, true, JSON.stringify(chk.verdicts));
  assert.equal(chk.maxAmountFen, 4 * 150_000, 'the revoked certificate does not count');
  // Another school's trainer, or someone who is not a trainer: the cohort answers like a missing one.
  await assert.rejects(svc.check(t.ctx, otherTrainer, demoSchemes.training, { cohortId: c }), (e: AppError) => e.status === 404);
  await assert.rejects(svc.check(t.ctx, founder, demoSchemes.training, { cohortId: c }), (e: AppError) => e.status === 404);
  const employerPaid = await cohort(db, { funding: 'employer' });
  assert.deepEqual(failedIds(await svc.check(t.ctx, trainer, demoSchemes.training, { cohortId: employerPaid })), ['funded']);
  assert.deepEqual(failedIds(await svc.check(t.ctx, trainer, demoSchemes.training, { cohortId: await cohort(db, { status: 'running' }) })), ['finished']);
  assert.deepEqual(failedIds(await svc.check(t.ctx, trainer, demoSchemes.training, { cohortId: await cohort(db, { certified: 0 }) })), ['certified']);
  const id = await svc.apply(t.ctx, trainer, demoSchemes.training, { cohortId: c }, actorOf(trainer));
  assert.equal((await refusal(svc.apply(t.ctx, trainer, demoSchemes.training, { cohortId: c }, actorOf(trainer)))).rule, 'once');
  const a = await svc.getApplication(t.ctx, officer, id);
  assert.deepEqual([a.status, a.maxAmountFen, a.cohortId, a.facts['cohort.certified']], ['submitted', 600_000, c, 4]);
  assert.deepEqual(a.rules.map((r) => r.id), ['funded', 'finished', 'certified', 'once'], 'the rules that decided it are kept on it');
});

test('the approver: an amount up to the maximum, a reason to reject, once; another agency sees nothing', async () => {
  const e1 = await enterprise(t.ctx.db, { founders: [uid(founder)] });
  const id = await svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: e1, inputs: loan(10_000_000, 12) }, actorOf(founder));
  const max = (await svc.getApplication(t.ctx, officer, id)).maxAmountFen;
  assert.equal(max, 195_000);
  for (const p of [otherOfficer, stranger, trainer]) {
    await assert.rejects(svc.approve(t.ctx, p, id, { amountFen: 1 }, actorOf(p)), (e: AppError) => e.status === 404);
    await assert.rejects(svc.reject(t.ctx, p, id, '不行', actorOf(p)), (e: AppError) => e.status === 404);
    await assert.rejects(svc.disburse(t.ctx, p, id, { paidOn: '2026-01-01', amountFen: 1, reference: 'x1' }, actorOf(p)), (e: AppError) => e.status === 404);
  }
  await assert.rejects(svc.getApplication(t.ctx, otherOfficer, id), (e: AppError) => e.status === 404);
  await assert.rejects(svc.getApplication(t.ctx, stranger, id), (e: AppError) => e.status === 404);
  assert.deepEqual(await svc.queue(t.ctx, otherOfficer), []);
  assert.ok((await svc.queue(t.ctx, officer, 'submitted')).some((a) => a.id === id));
  assert.deepEqual(await refusal(svc.approve(t.ctx, officer, id, { amountFen: max + 1 }, actorOf(officer))), { status: 422, code: 'over_maximum', path: 'amountFen', rule: undefined });
  assert.equal((await refusal(svc.disburse(t.ctx, officer, id, { paidOn: '2026-01-01', amountFen: 1, reference: 'x1' }, actorOf(officer)))).code, 'not_approved');
  const done = await svc.approve(t.ctx, officer, id, { amountFen: 150_000, reason: '按实际贷款核定' }, actorOf(officer));
  assert.deepEqual([done.status, done.approvedAmountFen, done.decisionReason], ['approved', 150_000, '按实际贷款核定']);
  assert.equal((await refusal(svc.approve(t.ctx, officer, id, { amountFen: 1 }, actorOf(officer)))).code, 'already_decided');
  assert.equal((await refusal(svc.reject(t.ctx, officer, id, '改主意', actorOf(officer)))).code, 'already_decided');
  const note = await t.ctx.db.selectFrom('notifications').select(['kind', 'data']).where('user_id', '=', uid(founder)).where('kind', '=', 'policy_decided').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal(JSON.parse(note.data).applicationId, id);
  const mine = await svc.mine(t.ctx, founder);
  assert.equal(mine.find((a) => a.id === id)!.status, 'approved');
  assert.equal((await svc.getApplication(t.ctx, founder, id)).mayReview, false);
});

test('payments: never more than approved, even when recorded at once', async () => {
  const e = await enterprise(t.ctx.db, { founders: [uid(founder)] });
  const id = await svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: e, inputs: loan(10_000_000, 12) }, actorOf(founder));
  await svc.approve(t.ctx, officer, id, { amountFen: 100_000 }, actorOf(officer));
  const first = await svc.disburse(t.ctx, officer, id, { paidOn: '2026-03-01', amountFen: 40_000, reference: 'KEL-1' }, actorOf(officer));
  assert.deepEqual([first.disbursedFen, first.remainingFen], [40_000, 60_000]);
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => svc.disburse(t.ctx, officer, id, { paidOn: '2026-03-02', amountFen: 5_000, reference: `KEL-P${i}` }, actorOf(officer))));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 12);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).details[0]?.code, 'over_approved');
  const a = await svc.getApplication(t.ctx, founder, id);
  assert.equal(a.disbursedFen, 100_000);
  assert.equal(a.disbursements.reduce((s, d) => s + d.amountFen, 0), 100_000, 'the records add up to the total');
  assert.equal(a.disbursements.length, 13);
  assert.equal((await refusal(svc.disburse(t.ctx, officer, id, { paidOn: '2026-03-03', amountFen: 1, reference: 'KEL-X' }, actorOf(officer)))).code, 'over_approved');
});

test('rent-free space: months up to those asked for, from a day; nothing to pay', async () => {
  const e = await enterprise(t.ctx.db, { founders: [uid(founder)], stage: 'applying' });
  const id = await svc.apply(t.ctx, founder, demoSchemes.rentFree, { enterpriseId: e, inputs: { months: 12 } }, actorOf(founder));
  assert.equal((await refusal(svc.approve(t.ctx, officer, id, { months: 13 }, actorOf(officer)))).code, 'over_maximum');
  assert.equal((await refusal(svc.approve(t.ctx, officer, id, { amountFen: 5 }, actorOf(officer)))).code, 'required');
  const a = await svc.approve(t.ctx, officer, id, { months: 6, startsOn: '2026-04-01' }, actorOf(officer));
  assert.deepEqual([a.approvedMonths, a.benefitFrom, a.benefitTo, a.approvedAmountFen], [6, '2026-04-01', '2026-09-30', 6 * 60_000]);
  assert.equal((await refusal(svc.disburse(t.ctx, officer, id, { paidOn: '2026-04-01', amountFen: 1, reference: 'x1' }, actorOf(officer)))).code, 'not_disbursable');
});

test('figures per scheme and year; every change is audited', async () => {
  const fig = await svc.figures(t.ctx, officer);
  const loanRows = fig.filter((f) => f.schemeId === demoSchemes.loan);
  assert.ok(loanRows.length >= 1);
  const total = loanRows.reduce((a, f) => ({ granted: a.granted + f.grantedFen, paid: a.paid + f.disbursedFen }), { granted: 0, paid: 0 });
  assert.ok(total.granted >= 250_000 && total.paid >= 100_000, JSON.stringify(total));
  for (const f of fig) assert.equal(f.applications, f.approved + f.rejected + f.waiting);
  assert.deepEqual(await svc.figures(t.ctx, otherOfficer), []);
  assert.deepEqual(await svc.figures(t.ctx, userPrincipal(uid(stranger), [{ role: 'analyst', orgId: '' }])), fig);
  const actions = new Set((await t.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'policy.%').execute()).map((a) => a.action));
  for (const k of ['policy.apply', 'policy.approve', 'policy.reject', 'policy.disburse']) assert.ok(actions.has(k), k);
});

test('the demo: three schemes, decided applications in the figures, the entrepreneur free to apply for the loan subsidy', async () => {
  const db = t.ctx.db;
  assert.deepEqual((await svc.listSchemes(t.ctx)).map((s) => s.code), ['rent_free_space', 'startup_loan_subsidy', 'training_subsidy']);
  const seeded = await db.selectFrom('policy_applications').select(['scheme_id', 'status', 'disbursed_fen', 'decision_reason']).where('decided_by', '=', uid(officer)).execute();
  assert.ok(seeded.some((a) => a.scheme_id === demoSchemes.loan && a.status === 'approved' && Number(a.disbursed_fen) > 0), 'a loan subsidy approved and paid');
  assert.ok(seeded.some((a) => a.status === 'rejected' && a.decision_reason.length > 0), 'one refused, with the reason');
  assert.ok(seeded.some((a) => a.scheme_id === demoSchemes.training && a.status === 'approved'), 'the school’s training-subsidy claim');
  const me = userPrincipal(await db.selectFrom('users').select('id').where('phone_last4', '=', '0003').where('name', '=', '迪丽努尔·阿不力孜').executeTakeFirstOrThrow().then((u) => u.id));
  const mine = await svc.mine(t.ctx, me);
  assert.ok(!mine.some((a) => a.schemeId === demoSchemes.loan), 'nothing for the loan subsidy: the browser test applies');
  assert.ok(mine.some((a) => a.schemeId === demoSchemes.rentFree && a.status === 'approved' && a.approvedMonths === 12));
  const [ent] = (await svc.options(t.ctx, me)).enterprises;
  assert.ok(ent);
  const c = await svc.check(t.ctx, me, demoSchemes.loan, { enterpriseId: ent.id, inputs: loan() });
  assert.equal(c.qualifies, true, JSON.stringify(c.verdicts));
});

test('rules are data: a new version applies to new checks, earlier applications keep the rules that decided them', async () => {
  const e = await enterprise(t.ctx.db, { founders: [uid(founder)] });
  const before = await svc.apply(t.ctx, founder, demoSchemes.loan, { enterpriseId: e, inputs: loan(25_000_000) }, actorOf(founder));
  const s = (await svc.listSchemes(t.ctx)).find((x) => x.id === demoSchemes.loan)!;
  const stricter = s.rules.map((r) => (r.id === 'principal' ? { ...r, value: 20_000_000 } : r));
  await assert.rejects(svc.changeScheme(t.ctx, otherOfficer, demoSchemes.loan, { rules: stricter }, actorOf(otherOfficer)), (err: AppError) => err.status === 404);
  await assert.rejects(svc.changeScheme(t.ctx, officer, demoSchemes.loan, { rules: [...stricter, { id: 'x', fact: 'user.salary', op: 'eq', value: 1, message: 'm' }] }, actorOf(officer)), (err: AppError) => err.status === 400 && err.details[0]?.code === 'invalid_rules');
  const changed = await svc.changeScheme(t.ctx, officer, demoSchemes.loan, { rules: stricter }, actorOf(officer));
  assert.equal(changed.version, s.version + 1);
  try {
    const e2 = await enterprise(t.ctx.db, { founders: [uid(founder)] });
    const c = await svc.check(t.ctx, founder, demoSchemes.loan, { enterpriseId: e2, inputs: loan(25_000_000) });
    assert.deepEqual([c.schemeVersion, failedIds(c)], [s.version + 1, ['principal']]);
    const kept = await svc.getApplication(t.ctx, officer, before);
    assert.deepEqual([kept.schemeVersion, kept.rules.find((r) => r.id === 'principal')!.value], [s.version, 30_000_000]);
    const versions = await t.ctx.db.selectFrom('policy_scheme_versions').select('version').where('scheme_id', '=', demoSchemes.loan).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => v.version), [s.version, s.version + 1]);
  } finally {
    await svc.changeScheme(t.ctx, officer, demoSchemes.loan, { rules: s.rules }, actorOf(officer));
  }
});
