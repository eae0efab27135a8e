import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { fixture, seedOversightFixture, type OversightFixture } from '../../../../tests/helpers/oversight-console.js';
import { demoOrgs, demoWorkers } from '../../demo/seed.js';
import { workerIdByPhone } from '../workers/index.js';

// The oversight console over HTTP on SQLite or PostgreSQL (DATABASE_URL): scorecard, drill-down, CSV,
// watchlist, enforcement log, referrals, and a driver's own figures turned into a rights case.
let t: TestApp;
let fx: OversightFixture;
let officer: string, chair: string, analyst: string, driver: string, courier: string, admin: string;
before(async () => {
  t = await testApp({ workers: 8 });
  [officer, chair, analyst, driver, courier, admin] = (await Promise.all(['13900000002', '13900000003', '13900000008', demoWorkers.driver, demoWorkers.courier, '13900000009'].map((p) => t.login(p)))) as [string, string, string, string, string, string];
  fx = await seedOversightFixture(t.ctx.db, { driverWorkerId: await workerIdByPhone(t.ctx, demoWorkers.driver) });
});
after(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const send = (method: 'POST' | 'PATCH', url: string, cookie: string, payload: object) => t.app.inject({ method, url, headers: { cookie }, payload });
const audits = (action: string) => t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('action', '=', action).execute();

test('months and the scorecard: counts and rates per platform, trend, Fairwork-style summary, rules with class and source', async () => {
  const m = await get('/api/oversight/months', officer);
  assert.equal(m.statusCode, 200, m.body);
  assert.deepEqual(m.json().items.map((i: { month: string }) => i.month), ['2026-11', '2026-10']);
  assert.equal(m.json().items[0].runId, fx.runs['2026-11'], 'the latest analysis of a month is its current one');

  const res = await get('/api/oversight/scorecard?month=2026-11&trend=3', officer);
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json();
  assert.equal(s.union.name, '乌鲁木齐市网约车行业工会');
  assert.equal(s.masked, false);
  const didi = s.platforms.find((p: { code: string }) => p.code === 'didi');
  const t3 = s.platforms.find((p: { code: string }) => p.code === 't3');
  assert.equal(didi.name, '滴滴出行');
  assert.deepEqual(didi.indicators.R1, { count: 1, rate: 1 }, '1 block in 1,000 completed orders');
  assert.deepEqual(t3.indicators.E1, { count: 2, rate: 4 });
  assert.equal(t3.doubleComplianceRate, 0.996);
  const status = (p: { fairwork: { principle: string; status: string }[] }, pr: string) => p.fairwork.find((f) => f.principle === pr)?.status;
  assert.equal(status(didi, 'fair_conditions'), 'partly');
  assert.equal(status(didi, 'legal_operation'), 'met');
  assert.equal(status(t3, 'legal_operation'), 'not_met');
  assert.equal(status(t3, 'fair_pay'), 'met');
  assert.equal(didi.points, 4);
  assert.deepEqual(s.trend.map((x: { month: string; analysed: boolean }) => [x.month, x.analysed]), [['2026-08', false], ['2026-09', false], ['2026-10', true], ['2026-11', true]]);
  assert.equal(s.trend[2].platforms.didi.R1, 3);
  const rule = s.rules.find((r: { rule: string }) => r.rule === 'max_continuous_min');
  assert.equal(rule.class, 'LEGAL');
  assert.match(rule.source, /道路交通安全法实施条例/);
  assert.equal(rule.unit, 'min');
  const fair = s.fairness.find((f: { platform: string }) => f.platform === 'didi');
  assert.equal(fair.meanGini, 0.33);
  assert.deepEqual(fair.members, { driverDays: 20, ordersPerDriver: 19 });
});

test('clear refusals: a bad month, an unknown indicator, a month not analysed, the wrong role', async () => {
  const bad = await get('/api/oversight/scorecard?month=2026-13', officer);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].code, 'invalid_month');
  assert.equal((await get('/api/oversight/findings?month=2026-11&indicator=X9', officer)).statusCode, 400);
  const none = await get('/api/oversight/scorecard?month=2025-01', officer);
  assert.equal(none.statusCode, 404);
  assert.equal(none.json().error.details[0].code, 'no_run');
  assert.equal((await get('/api/oversight/scorecard?month=2026-11', driver)).statusCode, 403);
  assert.equal((await get('/api/oversight/scorecard?month=2026-11', admin)).statusCode, 403);
});

