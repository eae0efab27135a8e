// The union officer keeps the registries and the rules: uploads a permits CSV with a bad line and reads the
// per-line report, finds the new permit, changes a platform's daily maximum and sees the rule's history;
// the same pages in Uyghur (right to left). Screenshots in test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, fill, launchBrowser, messages, phone, shot, shotsDir, signIn, startServer, switchLanguage, type Server } from './support.ts';

/** The screen around one part of a long page (the rules page holds every platform's rules). */
async function shotAround(el: Locator, name: string) {
  await el.scrollIntoViewIfNeeded();
  await el.page().screenshot({ path: path.join(shotsDir, `${name}.png`) });
}

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

const zh = messages.zh.oversightRegistry;
const ug = messages.ug.oversightRegistry;
const wide = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

test('an officer imports driver permits with a bad line, sees the report, and finds the stored permit', async () => {
  const { context, page, errors } = await phone(browser, server.url, wide);
  await signIn(page, demo.officer);
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: zh.nav.registry }).click();
  await expectHeading(page, zh.title);
  await page.locator('[data-testid="platforms"] tbody tr').first().waitFor();
  assert.equal(await page.locator('[data-testid="platforms"] tbody tr').count(), 15);
  assert.match(await page.locator('tr[data-platform="didi"]').innerText(), /27%/);
  await shot(page, 'oversight-registry-platforms-zh');

  await page.getByRole('button', { name: zh.tab.drivers }).click();
  await page.locator('[data-testid="permits-drivers"]').waitFor();
  const csv = ['permit_no,holder_name,valid_from,valid_to,city_code', 'BT-2026-0001,测试司机,2026-01-01,2032-12-31,650100', 'BT-2026-0002,另一司机,2026-06-01,2026-05-31,650100'].join('\n');
  await page.setInputFiles('input[type="file"]', { name: 'driver_permits.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: zh.import.submit }).click();
  const report = page.locator('[data-testid="import-report"]');
  await report.waitFor();
  assert.match(await report.locator('.alert').innerText(), new RegExp(fill(zh.import.summary, { lines: 2, stored: 1, inserted: 1, updated: 0, rejected: 1 }).replace(/[()（）]/g, '.')));
  const bad = report.locator('tr[data-line="3"]');
  assert.equal(await bad.getAttribute('data-reason'), 'before_valid_from');
  assert.match(await bad.innerText(), new RegExp(fill(zh.reason.before_valid_from, { field: zh.field.valid_to })));
  await shot(page, 'oversight-registry-import-zh');

  await page.fill('input[name="q"]', 'BT-2026');
  await page.getByRole('button', { name: zh.search.submit, exact: true }).click();
  const row = page.locator('[data-testid="permits-drivers"] tr[data-permit="BT-2026-0001"]');
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(zh.status.valid));
  assert.equal(await page.locator('[data-testid="permits-drivers"] tr[data-permit="BT-2026-0002"]').count(), 0, 'the bad line was not stored');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an officer changes a platform rule and reads its history; the rules page in Uyghur', async () => {
  const { context, page, errors } = await phone(browser, server.url, wide);
  await signIn(page, demo.officer);
  await page.goto('/console/rules');
  await expectHeading(page, zh.rulesTitle);
  const row = page.locator('li[data-rule="max_daily_min"][data-scope="didi"]');
  await row.waitFor();
  assert.match(await row.locator('[data-testid="in-force"]').innerText(), /720/);
  await row.getByRole('button', { name: zh.change }).click();
  const form = page.locator('[data-testid="rule-change"]');
  await form.locator('input[name="value"]').fill('600');
  await form.locator('textarea[name="source"]').fill('与滴滴出行协商：每日最长工作时间10小时（测试）');
  await form.getByRole('button', { name: zh.saveVersion }).click();
  const history = page.locator('[data-testid="rule-history"]');
  await history.waitFor();
  assert.equal(await history.locator('tbody tr').count(), 2);
  assert.match(await history.locator('tr[data-version="2"]').innerText(), /600/);
  assert.match(await history.locator('tr[data-version="2"]').innerText(), new RegExp(zh.inForceToday));
  assert.match(await history.locator('tr[data-version="1"]').innerText(), new RegExp(zh.superseded));
  await page.waitForFunction(() => /600/.test(document.querySelector('li[data-rule="max_daily_min"][data-scope="didi"] [data-testid="in-force"]')?.textContent ?? ''));
  await shotAround(history, 'oversight-rules-history-zh');

  // A value out of range is refused with the field named, nothing saved.
  await row.getByRole('button', { name: zh.change }).click();
  await form.locator('input[name="value"]').fill('2000');
  await form.getByRole('button', { name: zh.saveVersion }).click();
  await form.locator('.alert-error').waitFor();
  assert.equal(await form.locator('.alert-error').innerText(), fill(zh.reason.out_of_range, { field: zh.field.value }));

  await switchLanguage(page, 'ug');
  await expectHeading(page, ug.rulesTitle);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await page.locator('li[data-rule="max_daily_min"][data-scope="didi"]').getByRole('button', { name: ug.history }).click();
  await page.locator('[data-testid="rule-history"] tbody tr').first().waitFor();
  await shotAround(page.locator('[data-testid="rule-history"]'), 'oversight-rules-history-ug');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotsDir, 'oversight-rules-ug.png') });
  await page.goto('/console/registry');
  await expectHeading(page, ug.title);
  await page.getByRole('button', { name: ug.tab.vehicles }).click();
  await page.locator('[data-testid="permits-vehicles"] tbody tr').first().waitFor();
  await page.screenshot({ path: path.join(shotsDir, 'oversight-registry-vehicles-ug.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an analyst reads the registry with holders masked and cannot edit or import', async () => {
  const { context, page, errors } = await phone(browser, server.url);
  await signIn(page, demo.analyst);
  await page.goto('/console/registry');
  await expectHeading(page, zh.title);
  await page.getByRole('button', { name: zh.tab.drivers }).click();
  await page.locator('[data-testid="permits-drivers"] tbody tr').first().waitFor();
  assert.equal(await page.locator('[data-testid="import"]').count(), 0);
  assert.equal(await page.getByRole('button', { name: zh.edit }).count(), 0);
  assert.match(await page.locator('[data-testid="permits-drivers"] tbody tr').first().innerText(), /\*/);
  await shot(page, 'oversight-registry-analyst-zh-phone');
  assert.deepEqual(errors, []);
  await context.close();
});
