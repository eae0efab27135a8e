// Directed employment on a phone: an employer posts an order linked to a cohort (Chinese); the school's
// trainer recommends a graduate (Uyghur, right to left); the employer hires (English); the school's funnel
// counts one more placed; the graduate sees each step on /me/jobs in all three languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';
import { demoTraining } from '../../src/server/demo/training.ts';

let server: Server;
let browser: Browser;
const SIZE = { viewport: { width: 390, height: 844 } };

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Refusals answer 4xx on purpose: the browser logs them, they are not page errors. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (409|422)/.test(e));

async function as(phoneNumber: string, lang: Lang) {
  const ctx = await phone(browser, server.url, SIZE);
  await ctx.page.goto('/login');
  await signIn(ctx.page, phoneNumber);
  await switchLanguage(ctx.page, lang);
  return ctx;
}
const noSideScroll = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test('an order linked to a cohort: posted, the graduate recommended and hired, the graduate sees every step', async () => {
  const title = `短视频剪辑（订单班）${Date.now() % 10000}`;
  // 1. The employer posts the order, linked to this year's recent cohort (Chinese).
  const boss = await as(demo.employer, 'zh');
  const zh = messages.zh;
  await boss.page.goto('/console/jobs');
  await expectHeading(boss.page, zh.jobs.console.title);
  await boss.page.locator('[data-testid="new-order"] summary').click();
  const form = boss.page.locator('[data-testid="new-order"] form');
  await form.locator('input[name="title"]').fill(title);
  await form.locator('select[name="position"]').selectOption('video_editor');
  for (const s of ['short_video', 'live_streaming']) await form.locator(`input[name="skills"][value="${s}"]`).check();
  await form.locator('input[name="headcount"]').fill('1');
  // An inverted pay range is refused naming the field.
  await form.locator('input[name="payMin"]').fill('6000');
  await form.locator('input[name="payMax"]').fill('4000');
  await form.locator('select[name="cohortId"]').selectOption(demoTraining.recentCohort);
  await form.locator('button[type="submit"]').click();
  await form.getByText(zh.jobs.err.below_min).waitFor();
  await form.locator('input[name="payMin"]').fill('4000');
  await form.locator('input[name="payMax"]').fill('6000');
  await form.locator('select[name="districtCode"]').selectOption('652801002');
  await form.locator('button[type="submit"]').click();
  await form.getByText(zh.jobs.console.posted).waitFor();
  const card = boss.page.locator('[data-testid="job-order"]', { hasText: title });
  await card.waitFor();
  const orderId = (await card.getAttribute('data-order-id'))!;
  assert.match(await card.innerText(), /订单班/);
  assert.ok(await noSideScroll(boss.page), 'no sideways scrolling at 390 px');
  await shot(boss.page, 'jobs-employer-posted-zh');
  assert.deepEqual(realErrors(boss.errors), []);

  // 2. The school's trainer ranks the graduates and recommends 13500000001 (Uyghur, right to left).
  const school = await as(demo.trainer, 'ug');
  const ug = messages.ug;
  assert.equal(await school.page.getAttribute('html', 'dir'), 'rtl');
  // The funnel's "placed" for the linked cohort, before the hire.
  await school.page.goto('/console/jobs');
  const cohortRow = school.page.locator(`[data-testid="job-figures"] tr[data-cohort="${demoTraining.recentCohort}"]`);
  await cohortRow.waitFor();
  const placedBefore = Number(await cohortRow.getAttribute('data-placed'));
  await school.page.goto(`/console/jobs/${orderId}`);
  await school.page.getByTestId('matches').waitFor();
  const matches = school.page.locator('[data-testid="matches"] > li');
  assert.ok((await matches.count()) >= 20);
  // The linked cohort's graduates come first, and say so.
  assert.equal(await matches.first().locator('[data-code="linked_cohort"]').innerText(), ug.jobs.reasons.linked_cohort);
  const grad = school.page.locator('[data-testid="matches"] > li[data-phone-last4="0001"]');
  await grad.locator('input[type="checkbox"]').check();
  await school.page.getByTestId('recommend').click();
  await school.page.getByText(ug.jobs.console.recommendedCount.replace('{{count}}', '1')).waitFor();
  await school.page.locator('[data-testid="candidates"] [data-stage="recommended"]').first().waitFor();
  assert.ok(await noSideScroll(school.page));
  await shot(school.page, 'jobs-trainer-recommended-ug');
  // The long page's top, as the phone shows it: the candidate just recommended and the first ranked graduates.
  await school.page.getByTestId('candidates').scrollIntoViewIfNeeded();
  await school.page.screenshot({ path: 'test-results/jobs-trainer-top-ug.png' });
  assert.deepEqual(realErrors(school.errors), []);

  // 3. The employer hires the graduate (English).
  await switchLanguage(boss.page, 'en');
  const en = messages.en;
  await boss.page.goto(`/console/jobs/${orderId}`);
  const cand = boss.page.locator('[data-testid="candidate"]').first();
  await cand.waitFor();
  await cand.getByRole('button', { name: en.jobs.console.hire, exact: true }).click();
  await cand.getByTestId('confirm-hire').click();
  await boss.page.locator('[data-testid="candidate"][data-stage="hired"]').waitFor();
  await boss.page.locator('[data-testid="job-order"]', { hasText: en.jobs.status.filled }).waitFor();
  await shot(boss.page, 'jobs-employer-hired-en');
  assert.deepEqual(realErrors(boss.errors), []);

  // 4. The school's funnel counts the hire: one more placed from the linked cohort.
  await school.page.goto('/console/jobs');
  await school.page.locator(`[data-testid="job-figures"] tr[data-cohort="${demoTraining.recentCohort}"][data-placed="${placedBefore + 1}"]`).waitFor();

  // 5. The graduate sees each step, in each language.
  const me = await as(demoTraining.graduatePhone, 'zh');
  for (const lang of ['zh', 'ug', 'en'] as Lang[]) {
    await switchLanguage(me.page, lang);
    await me.page.goto('/me/jobs');
    const m = messages[lang];
    await expectHeading(me.page, m.jobs.me.title);
    assert.equal(await me.page.getAttribute('html', 'dir'), lang === 'ug' ? 'rtl' : 'ltr');
    const job = me.page.locator(`[data-testid="my-job"][data-order-id="${orderId}"]`);
    await job.waitFor();
    assert.equal(await job.getAttribute('data-stage'), 'hired');
    const steps = await job.locator('[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    assert.deepEqual(steps, ['recommended', 'hired']);
    assert.match(await job.innerText(), new RegExp(m.jobs.stages.hired));
    assert.ok(await noSideScroll(me.page), `${lang}: no sideways scrolling`);
    await shot(me.page, `jobs-graduate-${lang}`);
  }
  assert.deepEqual(realErrors(me.errors), []);
});