test('drill-down from R1 at DiDi to its orders, each with the rule version and source; superseded runs never show; audited', async () => {
  const res = await get('/api/oversight/findings?month=2026-11&indicator=R1&platform=didi', officer);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.total, 1);
  const [f] = body.items;
  assert.equal(f.id, fx.findings.R1);
  assert.equal(f.driverKey, fixture.driverPermit);
  assert.equal(f.value, 270);
  assert.equal(f.rule.version, 1);
  assert.match(f.rule.source, /第六十二条/);
  assert.deepEqual(f.orders.map((o: { orderId: string }) => o.orderId), ['D-1', 'D-2', 'D-3']);
  assert.equal(f.orders[0].acceptAt, '2026-11-03T08:00:00+08:00');
  assert.equal(f.orders[2].commission, 0.35);
  assert.ok(!res.body.includes('STALE-P'));
  const all = await get('/api/oversight/findings?month=2026-11&sort=value&dir=desc&limit=2&offset=0', officer);
  assert.equal(all.json().total, 4);
  assert.deepEqual(all.json().items.map((x: { indicator: string }) => x.indicator), ['R1', 'P1']);
  const page2 = await get('/api/oversight/findings?month=2026-11&indicator=E1&sort=day&dir=desc&limit=1&offset=1', officer);
  assert.equal(page2.json().items[0].day, '2026-11-03');
  assert.ok((await audits('oversight.findings_read')).length >= 3);
});

test('analysts: aggregates only — no plate, driver or permit, and small cells suppressed', async () => {
  const s = await get('/api/oversight/scorecard?month=2026-11', analyst);
  assert.equal(s.statusCode, 200);
  assert.equal(s.json().masked, true);
  assert.equal(s.json().minCell, 5);
  const didi = s.json().platforms.find((p: { code: string }) => p.code === 'didi');
  assert.deepEqual(didi.indicators.R1, { count: null, rate: null }, 'one driver behind the figure: suppressed');
  assert.deepEqual(didi.indicators.E2, { count: 0, rate: 0 });
  const f = await get('/api/oversight/findings?month=2026-11', analyst);
  const csv = await get('/api/oversight/findings/export?month=2026-11', analyst);
  for (const body of [s.body, f.body, csv.body]) {
    for (const canary of [fixture.driverPermit, fixture.unlicensedPlate, fixture.driverPlate, fixture.unlicensedDriver.split(':')[1]!]) assert.ok(!body.includes(canary), `analysts never see ${canary}`);
  }
  assert.ok(f.json().items.some((x: { plate: string }) => x.plate === '新A•••••'));
});

test('CSV export: UTF-8 BOM, one line per evidence order, RFC 4180 quoting, attachment', async () => {
  const res = await get('/api/oversight/findings/export?month=2026-11&indicator=R1', officer);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="oversight-2026-11-R1.csv"/);
  assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
  const lines = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines[0]!.split(',')[0], 'finding_id');
  assert.equal(lines.length, 4, 'a header and three orders');
  assert.ok(lines[1]!.includes('道路交通安全法实施条例 第六十二条第（七）项'));
  assert.ok(lines[1]!.includes(',D-1,2026-11-03T08:00:00+08:00,'));
  assert.equal((await get('/api/oversight/findings/export?month=2025-01', officer)).statusCode, 404);
});

test('watchlist: the plate and driver found unlicensed on three days across two months; the licensed driver is not on it', async () => {
  const res = await get('/api/oversight/watchlist', officer);
  assert.equal(res.statusCode, 200, res.body);
  const items = res.json().items as { kind: string; subject: string; days: number; runs: number; lastSeen: string }[];
  const plate = items.find((i) => i.kind === 'plate' && i.subject === fixture.unlicensedPlate);
  assert.ok(plate);
  assert.equal(plate.days, 3);
  assert.equal(plate.runs, 2);
  assert.equal(plate.lastSeen, '2026-11-10');
  assert.ok(items.some((i) => i.kind === 'driver' && i.subject === fixture.unlicensedDriver));
  assert.ok(!items.some((i) => i.subject === fixture.driverPlate || i.subject === fixture.driverPermit));
  assert.equal((await get('/api/oversight/watchlist', analyst)).statusCode, 403);
});

