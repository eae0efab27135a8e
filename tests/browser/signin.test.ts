import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { earlyReadsOf } from '../../src/web/early.ts';
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

test('home page: what Nuanxin is, register and sign in, in Chinese by default', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/');
  await expectHeading(page, messages.zh.home.title);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  assert.ok(await page.getByRole('link', { name: messages.zh.home.register }).isVisible());
  await shot(page, 'home-zh');
  // Nothing overflows sideways at 360 px.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scrolling');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker signs in and sees the membership card', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  assert.equal(new URL(page.url()).pathname, '/me/union');
  await expectHeading(page, messages.zh.union.title);
  const card = page.locator('.member-card');
  await card.waitFor();
  assert.match(await card.innerText(), /WLMQ-WYC-2025-\d{6}/);
  assert.match(await card.innerText(), /乌鲁木齐市网约车行业工会/);
  const qr = await page.locator('.member-card img.qr').getAttribute('src');
  assert.ok(qr?.startsWith('data:image/svg+xml;utf8,'), 'the QR code is the server SVG as an image');
  assert.ok(await page.locator('.member-card img.qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'QR image rendered');
  await shot(page, 'worker-union-zh');
  await page.click('.main-nav a[href="/me"]');
  await expectHeading(page, messages.zh.profile.title);
  assert.match(await page.locator('.details').innerText(), /138\*+0001/);
  await shot(page, 'worker-profile-zh');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker downloads all of their own data from the profile page (Chinese, then Uyghur)', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  await page.click('.main-nav a[href="/me"]');
  await expectHeading(page, messages.zh.profile.title);
  const link = page.getByRole('link', { name: messages.zh.profile.dataDownload });
  await link.scrollIntoViewIfNeeded();
  await shot(page, 'worker-my-data-zh');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^nuanxin-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(file.format, 'nuanxin-personal-data/1');
  assert.equal(file.tables.users.length, 1);
  assert.equal(file.tables.users[0].phone, demo.driver, 'their own phone number in full');
  assert.ok(file.tables.memberships.length >= 1, 'their union membership');
  assert.ok(file.tables.audit_log.some((e: { action: string }) => e.action === 'auth.login'), 'their own sign-ins');
  await switchLanguage(page, 'ug');
  await expectHeading(page, messages.ug.profile.title);
  const ug = page.getByRole('link', { name: messages.ug.profile.dataDownload });
  await ug.scrollIntoViewIfNeeded();
  assert.ok(await ug.isVisible());
  await shot(page, 'worker-my-data-ug');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page asks for its data once, started beside the account check; signed out, none of a signed-in page’s', async () => {
  const asked: string[] = [];
  const track = (p: Page) =>
    p.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) asked.push(`${r.method()} ${u.pathname}`);
    });
  // Until the page writes anything: opening a case marks its notices read, and the bell then reads again.
  const once = (paths: string[]) => {
    const write = asked.findIndex((a) => !a.startsWith('GET '));
    const reads = write < 0 ? asked : asked.slice(0, write);
    for (const path of paths) assert.equal(reads.filter((a) => a === `GET ${path}`).length, 1, `GET ${path} once: ${asked.join(', ')}`);
  };
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  await page.locator('.member-card').waitFor();
  await page.waitForLoadState('networkidle');
  track(page);
  await page.goto('/me/union');
  await page.locator('.member-card').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-session')), true, 'the server marks a signed-in page');
  once(['/api/auth/me', ...earlyReadsOf('/me/union', true)]);
  // The other worker pages with early reads: each path is one the page really asks for, and only once.
  const caseLink = await page.goto('/me/cases').then(() => page.locator('a[href^="/me/cases/"]:not([href$="/new"])').first().getAttribute('href'));
  assert.ok(caseLink, 'the seeded driver has a case');
  for (const path of ['/me/cases', caseLink, '/me/support']) {
    await page.waitForLoadState('networkidle');
    asked.length = 0;
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const reads = earlyReadsOf(path, true);
    assert.ok(reads.length > 1, path);
    once(reads);
  }
  assert.deepEqual(errors, []);
  await context.close();
  // Signed out: the training list is read early; a signed-in page reads nothing of the account and goes to sign-in.
  asked.length = 0;
  const anon = await phone(browser, server.url);
  track(anon.page);
  await anon.page.goto('/training');
  await expectHeading(anon.page, messages.zh.training.title);
  await anon.page.waitForLoadState('networkidle');
  once(earlyReadsOf('/training', false));
  await anon.page.goto('/me/union');
  await anon.page.waitForURL('**/login**');
  assert.deepEqual(asked.filter((a) => /notifications|memberships|workers/.test(a)), [], 'no read of an account when signed out');
  assert.deepEqual(anon.errors, []);
  await anon.context.close();
  // A session that has ended: the early reads answer 401, and the reader signs in again at once. The union
  // card must not take those answers (they would sign the new session out).
  const stale = await phone(browser, server.url);
  await stale.context.addCookies([{ name: 'nx_session', value: 'ended-long-ago', url: server.url }]);
  await stale.page.goto('/me/union');
  await stale.page.waitForURL('**/login**');
  await signIn(stale.page, demo.driver);
  await stale.page.locator('.member-card').waitFor();
  await stale.page.waitForLoadState('networkidle');
  assert.equal(new URL(stale.page.url()).pathname, '/me/union', 'still signed in on the union card');
  await stale.context.close();
});

