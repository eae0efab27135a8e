import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, fill, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';
import { demoParkingPlates } from '../../src/server/demo/parking.ts';

let server: Server;
let browser: Browser;
const ATTENDANT = '13900000011';

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Refusals answer 409/422: the browser logs those responses, which are not page errors. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (409|422)/.test(e));

async function gate(page: Page, lang: Lang) {
  const m = messages[lang];
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: m.console.nav.parkingGate, exact: true }).click();
  await expectHeading(page, m.parking.gate.title);
}
const freeOf = async (page: Page) => plain(await page.getByTestId('parking-free').innerText());
async function send(page: Page, lang: Lang, plate: string, button: 'admit' | 'exit') {
  const m = messages[lang];
  const seq = Number((await page.getByTestId('parking-answer').getAttribute('data-seq', { timeout: 100 }).catch(() => null)) ?? 0);
  await page.fill('#pk-plate', plate);
  const answered = page.waitForResponse((r) => r.url().includes('/api/parking/zones/') && r.request().method() === 'POST');
  await page.locator('.pk-form').getByRole('button', { name: m.parking.gate[button], exact: true }).click();
  await answered;
  const card = page.locator(`[data-testid="parking-answer"][data-seq="${seq + 1}"]`);
  await card.waitFor();
  return card;
}

test('an attendant on a phone admits a registered car and refuses an unregistered one (Chinese, then Uyghur)', async () => {
  const { page, errors } = await phone(browser, server.url);
  await page.goto('/login');
  await signIn(page, ATTENDANT);
  await switchLanguage(page, 'zh');
  await gate(page, 'zh');
  const zh = messages.zh;

  // The north zone is chosen; its free spaces show.
  const before = await freeOf(page);
  const [free, capacity] = before.match(/\d+/g)!.map(Number) as [number, number];
  assert.equal(capacity, 120);
  let card = await send(page, 'zh', demoParkingPlates.permit, 'admit');
  assert.equal(await card.getAttribute('data-outcome'), 'in');
  assert.match(plain(await card.innerText()), new RegExp(zh.parking.gate.admitted));
  assert.match(plain(await card.innerText()), new RegExp(zh.parking.basis.permit));
  assert.equal(await freeOf(page), plain(fill(zh.parking.gate.freeOf, { free: free - 1, capacity })));
  assert.equal(await page.inputValue('#pk-plate'), '新A', 'ready for the next car');
  await shot(page, 'parking-gate-admitted-zh');

  card = await send(page, 'zh', demoParkingPlates.unregistered, 'admit');
  assert.equal(await card.getAttribute('data-outcome'), 'refused');
  assert.equal(await card.locator('.pk-reason').getAttribute('data-reason'), 'not_registered');
  assert.match(plain(await card.innerText()), new RegExp(zh.parking.reasons.not_registered));
  assert.equal(await freeOf(page), plain(fill(zh.parking.gate.freeOf, { free: free - 1, capacity })), 'a refusal takes no space');
  await shot(page, 'parking-gate-refused-zh');

  // A bad plate is caught on the phone, before any request.
  await page.fill('#pk-plate', '新A12');
  await page.locator('.pk-form').getByRole('button', { name: zh.parking.gate.admit, exact: true }).click();
  await page.locator('#pk-plate-error').waitFor();

  // One-handed on a 360 px phone: nothing runs off the side; the buttons are big.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  const box = await page.locator('.pk-form').getByRole('button', { name: zh.parking.gate.admit, exact: true }).boundingBox();
  assert.ok(box && box.height >= 64, 'a big Admit button');

  // Uyghur, right to left: the same car leaves and comes back, an expired permit and a stranger are refused.
  await switchLanguage(page, 'ug');
  const ug = messages.ug;
  await expectHeading(page, ug.parking.gate.title);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  card = await send(page, 'ug', demoParkingPlates.permit, 'exit');
  assert.equal(await card.getAttribute('data-outcome'), 'out');
  assert.match(plain(await card.innerText()), new RegExp(ug.parking.gate.left));
  card = await send(page, 'ug', demoParkingPlates.permit, 'admit');
  assert.equal(await card.getAttribute('data-outcome'), 'in');
  assert.match(plain(await card.innerText()), new RegExp(ug.parking.gate.admitted));
  await shot(page, 'parking-gate-admitted-ug');
  card = await send(page, 'ug', demoParkingPlates.expired, 'admit');
  assert.equal(await card.locator('.pk-reason').getAttribute('data-reason'), 'permit_expired');
  assert.match(plain(await card.innerText()), new RegExp(ug.parking.reasons.permit_expired));
  card = await send(page, 'ug', demoParkingPlates.unregistered, 'admit');
  assert.equal(await card.getAttribute('data-outcome'), 'refused');
  assert.match(plain(await card.innerText()), new RegExp(ug.parking.reasons.not_registered));
  await shot(page, 'parking-gate-refused-ug');
  // Already inside: a second entry of the same car.
  card = await send(page, 'ug', demoParkingPlates.permit, 'admit');
  assert.equal(await card.locator('.pk-reason').getAttribute('data-reason'), 'already_inside');

  await switchLanguage(page, 'en');
  card = await send(page, 'en', demoParkingPlates.unregistered, 'admit');
  assert.match(plain(await card.innerText()), new RegExp(messages.en.parking.reasons.not_registered));
  await shot(page, 'parking-gate-refused-en');
  assert.deepEqual(realErrors(errors), []);
});

test('the union officer sees live occupancy, the car over the limit, daily use and the refusals', async () => {
  const { page, errors } = await phone(browser, server.url, { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
  await page.goto('/login');
  await signIn(page, demo.officer);
  await switchLanguage(page, 'zh');
  const zh = messages.zh;
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.parking, exact: true }).click();
  await expectHeading(page, zh.parking.console.title);
  const cards = page.getByTestId('parking-zones').locator('li');
  assert.equal(await cards.count(), 2);
  assert.ok((await page.getByTestId('parking-overstays').locator('tbody tr').count()) >= 1, 'the demo car over the limit');
  assert.ok((await page.getByTestId('parking-figures').locator('tbody tr').count()) >= 12, 'a week for two zones');
  await shot(page, 'parking-console-zh');

  // Register a car by hand; the attendant could now admit it.
  await page.getByLabel(zh.parking.console.plate, { exact: true }).fill('新B7X7X7');
  await page.getByLabel(zh.parking.console.manualReason, { exact: true }).fill('新入会会员，运输证办理中');
  await page.getByRole('button', { name: zh.parking.console.register, exact: true }).click();
  await page.getByTestId('parking-manual').getByText('新B7X7X7').waitFor();

  await switchLanguage(page, 'ug');
  await expectHeading(page, messages.ug.parking.console.title);
  await shot(page, 'parking-console-ug');
  assert.deepEqual(realErrors(errors), []);
});