test('enforcement log: validated, audited, listed', async () => {
  const good = { heldOn: '2026-11-20', place: '乌鲁木齐站 南广场', platesChecked: 40, plates: ['新ae0001', '新A55555'], outcome: '查扣 2 辆非法营运车辆', partners: '市交通运输综合行政执法支队' };
  const bad = async (over: object, path: string, code: string) => {
    const r = await send('POST', '/api/oversight/enforcement', officer, { ...good, ...over });
    assert.equal(r.statusCode, 400, r.body);
    assert.ok(r.json().error.details.some((d: { path: string; code: string }) => d.path === path && d.code === code), `${path} ${code}: ${r.body}`);
  };
  await bad({ platesChecked: 1 }, 'plates', 'more_than_checked');
  await bad({ heldOn: '2099-01-01' }, 'heldOn', 'in_future');
  await bad({ plates: ['ABC'] }, 'plates.0', 'invalid_plate');
  await bad({ place: '' }, 'place', 'too_short');
  await bad({ createdBy: 'x' }, 'createdBy', 'unknown_field');
  const made = await send('POST', '/api/oversight/enforcement', officer, good);
  assert.equal(made.statusCode, 201, made.body);
  assert.deepEqual(made.json().action.plates, ['新AE0001', '新A55555'], 'plates normalised');
  const list = await get('/api/oversight/enforcement', chair);
  assert.equal(list.json().total, 1);
  assert.equal(list.json().items[0].createdBy, '马建新');
  assert.equal((await audits('oversight.enforcement_log')).length, 1);
  const w = (await get('/api/oversight/watchlist', officer)).json().items.find((i: { subject: string }) => i.subject === fixture.unlicensedPlate);
  assert.equal(w.checkedInActions, 1);
  assert.equal((await send('POST', '/api/oversight/enforcement', analyst, good)).statusCode, 403);
});

test('referral to the transport authority with the findings as evidence; one open referral per subject; sent → acknowledged → closed', async () => {
  const targets = await get('/api/oversight/referral-targets', officer);
  assert.equal(targets.json().items[0].id, demoOrgs.transportBureau);
  const none = await send('POST', '/api/oversight/referrals', officer, { subjectKind: 'plate', subject: '新A12345' });
  assert.equal(none.statusCode, 422);
  assert.equal(none.json().error.details[0].code, 'no_evidence');
  const stray = await send('POST', '/api/oversight/referrals', officer, { subjectKind: 'plate', subject: fixture.unlicensedPlate, findingIds: [fx.findings.R1] });
  assert.equal(stray.json().error.details[0].code, 'unknown_finding');
  const made = await send('POST', '/api/oversight/referrals', officer, { subjectKind: 'plate', subject: fixture.unlicensedPlate, note: '多次在火车站接客' });
  assert.equal(made.statusCode, 201, made.body);
  const r = made.json().referral;
  assert.equal(r.toName, '乌鲁木齐市交通运输局');
  assert.equal(r.status, 'sent');
  assert.equal(r.evidenceCount, 3, 'E1 of both months');
  assert.deepEqual(r.evidence.flatMap((f: { orders: { orderId: string }[] }) => f.orders.map((o) => o.orderId)), ['T3-0', 'T3-1', 'T3-2']);
  const again = await send('POST', '/api/oversight/referrals', chair, { subjectKind: 'plate', subject: fixture.unlicensedPlate });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.details[0].code, 'already_referred');
  const ack = await send('PATCH', `/api/oversight/referrals/${r.id}`, chair, { status: 'acknowledged' });
  assert.equal(ack.json().referral.status, 'acknowledged');
  const back = await send('PATCH', `/api/oversight/referrals/${r.id}`, chair, { status: 'sent' });
  assert.equal(back.statusCode, 409);
  assert.deepEqual(back.json().error.allowed, ['closed']);
  assert.equal((await get('/api/oversight/referrals/00000000-0000-4000-8000-0000000000ff', officer)).statusCode, 404);
  const read = await get(`/api/oversight/referrals/${r.id}`, officer);
  assert.equal(read.json().referral.evidence.length, 3);
  assert.equal((await audits('oversight.referral_read')).length, 1);
  const list = await get('/api/oversight/referrals?status=acknowledged', officer);
  assert.deepEqual(list.json().items.map((x: { id: string }) => x.id), [r.id]);
  const driverRef = await send('POST', '/api/oversight/referrals', officer, { subjectKind: 'driver', subject: fixture.unlicensedDriver, toOrgId: demoOrgs.transportBureau });
  assert.equal(driverRef.statusCode, 201, driverRef.body);
  const notAgency = await send('POST', '/api/oversight/referrals', officer, { subjectKind: 'driver', subject: fixture.unlicensedDriver, toOrgId: demoOrgs.fleetCompany });
  assert.equal(notAgency.json().error.details[0].code, 'unknown_org');
});

