import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';
import { demoCampaignId, loadOrdersMonth } from '../../demo/campaign.js';
import { sweepCampaigns } from './campaign.service.js';

let t: TestApp;
let fed = ''; // the federation's chair: the lead agency's manager
let officer = ''; // the ride-hailing union's officer: an owner person
let chair = ''; // the ride-hailing union's chair
let analyst = '';
let korla = ''; // Korla HRSS's policy officer: not in the campaign
let lawyer = '';
let campaignId = '';
let officerId = '';
before(async () => {
  t = await testApp({ workers: 12, env: { EVIDENCE_MAX_MB: '0.1' } });
  [fed, officer, chair, analyst, korla, lawyer] = (await Promise.all(['13900000013', '13900000002', '13900000003', '13900000008', '13900000012', '13900000004'].map((p) => t.login(p)))) as [string, string, string, string, string, string];
});
after(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH';
const send = (method: Method, url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);
const auditCount = async (prefix = 'campaign.') => Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

const problemBody = (over: object = {}) => ({
  area: 'pay',
  title: '快递员派费被无故克扣',
  description: '多名快递员反映派费按件被扣，申诉无回应。',
  publicSummary: '督促快递企业规范派费结算，畅通申诉渠道。',
  ownerOrgId: demoOrgs.rideHailingUnion,
  ownerUserId: officerId,
  deadline: '2026-09-30',
  target: '涉及派费全部补发，申诉渠道公开',
  targetValue: 100,
  ...over,
});

async function fileCases(n: number, over: object = {}) {
  const out: { caseNo: string; id: string }[] = [];
  for (let i = 0; i < n; i++) {
    const worker = await t.newWorker();
    const res = await send('POST', '/api/cases', worker, {
      category: 'pay_arrears',
      title: '派费被克扣',
      description: `第${i + 1}位快递员：本月派费被无故扣除，联系站点无果。手机号 13812345678。`,
      respondentKind: 'platform',
      platformCode: 'zto',
      ...over,
    });
    assert.equal(res.statusCode, 201, res.body);
    out.push(res.json().case);
  }
  return out;
}

test('a campaign: the lead’s manager sets it up; bad periods and other agencies are refused; others see nothing', async () => {
  const body = { name: '新就业形态劳动者权益保障专项行动', description: '就业、薪酬、休息、安全四方面突出问题', leadOrgId: demoOrgs.xinjiangFederation, regions: ['650100', '652301', '652801'], startsOn: '2026-06-01', endsOn: '2026-12-31', status: 'active' };
  const bad = await send('POST', '/api/campaigns', fed, { ...body, endsOn: '2026-05-01' });
  assert.deepEqual([bad.statusCode, ...details(bad)], [422, ['endsOn', 'before_start']]);
  const other = await send('POST', '/api/campaigns', chair, body);
  assert.deepEqual([other.statusCode, ...details(other)], [403, ['leadOrgId', 'not_manager']]);
  assert.deepEqual(details(await send('POST', '/api/campaigns', fed, { ...body, regions: ['999999'] })), [['regions.0', 'invalid_city']]);
  assert.equal((await send('POST', '/api/campaigns', lawyer, body)).statusCode, 403);
  const before = await auditCount();
  const made = await send('POST', '/api/campaigns', fed, body);
  assert.equal(made.statusCode, 201, made.body);
  assert.equal(await auditCount(), before + 1);
  campaignId = made.json().campaign.id;
  assert.equal(made.json().campaign.leadOrgName, '新疆维吾尔自治区总工会');
  assert.equal(made.json().campaign.canManage, true);
  // Not in it yet: Korla's policy officer and the ride-hailing union's staff see it as missing.
  assert.equal((await send('GET', `/api/campaigns/${campaignId}`, korla)).statusCode, 404);
  assert.equal((await send('GET', `/api/campaigns/${campaignId}`, officer)).statusCode, 404);
  assert.ok(!(await send('GET', '/api/campaigns', korla)).json().items.some((c: { id: string }) => c.id === campaignId));
  assert.ok((await send('GET', '/api/campaigns', korla)).json().items.some((c: { id: string }) => c.id === demoCampaignId), 'the demo campaign gives Korla HRSS a problem');
  assert.equal((await send('GET', `/api/campaigns/${campaignId}`, analyst)).statusCode, 200, 'analysts read every campaign');
  assert.equal((await send('PATCH', `/api/campaigns/${campaignId}`, korla, { name: '改名' })).statusCode, 404);
  const owners = (await send('GET', `/api/campaigns/${campaignId}/owners`, fed)).json().items;
  officerId = owners.find((o: { id: string }) => o.id === demoOrgs.rideHailingUnion).staff.find((s: { role: string }) => s.role === 'union_officer').id;
  assert.ok(officerId);
});

test('bad problems: deadline before the start, unknown area, missing case, an owner not on the agency’s staff', async () => {
  const url = `/api/campaigns/${campaignId}/problems`;
  const early = await send('POST', url, fed, problemBody({ deadline: '2026-05-31' }));
  assert.deepEqual([early.statusCode, ...details(early)], [422, ['deadline', 'before_campaign_start']]);
  const area = await send('POST', url, fed, problemBody({ area: 'health' }));
  assert.deepEqual([area.statusCode, ...details(area)], [400, ['area', 'invalid_value']]);
  const missing = await send('POST', url, fed, problemBody({ links: { cases: ['WLMQ-WYC-2026-99999'] } }));
  assert.deepEqual([missing.statusCode, ...details(missing)], [422, ['links.cases.0', 'not_found']]);
  const noRun = await send('POST', url, fed, problemBody({ links: { violations: [{ indicator: 'R1', platform: 'didi', month: '2020-01' }] } }));
  assert.deepEqual([noRun.statusCode, ...details(noRun)], [422, ['links.violations.0.month', 'no_run']]);
  const stranger = await send('POST', url, fed, problemBody({ ownerOrgId: demoOrgs.korlaHrss }));
  assert.deepEqual([stranger.statusCode, ...details(stranger)], [422, ['ownerUserId', 'not_staff_of_owner']]);
  const school = await send('POST', url, fed, problemBody({ ownerOrgId: demoOrgs.korlaSchool, ownerUserId: null }));
  assert.deepEqual([school.statusCode, ...details(school)], [422, ['ownerOrgId', 'unknown_agency']]);
  assert.equal((await send('POST', url, officer, problemBody())).statusCode, 403, 'an officer is no manager');
  assert.equal(await t.ctx.db.selectFrom('campaign_problems').select('id').where('campaign_id', '=', campaignId).executeTakeFirst(), undefined, 'nothing half-written');
});

let problemId = '';
test('a cluster of real cases is proposed, dismissed, offered again once it grows, and accepted with its cases linked', async () => {
  const cases = await fileCases(3);
  const url = `/api/campaigns/${campaignId}/proposals`;
  const key = 'cases:pay_arrears:platform:zto';
  const list = (await send('GET', url, fed)).json().items;
  const cluster = list.find((p: { key: string }) => p.key === key);
  assert.ok(cluster, JSON.stringify(list));
  assert.deepEqual([cluster.kind, cluster.area, cluster.size], ['case_cluster', 'pay', 3]);
  assert.deepEqual(cluster.cases.map((c: { caseNo: string }) => c.caseNo).sort(), cases.map((c) => c.caseNo).sort());
  assert.deepEqual(Object.keys(cluster.cases[0]).sort(), ['caseNo', 'category', 'status']);
  assert.ok(!JSON.stringify(list).includes('13812345678') && !JSON.stringify(list).includes('快递员：本月'), 'no description or worker');
  assert.ok(!(await send('GET', `${url}?minCases=4`, fed)).json().items.some((p: { key: string }) => p.key === key), 'below the threshold');

  assert.equal((await send('POST', `${url}/dismiss`, officer, { key, reason: '已由市总工会处理' })).statusCode, 403);
  const gone = await send('POST', `${url}/dismiss`, fed, { key, reason: '已由昌吉市总工会单独处理' });
  assert.equal(gone.statusCode, 200, gone.body);
  assert.ok(!(await send('GET', url, fed)).json().items.some((p: { key: string }) => p.key === key), 'not offered again at the same size');
  await fileCases(1);
  const back = (await send('GET', url, fed)).json().items.find((p: { key: string }) => p.key === key);
  assert.deepEqual([back.size, back.dismissedBefore.size], [4, 3], 'offered again once it grew');

  const accepted = await send('POST', `${url}/accept`, fed, { key, ...problemBody() });
  assert.equal(accepted.statusCode, 201, accepted.body);
  problemId = accepted.json().problem.id;
  assert.equal(accepted.json().links.cases.length, 4);
  assert.equal(accepted.json().problem.fromProposal, key);
  assert.ok(!(await send('GET', url, fed)).json().items.some((p: { key: string }) => p.key === key), 'covered now');
  const again = await send('POST', `${url}/accept`, fed, { key, ...problemBody() });
  assert.deepEqual([again.statusCode, ...details(again)], [409, ['key', 'not_offered']]);
  // The owner person was told, and now sees the campaign; Korla's officer still does not.
  const note = await t.ctx.db.selectFrom('notifications').select('data').where('user_id', '=', officerId).where('kind', '=', 'campaign_assigned').execute();
  assert.equal(note.filter((n) => JSON.parse(n.data).campaignId === campaignId).length, 1);
  assert.equal((await send('GET', `/api/campaigns/${campaignId}`, officer)).statusCode, 200);
  assert.equal((await send('GET', `/api/campaign-problems/${problemId}`, korla)).statusCode, 404);
});

test('the owner posts progress with evidence; closing needs evidence and a note; files are checked', async () => {
  const url = `/api/campaign-problems/${problemId}`;
  const seen = (await send('GET', url, officer)).json();
  assert.equal(seen.problem.ownerUserName, '马建新');
  assert.deepEqual(Object.keys(seen.links.cases[0]).sort(), ['caseNo', 'category', 'status'], 'a case shows only as number, category, status');
  assert.ok(!JSON.stringify(seen).includes('13812345678'));
  const byAnalyst = (await send('GET', url, analyst)).json();
  assert.deepEqual([byAnalyst.problem.ownerUserName, byAnalyst.problem.ownerUserId], [null, null], 'analysts: no personal data');

  assert.equal((await send('POST', `${url}/progress`, chair, { body: '旁观' })).statusCode, 403, 'the owner agency’s chair is not the owner person');
  const future = await send('POST', `${url}/progress`, officer, { body: '约谈', onDate: '2099-01-01' });
  assert.deepEqual([future.statusCode, ...details(future)], [422, ['onDate', 'in_future']]);
  const badLink = await send('POST', `${url}/progress`, officer, { body: '约谈', link: 'javascript:alert(1)' });
  assert.deepEqual([badLink.statusCode, ...details(badLink)], [400, ['link', 'invalid_link']]);
  for (const link of ['//evil.example/x', '/\\evil.example', 'https://a b']) assert.deepEqual(details(await send('POST', `${url}/progress`, officer, { body: '约谈', link })), [['link', 'invalid_link']], link);
  const p1 = await send('POST', `${url}/progress`, officer, { body: '已约谈中通快递昌吉分拨中心，要求一周内说明扣费依据。' });
  assert.equal(p1.statusCode, 201, p1.body);
  assert.equal(p1.json().problem.status, 'in_progress', 'the first update starts the work');
  const noEvidence = await send('POST', `${url}/steps`, officer, { step: 'close', note: '已整改' });
  assert.deepEqual([noEvidence.statusCode, ...details(noEvidence)], [422, ['evidence', 'required']]);

  const files = `${url}/progress/${p1.json().id}/files?name=${encodeURIComponent('整改通知.pdf')}`;
  const big = await t.app.inject({ method: 'POST', url: files, headers: { cookie: officer, 'content-type': 'application/pdf' }, payload: Buffer.concat([pdf, Buffer.alloc(200_000)]) });
  assert.equal(big.statusCode, 413, big.body);
  const text = await t.app.inject({ method: 'POST', url: files, headers: { cookie: officer, 'content-type': 'text/plain' }, payload: 'hello' });
  assert.equal(text.statusCode, 415, text.body);
  const gif = await t.app.inject({ method: 'POST', url: files, headers: { cookie: officer, 'content-type': 'application/octet-stream' }, payload: Buffer.from('GIF89a0000', 'latin1') });
  assert.deepEqual([gif.statusCode, ...details(gif)], [415, ['file', 'unsupported_type']]);
  const ok = await t.app.inject({ method: 'POST', url: files, headers: { cookie: officer, 'content-type': 'application/pdf' }, payload: pdf });
  assert.equal(ok.statusCode, 201, ok.body);
  const fileId = ok.json().file.id;
  const stored = await t.ctx.db.selectFrom('campaign_evidence').select('content_enc').where('id', '=', fileId).executeTakeFirstOrThrow();
  assert.ok(!stored.content_enc!.includes('%PDF'), 'stored encrypted');
  const got = await send('GET', `${url}/files/${fileId}`, fed);
  assert.deepEqual([got.statusCode, got.headers['content-type']], [200, 'application/pdf']);
  assert.equal((await send('GET', `${url}/files/${fileId}`, analyst)).statusCode, 403, 'analysts cannot open evidence');
  assert.equal((await send('GET', `${url}/files/${fileId}`, korla)).statusCode, 404);

  const noNote = await send('POST', `${url}/steps`, officer, { step: 'close' });
  assert.deepEqual([noNote.statusCode, ...details(noNote)], [422, ['note', 'required']]);
  assert.equal((await send('POST', `${url}/steps`, officer, { step: 'dismiss', note: 'x' })).statusCode, 403, 'only managers dismiss');
  const before = await auditCount();
  const closed = await send('POST', `${url}/steps`, officer, { step: 'close', note: '4名快递员派费已补发，分拨中心公开申诉电话。' });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().problem.status, 'closed');
  assert.equal(await auditCount(), before + 1);
  const twice = await send('POST', `${url}/steps`, officer, { step: 'close', note: '再关' });
  assert.equal(twice.statusCode, 409);
  assert.equal((await send('POST', `${url}/progress`, officer, { body: '晚到的更新' })).statusCode, 409);

  // The public page: the problem's state, the agency, no person, no case number, no description.
  const pub = await send('GET', `/api/public/campaigns/${campaignId}`, '');
  assert.equal(pub.statusCode, 200, pub.body);
  const item = pub.json().problems.find((x: { id: string }) => x.id === problemId);
  assert.deepEqual([item.status, item.ownerAgency, item.progressCount, item.area], ['closed', '乌鲁木齐市网约车行业工会', 1, 'pay']);
  const body = pub.body;
  for (const secret of ['马建新', '13812345678', 'WLMQ', 'CJ-ZGH', '多名快递员反映']) assert.ok(!body.includes(secret), `no ${secret} on the public page`);
  assert.deepEqual((await send('GET', '/api/public/campaigns', '')).json().items.map((c: { id: string }) => c.id).sort(), [campaignId, demoCampaignId].sort());
});

