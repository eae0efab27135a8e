import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LANGS, demo, ensureWebBuild, expectHeading, fill, launchBrowser, messages, phone, plain, shot, signIn, startServer, switchLanguage, type Lang, type Server } from './support.ts';

let server: Server;
let browser: Browser;

before(async () => {
  ensureWebBuild();
  // A small evidence limit, so a too-large photo is quick to make.
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', EVIDENCE_MAX_MB: '0.1' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A 1×1 PNG: a real image the server's sniffer accepts. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const URUMQI = { latitude: 43.8256, longitude: 87.6168 };
/** A respondent the demo data knows (GET /api/cases/respondents). */
const TRAFFIC_POLICE = { id: '00000000-0000-4000-8000-000000000041', name: '乌鲁木齐市公安局交通警察支队' };
/** Xinjiang's phones keep Beijing time, as the server's deadlines do. */
const BEIJING = { timezoneId: 'Asia/Shanghai' };

async function desk(b: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await b.newContext({ viewport: { width: 1280, height: 800 }, baseURL, ...BEIJING });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of (401|404|409|400|413|415|423|429)|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

const caseIdFromUrl = (page: Page) => /\/cases\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
const status = (page: Page) => page.locator('section.case-page').getAttribute('data-status');
async function waitStatus(page: Page, want: string) {
  await page.waitForFunction((s) => document.querySelector('section.case-page')?.getAttribute('data-status') === s, want);
}

/** Fills the worker's form the way a thumb would: category, what, when, where, against whom. */
async function fillCase(page: Page, title: string) {
  await page.locator('label[data-category="traffic_fine"]').click();
  await page.fill('input[name="title"]', title);
  await page.fill('textarea[name="description"]', '11月20日晚上在河滩路北口停车让乘客下车，被罚款200元，扣3分。那里没有禁停标志。');
  await page.fill('input[name="occurredOn"]', '2026-11-20');
  await page.fill('input[name="place"]', '乌鲁木齐 河滩路北口');
  await page.locator('input[name="respondentKind"][value="authority"]').check();
  await page.fill('input[name="respondentName"]', '乌鲁木齐市公安局交通管理局');
}

test('a driver files a traffic fine in Uyghur; the officer takes it in Chinese, writes, consults and proposes closing; the driver rates 5 and it closes', async () => {
  const ug = messages.ug;
  const zh = messages.zh;
  const worker = await phone(browser, server.url, { geolocation: URUMQI, permissions: ['geolocation'], ...BEIJING });
  const w = worker.page;
  await w.goto('/login');
  await signIn(w, demo.driver);
  await switchLanguage(w, 'ug');

  // One tap from the header to "my cases", then the form.
  await w.locator('.main-nav a[data-nav="cases"]').click();
  await expectHeading(w, ug.cases.mineTitle);
  await w.locator('[data-testid="new-case"]').click();
  await expectHeading(w, ug.cases.fileTitle);
  assert.equal(await w.evaluate(() => document.documentElement.dir), 'rtl');

  // The identity switch starts off, and says what that means.
  assert.equal(await w.locator('input[name="identityShown"]').isChecked(), false);
  assert.equal(plain(await w.locator('[data-testid="identity-explained"]').innerText()), plain(ug.cases.identityOff));

  const title = '河滩路北口停车被罚200元';
  await fillCase(w, title);
  // The traffic police are a known organisation: chosen from the list, the typed name gives way.
  await w.selectOption('select[name="respondentOrgId"]', TRAFFIC_POLICE.id);
  assert.equal(await w.locator('input[name="respondentName"]').count(), 0);
  await w.locator('[data-testid="use-location"]').click();
  await w.locator('[data-testid="location-added"]').waitFor();

  // Evidence from the phone: a photo is kept; a file of the wrong kind is refused on the spot, in Uyghur.
  assert.equal(await w.locator('input[name="evidence"]').getAttribute('accept'), 'image/jpeg,image/png,image/webp,application/pdf');
  await w.locator('input[name="evidence"]').setInputFiles([
    { name: 'ticket.png', mimeType: 'image/png', buffer: PNG },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not evidence') },
  ]);
  const failed = w.locator('[data-testid="draft-files"] li[data-file-state="failed"]');
  await failed.waitFor();
  assert.equal(plain(await failed.locator('.file-error').innerText()), plain(ug.cases.fileError.unsupported_type));
  await shot(w, 'case-file-form-errors-ug');
  await failed.locator('button').click();
  assert.equal(await w.locator('[data-testid="draft-files"] li').count(), 1);

  // Everything typed is on the phone: a reload brings it back.
  await w.locator('[data-testid="draft-state"]').filter({ hasText: ug.cases.draftSaved }).waitFor();
  await w.reload();
  await expectHeading(w, ug.cases.fileTitle);
  assert.equal(await w.inputValue('input[name="title"]'), title);
  assert.equal(await w.locator('input[name="category"][value="traffic_fine"]').isChecked(), true);
  assert.equal(await w.locator('[data-testid="draft-files"] li').count(), 1);

  await Promise.all([w.waitForURL(/\/me\/cases\/[0-9a-f-]{36}$/), w.locator('[data-testid="send-case"]').click()]);
  const caseId = caseIdFromUrl(w);
  await expectHeading(w, title);
  await w.locator('[data-testid="filed-notice"]').waitFor();
  assert.equal(await status(w), 'submitted');
  assert.equal(plain(await w.locator('.case-meta .badge').innerText()), ug.caseStatus.submitted);
  // The case number and the deadline's date stay left to right inside Uyghur.
  assert.match(await w.locator('.case-meta .case-no').innerText(), /^[A-Z-]+-2026-\d{5}$/);
  assert.equal(await w.locator('.case-meta .case-no').getAttribute('dir'), 'ltr');
  assert.match(plain(await w.locator('[data-testid="deadline"]').innerText()), new RegExp(`^${ug.cases.dueFirstWorker} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
  assert.equal(await w.locator('[data-testid="deadline"] bdi[dir="ltr"]').count(), 1);
  assert.equal(plain(await w.locator('[data-testid="timeline"] li').first().locator('strong').innerText()), ug.cases.event.filed);
  await w.locator('[data-testid="case-files"] li').filter({ hasText: 'ticket.png' }).waitFor();

  // More evidence from the case page: each file says what became of it, in Uyghur (413 and 415 from the server).
  const big = Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(200_000)]);
  await w.locator('#case-evidence input[name="evidence"]').setInputFiles([
    { name: 'big.png', mimeType: 'image/png', buffer: big },
    { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') },
    { name: 'second.png', mimeType: 'image/png', buffer: PNG },
  ]);
  const results = w.locator('[data-testid="upload-results"] li');
  await w.waitForFunction(() => document.querySelectorAll('[data-testid="upload-results"] li[data-state="sending"]').length === 0 && document.querySelectorAll('[data-testid="upload-results"] li').length === 3);
  assert.equal(plain(await results.filter({ hasText: 'big.png' }).locator('.file-error').innerText()), plain(ug.cases.fileError.too_large));
  assert.equal(plain(await results.filter({ hasText: 'fake.png' }).locator('.file-error').innerText()), plain(ug.cases.fileError.unsupported_type));
  assert.equal(await results.filter({ hasText: 'second.png' }).getAttribute('data-state'), 'sent');
  await w.locator('[data-testid="case-files"] li').filter({ hasText: 'second.png' }).waitFor();
  await shot(w, 'case-worker-filed-ug');

  // The chair has the queue open at the same time; the officer takes the case first.
  const chair = await desk(browser, server.url);
  await chair.page.goto('/login');
  await signIn(chair.page, demo.chair);
  await chair.page.goto('/console/cases');
  await chair.page.locator(`[data-testid="queue"] li[data-case-id="${caseId}"]`).waitFor();

  const officer = await desk(browser, server.url);
  const o = officer.page;
  await o.goto('/login');
  await signIn(o, demo.officer);
  await o.locator('.console-nav').getByRole('link', { name: zh.console.nav.cases, exact: true }).click();
  await expectHeading(o, zh.caseOps.queueTitle);
  const row = o.locator(`[data-testid="queue"] li[data-case-id="${caseId}"]`);
  await row.waitFor();
  assert.equal(plain(await row.locator('.item-head strong').innerText()), title);
  assert.match(plain(await row.locator('[data-testid="queue-due"]').innerText()), new RegExp(`^${zh.caseOps.firstDue} `));
  // The queue shows no worker identity.
  assert.doesNotMatch(await row.innerText(), /王建军|138/);
  await shot(o, 'case-officer-queue-zh-desk');
  await Promise.all([o.waitForURL(`**/console/cases/${caseId}`), row.locator('[data-testid="take"]').click()]);
  await expectHeading(o, title);
  await waitStatus(o, 'assigned');

  // Too late for the chair: a clear message, not an error page.
  await chair.page.locator(`[data-testid="queue"] li[data-case-id="${caseId}"] [data-testid="take"]`).click();
  await chair.page.getByText(zh.caseOps.alreadyTaken).first().waitFor();
  await chair.context.close();

  // Staff see who filed it and whether they may be named.
  assert.match(await o.locator('#case-details').innerText(), /王建军/);
  assert.equal(await o.locator('[data-testid="identity-shown"]').getAttribute('data-shown'), 'false');

  // Triage: a fine with points on the licence threatens the driver's living; priority up.
  await o.locator('[data-testid="triage"] summary').click();
  await o.selectOption('select[name="priority"]', 'high');
  await o.locator('[data-testid="triage"] button').click();
  await o.locator('[data-testid="triage-saved"]').waitFor();

  await o.locator('button[data-action="start"]').click();
  await waitStatus(o, 'in_progress');

  // An internal note: staff see it, marked; the worker never will.
  await o.locator('input[name="internal"]').check();
  await o.fill('textarea[name="message"]', '已与交管局法制科电话联系，对方同意核查。');
  await o.locator('#case-message button[type="submit"]').click();
  await o.locator('[data-testid="message-sent"]').waitFor();
  await o.locator('[data-testid="timeline"] li[data-visibility="internal"][data-kind="note"]').waitFor();

  // The letter starts from the case: recipient and facts filled in.
  const form = o.locator('[data-testid="letter-form"]');
  assert.equal(await form.locator('input[name="recipientName"]').inputValue(), TRAFFIC_POLICE.name);
  assert.equal(await form.locator('input[name="subject"]').inputValue(), title);
  assert.match(await form.locator('textarea[name="facts"]').inputValue(), /没有禁停标志/);
  await form.locator('textarea[name="request"]').fill('请核查该处罚决定，并依法予以撤销。');
  await form.locator('[data-testid="draft-letter"]').click();
  const letter = o.locator('[data-testid="letters"] li').first();
  await letter.waitFor();
  const pdfHref = (await letter.locator('a[data-testid="letter-pdf"]').getAttribute('href'))!;
  const pdf = await o.request.get(pdfHref);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  const html = await o.request.get((await letter.locator('a[data-testid="letter-html"]').getAttribute('href'))!);
  assert.match(html.headers()['content-type'] ?? '', /^text\/html/);
  await letter.locator('[data-testid="mark-sent"]').click();
  await o.locator('[data-testid="letters"] li[data-state="sent"]').waitFor();

  // A consultation (会商) with the traffic police.
  await o.locator('[data-testid="new-meeting"]').click();
  await o.fill('input[name="participants"]', '交管局法制科 张科长；工会 马建新');
  await o.fill('textarea[name="minutes"]', '核对现场照片，该路口确无禁停标志。');
  await o.fill('textarea[name="decisions"]', '交管局撤销该处罚决定，退还罚款。');
  await o.locator('[data-testid="save-meeting"]').click();
  await o.locator('[data-testid="meeting-notice"]').waitFor();

  // Propose closing with the outcome.
  await o.locator('button[data-action="propose_close"]').click();
  await o.selectOption('select[name="outcome"]', 'fine_revoked');
  await o.fill('form[data-action-form="propose_close"] textarea[name="note"]', '交管局已撤销处罚，罚款将退回您的账户。');
  await o.locator('[data-testid="action-submit"]').click();
  await waitStatus(o, 'proposed_closed');
  await shot(o, 'case-officer-page-zh-desk');

  // The driver: the bell counts the news; the notification leads to the case.
  await w.goto('/me/cases');
  await w.waitForFunction(() => Number(document.querySelector('[data-testid="bell"]')?.getAttribute('data-unread')) > 0);
  await w.locator('[data-testid="bell"]').click();
  await expectHeading(w, ug.notify.title);
  const note = w.locator(`[data-testid="notifications"] li[data-case-id="${caseId}"]`).filter({ hasText: ug.caseStatus.proposed_closed }).first();
  await note.waitFor();
  await shot(w, 'case-notifications-ug');
  await Promise.all([w.waitForURL(`**/me/cases/${caseId}`), note.locator('a').click()]);
  await waitStatus(w, 'proposed_closed');
  // Opening the case marks all of its news read (the list marked only the one tapped).
  const unreadOfCase = async () => ((await (await w.request.get('/api/notifications/me')).json()) as { items: { read: boolean; data: { caseId?: string } }[] }).items.filter((n) => !n.read && n.data.caseId === caseId).length;
  for (let i = 0; i < 50 && (await unreadOfCase()) > 0; i++) await w.waitForTimeout(100);
  assert.equal(await unreadOfCase(), 0, 'the case’s notices are all read once it is open');
  const steps = plain(await w.locator('[data-testid="timeline"]').innerText());
  for (const text of [
    ug.cases.event.officer_assigned,
    ug.cases.event.start,
    fill(ug.cases.event.letter_sent, { recipient: TRAFFIC_POLICE.name }),
    fill(ug.cases.event.propose_close, { outcome: ug.outcomes.fine_revoked }),
  ]) {
    assert.ok(steps.includes(text), `the timeline says "${text}"`);
  }
  assert.ok(steps.includes('交管局撤销该处罚决定'), 'the consultation’s decision reaches the worker');
  assert.equal(await w.locator('[data-testid="timeline"] [data-visibility="internal"]').count(), 0, 'no internal note on the worker’s page');
  assert.ok(!steps.includes('已与交管局法制科电话联系'));
  await w.locator('[data-testid="appeal-until"] bdi[dir="ltr"]').waitFor();
  await shot(w, 'case-worker-proposed-ug');

  await w.locator('.rating-star input[value="5"]').check();
  await w.locator('[data-testid="confirm-close"]').click();
  await waitStatus(w, 'closed');
  assert.equal(plain(await w.locator('.case-meta .badge').innerText()), ug.caseStatus.closed);
  assert.match(plain(await w.locator('[data-testid="outcome"]').innerText()), new RegExp(ug.outcomes.fine_revoked));
  assert.ok(plain(await w.locator('[data-testid="timeline"]').innerText()).includes(fill(ug.cases.event.confirmRated, { rating: '5' })));
  await shot(w, 'case-worker-closed-ug');

  await o.reload();
  await waitStatus(o, 'closed');

  // The refused uploads (413, 415) log a failed request, as they should; nothing else may.
  assert.deepEqual(
    worker.errors.filter((e) => !/status of (413|415)/.test(e)),
    [],
    'worker: no script errors',
  );
  assert.deepEqual(officer.errors, [], 'officer: no script errors');
  await worker.context.close();
  await officer.context.close();
});

test('offline, a filed case waits on the phone and goes once when the network returns; a lost answer does not file it twice', async () => {
  const m = messages.zh;
  const { context, page, errors } = await phone(browser, server.url, BEIJING);
  await page.goto('/login');
  await signIn(page, demo.driver);
  await switchLanguage(page, 'zh');
  await page.goto('/me/cases/new');
  await expectHeading(page, m.cases.fileTitle);
  const title = `离线提交 ${Date.now()}`;
  await fillCase(page, title);
  await page.locator('input[name="evidence"]').setInputFiles([{ name: 'receipt.png', mimeType: 'image/png', buffer: PNG }]);
  await page.locator('[data-testid="draft-files"] li').waitFor();

  await context.setOffline(true);
  await page.locator('[data-testid="offline-note"]').waitFor();
  assert.equal(plain(await page.locator('[data-testid="send-case"]').innerText()), m.cases.sendLater);
  await Promise.all([page.waitForURL('**/me/cases'), page.locator('[data-testid="send-case"]').click()]);
  await page.locator('[data-testid="queued-notice"]').waitFor();
  const waiting = page.locator(`[data-testid="outbox"] li`).filter({ hasText: title });
  await waiting.waitFor();
  assert.equal(plain(await waiting.locator('[data-testid="waiting-badge"]').innerText()), m.cases.waitingToSend);
  await shot(page, 'case-offline-waiting-zh');

  // Back online: it goes by itself, and the list shows it once.
  await context.setOffline(false);
  await page.locator('[data-testid="outbox"]').waitFor({ state: 'detached', timeout: 30_000 });
  const sent = page.locator('[data-testid="my-cases"] li').filter({ hasText: title });
  await sent.first().waitFor();
  assert.equal(await sent.count(), 1);
  const mine = (await (await page.request.get('/api/cases/mine')).json()) as { items: { id: string; title: string }[] };
  const ours = mine.items.filter((c) => c.title === title);
  assert.equal(ours.length, 1, 'one case on the server');
  const one = (await (await page.request.get(`/api/cases/${ours[0]!.id}`)).json()) as { case: { files: { name: string }[] } };
  assert.deepEqual(
    one.case.files.map((f) => f.name),
    ['receipt.png'],
    'the photo went with it',
  );

  // The server files the case but the answer is lost on the way back: the phone sends again, same clientRef.
  await page.goto('/me/cases/new');
  const title2 = `应答丢失 ${Date.now()}`;
  await fillCase(page, title2);
  let posts = 0;
  await page.route('**/api/cases', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts++;
    if (posts === 1) {
      await route.fetch(); // reaches the server…
      return route.abort('internetdisconnected'); // …but the phone never hears back
    }
    return route.continue();
  });
  await Promise.all([page.waitForURL('**/me/cases'), page.locator('[data-testid="send-case"]').click()]);
  await page.locator('[data-testid="outbox"] li').filter({ hasText: title2 }).waitFor();
  await page.locator('[data-testid="outbox"] li').filter({ hasText: title2 }).locator('button').first().click();
  await page.locator('[data-testid="outbox"]').waitFor({ state: 'detached', timeout: 30_000 });
  await page.locator('[data-testid="my-cases"] li').filter({ hasText: title2 }).first().waitFor();
  assert.equal(await page.locator('[data-testid="my-cases"] li').filter({ hasText: title2 }).count(), 1);
  assert.equal(posts, 2, 'sent twice');
  const after = (await (await page.request.get('/api/cases/mine')).json()) as { items: { title: string }[] };
  assert.equal(after.items.filter((c) => c.title === title2).length, 1, 'filed once');
  await page.unroute('**/api/cases');

  // Requests that failed because the phone was offline are expected here.
  assert.deepEqual(
    errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_FAILED/.test(e)),
    [],
  );
  await context.close();
});

test('the lawyer writes a confidential note and a court step; the analyst sees figures with small cells hidden; the union sees its dashboard and systemic issues', async () => {
  const m = messages.zh;
  // A case to refer, filed through the API as the driver.
  const driver = await phone(browser, server.url, BEIJING);
  await driver.page.goto('/login');
  await signIn(driver.page, demo.driver);
  const filed = await driver.page.request.post('/api/cases', {
    data: { category: 'fleet_contract', title: '车队扣押金 3000 元不退', description: '解约后车队以各种理由扣押金不退。', respondentName: '乌鲁木齐某汽车租赁公司', respondentKind: 'company', clientRef: `lawyer-${Date.now()}` },
  });
  assert.equal(filed.status(), 201);
  const caseId = ((await filed.json()) as { case: { id: string } }).case.id;

  const officer = await desk(browser, server.url);
  const o = officer.page;
  await o.goto('/login');
  await signIn(o, demo.officer);
  await o.goto('/console/cases');
  await Promise.all([o.waitForURL(`**/console/cases/${caseId}`), o.locator(`[data-testid="queue"] li[data-case-id="${caseId}"] [data-testid="take"]`).click()]);
  await waitStatus(o, 'assigned');
  await o.locator('#case-lawyer input[name="lawyer"]').first().check();
  await o.locator('[data-testid="refer-lawyer"]').click();
  await o.locator('[data-testid="current-lawyer"]').waitFor();

  // Link it into a new systemic issue, then record the rule change: everyone it affects is told.
  await o.fill('input[name="issueTitle"]', '车队押金条款不公平');
  await o.selectOption('#case-similar select[name="linkKind"]', 'contract_clause');
  await o.locator('[data-testid="link-systemic"]').click();
  await o.locator('[data-testid="linked-notice"]').waitFor();
  await Promise.all([o.waitForURL(/\/console\/systemic\/[0-9a-f-]{36}$/), o.locator('[data-testid="linked-notice"] a').click()]);
  await expectHeading(o, '车队押金条款不公平');
  await o.locator(`[data-testid="issue-cases"] li[data-case-id="${caseId}"]`).waitFor();
  await o.fill('textarea[name="ruleChange"]', '押金在解约后 7 日内全额退还，不得以任何理由扣留。');
  await o.fill('input[name="changedBy"]', '乌鲁木齐市交通运输局');
  await o.locator('input[name="kinds"][value="ride_hailing_driver"]').check();
  await o.locator('input[name="cities"][value="650100"]').check();
  await o.locator('[data-testid="record-rule"]').click();
  const notified = plain(await o.locator('[data-testid="notified"]').innerText());
  const count = Number(/\d+/.exec(notified)?.[0]);
  assert.ok(count >= 1, `notified ${notified}`);
  assert.equal(notified, plain(fill(m.systemic.notifiedNow, { count })));
  await o.locator('[data-testid="rule-change"]').waitFor();
  await shot(o, 'case-systemic-zh-desk');

  // The dashboard and the systemic issues page open without an error.
  await o.locator('.console-nav').getByRole('link', { name: m.console.nav.caseDashboard, exact: true }).click();
  await expectHeading(o, m.caseDash.title);
  await o.locator('[data-testid="age-table"]').waitFor();
  assert.equal(await o.locator('main .alert-error').count(), 0);
  await shot(o, 'case-dashboard-zh-desk');
  await o.locator('.console-nav').getByRole('link', { name: m.console.nav.systemic, exact: true }).click();
  await expectHeading(o, m.systemic.title);
  assert.equal(await o.locator('main .alert-error').count(), 0);
  await officer.context.close();

  const lawyer = await phone(browser, server.url, BEIJING);
  const l = lawyer.page;
  await l.goto('/login');
  await signIn(l, demo.lawyer);
  await l.locator('.console-nav').getByRole('link', { name: m.console.nav.legal, exact: true }).click();
  await expectHeading(l, m.legal.title);
  await Promise.all([l.waitForURL(`**/console/legal/${caseId}`), l.locator(`[data-testid="legal-cases"] li[data-case-id="${caseId}"] a`).click()]);
  await l.fill('textarea[name="lawyerNote"]', '押金条款显失公平，可以主张返还。');
  await l.locator('#legal-notes button[type="submit"]').click();
  await l.locator('[data-testid="note-saved"]').waitFor();
  await l.locator('[data-testid="timeline"] li[data-kind="lawyer_note"]').waitFor();
  await l.locator('[data-testid="new-court-step"]').click();
  await l.selectOption('select[name="courtStatus"]', 'filed');
  await l.locator('[data-testid="court-form"] button[type="submit"]').click();
  await l.locator('[data-testid="court-steps"] li').waitFor();
  await shot(l, 'case-lawyer-zh');
  assert.deepEqual(lawyer.errors, []);
  await lawyer.context.close();

  // The worker reads the lawyer's note; the union does not (checked through the API).
  const seen = (await (await driver.page.request.get(`/api/cases/${caseId}`)).json()) as { case: { timeline: { kind: string }[] } };
  assert.ok(seen.case.timeline.some((e) => e.kind === 'lawyer_note'));
  await driver.context.close();

  const analyst = await phone(browser, server.url, BEIJING);
  const a = analyst.page;
  await a.goto('/login');
  await signIn(a, demo.analyst);
  await a.locator('.console-nav').getByRole('link', { name: m.console.nav.aggregates, exact: true }).click();
  await expectHeading(a, m.aggregates.title);
  await a.locator('[data-testid="age-table"]').waitFor();
  // A handful of cases: every cell rests on fewer than 5 workers and reads "<5"; no case is listed.
  const hidden = a.locator('[data-suppressed="true"]');
  assert.ok((await hidden.count()) > 0);
  assert.equal(plain(await hidden.first().innerText()), plain(fill(m.aggregates.suppressed, { min: 5 })));
  assert.equal(await a.locator('a[href^="/console/cases/"]').count(), 0);
  await switchLanguage(a, 'ug');
  assert.equal(plain(await hidden.first().innerText()), plain(fill(messages.ug.aggregates.suppressed, { min: 5 })));
  await shot(a, 'case-aggregates-ug');
  assert.deepEqual(analyst.errors, []);
  await analyst.context.close();
});

test('screenshots: the worker’s form and case page and the officer’s queue and case page, in zh, ug and en, on a phone and a desk', async () => {
  // One case to show, with a few steps on it.
  const driver = await phone(browser, server.url, BEIJING);
  await driver.page.goto('/login');
  await signIn(driver.page, demo.driver);
  const filed = await driver.page.request.post('/api/cases', {
    data: { category: 'platform_penalty', title: '平台无故封号七天', description: '乘客投诉不实，平台未核实就封号七天，申诉三次没有回复。', place: '乌鲁木齐 会展大道', respondentKind: 'platform', respondentName: '某网约车平台', clientRef: `shots-${Date.now()}` },
  });
  const caseId = ((await filed.json()) as { case: { id: string } }).case.id;
  await driver.context.close();

  const sizes = [
    { name: 'phone', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    { name: 'desk', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
  ];
  let taken = false;
  for (const size of sizes) {
    for (const lang of LANGS as Lang[]) {
      const m = messages[lang];
      const { name, ...opts } = size;
      const wctx = await browser.newContext({ ...opts, baseURL: server.url, ...BEIJING });
      const w = await wctx.newPage();
      await w.goto('/login');
      await signIn(w, demo.driver);
      await switchLanguage(w, lang);
      await w.goto('/me/cases/new');
      await expectHeading(w, m.cases.fileTitle);
      await w.locator('label[data-category="platform_penalty"]').click();
      await w.fill('input[name="title"]', '平台无故封号七天');
      await shot(w, `case-form-${lang}-${name}`);
      await w.goto(`/me/cases/${caseId}`);
      await expectHeading(w, '平台无故封号七天');
      await w.locator('[data-testid="timeline"]').waitFor();
      await shot(w, `case-page-${lang}-${name}`);
      await wctx.close();

      const octx = await browser.newContext({ ...opts, baseURL: server.url, ...BEIJING });
      const o = await octx.newPage();
      await o.goto('/login');
      await signIn(o, demo.officer);
      await switchLanguage(o, lang);
      await o.goto('/console/cases');
      await expectHeading(o, m.caseOps.queueTitle);
      await o.locator('[data-testid="queue"] li').first().waitFor();
      await shot(o, `case-queue-${lang}-${name}`);
      if (!taken) {
        await o.locator(`[data-testid="queue"] li[data-case-id="${caseId}"] [data-testid="take"]`).click();
        await o.waitForURL(`**/console/cases/${caseId}`);
        taken = true;
      } else {
        await o.goto(`/console/cases/${caseId}`);
      }
      await expectHeading(o, '平台无故封号七天');
      await o.locator('#case-similar h2').waitFor();
      await shot(o, `case-staff-${lang}-${name}`);
      await octx.close();
    }
  }
  // Leave the officer's language as it was.
  const reset = await phone(browser, server.url, BEIJING);
  await reset.page.goto('/login');
  await signIn(reset.page, demo.officer);
  await switchLanguage(reset.page, 'zh');
  await reset.context.close();
});
