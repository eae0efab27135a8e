import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  GUANGCHANG_STATION,
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
  type Lang,
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

const zh = messages.zh;
const COURIER_NAME = '阿迪力·艾山';

const tab = (page: Page, label: string) => page.locator('.station-tabs a', { hasText: label }).click();
const stat = async (page: Page, key: string) => Number(plain(await page.locator(`[data-stat="${key}"] .stat-value`).innerText()));

async function operator(lang: Lang = 'zh') {
  const p = await phone(browser, server.url);
  await p.page.goto('/login');
  await signIn(p.page, demo.stationOperator);
  if (lang !== 'zh') await switchLanguage(p.page, lang);
  return p;
}
async function courier() {
  const p = await phone(browser, server.url);
  await p.page.goto('/login');
  await signIn(p.page, demo.courier);
  await switchLanguage(p.page, 'zh');
  return p;
}

test('an operator runs a day: a dish, a classroom session with a child in and out by pick-up code, a loan and its return, a visit by QR', async () => {
  const op = await operator();
  const page = op.page;

  // Two stations: the operator chooses one.
  await page.locator('.console-nav').getByRole('link', { name: zh.console.nav.stations, exact: true }).click();
  await expectHeading(page, zh.ops.chooseTitle);
  assert.equal(await page.locator('[data-testid="my-stations"] a').count(), 2);
  await page.locator(`[data-testid="my-stations"] a[data-station-id="${GUANGCHANG_STATION}"]`).click();
  await expectHeading(page, zh.ops.todayTitle);
  await page.locator('[data-testid="day-stats"]').waitFor();
  const visitsBefore = await stat(page, 'visits');
  await shot(page, 'ops-today-zh');

  // Menu: a worker price above the normal price is caught before sending; then the dish is added for today.
  await tab(page, zh.ops.tabs.meals);
  await expectHeading(page, zh.ops.meals.title);
  const add = page.locator('[data-testid="add-dish"]');
  await add.locator('input[name="dish"]').fill('测试抓饭');
  await add.locator('input[name="workerPrice"]').fill('18');
  await add.locator('input[name="normalPrice"]').fill('16');
  await add.locator('input[name="servingsTotal"]').fill('5');
  await add.getByRole('button', { name: zh.ops.meals.add }).click();
  assert.equal(plain(await add.locator('.field', { has: page.locator('input[name="workerPrice"]') }).locator('.field-error').innerText()), fill(zh.errors.field.above_normal_price, { field: zh.fields.workerPriceFen }));
  await add.locator('input[name="workerPrice"]').fill('9.5');
  await add.getByRole('button', { name: zh.ops.meals.add }).click();
  await page.locator('[data-testid="ops-notice"]', { hasText: '测试抓饭' }).waitFor();
  const dish = page.locator('[data-testid="day-dishes"] li', { hasText: '测试抓饭' });
  await dish.waitFor();
  assert.match(plain(await dish.innerText()), /¥9\.50/);
  // The worker sees it on the station page at once.
  const { context: wc, page: worker, errors: workerErrors } = await courier();
  await worker.goto(`/stations/${GUANGCHANG_STATION}`);
  const wDish = worker.locator('#menu .menu-day[data-today="true"] .meal-item', { hasText: '测试抓饭' });
  await wDish.waitFor();
  await wDish.getByRole('button', { name: new RegExp(zh.meals.reserve) }).click();
  await wDish.locator('[data-testid="reserved"]').waitFor();
  // …and the counter serves it.
  await page.reload();
  const res = page.locator('[data-testid="day-dishes"] li', { hasText: '测试抓饭' }).locator('[data-reservation-id]', { hasText: COURIER_NAME });
  await res.getByRole('button', { name: `${zh.ops.meals.serve}: ${COURIER_NAME}` }).click();
  await res.locator('.badge-ok', { hasText: zh.mealStatus.served }).waitFor();
  await shot(page, 'ops-meals-zh');

  // Classroom: the session must close by 22:00; then it is created and selected.
  await tab(page, zh.ops.tabs.classroom);
  await expectHeading(page, zh.ops.classroom.title);
  await page.locator('summary', { hasText: zh.ops.classroom.newTitle }).click();
  const form = page.locator('[data-testid="new-session"]');
  await form.locator('input[name="title"]').fill('周末测试课堂');
  await form.locator('input[name="weekdays"][value="6"]').check();
  await form.locator('input[name="weekdays"][value="7"]').check();
  await form.locator('input[name="opens"]').fill('09:00');
  await form.locator('input[name="closes"]').fill('22:30');
  await form.locator('input[name="capacity"]').fill('2');
  await form.getByRole('button', { name: zh.ops.classroom.create }).click();
  assert.equal(plain(await form.locator('.field', { has: page.locator('input[name="closes"]') }).locator('.field-error').innerText()), fill(zh.errors.field.after_22, { field: zh.fields.closes }));
  await form.locator('input[name="closes"]').fill('21:30');
  await form.getByRole('button', { name: zh.ops.classroom.create }).click();
  await page.locator('.alert-success', { hasText: '周末测试课堂' }).waitFor();
  await page.locator('[data-testid="roster"]').waitFor();

  // A worker enrols a child: the consent is separate and required, and the pick-up code shows once.
  await worker.goto(`/stations/${GUANGCHANG_STATION}`);
  const session = worker.locator('#classroom li', { hasText: '周末测试课堂' });
  await session.getByRole('button', { name: `${zh.classroom.enrol}: 周末测试课堂` }).click();
  const enrol = session.locator('[data-testid="enrol-form"]');
  await enrol.locator('input[name="childName"]').fill('小明');
  await enrol.locator('select[name="birthYear"]').selectOption('2016');
  await enrol.getByRole('button', { name: zh.classroom.enrol }).click();
  assert.equal(plain(await enrol.locator('.consent-box .field-error').innerText()), fill(zh.errors.field.consent_required, { field: zh.fields.consent }));
  await enrol.locator('input[name="consent"]').check();
  await enrol.getByRole('button', { name: zh.classroom.enrol }).click();
  const codeBox = session.locator('[data-testid="pickup-code"]');
  await codeBox.waitFor();
  assert.match(plain(await codeBox.innerText()), new RegExp(zh.classroom.enrolled));
  const code = plain(await codeBox.locator('.pickup-digits').innerText()).replace(/\s/g, '');
  assert.match(code, /^\d{6}$/);
  await shot(worker, 'station-pickup-code-zh');

  // The operator checks the child in, refuses a wrong code, and checks out with the right one.
  await page.reload();
  await page.locator('[data-testid="ops-sessions"] li', { hasText: '周末测试课堂' }).getByRole('button', { name: `${zh.ops.classroom.roster}: 周末测试课堂` }).click();
  const child = page.locator('[data-testid="roster"] li', { hasText: '小明' });
  await child.getByRole('button', { name: `${zh.ops.classroom.checkIn}: 小明` }).click();
  await child.locator('[data-testid="attendance"]', { hasText: zh.ops.classroom.inAt }).waitFor();
  const wrong = code === '000000' ? '111111' : '000000';
  await child.locator('input[name="pickupCode"]').fill(wrong);
  await child.getByRole('button', { name: `${zh.ops.classroom.checkOut}: 小明` }).click();
  await child.locator('.alert-error', { hasText: zh.ops.classroom.wrongCode }).waitFor();
  await child.locator('input[name="pickupCode"]').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await child.getByRole('button', { name: `${zh.ops.classroom.checkOut}: 小明` }).click();
  await child.locator('[data-testid="attendance"]', { hasText: zh.ops.classroom.outAt }).waitFor();
  await shot(page, 'ops-classroom-zh');
  // The guardian sees the child was picked up.
  await worker.goto('/me/stations');
  await worker.locator('[data-testid="my-children"] li', { hasText: '小明' }).locator('[data-testid="today-attendance"]', { hasText: zh.mine.pickedUp }).waitFor();

  // Lending at the other station: an umbrella for the courier by phone, then its return.
  await page.selectOption('select[name="station"]', NINGHE_STATION);
  await page.waitForURL(`**/console/stations/${NINGHE_STATION}/classroom`);
  await tab(page, zh.ops.tabs.lending);
  await expectHeading(page, zh.ops.lending.title);
  const umbrella = page.locator('[data-testid="ops-items"] li', { hasText: '雨伞' });
  assert.equal(plain(await umbrella.locator('[data-testid="stock"]').innerText()).split(' · ')[0], `${zh.lending.available} 12/12`);
  const loanForm = page.locator('[data-testid="record-loan"]');
  const umbrellaId = await umbrella.getAttribute('data-item-id');
  await loanForm.locator('select[name="itemId"]').selectOption(umbrellaId!);
  await loanForm.locator('input[name="workerPhone"]').fill(demo.courier);
  await loanForm.getByRole('button', { name: zh.ops.lending.record }).click();
  await page.locator('[data-testid="ops-notice"]', { hasText: '雨伞' }).waitFor();
  await page.locator('[data-testid="ops-items"] li', { hasText: '雨伞' }).locator('[data-testid="stock"]', { hasText: '11/12' }).waitFor();
  const loan = page.locator('[data-testid="ops-loans"] li', { hasText: COURIER_NAME });
  await loan.waitFor();
  assert.match(plain(await loan.innerText()), /138\*+0002/);
  // The worker sees the loan and its due date.
  await worker.goto('/me/stations');
  await worker.locator('[data-testid="my-loans"] li', { hasText: '雨伞' }).locator('.badge', { hasText: zh.loans.out }).waitFor();
  await loan.getByRole('button', { name: new RegExp(zh.ops.lending.markReturned) }).click();
  await page.locator('[data-testid="ops-notice"]', { hasText: COURIER_NAME }).waitFor();
  await page.locator('[data-testid="ops-items"] li', { hasText: '雨伞' }).locator('[data-testid="stock"]', { hasText: '12/12' }).waitFor();
  assert.equal(await page.locator('[data-testid="ops-loans"] li', { hasText: COURIER_NAME }).count(), 0, 'no longer open');
  await shot(page, 'ops-lending-zh');
  await tab(page, zh.ops.tabs.today);
  await page.locator('[data-testid="day-stats"]').waitFor();
  assert.equal(await stat(page, 'loansOut'), 1);
  assert.equal(await stat(page, 'returns'), 1);

  // The check-in poster: a QR code and its link; the courier scans it and is welcomed.
  await page.selectOption('select[name="station"]', GUANGCHANG_STATION);
  await tab(page, zh.ops.tabs.poster);
  const url = await page.locator('[data-testid="checkin-url"]').innerText();
  assert.match(url, new RegExp(`^${server.url}/visit/[A-Za-z0-9_-]{8,64}$`));
  assert.equal(await page.locator('[data-testid="poster"] svg').getAttribute('data-url'), url);
  assert.ok(((await page.locator('[data-testid="poster"] svg path').getAttribute('d')) ?? '').length > 1000, 'the QR code is drawn');
  await shot(page, 'ops-poster-zh');
  await worker.goto(new URL(url).pathname);
  await worker.locator('[data-testid="visit-welcome"]').waitFor();
  // The station name sits in a first-strong isolate inside the sentence.
  assert.equal(plain(await worker.locator('main h1').innerText()), fill(zh.visit.welcome, { station: '广场社区暖"新"驿站' }));
  await shot(worker, 'visit-welcome-zh');
  await tab(page, zh.ops.tabs.today);
  await page.locator('[data-testid="day-stats"]').waitFor();
  assert.equal(await stat(page, 'visits'), visitsBefore + 1);

  assert.deepEqual(op.errors, []);
  assert.deepEqual(workerErrors, []);
  await wc.close();
  await op.context.close();
});

