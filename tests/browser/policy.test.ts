import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';

let server: Server;
let browser: Browser;
const PHONE = { viewport: { width: 390, height: 844 } };

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The refused submission (422) is an answer the page shows, not a page error. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 422/.test(e));

async function signedIn(phoneNumber: string, lang: Lang) {
  const s = await phone(browser, server.url, PHONE);
  await s.page.goto('/login');
  await signIn(s.page, phoneNumber);
  await switchLanguage(s.page, lang);
  assert.equal(await s.page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');
  return s;
}

async function openLoanForm(page: Page, lang: Lang) {
  const m = messages[lang].policy;
  await page.goto('/me/support');
  await expectHeading(page, m.title);
  await page.locator('[data-testid="schemes"] li[data-code="startup_loan_subsidy"] a').click();
  await page.getByTestId('apply').waitFor();
  await page.fill('input[name="principal"]', '200000');
  await page.fill('input[name="term"]', '36');
  await page.fill('input[name="rate"]', '3.45');
}
const answer = (page: Page, qualifies: boolean) => page.locator(`[data-testid="eligibility"][data-qualifies="${qualifies}"]`).waitFor();

async function officerOpens(page: Page, lang: Lang, status: 'submitted' | 'approved', id: string) {
  const m = messages[lang];
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: m.policy.nav, exact: true }).click();
  await expectHeading(page, m.policy.console.title);
  await page.locator(`button[data-filter="${status}"]`).click();
  const item = page.locator(`[data-testid="policy-queue"] li[data-status="${status}"][data-id="${id}"]`);
  await item.getByRole('link').click();
  await page.getByTestId('policy-application').waitFor();
}

async function recordPayment(page: Page, yuan: string, ref: string) {
  await page.fill('input[name="payAmount"]', yuan);
  await page.fill('input[name="reference"]', ref);
  const done = page.waitForResponse((r) => r.url().includes('/disbursements') && r.request().method() === 'POST');
  await page.getByTestId('record-payment').click();
  assert.equal((await done).status(), 201);
  await page.locator('[data-testid="payments"] li').filter({ hasText: ref }).waitFor();
}

test('Chinese: the entrepreneur sees the verdict and applies; the officer approves and pays; the entrepreneur sees it', async () => {
  const zh = messages.zh.policy;
  const me = await signedIn(demo.entrepreneur, 'zh');
  await openLoanForm(me.page, 'zh');
  await answer(me.page, true);
  assert.equal(await me.page.locator('[data-testid="verdicts"] li[data-outcome="pass"]').count(), 7);
  assert.match(plain(await me.page.getByTestId('eligibility').innerText()), new RegExp(zh.form.qualifies));
  assert.match(plain(await me.page.getByTestId('max-amount').innerText()), /¥\d/);
  await shot(me.page, 'policy-check-zh');
  // Over the limit: the answer changes before submitting, naming the rule.
  await me.page.fill('input[name="principal"]', '400000');
  await answer(me.page, false);
  const failed = me.page.locator('[data-testid="verdicts"] li[data-outcome="fail"]');
  assert.deepEqual(await failed.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))), ['principal']);
  assert.match(plain(await failed.innerText()), new RegExp(zh.rules.principal_max));
  assert.equal(await me.page.getByTestId('submit').isDisabled(), true);
  await shot(me.page, 'policy-check-fail-zh');
  await me.page.fill('input[name="principal"]', '200000');
  await answer(me.page, true);
  await Promise.all([me.page.waitForURL((u) => u.pathname === '/me/support'), me.page.getByTestId('submit').click()]);
  const mine = me.page.locator('[data-testid="my-policy-applications"] li[data-scheme="startup_loan_subsidy"]');
  assert.equal(await mine.getAttribute('data-status'), 'submitted');
  const id = (await mine.getAttribute('data-id'))!;
  assert.match(plain(await mine.innerText()), new RegExp(zh.status.submitted));

  const off = await signedIn(demo.policyOfficer, 'zh');
  await officerOpens(off.page, 'zh', 'submitted', id);
  assert.equal(await off.page.locator('[data-testid="verdicts"] li[data-outcome="pass"]').count(), 7);
  await off.page.fill('input[name="amount"]', '3000');
  await off.page.fill('textarea[name="reason"]', '材料齐全，按实际贷款核定');
  await off.page.getByTestId('approve').click();
  await off.page.locator('[data-testid="policy-application"][data-status="approved"]').waitFor();
  await recordPayment(off.page, '1000', 'KEL-RS-TEST-1');
  assert.match(plain(await off.page.getByTestId('remaining').innerText()), /¥2000\.00/);
  await shot(off.page, 'policy-officer-zh');
  assert.deepEqual(realErrors(off.errors), []);
  await off.context.close();

  await me.page.reload();
  const seen = me.page.locator('[data-testid="my-policy-applications"] li[data-scheme="startup_loan_subsidy"]');
  await seen.waitFor();
  assert.equal(await seen.getAttribute('data-status'), 'approved');
  const text = plain(await seen.innerText());
  assert.match(text, new RegExp(zh.status.approved));
  assert.match(text, /¥3000\.00/);
  assert.match(text, /¥1000\.00/);
  assert.match(text, /KEL-RS-TEST-1/);
  await shot(me.page, 'policy-mine-zh');
  assert.deepEqual(realErrors(me.errors), []);
  await me.context.close();
});

for (const lang of ['ug', 'en'] as const) {
  test(`${lang}: the entrepreneur is told why a second application is refused; the officer pays again; the entrepreneur sees it`, async () => {
    const m = messages[lang].policy;
    const me = await signedIn(demo.entrepreneur, lang);
    await me.page.goto('/me/support');
    const id = (await me.page.locator('[data-testid="my-policy-applications"] li[data-scheme="startup_loan_subsidy"]').getAttribute('data-id'))!;
    await openLoanForm(me.page, lang);
    await answer(me.page, false);
    const failed = me.page.locator('[data-testid="verdicts"] li[data-outcome="fail"]');
    assert.deepEqual(await failed.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))), ['once']);
    assert.match(plain(await failed.innerText()), new RegExp(m.rules.once_a_year));
    assert.match(plain(await me.page.getByTestId('eligibility').innerText()), new RegExp(m.form.notQualifies));
    await shot(me.page, `policy-check-${lang}`);

    const off = await signedIn(demo.policyOfficer, lang);
    await officerOpens(off.page, lang, 'approved', id);
    const ref = `KEL-RS-TEST-${lang.toUpperCase()}`;
    await recordPayment(off.page, '500', ref);
    await shot(off.page, `policy-officer-${lang}`);
    assert.deepEqual(realErrors(off.errors), []);
    await off.context.close();

    await me.page.goto('/me/support');
    await expectHeading(me.page, m.title);
    const seen = me.page.locator('[data-testid="my-policy-applications"] li[data-scheme="startup_loan_subsidy"]');
    assert.match(plain(await seen.innerText()), new RegExp(m.status.approved));
    assert.match(plain(await seen.innerText()), new RegExp(ref));
    await shot(me.page, `policy-mine-${lang}`);
    assert.deepEqual(realErrors(me.errors), []);
    await me.context.close();
  });
}