test('overdue problems are flagged in lists and notified to the lead agency once', async () => {
  await sweepCampaigns(t.ctx); // the demo campaign's overdue problem first
  const made = await send('POST', `/api/campaigns/${campaignId}/problems`, fed, problemBody({ area: 'rest', title: '网约车司机连续驾驶超时', deadline: '2026-06-15', ownerOrgId: demoOrgs.transportBureau, ownerUserId: null }));
  assert.equal(made.statusCode, 201, made.body);
  const id = made.json().problem.id;
  assert.equal(made.json().problem.overdue, true);
  const board = (await send('GET', `/api/campaigns/${campaignId}/problems?overdue=true`, fed)).json();
  assert.deepEqual(board.items.map((p: { id: string }) => p.id), [id]);
  assert.equal(board.campaign.counts.overdue, 1);
  const first = await sweepCampaigns(t.ctx);
  assert.deepEqual(first, { overdue: 1, notified: 1 }, 'the federation’s one staff member');
  const second = await sweepCampaigns(t.ctx);
  assert.deepEqual(second, { overdue: 0, notified: 0 }, 'once');
  const fedUser = await t.ctx.db.selectFrom('users').select('id').where('phone_hash', '=', t.ctx.crypto.lookupHash('13900000013')).executeTakeFirstOrThrow();
  const notes = await t.ctx.db.selectFrom('notifications').select('data').where('user_id', '=', fedUser.id).where('kind', '=', 'campaign_overdue').execute();
  assert.equal(notes.filter((n) => JSON.parse(n.data).problemId === id).length, 1);
  // A new deadline arms it again.
  assert.equal((await send('PATCH', `/api/campaign-problems/${id}`, fed, { deadline: '2026-07-01' })).statusCode, 200);
  assert.equal((await sweepCampaigns(t.ctx)).notified, 1);
  const dismissed = await send('POST', `/api/campaign-problems/${id}/steps`, fed, { step: 'dismiss', note: '并入交通运输局专项检查' });
  assert.equal(dismissed.json().problem.overdue, false);
  assert.ok(!(await send('GET', `/api/public/campaigns/${campaignId}`, '')).json().problems.some((p: { id: string }) => p.id === id), 'dismissed problems leave the public page');
});