test('lawyers on duty, a blood-pressure reading with consent, station hours with an overlap, and the lawyer’s consultations', async () => {
  const op = await operator();
  const page = op.page;
  await page.goto(`/console/stations/${NINGHE_STATION}/lawyers`);
  await expectHeading(page, zh.ops.lawyers.title);
  await page.locator('[data-testid="duty-roster"] li').first().waitFor();
  const before = await page.locator('[data-testid="duty-roster"] li').count();
  const duty = page.locator('[data-testid="add-duty"]');
  // A number that is not a lawyer's.
  await duty.locator('input[name="lawyerPhone"]').fill(demo.courier);
  await duty.locator('select[name="weekday"]').selectOption('6');
  await duty.getByRole('button', { name: zh.ops.lawyers.add }).click();
  await duty.locator('.alert-error', { hasText: zh.ops.lawyers.noLawyer }).waitFor();
  await duty.locator('input[name="lawyerPhone"]').fill(demo.lawyer);
  await duty.getByRole('button', { name: zh.ops.lawyers.add }).click();
  await page.locator('.alert-success', { hasText: '林志远' }).waitFor();
  const saturday = page.locator('[data-testid="duty-roster"] li', { hasText: zh.weekdays['6'] });
  await saturday.waitFor();
  assert.equal(await page.locator('[data-testid="duty-roster"] li').count(), before + 1);
  await saturday.getByRole('button', { name: zh.common.remove }).click();
  await saturday.getByRole('button', { name: zh.ops.lawyers.confirmRemove }).click();
  await page.locator('.alert-success', { hasText: '林志远' }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="duty-roster"] li').length === n, before);

  // Blood pressure: refused without the worker's consent; the worker turns it on; recorded and shown once.
  await tab(page, zh.ops.tabs.health);
  const bp = page.locator('[data-testid="health-form"]');
  await bp.locator('input[name="workerPhone"]').fill(demo.courier);
  await bp.locator('input[name="systolic"]').fill('135');
  await bp.locator('input[name="diastolic"]').fill('88');
  await bp.locator('input[name="pulse"]').fill('76');
  await bp.getByRole('button', { name: zh.ops.health.record }).click();
  await page.locator('.alert-error', { hasText: zh.ops.health.noConsent }).waitFor();
  const { context: wc, page: worker, errors: workerErrors } = await courier();
  await worker.goto('/me/stations');
  const consent = worker.locator('input[name="healthConsent"]');
  await consent.waitFor();
  assert.equal(await consent.isChecked(), false);
  await consent.check();
  await worker.locator('#my-health', { hasText: zh.mine.consentSince }).waitFor();
  await bp.getByRole('button', { name: zh.ops.health.record }).click();
  const saved = page.locator('[data-testid="reading-saved"]');
  await saved.waitFor();
  assert.match(plain(await saved.innerText()), new RegExp(`135/88 mmHg · ${zh.fields.pulse} 76 · ${zh.bp.elevated}`));
  assert.equal(await bp.locator('input[name="workerPhone"]').inputValue(), '', 'the form forgets the worker');
  await shot(page, 'ops-health-zh');
  await worker.reload();
  await worker.locator('[data-testid="my-readings"] li', { hasText: '135/88' }).waitFor();

  // Station details: an overlapping range is flagged next to its row; an exception day is saved and public.
  await tab(page, zh.ops.tabs.details);
  await expectHeading(page, zh.ops.details.title);
  const monday = page.locator('fieldset.day-hours[data-weekday="1"]');
  await monday.locator('button[data-add-range="1"]').click();
  await monday.locator('input[name="hours.1.1.opens"]').fill('12:00');
  await monday.locator('input[name="hours.1.1.closes"]').fill('1300');
  await page.getByRole('button', { name: zh.common.save, exact: true }).click();
  const row = monday.locator('.range-row[data-row="1.1"]');
  assert.equal(plain(await row.locator('.field-error').innerText()), fill(zh.errors.field.overlap, { field: zh.fields.hours }));
  assert.equal(await monday.locator('input[name="hours.1.1.closes"]').inputValue(), '13:00', 'times are tidied as typed');
  assert.equal(await page.locator('.range-row[data-row="1.0"] .field-error').count(), 0, 'only the offending row');
  await shot(page, 'ops-details-overlap-zh');
  await row.getByRole('button', { name: new RegExp(zh.common.remove) }).click();
  await page.getByRole('button', { name: zh.ops.details.addException }).click();
  const ex = page.locator('fieldset.exception-row').last();
  const inAWeek = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  await ex.locator('input[type="date"]').fill(inAWeek);
  await ex.locator('input[name$=".note"]').fill('社区活动，暂停开放');
  await page.getByRole('button', { name: zh.common.save, exact: true }).click();
  await page.locator('[data-testid="ops-notice"]', { hasText: zh.ops.details.saved }).waitFor();
  await worker.goto(`/stations/${NINGHE_STATION}`);
  await worker.locator('[data-testid="exceptions"] li', { hasText: '社区活动，暂停开放' }).waitFor();

  // The courier books a lawyer; the lawyer writes confidential notes, marks it done and hands it over.
  await worker.locator('#lawyers button.slot:not([disabled])').first().click();
  const booking = worker.locator('[data-testid="booking-form"]');
  await booking.locator('input[name="topic"][value="pay"]').check();
  await booking.locator('textarea[name="question"]').fill('站点拖欠了两个月的派送费。');
  await booking.getByRole('button', { name: zh.lawyers.book }).click();
  await worker.locator('[data-testid="consultation-booked"]').waitFor();

  const { context: lc, page: lawyer, errors: lawyerErrors } = await phone(browser, server.url);
  await lawyer.goto('/login');
  await signIn(lawyer, demo.lawyer);
  await lawyer.locator('.console-nav').getByRole('link', { name: zh.console.nav.consultations, exact: true }).click();
  await expectHeading(lawyer, zh.consultations.title);
  const item = lawyer.locator('[data-testid="consultations"] li', { hasText: COURIER_NAME }).first();
  await item.getByRole('link', { name: `${zh.consultations.open}: ${COURIER_NAME}` }).click();
  await lawyer.locator('[data-testid="question"]', { hasText: '站点拖欠了两个月的派送费。' }).waitFor();
  await lawyer.locator('textarea[name="notes"]').fill('建议先保留派送记录截图，向站点书面催要；不付再申请劳动仲裁。');
  await lawyer.getByRole('button', { name: zh.consultations.saveNotes }).click();
  await lawyer.locator('[data-testid="ops-notice"]', { hasText: zh.consultations.notesSaved }).waitFor();
  await lawyer.getByRole('button', { name: zh.consultations.markDone }).click();
  await lawyer.locator('[data-testid="ops-notice"]', { hasText: zh.consultations.markedDone }).waitFor();
  await lawyer.getByRole('button', { name: zh.consultations.handover }).click();
  await lawyer.locator('.badge', { hasText: zh.consultations.handedOver }).first().waitFor();
  await shot(lawyer, 'lawyer-consultation-zh');

  // The worker reads the lawyer's advice.
  await worker.goto('/me/stations');
  const mine = worker.locator('[data-testid="my-consultations"] li', { hasText: zh.topics.pay }).first();
  await mine.getByRole('button', { name: new RegExp(zh.mine.openConsultation) }).click();
  await mine.locator('[data-testid="lawyer-notes"]', { hasText: '申请劳动仲裁' }).waitFor();
  assert.match(plain(await mine.innerText()), new RegExp(zh.consultationStatus.done));

  assert.deepEqual(op.errors, []);
  assert.deepEqual(workerErrors, []);
  assert.deepEqual(lawyerErrors, []);
  await lc.close();
  await wc.close();
  await op.context.close();
});

