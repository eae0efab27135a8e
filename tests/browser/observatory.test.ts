import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { LANGS, demo, ensureWebBuild, expectHeading, fill, launchBrowser, messages, phone, plain, shot, shotsDir, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';

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

const URUMQI = '650100';

/** Screenshots of the screen at the filters, the map and the first sections (a full page of this length is slow to capture). */
async function views(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const [i, id] of (['filters', 'map-panel', 'section-workers', 'section-training'] as const).entries()) {
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    await page.evaluate((tid) => document.querySelector(`[data-testid="${tid}"]`)?.scrollIntoView({ block: 'start' }), id);
    await page.screenshot({ path: path.join(shotsDir, `${name}-${i + 1}.png`), timeout: 60_000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Opens the dashboard from the console menu and waits until every section has answered. */
async function openDashboard(page: Page, lang: Lang) {
  const m = messages[lang];
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: m.stats.nav, exact: true }).click();
  await expectHeading(page, m.stats.title);
  await dashboardLoaded(page);
}
async function dashboardLoaded(page: Page) {
  await page.getByTestId('section-incubation').waitFor();
  await page.getByTestId('supplied').waitFor();
  await page.locator('[data-testid="xinjiang-map"] svg').waitFor();
}

test('an analyst reads the observatory in Chinese, Uyghur and English, on a phone and on a wide screen', async () => {
  const { page, errors } = await phone(browser, server.url, { viewport: { width: 390, height: 844 } });
  await signIn(page, demo.analyst);
  // The figures were computed when the server started; compute them once more over the demo data.
  const refreshed = await page.request.post('/api/stats/refresh');
  assert.ok(refreshed.status() < 300, await refreshed.text());
  for (const lang of LANGS) {
    const m = messages[lang];
    await switchLanguage(page, lang);
    await openDashboard(page, lang);
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');
    // Every panel names its source and period; the training funnel and the article's figures are there.
    const funnel = page.getByTestId('table-training-funnel');
    assert.match(plain(await funnel.getByTestId('period').innerText()), /\d{4}-\d{2}/);
    assert.ok(plain(await funnel.getByTestId('source').innerText()).startsWith(plain(fill(m.stats.source.module, { name: '' })).trim()));
    assert.equal(plain(await page.getByTestId('table-map-headline').locator('h3').innerText()), m.stats.tables.map.headline);
    // Suppressed cells show the threshold, with the reason as a tooltip.
    const suppressed = page.locator('[data-suppressed="true"]').first();
    if (await suppressed.count()) assert.equal(await suppressed.getAttribute('title'), fill(m.stats.suppressedWhy, { n: 5 }));
    // The charts are drawn (SVG), the map has its prefectures.
    assert.ok((await page.locator('[data-testid^="chart-"] svg').count()) > 3);
    assert.ok((await page.locator('[data-testid="xinjiang-map"] svg path').count()) > 20);
    // Phone: nothing wider than the screen except inside a table's own scroller.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${lang}: the page scrolls sideways by ${overflow}px`);
    await views(page, `observatory-${lang}-390`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(300);
    await views(page, `observatory-${lang}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
  }
  assert.deepEqual(errors, []);
});

test('filters to Urumqi by the form and by the map, downloads a CSV and the PDF, opens the printable report', async () => {
  const { page, errors } = await phone(browser, server.url, { viewport: { width: 390, height: 844 } });
  await signIn(page, demo.analyst);
  await switchLanguage(page, 'zh');
  const m = messages.zh;
  await openDashboard(page, 'zh');

  // An inverted period is refused in the form.
  await page.fill('input[name="from"]', '2025-12');
  await page.fill('input[name="to"]', '2025-01');
  await page.getByTestId('apply').click();
  await page.getByText(m.stats.filters.inverted).first().waitFor();
  assert.equal(new URL(page.url()).searchParams.get('from'), null);

  // By the form.
  await page.fill('input[name="from"]', '2025-01');
  await page.fill('input[name="to"]', '2025-12');
  await page.selectOption('select[name="city"]', URUMQI);
  const answered = page.waitForResponse((r) => r.url().includes('/api/stats/dashboard/workers') && r.url().includes(`city=${URUMQI}`));
  await page.getByTestId('apply').click();
  assert.equal((await answered).status(), 200);
  await dashboardLoaded(page);
  assert.equal(new URL(page.url()).searchParams.get('city'), URUMQI);
  assert.match(plain(await page.getByTestId('current-filter').innerText()), /乌鲁木齐/);

  // By the map: back to all Xinjiang, then a click on Urumqi's label.
  await page.goto('/console/observatory?from=2025-01&to=2025-12');
  await dashboardLoaded(page);
  // A click that comes before the chart takes clicks is lost: try again, up to three times.
  let filtered = false;
  for (let i = 0; i < 3 && !filtered; i++) {
    const byMap = page.waitForResponse((r) => r.url().includes('/api/stats/dashboard/') && r.url().includes(`city=${URUMQI}`), { timeout: 5000 }).then(
      () => true,
      () => false,
    );
    await page.locator('[data-testid="xinjiang-map"] svg text', { hasText: m.stats.prefectureShort[URUMQI] }).first().click({ force: true });
    filtered = await byMap;
  }
  assert.ok(filtered, 'a click on Urumqi on the map filters the dashboard to it');
  await dashboardLoaded(page);
  assert.equal(new URL(page.url()).searchParams.get('city'), URUMQI);
  await shot(page, 'observatory-zh-urumqi');

  // A table's CSV, with the same filter.
  const table = page.getByTestId('table-workers-byKind');
  const [csv] = await Promise.all([page.waitForEvent('download'), table.getByTestId('csv').click()]);
  assert.equal(csv.suggestedFilename(), 'nuanxin-workers-byKind-2025-01-2025-12.csv');
  const text = fs.readFileSync((await csv.path())!, 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'UTF-8 with BOM');
  const lines = text.slice(1).trim().split(/\r?\n/);
  assert.equal(lines[0], 'kind,workers,source,period');
  // One row per worker kind; a suppressed count is an empty cell.
  for (const line of lines.slice(1)) assert.match(line, /^[a-z_]+,\d*,workers,2025-01\/2025-12$/);

  // The PDF report.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
  assert.equal(pdf.suggestedFilename(), `nuanxin-observation-${URUMQI}-2025-01-2025-12-zh.pdf`);
  const bytes = fs.readFileSync((await pdf.path())!);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  fs.mkdirSync(shotsDir, { recursive: true });
  const saved = path.join(shotsDir, 'observatory-report-zh.pdf');
  fs.writeFileSync(saved, bytes);
  // A page of it as an image, when poppler is installed (the test does not depend on it).
  spawnSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', '-png', saved, path.join(shotsDir, 'observatory-report-zh-page')]);

  // The printable page, in the language the link names.
  await page.getByTestId('report-page').click();
  await page.getByTestId('observatory-report').waitFor();
  await expectHeading(page, fill(m.stats.report.title, { region: '乌鲁木齐市' }));
  await page.getByTestId('section-training').waitFor();
  assert.ok((await page.locator('.obs-report [data-testid="period"]').count()) > 5);
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'observatory-report-zh-print');
  await page.emulateMedia({ media: 'screen' });

  // The API's refusal of an inverted period, in the reader's language.
  await switchLanguage(page, 'en');
  await page.goto('/console/observatory?from=2025-12&to=2025-01');
  await page.getByTestId('filter-error').waitFor();
  assert.equal(plain(await page.getByTestId('filter-error').innerText()), messages.en.stats.errors.period_inverted);
  assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
});
