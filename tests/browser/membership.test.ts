import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { URUMQI_RIDE_HAILING_UNION, demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, shot, signIn, signOut, startServer, type Server } from './support.ts';

let server: Server;
let browser: Browser;

before(async () => {
  ensureWebBuild();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const NEW_PHONE = '13700000123';
const NEW_PASSWORD = 'rain-and-wind-2026';
const NEW_NAME = '买买提·测试';
const zh = messages.zh;

test('a new driver registers, applies to the Urumqi ride-hailing union, the officer approves, the driver sees the card', async () => {
  const { context, page, errors } = await phone(browser, server.url);

  // 1. Register through the form.
  await page.goto('/');
  await page.getByRole('link', { name: zh.home.register }).click();
  await expectHeading(page, zh.register.title);
  await page.fill('input[name="name"]', NEW_NAME);
  await page.fill('input[name="phone"]', NEW_PHONE);
  await page.fill('input[name="password"]', NEW_PASSWORD);
  await page.check('input[name="kind"][value="ride_hailing_driver"]');
  await page.selectOption('select[name="cityCode"]', '650100');
  await page.selectOption('select[name="districtCode"]', '650104');
  await page.check('input[name="platforms"][value="didi"]');
  await page.check('input[name="platforms"][value="caocao"]');
  await page.check('input[name="employmentCategory"][value="written_agreement"]');
  await page.getByRole('button', { name: zh.register.addPlate }).click();
  await page.fill('input[name="plates.0"]', '新A1');
  await page.click('form button[type="submit"]');
  // The plate is checked before anything is sent.
  const plateError = zh.errors.field.invalid_plate.replace('{{field}}', zh.fields.plates);
  const plateField = page.locator('.field', { has: page.locator('input[name="plates.0"]') });
  assert.equal(await plateField.locator('.field-error').innerText(), plateError);
  await shot(page, 'register-bad-plate-zh');
  await page.fill('input[name="plates.0"]', '新A·D5678'); // separators are allowed and normalised by the server
  await Promise.all([page.waitForURL('**/me/union?welcome=1'), page.click('form button[type="submit"]')]);
  await expectHeading(page, zh.union.title);
  assert.equal(await page.locator('.alert-success').innerText(), zh.union.welcome);
  assert.equal(await page.locator('.member-card').count(), 0);
  await shot(page, 'registered-zh');

  // 2. Apply to the Urumqi ride-hailing industry union (listed first: it is in the driver's city).
  const union = page.locator(`li[data-union-id="${URUMQI_RIDE_HAILING_UNION}"]`);
  await union.getByRole('button', { name: new RegExp(zh.union.apply) }).click();
  await union.locator('textarea').fill('每天在火车站接客，想加入工会');
  await union.getByRole('button', { name: zh.union.confirmApply }).click();
  await page.locator('.alert-success', { hasText: '乌鲁木齐市网约车行业工会' }).waitFor();
  await union.getByText(zh.union.pendingHere).waitFor();
  await page.locator('[data-testid="my-applications"]', { hasText: zh.status.pending }).waitFor();
  await shot(page, 'applied-zh');
  await signOut(page);

  // 3. The officer approves it.
  await signIn(page, demo.officer);
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.applications }).click();
  const item = page.locator('[data-application-id]', { hasText: NEW_NAME });
  await item.waitFor();
  assert.match(await item.innerText(), /每天在火车站接客/);
  assert.match(await item.innerText(), /137\*+0123/);
  await shot(page, 'officer-queue-zh');
  await item.getByRole('button', { name: `${zh.applications.approve}: ${NEW_NAME}` }).click();
  await page.locator('.alert-success', { hasText: NEW_NAME }).waitFor();
  assert.equal(await page.locator('[data-application-id]', { hasText: NEW_NAME }).count(), 0, 'gone from the pending queue');
  await page.getByRole('button', { name: zh.status.approved }).click();
  await page.locator('[data-application-id]', { hasText: NEW_NAME }).waitFor();
  await signOut(page);

  // 4. The driver signs in again and has a membership card.
  await signIn(page, NEW_PHONE, NEW_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/me/union');
  const card = page.locator('.member-card');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /乌鲁木齐市网约车行业工会/);
  assert.match(text, new RegExp(NEW_NAME));
  assert.match(text, /WLMQ-WYC-\d{4}-\d{6}/);
  await page.locator('[data-testid="my-applications"]', { hasText: zh.status.approved }).waitFor();
  await page.locator('[data-testid="membership-history"]', { hasText: zh.union.active }).waitFor();
  await shot(page, 'new-member-card-zh');

  // The profile shows the normalised plate, left to right.
  await page.click('.main-nav a[href="/me"]');
  await page.locator('.details').waitFor();
  assert.match(await page.locator('.details').innerText(), /新AD5678/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('registering a number that is already registered says so in the reader’s language', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/register');
  await page.click('.lang-switch button[data-locale="ug"]');
  await page.fill('input[name="name"]', 'سىناق');
  await page.fill('input[name="phone"]', demo.courier);
  await page.fill('input[name="password"]', 'another-pass-1');
  await page.check('input[name="kind"][value="courier"]');
  await page.selectOption('select[name="cityCode"]', '652301');
  await page.selectOption('select[name="districtCode"]', '652301001');
  await page.check('input[name="employmentCategory"][value="self_employed"]');
  assert.equal(await page.inputValue('select[name="locale"]'), 'ug', 'the preferred language follows the page language');
  await page.click('form button[type="submit"]');
  const banner = page.locator('.alert-error').first();
  await banner.waitFor();
  assert.equal(await banner.innerText(), messages.ug.register.phoneTaken);
  await shot(page, 'register-conflict-ug');
  // Switching language re-renders the message rather than keeping the old one.
  await page.click('.lang-switch button[data-locale="zh"]');
  assert.equal(await page.locator('.alert-error').first().innerText(), zh.register.phoneTaken);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a member asks to transfer to another union: it is listed as a transfer request and blocks a second request', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  const korla = page.locator('li[data-union-id="00000000-0000-4000-8000-000000000003"]');
  await korla.getByRole('button', { name: new RegExp(zh.union.transfer) }).click();
  await korla.getByRole('button', { name: zh.union.confirmTransfer }).click();
  await page.locator('.alert-success', { hasText: '库尔勒市总工会' }).waitFor();
  const mine = page.locator('[data-testid="my-applications"]');
  await mine.waitFor();
  assert.match(await mine.innerText(), new RegExp(zh.union.transferRequest));
  assert.match(await mine.innerText(), new RegExp(zh.status.pending));
  await korla.getByText(zh.union.pendingHere).waitFor();
  const changji = page.locator('li[data-union-id="00000000-0000-4000-8000-000000000002"]');
  await changji.getByText(zh.union.onePending).waitFor();
  assert.equal(await page.locator('.member-card').count(), 1, 'still a member of the current union until the transfer is approved');
  await shot(page, 'driver-transfer-requested-zh');
  assert.deepEqual(errors, []);
  await context.close();
});