test('donations: the operator logs one with its donor, a courier claims two of three, the station’s log shows who took how many', async () => {
  const op = await operator();
  const page = op.page;
  await page.goto(`/console/stations/${GUANGCHANG_STATION}/donations`);
  await expectHeading(page, zh.ops.donations.title);
  const form = page.locator('[data-testid="log-donation"]');
  await form.locator('input[name="description"]').fill('测试暖手宝');
  await form.locator('input[name="quantity"]').fill('3');
  await form.locator('input[name="donor"]').fill('王阿姨');
  await form.getByRole('button', { name: zh.ops.donations.log }).click();
  await page.locator('.alert-success', { hasText: '测试暖手宝' }).waitFor();
  const logged = page.locator('[data-testid="ops-donations"] li', { hasText: '测试暖手宝' });
  await logged.locator('[data-testid="donation-left"]', { hasText: '3/3' }).waitFor();
  assert.match(plain(await logged.innerText()), /王阿姨/);
  assert.match(plain(await logged.innerText()), new RegExp(zh.ops.donations.noClaims));

  // The courier sees it without the donor and claims two.
  const { context: wc, page: worker, errors: workerErrors } = await courier();
  await worker.goto(`/stations/${GUANGCHANG_STATION}`);
  const item = worker.locator('#donations li', { hasText: '测试暖手宝' });
  await item.waitFor();
  assert.doesNotMatch(plain(await worker.locator('#donations').innerText()), /王阿姨/);
  await item.locator('select[name="quantity"]').selectOption('2');
  await item.getByRole('button', { name: `${zh.donations.claim}: 测试暖手宝` }).click();
  await worker.locator('#donations .alert-success', { hasText: zh.donations.claimed }).waitFor();
  await item.locator('[data-testid="donation-left"]', { hasText: '1' }).waitFor();
  assert.equal(await item.locator('select[name="quantity"]').count(), 0, 'one left: nothing to choose');

  // The station's log: one left of three, and the claim with the courier's name and masked phone.
  await page.reload();
  await logged.locator('[data-testid="donation-left"]', { hasText: '1/3' }).waitFor();
  const summary = logged.locator('details.claims summary');
  assert.equal(plain(await summary.innerText()), fill(zh.ops.donations.claimsTitle, { n: 1 }));
  await summary.click();
  const claim = logged.locator('[data-testid="donation-claims"] li');
  assert.match(plain(await claim.innerText()), new RegExp(`${COURIER_NAME} · 138\\*+0002 · × 2`));
  await shot(page, 'ops-donations-zh');

  assert.deepEqual(op.errors, []);
  assert.deepEqual(workerErrors, []);
  await wc.close();
  await op.context.close();
});