test('a rising violation trend from real monthly runs is proposed and accepted with its violation cells linked', async () => {
  await loadOrdersMonth(t.ctx, '2026-09', 300, 31);
  await loadOrdersMonth(t.ctx, '2026-10', 3000, 32);
  const items = (await send('GET', `/api/campaigns/${campaignId}/proposals?minRise=5`, analyst)).json().items;
  const trends = items.filter((p: { kind: string }) => p.kind === 'violation_trend');
  assert.ok(trends.length > 0, JSON.stringify(items).slice(0, 400));
  const top = trends[0];
  assert.equal(top.months[0].month, '2026-09');
  assert.ok(top.months[1].findings - top.months[0].findings >= 5);
  // The figures are the runs' own.
  const run = await t.ctx.db.selectFrom('oversight_runs').select('id').where('month', '=', '2026-10').executeTakeFirstOrThrow();
  const n = await t.ctx.db.selectFrom('oversight_findings').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', run.id).where('indicator', '=', top.indicator).where('platform', '=', top.platform).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), top.size);
  assert.equal((await send('POST', `/api/campaigns/${campaignId}/proposals/accept`, analyst, { key: top.key, ...problemBody() })).statusCode, 403, 'analysts read only');
  const acc = await send('POST', `/api/campaigns/${campaignId}/proposals/accept`, fed, { key: top.key, ...problemBody({ area: top.area, title: top.title }) });
  assert.equal(acc.statusCode, 201, acc.body);
  assert.deepEqual(
    acc.json().links.violations.map((v: { month: string; findings: number }) => [v.month, v.findings]),
    top.months.map((m: { month: string; findings: number }) => [m.month, m.findings]),
  );
  assert.ok(!(await send('GET', `/api/campaigns/${campaignId}/proposals?minRise=5`, fed)).json().items.some((p: { key: string }) => p.key === top.key), 'covered now');
});
