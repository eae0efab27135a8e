import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, shot, signIn, startServer, switchLanguage, type Server } from './support.ts';

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

const zh = messages.zh;
const en = messages.en;
const ug = messages.ug;

/** The driver's card code, read from their own card page. */
async function driverCardCode(): Promise<string> {
  const { context, page } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  const code = (await page.locator('.member-card-code bdi').innerText()).trim();
  await context.close();
  return code;
}

test('station operator checks a membership card by code and by the QR link; a wrong code is refused', async () => {
  const code = await driverCardCode();
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.stationOperator);
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.verify }).click();
  await expectHeading(page, zh.verify.title);
  await page.fill('input[name="token"]', code);
  await page.click('form button[type="submit"]');
  const result = page.locator('.verify-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-valid'), 'true');
  assert.match(await result.innerText(), new RegExp(zh.verify.valid));
  assert.match(await result.innerText(), /WLMQ-WYC-2025-\d{6}/);
  assert.doesNotMatch(await result.innerText(), /王建军/, 'only the masked name is shown');
  await shot(page, 'station-verify-zh');

  // Scanning the QR code opens /console/verify/<code> and checks at once.
  await page.goto(`/console/verify/${code}`);
  await page.locator('.verify-result[data-valid="true"]').waitFor();

  await page.goto('/console/verify');
  await switchLanguage(page, 'ug');
  await page.fill('input[name="token"]', 'AAAAAAAAAAAAAAAAAAAAAAAA');
  await page.click('form button[type="submit"]');
  await page.locator('.alert-error').waitFor();
  assert.equal(await page.locator('.alert-error').innerText(), ug.verify.notFound);
  await shot(page, 'station-verify-notfound-ug');
  assert.deepEqual(errors, []);
  await context.close();
});

test('union chair finds a worker by the last 4 digits and shows the full number for a stated purpose', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.chair);
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.workers }).click();
  await expectHeading(page, zh.workers.title);
  await page.fill('input[name="q"]', '0001');
  await page.selectOption('select[name="membership"]', 'member');
  await page.click('form[role="search"] button[type="submit"]');
  const item = page.locator('[data-worker-id]', { hasText: '王建军' });
  await item.waitFor();
  assert.match(await item.innerText(), /138\*+0001/);
  assert.match(await item.innerText(), /新A83261/);
  await item.getByRole('button', { name: `${zh.workers.showPhone}: 王建军` }).click();
  // The purpose is required.
  await item.locator('form button[type="submit"]').click();
  assert.equal(await item.locator('.field-error').innerText(), zh.errors.field.required.replace('{{field}}', zh.fields.purpose));
  await item.locator('input').fill('停车场纠纷，需要电话联系本人');
  await item.locator('form button[type="submit"]').click();
  await item.locator('.revealed').waitFor();
  assert.match(await item.locator('.revealed').innerText(), /13800000001/);
  await shot(page, 'chair-unmask-zh');
  assert.deepEqual(errors, []);
  await context.close();
});

test('union officer turns down an application with a reason, which the reason field requires', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.officer);
  await switchLanguage(page, 'en');
  await page.locator('.console-nav').getByRole('link', { name: en.console.nav.applications }).click();
  const first = page.locator('[data-application-id]').first();
  await first.waitFor();
  const name = (await first.locator('.item-head strong').innerText()).trim();
  await first.getByRole('button', { name: `${en.applications.reject}: ${name}` }).click();
  await first.getByRole('button', { name: en.applications.confirmReject }).click();
  assert.equal(await first.locator('.field-error').innerText(), en.errors.field.required.replace('{{field}}', en.fields.reason));
  await first.locator('textarea').fill('Please register your plate first');
  await first.getByRole('button', { name: en.applications.confirmReject }).click();
  await page.locator('.alert-success', { hasText: name }).waitFor();
  await page.getByRole('button', { name: en.status.rejected }).click();
  const rejected = page.locator('[data-application-id]', { hasText: name });
  await rejected.waitFor();
  assert.match(await rejected.innerText(), /Please register your plate first/);
  await shot(page, 'officer-rejected-en');
  assert.deepEqual(errors, []);
  await context.close();
});