for (const lang of ['ug', 'en'] as const) {
  test(`the operator console reads right in ${lang}`, async () => {
    const m = messages[lang];
    const op = await operator(lang);
    const page = op.page;
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');
    await page.goto(`/console/stations/${GUANGCHANG_STATION}`);
    await expectHeading(page, m.ops.todayTitle);
    await page.locator('[data-testid="day-stats"]').waitFor();
    await shot(page, `ops-today-${lang}`);
    const sections = [
      ['meals', m.ops.meals.title],
      ['classroom', m.ops.classroom.title],
      ['lending', m.ops.lending.title],
      ['donations', m.ops.donations.title],
      ['lawyers', m.ops.lawyers.title],
      ['health', m.ops.health.title],
      ['details', m.ops.details.title],
      ['poster', m.ops.poster.title],
    ] as const;
    for (const [key, title] of sections) {
      await tab(page, m.ops.tabs[key]);
      await expectHeading(page, title, `${key} in ${lang}`);
      await page.waitForFunction(() => !document.querySelector('main [role="status"].muted'));
      assert.equal(await page.locator('main .alert-error').count(), 0, `${key} loads in ${lang}`);
      if (['meals', 'classroom', 'details', 'poster'].includes(key)) await shot(page, `ops-${key}-${lang}`);
    }
    assert.deepEqual(op.errors, []);
    await op.context.close();
  });
}
