import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { demo, ensureWebBuild, shotsDir, expectHeading, fill, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Server } from './support.ts';
import { demoTraining } from '../../src/server/demo/training.ts';

let server: Server;
let browser: Browser;

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Refusals answer 404/409: the browser logs those responses, which are not page errors. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (404|409)/.test(e));
const PHONE = { viewport: { width: 390, height: 844 } };
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

test('a worker applies on a phone; the trainer accepts, takes attendance, records the exam and issues a certificate; its QR page verifies it in zh, ug and en', async () => {
  const zh = messages.zh;
  // ---- the worker, on a 390 px phone, finds the open class and applies ----
  const w = await phone(browser, server.url, PHONE);
  await w.page.goto('/login');
  await signIn(w.page, demo.driver);
  await switchLanguage(w.page, 'zh');
  await w.page.goto('/training');
  await expectHeading(w.page, zh.training.title);
  const card = w.page.getByTestId('training-cohort').filter({ hasText: '电子商务师（五级）' }).first();
  assert.match(plain(await card.innerText()), new RegExp(zh.training.free));
  await shot(w.page, 'training-list-zh');
  await card.getByRole('link', { name: zh.training.seeCohort }).click();
  await w.page.waitForURL((u) => u.pathname === `/training/${demoTraining.openCohort}`);
  await expectHeading(w.page, '电子商务师（五级）');
  const seatsBefore = plain(await w.page.getByTestId('training-seats').innerText());
  assert.equal(seatsBefore, fill(zh.training.seatsOf, { left: 37, capacity: 40 }));
  await w.page.getByLabel(zh.training.apply.note).fill('想学直播带货，晚上有空');
  await w.page.getByRole('button', { name: zh.training.apply.submit, exact: true }).click();
  await w.page.getByText(zh.training.apply.done).waitFor();
  assert.ok(await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing runs off a 390 px screen');
  await shot(w.page, 'training-applied-zh');
  // Applying twice is refused with the reason in words.
  await w.page.reload();
  await w.page.getByRole('button', { name: zh.training.apply.submit, exact: true }).click();
  await w.page.getByText(zh.training.apply.already_applied).waitFor();

  // ---- the trainer accepts, records attendance and the exam, and issues the certificate ----
  const tr = await phone(browser, server.url, PHONE);
  await tr.page.goto('/login');
  await signIn(tr.page, demo.trainer);
  await switchLanguage(tr.page, 'zh');
  await tr.page.goto('/console');
  await tr.page.locator('.console-nav').getByRole('link', { name: zh.training.console.title, exact: true }).click();
  await expectHeading(tr.page, zh.training.console.title);
  const applicant = tr.page.locator('[data-testid="training-applicants"] li[data-name="王建军"]');
  await applicant.getByRole('button', { name: zh.training.console.accept, exact: true }).click();
  await applicant.locator('[data-status="accepted"]').waitFor();
  const session = tr.page.getByTestId('training-sessions').locator('li').first();
  await session.getByRole('button', { name: zh.training.console.takeAttendance }).click();
  const mark = session.locator('fieldset[data-name="王建军"]');
  await mark.getByLabel(zh.training.attendance.present).check();
  await session.getByRole('button', { name: zh.training.console.saveAttendance }).click();
  await tr.page.getByText(zh.training.console.attendanceSaved).waitFor();
  await tr.page.locator('summary', { hasText: zh.training.console.addExam }).click();
  await tr.page.locator('#tx-held').fill(today());
  await tr.page.locator('form').filter({ has: tr.page.locator('#tx-held') }).getByRole('button', { name: zh.training.console.addExam }).click();
  const row = tr.page.locator('[data-testid="training-exam"] [data-testid="training-result"][data-name="王建军"]');
  // A score out of range is refused, naming the field.
  await row.getByLabel(zh.training.console.theoryScore).fill('120');
  await row.getByLabel(zh.training.console.practiceScore).fill('90');
  await row.getByRole('button', { name: zh.training.console.saveResult }).click();
  await row.locator('.field-error').first().waitFor();
  // 56 typed for 86: a fail, corrected with a reason (the old scores go to the audit log).
  await row.getByLabel(zh.training.console.theoryScore).fill('56');
  await row.getByRole('button', { name: zh.training.console.saveResult }).click();
  await row.locator('.badge-bad', { hasText: zh.training.me.failed }).waitFor();
  await row.getByTestId('correct-result').locator('summary').click();
  await row.getByLabel(zh.training.console.theoryScore).fill('86');
  await row.getByLabel(zh.training.console.practiceScore).fill('90');
  await row.getByLabel(zh.training.console.correctReason).fill('录入错误：86 误录为 56');
  await row.getByRole('button', { name: zh.training.console.correctSave }).click();
  await row.getByText(zh.training.console.corrected).waitFor();
  await row.locator('.badge-ok', { hasText: zh.training.me.passed }).waitFor();
  // The registry's number already used elsewhere: 409 in words; then a generated one.
  await row.getByLabel(zh.training.console.certNumber).fill(demoTraining.certificateNumber);
  await row.getByRole('button', { name: zh.training.console.issue }).click();
  await row.getByText(zh.training.console.duplicate_number).waitFor();
  await row.getByLabel(zh.training.console.certNumber).fill('');
  await row.getByRole('button', { name: zh.training.console.issue }).click();
  await row.locator('bdi').filter({ hasText: /^NX-/ }).first().waitFor();
  const number = /NX-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(plain(await row.innerText()))?.[0];
  assert.ok(number, 'a generated certificate number is shown');
  await shot(tr.page, 'training-console-issued-zh');
  // The long console page, part by part (a full-page shot of it is too tall to read).
  await applicant.screenshot({ path: `${shotsDir}/training-console-applicant-zh.png` });
  await row.screenshot({ path: `${shotsDir}/training-console-result-zh.png` });
  await tr.page.getByTestId('training-years').screenshot({ path: `${shotsDir}/training-console-years-zh.png` });
  const lastYear = String(Number(today().slice(0, 4)) - 1);
  const yearRow = tr.page.locator(`[data-testid="training-years"] tr[data-year="${lastYear}"]`);
  assert.equal(plain(await yearRow.getByTestId('year-certificates').innerText()), '276');
  assert.match(plain(await yearRow.innerText()), /92%/);
  assert.deepEqual(realErrors(tr.errors), []);

  // ---- the worker sees the certificate with its QR code; the QR page verifies it ----
  await w.page.goto('/me/training');
  await expectHeading(w.page, zh.training.me.title);
  const cert = w.page.getByTestId('training-certificate').filter({ hasText: number });
  await cert.waitFor();
  const url = await cert.getByTestId('certificate-qr').getAttribute('data-url');
  assert.equal(url, `${server.url}/certificates/${number}`);
  assert.match(plain(await w.page.getByTestId('training-enrolment').first().innerText()), new RegExp(zh.training.status.accepted));
  await shot(w.page, 'training-me-certificate-zh');
  const pdf = await w.page.request.get((await cert.getByTestId('certificate-pdf').getAttribute('href'))!);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await cert.locator('a.tr-qr-link').click();
  await w.page.waitForURL((u) => u.pathname === `/certificates/${number}`);
  for (const lang of ['zh', 'ug', 'en'] as const) {
    const m = messages[lang];
    await switchLanguage(w.page, lang);
    await expectHeading(w.page, m.training.cert.verifyTitle);
    const v = w.page.getByTestId('certificate-verified');
    assert.equal(await v.getAttribute('data-valid'), 'true');
    assert.equal(plain(await w.page.getByTestId('certificate-holder').innerText()), '王*军');
    assert.match(plain(await v.innerText()), new RegExp(m.training.cert.valid));
    assert.equal(plain(await w.page.getByTestId('certificate-level').innerText()), fill(m.training.level, { level: 5 }));
    assert.equal(await w.page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');
    await shot(w.page, `training-verify-${lang}`);
  }
  // An unknown number: a plain "not found", no hint.
  await w.page.goto(`/certificates/${number.slice(0, -1)}${number.endsWith('A') ? 'B' : 'A'}`);
  await w.page.getByTestId('certificate-not-found').waitFor();
  await shot(w.page, 'training-verify-unknown-en');
  // The worker's pages right to left in Uyghur, and in English.
  await switchLanguage(w.page, 'ug');
  await w.page.goto('/me/training');
  await expectHeading(w.page, messages.ug.training.me.title);
  assert.equal(await w.page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.match(plain(await w.page.getByTestId('training-enrolment').first().innerText()), new RegExp(messages.ug.training.status.accepted));
  assert.ok(await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await shot(w.page, 'training-me-ug');
  await w.page.goto(`/training/${demoTraining.openCohort}`);
  await expectHeading(w.page, '电子商务师（五级）');
  assert.equal(plain(await w.page.getByTestId('training-seats').innerText()), fill(messages.ug.training.seatsOf, { left: 36, capacity: 40 }));
  await shot(w.page, 'training-cohort-ug');
  await switchLanguage(w.page, 'en');
  await w.page.goto('/training');
  await expectHeading(w.page, messages.en.training.title);
  await shot(w.page, 'training-list-en');
  assert.deepEqual(realErrors(w.errors), []);
});
