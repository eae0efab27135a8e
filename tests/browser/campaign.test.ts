// The special campaign in Chromium at phone size: the federation's chair opens the demo campaign (its
// problems linked to real demo cases and violation cells), accepts a proposed case cluster as a problem
// for the ride-hailing union's officer; the officer posts progress with a PDF as evidence, is refused
// closing without… nothing (evidence is there), closes it; the public page shows it in zh and ug without
// personal data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { demo, ensureWebBuild, expectHeading, launchBrowser, messages, phone, plain, shot, signIn, signOut, startServer, switchLanguage, type Server } from './support.ts';
import { demoCampaignId } from '../../src/server/demo/campaign.ts';

let server: Server;
let browser: Browser;
const FED = '13900000013';
const m = messages.zh;
const SUMMARY = '督促被投诉单位限期整改，公开申诉渠道。';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

before(async () => {
  ensureWebBuild();
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('proposal → accept → progress with evidence → close, and the public page in zh and ug', async () => {
  const { page, errors, context } = await phone(browser, server.url);
  // ---- the federation's chair: the board, then a proposal accepted ----
  await signIn(page, FED);
  await page.goto('/console');
  await page.locator('.console-nav').getByRole('link', { name: m.campaign.nav, exact: true }).click();
  await expectHeading(page, m.campaign.title);
  await page.getByTestId('campaigns').getByRole('link').first().click();
  await expectHeading(page, '新就业形态劳动者权益保障专项行动');
  const problems = page.getByTestId('problem');
  await problems.first().waitFor();
  assert.equal(await problems.count(), 6, 'the demo problem list');
  assert.ok((await page.getByTestId('overdue').count()) >= 1, 'an overdue problem is flagged');
  await shot(page, 'campaign-board-zh');
  // A demo problem covers real cases: shown as number, category and status only.
  await page.goto(`/console/campaign/${demoCampaignId}`);
  await page.getByRole('link', { name: '车队管理公司合同中的“霸王条款”' }).click();
  const linked = page.getByTestId('linked-cases');
  await linked.waitFor();
  assert.match(plain(await linked.innerText()), /[A-Z]+(-[A-Z]+)?-\d{4}-\d{5} · /);
  // …and another covers violation cells of the monthly runs.
  await page.goto(`/console/campaign/${demoCampaignId}`);
  await page.getByRole('link', { name: '平台抽成超过上限、收入不透明' }).click();
  const cells = page.getByTestId('linked-violations');
  await cells.waitFor();
  assert.match(plain(await cells.innerText()), /P\d · .+ · \d{4}-\d{2}/);
  // The board in Uyghur, right to left.
  await page.goto(`/console/campaign/${demoCampaignId}`);
  await switchLanguage(page, 'ug');
  await page.getByRole('heading', { name: messages.ug.campaign.board.problems }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await shot(page, 'campaign-board-ug');
  await switchLanguage(page, 'zh');

  await page.goto(`/console/campaign/${demoCampaignId}/proposals`);
  await expectHeading(page, m.campaign.proposals.title);
  const cluster = page.locator('[data-testid="proposal"][data-key^="cases:"]').first();
  await cluster.waitFor();
  const key = await cluster.getAttribute('data-key');
  await cluster.getByRole('button', { name: m.campaign.proposals.accept, exact: true }).click();
  const form = cluster.getByTestId('problem-form');
  await form.waitFor();
  await form.locator('textarea[name="publicSummary"]').fill(SUMMARY);
  await form.locator('select[name="ownerOrgId"]').selectOption({ label: '乌鲁木齐市网约车行业工会' });
  await form.locator('select[name="ownerUserId"]').selectOption({ label: `马建新 (${m.roles.union_officer})` });
  await form.locator('input[name="deadline"]').fill('2099-12-31');
  await form.locator('input[name="target"]').fill('涉及案件全部办结');
  await form.getByRole('button', { name: m.campaign.proposals.accept, exact: true }).click();
  await page.getByText(m.campaign.proposals.accepted).waitFor();
  // Accepted: no longer proposed (the list reloads).
  await page.locator(`[data-testid="proposal"][data-key="${key}"]`).waitFor({ state: 'detached' });
  await signOut(page);

  // ---- the officer: progress with a PDF, then closing ----
  await signIn(page, demo.officer);
  await page.goto(`/console/campaign/${demoCampaignId}`);
  await page.getByText(m.campaign.board.onlyMine).click();
  const mine = page.getByTestId('problem').filter({ has: page.locator('.badge', { hasText: m.campaign.status.open }) });
  await mine.first().waitFor();
  // The accepted problem: the one whose title is the proposal's (the server's Chinese suggestion).
  await mine.filter({ hasText: '近90天同类维权案件' }).first().getByRole('link').click();
  await page.getByTestId('progress-form').waitFor();
  await page.fill('textarea[name="body"]', '已约谈被投诉单位，要求十日内书面答复。');
  await page.setInputFiles('#cp-file', { name: '约谈记录.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: m.campaign.problem.post, exact: true }).click();
  await page.getByText(m.campaign.problem.posted).waitFor();
  const timeline = page.getByTestId('timeline');
  await timeline.getByText('约谈记录.pdf').waitFor();
  await page.fill('textarea[name="note"]', '被投诉单位已整改，涉及劳动者均已答复。');
  await page.getByTestId('steps').getByRole('button', { name: m.campaign.step.close, exact: true }).click();
  await page.locator('.badge', { hasText: m.campaign.status.closed }).first().waitFor();
  await shot(page, 'campaign-problem-closed-zh');
  await signOut(page);

  // ---- the public page, signed out: zh, then ug (right to left) ----
  await page.goto(`/campaigns/${demoCampaignId}`);
  await page.getByTestId('public-campaign').waitFor();
  const item = page.getByTestId('public-problem').filter({ hasText: SUMMARY });
  await item.waitFor();
  assert.match(plain(await item.innerText()), new RegExp(m.campaign.status.closed));
  const text = plain(await page.locator('main').innerText());
  for (const secret of ['马建新', '约谈记录', '已约谈被投诉单位']) assert.ok(!text.includes(secret), `no ${secret} on the public page`);
  assert.doesNotMatch(text, /WLMQ-WYC-\d|CJ-ZGH-\d|KEL-ZGH-\d/, 'no case numbers');
  await shot(page, 'campaign-public-zh');
  await switchLanguage(page, 'ug');
  const u = messages.ug;
  await page.getByText(u.campaign.area.employment).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.match(plain(await page.getByTestId('public-problem').filter({ hasText: SUMMARY }).innerText()), new RegExp(u.campaign.status.closed));
  await shot(page, 'campaign-public-ug');
  assert.deepEqual(errors.filter((e) => !/status of (403|422)/.test(e)), []);
  await context.close();
});