test('admin creates a staff account, disables it, and creates and revokes a platform API key shown once', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.admin);
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.users }).click();
  await expectHeading(page, zh.users.title);
  await page.getByRole('button', { name: zh.users.create }).click();
  const form = page.locator('form[aria-labelledby="create-user-title"]');
  await form.getByLabel(zh.fields.phone).fill('19912340055');
  await form.getByLabel(zh.fields.name).fill('古丽·驿站');
  await form.getByLabel(zh.fields.password).fill('station-pass-1');
  await form.getByLabel(zh.users.roleN.replace('{{n}}', '1')).selectOption('station_operator');
  // The organisation is required for a station operator.
  await form.locator('button[type="submit"]').click();
  await form.locator('.field-error').first().waitFor();
  const org = form.getByLabel(zh.fields.orgId);
  const options = await org.locator('option').allInnerTexts();
  assert.ok(options.some((o) => o.includes('驿站')), `stations offered: ${options.join(' | ')}`);
  await org.selectOption({ label: options.find((o) => o.includes('宁和'))! });
  await shot(page, 'admin-create-user-zh');
  await form.locator('button[type="submit"]').click();
  await page.locator('.alert-success', { hasText: '古丽·驿站' }).waitFor();
  const user = page.locator('[data-user-id]', { hasText: '古丽·驿站' });
  await user.getByRole('button', { name: `${zh.users.disable}: 古丽·驿站` }).click();
  await user.getByText(zh.users.disabled).waitFor();
  await shot(page, 'admin-users-zh');

  // The new account cannot sign in while disabled.
  const other = await phone(browser, server.url);
  await other.page.goto('/login');
  await other.page.fill('input[name="phone"]', '19912340055');
  await other.page.fill('input[name="password"]', 'station-pass-1');
  await other.page.click('form button[type="submit"]');
  await other.page.locator('.alert-error').waitFor();
  assert.equal(new URL(other.page.url()).pathname, '/login');
  await other.context.close();

  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.apiKeys }).click();
  await expectHeading(page, zh.apiKeys.title);
  await page.getByLabel(zh.fields.platformCode).selectOption('didi');
  await page.getByLabel(zh.fields.label).fill('滴滴 生产环境');
  await page.getByRole('button', { name: zh.apiKeys.createSubmit }).click();
  const once = page.locator('[data-testid="new-key"]');
  await once.waitFor();
  assert.match(await once.innerText(), new RegExp(zh.apiKeys.onceTitle));
  const key = (await once.locator('code').innerText()).trim();
  assert.match(key, /^nxk_/);
  await shot(page, 'admin-api-key-once-zh');
  const keyItem = page.locator('[data-key-id]', { hasText: '滴滴 生产环境' });
  await keyItem.waitFor();
  assert.doesNotMatch(await keyItem.innerText(), new RegExp(key), 'the list never shows the whole key');
  await page.getByRole('button', { name: zh.apiKeys.stored }).click();
  assert.equal(await once.count(), 0);
  // The key works for the platform until it is revoked.
  const whoami = () => fetch(`${server.url}/api/platform/whoami`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal((await whoami()).status, 200);
  await keyItem.getByRole('button', { name: `${zh.apiKeys.revoke}: 滴滴 生产环境` }).click();
  await keyItem.getByRole('button', { name: zh.apiKeys.confirmRevoke }).click();
  await keyItem.getByText(zh.apiKeys.revoked, { exact: true }).waitFor();
  assert.equal((await whoami()).status, 401);
  assert.deepEqual(errors, []);
  await context.close();
});

test('auditor reads the audit log and verifies the chain', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.auditor);
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.audit }).click();
  await expectHeading(page, zh.audit.title);
  await page.locator('table tbody tr').first().waitFor();
  assert.ok((await page.locator('table tbody tr').count()) > 3);
  assert.match(await page.locator('table').innerText(), new RegExp(zh.audit.actions.auth_login));
  await page.getByRole('button', { name: zh.audit.verify }).click();
  const res = page.locator('.verify-result');
  await res.waitFor();
  assert.equal(await res.getAttribute('data-ok'), 'true');
  assert.match(await res.innerText(), new RegExp(zh.audit.chainOk));
  await shot(page, 'auditor-zh');
  await switchLanguage(page, 'ug');
  assert.match(await page.locator('.verify-result').innerText(), new RegExp(ug.audit.chainOk));
  await shot(page, 'auditor-ug');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker edits the profile: adds a plate, and a bad plate is refused before sending', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  await page.click('.main-nav a[href="/me"]');
  await page.getByRole('button', { name: zh.profile.edit }).click();
  await page.getByRole('button', { name: zh.register.addPlate }).click();
  await page.fill('input[name="plates.1"]', 'ABC');
  await page.click('form button[type="submit"]');
  const plateField = page.locator('.field', { has: page.locator('input[name="plates.1"]') });
  assert.equal(await plateField.locator('.field-error').innerText(), zh.errors.field.invalid_plate.replace('{{field}}', zh.fields.plates));
  await page.fill('input[name="plates.1"]', '新A99887');
  await page.click('form button[type="submit"]');
  await page.locator('.alert-success').waitFor();
  assert.match(await page.locator('.details').innerText(), /新A83261.*新A99887/s);
  await shot(page, 'worker-profile-edited-zh');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a staff user opening a page for another role gets an honest refusal; anonymous visitors go to sign-in', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/console/users');
  await page.waitForURL('**/login?next=%2Fconsole%2Fusers');
  await signIn(page, demo.lawyer);
  assert.equal(new URL(page.url()).pathname, '/console/users', 'back where they were going');
  await expectHeading(page, zh.console.notForRoleTitle);
  assert.deepEqual(errors, []);
  await context.close();
});
