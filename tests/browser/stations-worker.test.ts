import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  CHANGJI_HERE,
  GUANGCHANG_STATION,
  LANGS,
  NINGHE_STATION,
  demo,
  ensureWebBuild,
  expectHeading,
  fill,
  launchBrowser,
  messages,
  phone,
  plain,
  shot,
  signIn,
  startServer,
  switchLanguage,
  type Server,
} from './support.ts';

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

type Nearby = { id: string; name: string; distanceM: number; openNow: boolean; services: string[] };
/** What the server itself answers for the same position, to compare the page against. */
async function nearby(openNow: boolean, extra = ''): Promise<Nearby[]> {
  const res = await fetch(`${server.url}/api/stations/nearby?lat=${CHANGJI_HERE.latitude}&lng=${CHANGJI_HERE.longitude}&limit=10&openNow=${openNow}${extra}`);
  return ((await res.json()) as { items: Nearby[] }).items;
}

const cards = (page: Page) => page.locator('[data-testid="station-list"] .station-card');

for (const lang of LANGS) {
  test(`a courier in Changji finds the nearest open station, sees the menu and books a lawyer, in ${lang}`, async () => {
    const m = messages[lang];
    const { context, page, errors } = await phone(browser, server.url, { geolocation: CHANGJI_HERE, permissions: ['geolocation'] });
    await page.goto('/login');
    await signIn(page, demo.courier);
    await switchLanguage(page, lang);
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');

    // One tap from the worker's home: the station finder, measured from the phone's position.
    await page.goto('/');
    await page.locator('.main-nav a[data-nav="stations"]').click();
    await expectHeading(page, m.stations.title);
    await page.locator('[data-testid="locate-bar"][data-source="gps"]').waitFor();
    assert.equal(plain(await page.locator('.locate-status').innerText()), m.stations.fromHere);

    // The list is the server's nearest-open answer, in order, each marked open, distances rising.
    const open = await nearby(true);
    if (open.length) {
      await cards(page).first().waitFor();
      const ids = await cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-station-id')));
      assert.deepEqual(ids, open.map((s) => s.id), 'same stations, nearest first');
      const distances = await cards(page).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-distance-m'))));
      assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
      assert.equal(await cards(page).locator('.badge-ok', { hasText: m.stations.openNow }).count(), open.length);
      const first = cards(page).first();
      assert.match(plain(await first.locator('.distance').innerText()), new RegExp(`^\\d+(\\.\\d)? (${m.units.m}|${m.units.km})$`));
      // Numbers stay left to right inside Uyghur.
      assert.equal(await first.locator('.distance bdi[dir="ltr"]').count(), 1);
      // The usual map apps, by their public links, at the station's position.
      const s0 = open[0]!;
      const amap = await first.locator('a[data-nav="amap"]').getAttribute('href');
      assert.match(amap ?? '', /^https:\/\/uri\.amap\.com\/marker\?position=87\.\d+,44\.\d+&name=.+&coordinate=wgs84&callnative=1$/);
      assert.match((await first.locator('a[data-nav="baidu"]').getAttribute('href')) ?? '', /^https:\/\/api\.map\.baidu\.com\/marker\?location=44\.\d+,87\.\d+&title=.+&coord_type=wgs84&output=html&src=nuanxin$/);
      await shot(page, `stations-list-${lang}`);

      // Tap two: the nearest open station itself.
      await first.locator('h2 a').click();
      await expectHeading(page, s0.name);
      await page.locator('[data-testid="today-status"][data-open="true"]').waitFor();
      await page.goBack();
      await cards(page).first().waitFor();
    } else {
      // At night nothing may be open: the page says so and offers the closed ones.
      await page.locator('[data-testid="no-stations"]').waitFor();
      await page.getByRole('button', { name: m.stations.showClosedToo }).click();
      await cards(page).first().waitFor();
    }

    // The map: the same stations as numbered points; tapping one selects it.
    const listed = await cards(page).count();
    await page.click('button[data-view="map"]');
    const points = page.locator('[data-testid="station-map"] .map-station');
    await points.first().waitFor();
    assert.equal(await points.count(), listed);
    const second = points.nth(1);
    const secondId = await second.getAttribute('data-station-id');
    // Chosen from the keyboard (pins are buttons): at some hours two open stations' pins overlap on this map.
    await second.focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="map-selected"] .station-card[data-station-id="${secondId}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="station-map"]').getAttribute('role'), 'group');
    await shot(page, `stations-map-${lang}`);
    await page.click('button[data-view="list"]');

    // Filter on meals: Guangchang's meal point, and today's dish with its worker price in the list.
    if (!(await page.locator('input[name="openNow"]').isChecked())) await page.locator('input[name="openNow"]').check();
    await page.click('button.chip[data-filter="meals"]');
    const mealStations = await nearby(true, '&service=meals');
    const showClosed = !mealStations.some((s) => s.id === GUANGCHANG_STATION);
    if (showClosed) await page.locator('input[name="openNow"]').uncheck();
    const guangchang = page.locator(`.station-card[data-station-id="${GUANGCHANG_STATION}"]`);
    await guangchang.waitFor();
    await guangchang.locator('[data-testid="today-meal"] bdi[dir="ltr"]').first().waitFor();
    assert.match(plain(await guangchang.locator('[data-testid="today-meal"]').innerText()), /¥\d+\.\d\d/);
    await guangchang.locator('h2 a').click();

    // The station page: the week's menu, worker price against the normal price, servings left.
    await expectHeading(page, '广场社区暖"新"驿站');
    const today = page.locator('#menu .menu-day[data-today="true"]');
    await today.waitFor();
    const meal = today.locator('.meal-item').first();
    const mealText = plain(await meal.innerText());
    assert.match(mealText, new RegExp(`${m.meals.workerPrice} ¥\\d+\\.\\d\\d · ${m.meals.normalPrice} ¥\\d+\\.\\d\\d`));
    assert.ok(mealText.includes(m.meals.left), 'servings left shown');
    // Reserve the first meal not yet reserved by this courier.
    const reservable = page.locator('#menu .meal-item', { has: page.getByRole('button', { name: new RegExp(m.meals.reserve) }) }).first();
    const dish = await reservable.locator('.meal-dish').innerText();
    await reservable.getByRole('button', { name: new RegExp(m.meals.reserve) }).click();
    await page.locator('#menu .meal-item', { hasText: dish }).locator('[data-testid="reserved"]').first().waitFor();
    await shot(page, `station-menu-${lang}`);

    // A lawyer at Ninghe: choose the first free slot, a topic and the question, and book.
    await page.goto(`/stations/${NINGHE_STATION}`);
    await expectHeading(page, '宁和社区暖"新"驿站');
    const slot = page.locator('#lawyers button.slot:not([disabled])').first();
    await slot.waitFor();
    const startsAt = await slot.getAttribute('data-starts-at');
    await slot.click();
    const form = page.locator('[data-testid="booking-form"]');
    await form.waitFor();
    // Nothing chosen yet: the form says what is missing, in the reader's language.
    await form.getByRole('button', { name: m.lawyers.book }).click();
    assert.ok((await form.locator('.field-error').allInnerTexts()).map(plain).includes(fill(m.errors.field.required, { field: m.fields.topic })));
    await form.locator('input[name="topic"][value="traffic_accident"]').check();
    await form.locator('textarea[name="question"]').fill('送件时被汽车刮倒，车主不愿赔偿电动车维修费。');
    await form.getByRole('button', { name: m.lawyers.book }).click();
    await page.locator('[data-testid="consultation-booked"]').waitFor();
    assert.equal(await page.locator(`#lawyers button.slot[data-starts-at="${startsAt}"]`).first().isDisabled(), true, 'the booked slot is taken now');
    await shot(page, `station-lawyer-booked-${lang}`);

    // My station activity lists the booking and the reserved meal.
    await page.goto('/me/stations');
    await expectHeading(page, m.mine.title);
    await page.locator('[data-testid="my-consultations"] li', { hasText: m.topics.traffic_accident }).first().waitFor();
    await page.locator('[data-testid="my-meals"] li', { hasText: dish }).first().waitFor();
    await shot(page, `my-stations-${lang}`);
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');

    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('without the phone’s position the courier picks a city, and can try the position again', async () => {
  const m = messages.zh;
  // No permission granted: the browser denies the position.
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/');
  await page.locator('[data-testid="stations-entry"]').click();
  await expectHeading(page, m.stations.title);
  await page.locator('.alert-warning', { hasText: m.stations.locate.denied }).waitFor();
  assert.equal(await cards(page).count(), 0);
  await shot(page, 'stations-denied-zh');
  await page.click('.city-picker button[data-city="652301"]');
  await page.locator('[data-testid="locate-bar"][data-source="city"]').waitFor();
  await cards(page).first().waitFor();
  assert.equal(plain(await page.locator('.locate-status').innerText()), fill(m.stations.fromCity, { city: '昌吉市' }));
  // The choice is remembered for the next visit.
  await page.reload();
  await page.locator('[data-testid="locate-bar"][data-source="city"]').waitFor();
  // Korla is far away: the list follows the city.
  await page.click('.city-picker button[data-city="652801"]');
  await page.locator('[data-testid="locate-bar"][data-source="city"]', { hasText: '库尔勒' }).waitFor();
  // Late in the evening every Korla station may be closed: the page says so and offers the closed ones.
  await page.locator('[data-testid="station-list"] .station-card, [data-testid="no-stations"]').first().waitFor();
  if (await page.locator('[data-testid="no-stations"]').isVisible()) await page.locator('[data-testid="no-stations"] button').click();
  await cards(page).first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('an anonymous visitor sees a station page and is asked to sign in before booking', async () => {
  const m = messages.en;
  const { context, page, errors } = await phone(browser, server.url);
  await page.goto('/');
  await switchLanguage(page, 'en');
  await page.goto(`/stations/${NINGHE_STATION}`);
  await page.locator('#lawyers button.slot:not([disabled])').first().click();
  const signInLink = page.getByRole('link', { name: m.lawyers.signInToBook });
  await signInLink.waitFor();
  assert.equal(await signInLink.getAttribute('href'), `/login?next=${encodeURIComponent(`/stations/${NINGHE_STATION}`)}`);
  // The weekly hours and the things to borrow are public.
  await page.locator('.hours-table tr.is-today').waitFor();
  await page.locator('#lending .lend-item').first().waitFor();
  assert.equal(await page.locator('#lending button', { hasText: m.lending.borrow }).count(), 0);
  await shot(page, 'station-anonymous-en');
  assert.deepEqual(errors, []);
  await context.close();
});
