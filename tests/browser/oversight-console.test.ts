import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Server } from './support.ts';
import { openSqlite } from '../../src/server/platform/db.ts';
import { FieldCrypto } from '../../src/server/platform/crypto.ts';
import { fixture, seedOversightFixture } from '../helpers/oversight-console.ts';

// Done-when of issue 5's console: an officer opens the scorecard, drills from an R1 figure to the
// orders, and logs an enforcement action — in Chinese, then the same pages in Uyghur; the driver sees
// their own figures and raises a day as a rights case. The analysed months are written into the
// server's database by the test (the analysis engine is tested on its own).
let server: Server;
let browser: Browser;

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  const h = openSqlite(path.join(server.dataDir, 'nuanxin.sqlite'));
  try {
    // The demo driver, found by the keyed hash of their mobile number (the server's own key).
    const crypto = new FieldCrypto(Buffer.from(fs.readFileSync(path.join(server.dataDir, 'secret.key'), 'utf8').trim(), 'base64'));
    const u = await h.db.selectFrom('workers').innerJoin('users', 'users.id', 'workers.user_id').select(['workers.id']).where('users.phone_hash', '=', crypto.lookupHash(demo.driver)).executeTakeFirstOrThrow();
    await seedOversightFixture(h.db, { driverWorkerId: u.id });
  } finally {
    await h.close();
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function desk(b: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await b.newContext({ viewport: { width: 1280, height: 800 }, baseURL, timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|401|404|409|422)/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

test('an officer opens the scorecard, drills from R1 at DiDi to the orders, and logs an enforcement action; the same pages in Uyghur', async () => {
  const zh = messages.zh.oversight;
  const ug = messages.ug.oversight;
  const { context, page, errors } = await desk(browser, server.url);
  await page.goto('/login');
  await signIn(page, demo.officer);
  await page.goto('/console');
  await page.locator('.console-nav a[href="/console/scorecard"]').click();
  await expectHeading(page, zh.title);
  await page.locator('[data-testid="score-table"]').waitFor();
  assert.equal(await page.locator('section.ovs-scorecard').getAttribute('data-month'), fixture.month, 'the newest month opens');
  await page.locator('[data-testid="chart-compare"] svg').waitFor();
  const fair = page.locator('[data-testid="fairwork"] tr[data-platform="t3"] td[data-principle="legal_operation"] .badge');
  assert.equal(await fair.getAttribute('data-status'), 'not_met');
  assert.match(await page.locator('[data-testid="rules"]').innerText(), /道路交通安全法实施条例/);
  await shot(page, 'oversight-scorecard-zh');

  // From the figure to the violation and its orders, with the rule and its source.
  await page.locator('a.ovs-drill[data-indicator="R1"][data-platform="didi"]').click();
  await expectHeading(page, zh.findingsTitle);
  const card = page.locator('li.ovs-finding[data-indicator="R1"]');
  await card.waitFor();
  assert.deepEqual(await card.locator('tr[data-order-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id'))), ['D-1', 'D-2', 'D-3']);
  assert.match(await card.locator('[data-testid="finding-rule"]').innerText(), /第六十二条/);
  assert.match(plain(await card.innerText()), new RegExp(fixture.driverPermit));
  assert.equal(await page.locator('[data-testid="csv-link"]').getAttribute('href'), '/api/oversight/findings/export?month=2026-11&indicator=R1&platform=didi');
  await shot(page, 'oversight-findings-zh');

  // The illegal-operation page: the watchlist has the unlicensed car; log the joint operation that caught it.
  await page.locator('.console-nav a[href="/console/enforcement"]').click();
  await expectHeading(page, zh.enforcementTitle);
  await page.locator(`[data-testid="watchlist"] tr[data-subject="${fixture.unlicensedPlate}"]`).waitFor();
  const form = page.locator('[data-testid="action-form"]');
  await form.locator('input[name="heldOn"]').fill('2026-11-20');
  await form.locator('input[name="place"]').fill('乌鲁木齐站南广场');
  await form.locator('input[name="platesChecked"]').fill('1');
  await form.locator('textarea[name="plates"]').fill(`${fixture.unlicensedPlate}, 新A55555`);
  await form.locator('textarea[name="outcome"]').fill('查扣非法营运车辆，移交执法支队处理');
  await form.locator('button[type="submit"]').click();
  // More plates found than checked: refused on the page before anything is sent.
  assert.match(await form.locator('.field-error').first().innerText(), /不能多于/);
  await form.locator('input[name="platesChecked"]').fill('40');
  await form.locator('input[name="partners"]').fill('市交通运输综合行政执法支队');
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-testid="action-log"] li').first().waitFor();
  assert.match(await page.locator('[data-testid="action-log"]').innerText(), /乌鲁木齐站南广场/);
  await page.waitForFunction((plate) => document.querySelector(`[data-testid="watchlist"] tr[data-subject="${plate}"] td:nth-child(4)`)?.textContent?.includes('1'), fixture.unlicensedPlate);
  // Refer the plate to the transport bureau.
  await page.locator(`[data-testid="watchlist"] tr[data-subject="${fixture.unlicensedPlate}"] [data-testid="refer"]`).click();
  await page.locator('[data-testid="referrals"] li[data-status="sent"]').waitFor();
  assert.match(await page.locator('[data-testid="referrals"]').innerText(), /乌鲁木齐市交通运输局/);
  await shot(page, 'oversight-enforcement-zh');

  // The same pages in Uyghur, right to left.
  await switchLanguage(page, 'ug');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await expectHeading(page, ug.enforcementTitle);
  await shot(page, 'oversight-enforcement-ug');
  await page.locator('.console-nav a[href="/console/scorecard"]').click();
  await expectHeading(page, ug.title);
  await page.locator('[data-testid="chart-trend"] svg').waitFor();
  await shot(page, 'oversight-scorecard-ug');
  await page.locator('a.ovs-drill[data-indicator="R1"][data-platform="didi"]').click();
  await expectHeading(page, ug.findingsTitle);
  await page.locator('li.ovs-finding').first().waitFor();
  await shot(page, 'oversight-findings-ug');

  // The printable report, as the printer sees it.
  await switchLanguage(page, 'zh');
  await page.goto(`/console/scorecard/report?month=${fixture.month}`);
  await expectHeading(page, messages.zh.oversight.reportTitle.replace('{{month}}', fixture.month));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed');
  assert.match(await page.locator('.ovs-report-union').innerText(), /乌鲁木齐市网约车行业工会/);
  await shot(page, 'oversight-report-print-zh');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a driver sees their own figures and raises a day with the orders as a rights case', async () => {
  const zh = messages.zh.oversight;
  const { context, page, errors } = await phone(browser, server.url, { timezoneId: 'Asia/Shanghai' });
  await page.goto('/login');
  await signIn(page, demo.driver);
  await page.locator('.main-nav a[data-nav="figures"]').click();
  await expectHeading(page, zh.mine.title);
  const day = page.locator('[data-testid="my-days"] li[data-day="2026-11-03"]');
  await day.waitFor();
  // The page shows what the API computed (the demo's own orders may share the day with the fixture's).
  const api = await page.evaluate(() => fetch('/api/oversight/me/figures?month=2026-11').then((r) => r.json()));
  const d = api.days.find((x: { day: string }) => x.day === '2026-11-03');
  assert.ok(d.orders >= 3);
  assert.match(plain(await day.innerText()), new RegExp(`${d.orders} 单，工作 ${d.hoursWorked} 小时，收入 ${(d.payFen / 100).toFixed(2)} 元`));
  const findings = page.locator('[data-testid="my-findings"] li');
  assert.ok(await findings.locator('xpath=self::*[@data-indicator="R1"]').count(), 'the R1 finding about them is listed');
  assert.equal(await page.locator(`[data-testid="my-findings"]`).innerText().then((x) => x.includes(fixture.unlicensedPlate)), false, 'the unlicensed car is not theirs');
  await shot(page, 'oversight-my-figures-zh');
  await day.locator('[data-testid="to-case"]').click();
  await day.locator('[data-testid="case-link"]').click();
  await page.waitForURL(/\/me\/cases\/[0-9a-f-]{36}$/);
  await page.locator('text=订单明细-2026-11-03.pdf').first().waitFor();
  await switchLanguage(page, 'ug');
  await page.goBack();
  await expectHeading(page, messages.ug.oversight.mine.title);
  await page.locator('[data-testid="my-days"] li').first().waitFor();
  await shot(page, 'oversight-my-figures-ug');
  assert.deepEqual(errors, []);
  await context.close();
});
