import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';
import { demoIncubator } from '../../src/server/demo/incubator.ts';

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

const PHONE_390 = { viewport: { width: 390, height: 844 } };
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (409|422)/.test(e));

async function openProducts(page: Page, lang: Lang) {
  const m = messages[lang];
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: m.incubator.title, exact: true }).click();
  await expectHeading(page, m.incubator.title);
  await page.getByRole('button', { name: m.incubator.tabs.products, exact: true }).click();
  await page.getByTestId('product-search').waitFor();
}

/** Types a text, opens the filters and ticks "in stock" and "passed", picks an origin, and searches. */
async function search(page: Page, lang: Lang, text: string, origin: string) {
  const m = messages[lang];
  await page.getByTestId('product-total').waitFor();
  await page.fill('input[name="q"]', text);
  await page.locator('[data-testid="product-search"] summary').click();
  await page.selectOption('select[name="origin"]', origin);
  await page.check('input[name="inStock"]');
  await page.check('input[name="passed"]');
  const answered = page.waitForResponse((r) => r.url().includes('/api/incubator/products?') && r.url().includes('inStock=true') && r.request().method() === 'GET');
  await page.getByRole('button', { name: m.incubator.search, exact: true }).click();
  const res = await answered;
  assert.equal(res.status(), 200);
  await page.getByTestId('product-card').first().waitFor();
  return res.json() as Promise<{ total: number; items: { id: string; name: string; nameUg: string; stock: number; checkResult: string; origin: string }[] }>;
}

test('the manager finds a product by text and filters on a 390 px phone, records a quality check, and a team shortlists it (Chinese)', async () => {
  const { page, errors } = await phone(browser, server.url, PHONE_390);
  await page.goto('/login');
  await signIn(page, demo.incubatorManager);
  await switchLanguage(page, 'zh');
  const zh = messages.zh;
  await openProducts(page, 'zh');
  const found = await search(page, 'zh', '库尔勒香梨', 'bayingolin');
  assert.ok(found.total > 0);
  for (const p of found.items) {
    assert.ok(p.name.includes('库尔勒香梨') && p.stock > 0 && p.checkResult === 'pass' && p.origin === 'bayingolin', JSON.stringify(p));
  }
  const cards = page.getByTestId('product-card');
  assert.equal(await cards.count(), Math.min(10, found.items.length));
  assert.match(plain(await cards.first().innerText()), /库尔勒香梨/);
  assert.match(plain(await cards.first().innerText()), new RegExp(zh.incubator.products.checkPass));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing runs off a 390 px screen');
  await shot(page, 'incubator-products-search-zh');

  // A quality check on the first product.
  const first = cards.first();
  await first.getByRole('button', { name: zh.incubator.products.check, exact: true }).click();
  await first.locator('input[name="inspector"]').fill('基地品控组 王芳');
  const checked = page.waitForResponse((r) => r.url().includes('/checks') && r.request().method() === 'POST');
  await first.getByTestId('check-form').getByRole('button', { name: zh.incubator.save, exact: true }).click();
  assert.equal((await checked).status(), 201);
  await page.getByTestId('product-card').first().getByText(zh.incubator.saved).waitFor();

  // The creator's team shortlists it.
  const again = page.getByTestId('product-card').first();
  await again.getByRole('button', { name: zh.incubator.products.shortlist, exact: true }).click();
  const form = again.getByTestId('shortlist-form');
  await form.waitFor();
  assert.match(await form.locator('select[name="team"]').innerText(), /梨城好物直播团/);
  await form.locator('select[name="team"]').selectOption(demoIncubator.creatorTeam);
  const added = page.waitForResponse((r) => r.url().includes('/shortlist') && r.request().method() === 'POST');
  await form.getByRole('button', { name: zh.incubator.save, exact: true }).click();
  assert.equal((await added).status(), 201);
  await shot(page, 'incubator-products-shortlisted-zh');

  await page.goto(`/incubator/teams/${demoIncubator.creatorTeam}`);
  await expectHeading(page, '梨城好物直播团');
  const list = page.getByTestId('team-shortlist');
  await list.waitFor();
  assert.match(plain(await list.innerText()), new RegExp(found.items[0]!.name.split(' ')[0]!));
  assert.match(plain(await list.innerText()), new RegExp(zh.incubator.products.commission));
  await shot(page, 'incubator-team-shortlist-zh');

  // The figures: 246 incubated so far, 112 now.
  await openProducts(page, 'zh');
  await page.getByRole('button', { name: zh.incubator.tabs.figures, exact: true }).click();
  const figures = plain(await page.getByTestId('incubator-figures').innerText());
  assert.match(figures, /246/);
  assert.match(figures, /112/);
  await shot(page, 'incubator-figures-zh');
  assert.deepEqual(realErrors(errors), []);
});

test('in Uyghur the page runs right to left and finds products by their Uyghur name; in English the entrepreneur sees their enterprise', async () => {
  const { page, errors } = await phone(browser, server.url, PHONE_390);
  await page.goto('/login');
  await signIn(page, demo.incubatorManager);
  await switchLanguage(page, 'ug');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await openProducts(page, 'ug');
  const found = await search(page, 'ug', 'نەشپۈتى', 'bayingolin');
  assert.ok(found.total > 0 && found.items.every((p) => p.nameUg.includes('نەشپۈتى')));
  assert.match(plain(await page.getByTestId('product-card').first().innerText()), /نەشپۈتى/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await shot(page, 'incubator-products-search-ug');
  await page.goto(`/console/incubator/enterprises/${demoIncubator.creatorEnterprise}`);
  await expectHeading(page, '梨城好物短视频文化传媒工作室');
  assert.equal(plain(await page.getByTestId('enterprise-stage').innerText()), messages.ug.incubator.stages.incubating);
  await shot(page, 'incubator-enterprise-ug');

  const en = messages.en;
  const other = await phone(browser, server.url, PHONE_390);
  await other.page.goto('/login');
  await signIn(other.page, demo.entrepreneur);
  await switchLanguage(other.page, 'en');
  await other.page.goto('/me/enterprise');
  await expectHeading(other.page, en.incubator.me.title);
  const card = other.page.getByTestId('my-enterprise');
  assert.match(plain(await card.innerText()), new RegExp(en.incubator.stages.incubating));
  await shot(other.page, 'incubator-my-enterprise-en');
  await card.getByRole('link', { name: new RegExp(en.incubator.me.openTeam) }).click();
  await expectHeading(other.page, '梨城好物直播团');
  await other.page.getByTestId('team-shortlist').waitFor();
  await shot(other.page, 'incubator-team-shortlist-en');
  assert.deepEqual(realErrors(errors), []);
  assert.deepEqual(realErrors(other.errors), []);
});