test('a driver sees their own figures: hours as the union of intervals, pay per hour, commission; findings about them, not others’', async () => {
  const res = await get('/api/oversight/me/figures?month=2026-11', driver);
  assert.equal(res.statusCode, 200, res.body);
  const f = res.json();
  assert.equal(f.linked, true);
  const day = f.days.find((d: { day: string }) => d.day === '2026-11-03');
  assert.equal(day.orders, 3);
  assert.equal(day.minutesWorked, 265, '08:00–12:30 less the 5-minute gap, the overlap 10:30–10:40 counted once');
  assert.equal(day.payFen, 8550);
  assert.equal(day.payPerHourFen, 1936, '8,550 fen over 265 minutes');
  assert.equal(day.commission, 0.2875);
  assert.deepEqual(f.findings.map((x: { indicator: string }) => x.indicator).sort(), ['P1', 'R1']);
  assert.ok(!res.body.includes(fixture.unlicensedPlate), 'no one else’s orders');
  assert.equal(f.orders.length, 4);
  assert.equal((await audits('oversight.my_figures_read')).length, 1);
  const c = await get('/api/oversight/me/figures', courier);
  assert.equal(c.statusCode, 200);
  assert.equal(c.json().linked, false);
  assert.deepEqual(c.json().days, []);
  assert.equal((await get('/api/oversight/me/figures', officer)).statusCode, 403);
});

test('a day’s figures become a rights case with the orders attached as a PDF; the same figure again is the same case', async () => {
  const body = { month: '2026-11', day: '2026-11-03', category: 'pay_arrears' };
  const res = await send('POST', '/api/oversight/me/cases', driver, body);
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.created, true);
  assert.equal(r.file.mime, 'application/pdf');
  const again = await send('POST', '/api/oversight/me/cases', driver, body);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().case.id, r.case.id);
  const c = await get(`/api/cases/${r.case.id}`, driver);
  assert.equal(c.statusCode, 200);
  assert.equal(c.json().case.platformCode ?? 'didi', 'didi');
  assert.match(JSON.stringify(c.json().case), /每小时 19\.36 元/);
  const file = await get(`/api/cases/${r.case.id}/files/${r.file.id}`, driver);
  assert.equal(file.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');

  const finding = await send('POST', '/api/oversight/me/cases', driver, { month: '2026-11', findingId: fx.findings.R1, category: 'platform_penalty' });
  assert.equal(finding.statusCode, 201, finding.body);
  const notMine = await send('POST', '/api/oversight/me/cases', driver, { month: '2026-11', findingId: fx.findings.E1a, category: 'platform_penalty' });
  assert.equal(notMine.statusCode, 404);
  const both = await send('POST', '/api/oversight/me/cases', driver, { ...body, findingId: fx.findings.R1 });
  assert.equal(both.json().error.details[0].code, 'one_figure');
  const empty = await send('POST', '/api/oversight/me/cases', driver, { ...body, day: '2026-11-09' });
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.json().error.details[0].code, 'no_orders_that_day');
  assert.equal((await send('POST', '/api/oversight/me/cases', courier, body)).statusCode, 400, 'no orders: nothing to file');
});
