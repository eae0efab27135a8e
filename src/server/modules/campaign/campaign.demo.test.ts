import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoCampaignId } from '../../demo/campaign.js';

// The demo campaign over real demo cases and monthly runs: what `npm start` shows.
let t: TestApp;
before(async () => {
  t = await testApp({ workers: 60, cases: 80, orders: 4000 });
});
after(() => t.close());

test('the demo campaign: six problems in four areas, linked to real cases, the systemic issue and violation cells', async () => {
  const fed = await t.login('13900000013');
  const board = await t.app.inject({ method: 'GET', url: `/api/campaigns/${demoCampaignId}/problems`, headers: { cookie: fed } });
  assert.equal(board.statusCode, 200, board.body);
  const items = board.json().items as { id: string; area: string; status: string; overdue: boolean; links: Record<string, number> }[];
  assert.equal(items.length, 6);
  assert.deepEqual([...new Set(items.map((p) => p.area))].sort(), ['employment', 'pay', 'rest', 'safety']);
  const closed = items.find((p) => p.status === 'closed')!;
  assert.ok(closed.links.case! >= 1 && closed.links.systemic === 1, JSON.stringify(closed.links));
  assert.ok(items.some((p) => p.area === 'rest' && p.overdue), 'the rest problem is overdue');
  assert.ok(items.some((p) => (p.links.violation ?? 0) >= 1), JSON.stringify(items.map((p) => [p.area, p.status, p.links])));
  const detail = (await t.app.inject({ method: 'GET', url: `/api/campaign-problems/${closed.id}`, headers: { cookie: fed } })).json();
  assert.ok(detail.evidenceCount >= 1 && detail.problem.closingNote);
  const proposals = await t.app.inject({ method: 'GET', url: `/api/campaigns/${demoCampaignId}/proposals`, headers: { cookie: fed } });
  assert.equal(proposals.statusCode, 200);
  assert.ok(proposals.json().items.some((p: { kind: string; size: number }) => p.kind === 'case_cluster' && p.size >= 3), 'the demo cases make clusters to propose');
  const pub = await t.app.inject({ method: 'GET', url: `/api/public/campaigns/${demoCampaignId}` });
  assert.equal(pub.json().problems.length, 6);
  assert.ok(!/WLMQ-WYC-\d|马建新|吴海燕/.test(pub.body), 'no case numbers or people on the public page');
});
