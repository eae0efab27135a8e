import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, fill, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';

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

const sheet = (indicator: string, third: string) =>
  Buffer.from(['机构,指标,地区,期间,数值,单位,备注', `新疆维吾尔自治区民政厅,${indicator}_a,XJ,2025-H1,120,个,样例`, `新疆维吾尔自治区民政厅,${indicator}_b,650100,2025-Q2,${third},个,样例`].join('\n'));

for (const lang of ['zh', 'ug'] as Lang[]) {
  test(`an analyst uploads a sheet with a bad row, sees it at its row and column, uploads the fixed one and imports it (${lang})`, async () => {
    const m = messages[lang];
    const { page, errors } = await phone(browser, server.url);
    await page.goto('/login');
    await signIn(page, demo.analyst);
    await switchLanguage(page, lang);
    if (lang === 'ug') assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.goto('/console');
    await page.locator('.console-nav').getByRole('link', { name: m.agency.nav, exact: true }).click();
    await expectHeading(page, m.agency.title);

    // The bad sheet: row 3's value is not a number. The response is held back a moment so the progress shows.
    await page.route('**/api/stats/agency/uploads?*', async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.setInputFiles('#agency-file', { name: `bad-${lang}.csv`, mimeType: 'text/csv', buffer: sheet(`browser_${lang}`, '十二') });
    await page.getByTestId('agency-progress').waitFor();
    await page.getByTestId('agency-preview').waitFor();
    await page.unroute('**/api/stats/agency/uploads?*');
    const summary = page.getByTestId('agency-summary');
    assert.deepEqual([await summary.getAttribute('data-valid'), await summary.getAttribute('data-invalid')], ['1', '1']);
    const problem = page.locator('[data-testid="agency-problems"] li[data-row="3"][data-column="value"]');
    assert.equal(plain(await problem.innerText()), plain(fill(m.agency.rowError.not_a_number, { row: 3, column: m.agency.column.value })));
    const cell = page.locator('[data-testid="agency-rows"] tr[data-row="3"] td[data-column="value"]');
    assert.equal(await cell.getAttribute('aria-invalid'), 'true');
    assert.match(plain(await cell.innerText()), /十二/);
    assert.equal(await page.locator('[data-testid="agency-rows"] tr[data-row="2"] td[aria-invalid]').count(), 0);
    await shot(page, `agency-preview-error-${lang}`);

    // Importing it all is refused: nothing is imported.
    await page.fill('input[name="source"]', '新疆维吾尔自治区民政厅（浏览器测试）');
    await page.getByTestId('agency-commit').click();
    await page.getByText(m.agency.refused).waitFor();

    // The fixed sheet.
    await page.setInputFiles('#agency-file', { name: `good-${lang}.csv`, mimeType: 'text/csv', buffer: sheet(`browser_${lang}`, '12') });
    await page.locator('[data-testid="agency-summary"][data-invalid="0"]').waitFor();
    assert.equal(await page.locator('[data-testid="agency-problems"]').count(), 0);
    await page.fill('input[name="source"]', `新疆维吾尔自治区民政厅（浏览器测试 ${lang}）`);
    await page.getByTestId('agency-commit').click();
    await page.getByText(fill(m.agency.committed, { stored: 2 })).waitFor();
    const item = page.locator('[data-testid="agency-history"] li.item').filter({ hasText: `浏览器测试 ${lang}` });
    await item.waitFor();
    assert.match(plain(await item.innerText()), new RegExp(m.agency.agencyName.civil_affairs));
    await shot(page, `agency-history-${lang}`);

    // Phone-first: nothing runs off the side of a 360 px screen (the preview table scrolls inside its box).
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    assert.deepEqual(errors.filter((e) => !/status of (413|415|422)/.test(e)), []);
    await page.context().close();
  });
}