test('a union officer signs in to the console and sees the applications queue', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.officer);
  assert.equal(new URL(page.url()).pathname, '/console');
  await expectHeading(page, messages.zh.console.title);
  const nav = page.locator('.console-nav');
  assert.ok(await nav.getByRole('link', { name: messages.zh.console.nav.applications }).isVisible());
  assert.ok(await nav.getByRole('link', { name: messages.zh.console.nav.workers }).isVisible());
  assert.ok(await nav.getByRole('link', { name: messages.zh.console.nav.verify }).isVisible());
  assert.equal(await nav.getByRole('link', { name: messages.zh.console.nav.users }).count(), 0, 'no admin menu for an officer');
  await shot(page, 'officer-console-zh');
  await nav.getByRole('link', { name: messages.zh.console.nav.applications }).click();
  await expectHeading(page, messages.zh.applications.title);
  await page.locator('[data-application-id]').first().waitFor();
  assert.ok((await page.locator('[data-application-id]').count()) >= 1, 'the seeded pending applications are listed');
  await shot(page, 'officer-applications-zh');
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching to Uyghur turns the page right-to-left and translates it; the choice is remembered', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/');
  await switchLanguage(page, 'ug');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ug');
  await expectHeading(page, messages.ug.home.title);
  await shot(page, 'home-ug');
  await page.goto('/login');
  await expectHeading(page, messages.ug.login.title);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl', 'remembered across page loads');
  await shot(page, 'login-ug');
  // Signing in uses the account's saved language: the courier's is Uyghur.
  await switchLanguage(page, 'en');
  await signIn(page, demo.courier);
  await page.waitForFunction(() => document.documentElement.lang === 'ug');
  await expectHeading(page, messages.ug.union.title);
  assert.equal(await page.locator('.member-card').count(), 0, 'the courier is not a member yet');
  await shot(page, 'courier-union-ug');
  await page.click('.main-nav a[href="/me"]');
  await page.locator('.details').waitFor();
  const phoneCell = page.locator('.details bdi[dir="ltr"]').first();
  assert.match(await phoneCell.innerText(), /^138\*+0002$/, 'the phone number stays left-to-right');
  await shot(page, 'courier-profile-ug');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad mobile number shows a translated field error (sign-in and registration)', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/login');
  await page.fill('input[name="phone"]', '12345');
  await page.fill('input[name="password"]', 'whatever1');
  await page.click('form button[type="submit"]');
  const expectedZh = messages.zh.errors.field.invalid_phone.replace('{{field}}', messages.zh.fields.phone);
  assert.equal(await page.locator('.field-error').first().innerText(), expectedZh);
  assert.equal(await page.locator('input[name="phone"]').getAttribute('aria-invalid'), 'true');
  await shot(page, 'login-bad-phone-zh');

  await switchLanguage(page, 'ug');
  await page.click('form button[type="submit"]');
  const expectedUg = messages.ug.errors.field.invalid_phone.replace('{{field}}', messages.ug.fields.phone);
  assert.equal(await page.locator('.field-error').first().innerText(), expectedUg);
  await shot(page, 'login-bad-phone-ug');

  // The server's answer is translated too: a well-formed but wrong number gets the translated 401 text.
  await page.fill('input[name="phone"]', '13812345678');
  await page.fill('input[name="password"]', 'wrong-password');
  await page.click('form button[type="submit"]');
  await page.locator('.alert-error').waitFor();
  assert.equal(await page.locator('.alert-error').innerText(), messages.ug.login.wrong);

  await page.goto('/register');
  await switchLanguage(page, 'en');
  await page.fill('input[name="phone"]', '23800000000');
  await page.click('form button[type="submit"]');
  const expectedEn = messages.en.errors.field.invalid_phone.replace('{{field}}', messages.en.fields.phone);
  const phoneField = page.locator('.field', { has: page.locator('input[name="phone"]') });
  assert.equal(await phoneField.locator('.field-error').innerText(), expectedEn);
  await shot(page, 'register-bad-phone-en');
  assert.deepEqual(errors, []);
  await context.close();
});

test('sign-in refusals are translated: locked after repeated wrong passwords (423), too many attempts (429)', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/login');
  await switchLanguage(page, 'ug');
  let text = '';
  for (let i = 0; i < 12 && text !== messages.ug.login.locked; i++) {
    await page.fill('input[name="phone"]', demo.employer);
    await page.fill('input[name="password"]', `wrong-password-${i}`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.click('form button[type="submit"]');
    await answered;
    text = await page.locator('.alert-error').innerText();
    assert.ok([messages.ug.login.wrong, messages.ug.login.locked].includes(text), `unexpected message: ${text}`);
  }
  assert.equal(text, messages.ug.login.locked);
  await shot(page, 'login-locked-ug');
  assert.deepEqual(errors, []);
  await context.close();

  // A server with a tiny sign-in rate limit answers 429 with Retry-After.
  const strict = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
  try {
    const p = await phone(browser, strict.url);
    await p.page.goto('/login');
    await switchLanguage(p.page, 'en');
    let status = 0;
    for (let i = 0; i < 4 && status !== 429; i++) {
      await p.page.fill('input[name="phone"]', demo.analyst);
      await p.page.fill('input[name="password"]', `wrong-${i}`);
      const answered = p.page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await p.page.click('form button[type="submit"]');
      status = (await answered).status();
    }
    assert.equal(status, 429);
    const banner = await p.page.locator('.alert-error').innerText();
    assert.match(banner, new RegExp(`^${messages.en.login.tooMany} Try again in \\d+ s\\.$`));
    await shot(p.page, 'login-rate-limited-en');
    assert.deepEqual(p.errors, []);
    await p.context.close();
  } finally {
    await strict.stop();
  }
});
