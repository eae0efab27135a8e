// The registry and rules routes over HTTP (inject): who may call what, the CSV import's answers, edits,
// rule changes with history, and refusals with codes (never a 500).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoWorkers } from '../../demo/seed.js';

let t: TestApp;
let officer: string;
let analyst: string;
before(async () => {
  t = await testApp({ workers: 10 });
  officer = await t.login('13900000002');
  analyst = await t.login('13900000008');
});
after(() => t.close());

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { cookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
const csv = (url: string, body: string | Buffer, cookie = officer, type = 'text/csv') => t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': type }, payload: body });

test('the demo registry: 15 platforms with their rules; the demo driver holds a valid linked permit and a vehicle permit for his plate', async () => {
  const res = await req('GET', '/api/oversight/platforms', analyst);
  assert.equal(res.statusCode, 200, res.body);
  const items = res.json().items as { code: string; licenceNo: string; rules: { rule: string; value: number }[] }[];
  assert.equal(items.length, 15);
  assert.ok(items.every((p) => p.licenceNo));
  assert.equal(items.find((p) => p.code === 't3')!.rules.find((r) => r.rule === 'monthly_commission_cap')!.value, 0.25);
  const wang = (await req('GET', '/api/oversight/permits/drivers?q=王建军&status=valid', officer)).json();
  assert.ok(wang.items.some((p: { linkedWorker: boolean; status: string }) => p.linkedWorker && p.status === 'valid'), JSON.stringify(wang));
  const car = (await req('GET', `/api/oversight/permits/vehicles?q=${encodeURIComponent('新A83261')}`, officer)).json();
  assert.equal(car.items[0]?.status, 'valid');
  const counts = (await req('GET', '/api/oversight/permits', analyst)).json();
  assert.ok(counts.drivers.total > 900 && counts.drivers.validToday < counts.drivers.total, JSON.stringify(counts));
});

test('access: anonymous 401, a worker 403, an analyst reads but may not edit or import', async () => {
  assert.equal((await req('GET', '/api/oversight/rules', '')).statusCode, 401);
  const worker = await t.login(demoWorkers.driver);
  assert.equal((await req('GET', '/api/oversight/platforms', worker)).statusCode, 403);
  assert.equal((await req('GET', '/api/oversight/rules', analyst)).statusCode, 200);
  assert.equal((await csv('/api/oversight/permits/drivers/import', 'permit_no\n', analyst)).statusCode, 403);
  assert.equal((await req('PATCH', '/api/oversight/platforms/didi', analyst, { active: false })).statusCode, 403);
  assert.equal((await req('POST', '/api/oversight/rules', analyst, {})).statusCode, 403);
  // Analysts see holders' names masked.
  const masked = (await req('GET', '/api/oversight/permits/drivers?q=王建军', analyst)).json();
  assert.ok(masked.items.length && masked.items.every((p: { holderName: string }) => !p.holderName.includes('建军')), JSON.stringify(masked.items));
});

test('import over HTTP: the per-line report; 415 for a non-CSV body, 422 for wrong headers', async () => {
  const body = ['plate,permit_no,valid_from,valid_to,registered_on,odometer_km', '新A0000D,H-1,2025-01-01,2032-12-31,2024-12-01,1200', 'XYZ,H-2,2025-01-01,2032-12-31,2024-12-01,1200', '新A11111,H-3,2025-01-01,2032-12-31,2024-12-01,-5'].join('\n');
  const res = await csv('/api/oversight/permits/vehicles/import', body);
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.deepEqual([r.lines, r.stored, r.rejectedLines], [3, 1, 2]);
  assert.deepEqual(r.problems, [
    { line: 3, field: 'plate', reason: 'invalid_plate' },
    { line: 4, field: 'odometer_km', reason: 'invalid_number' },
  ]);
  const dry = (await csv('/api/oversight/permits/vehicles/import?dryRun=true', body)).json();
  assert.deepEqual([dry.dryRun, dry.stored, dry.updated], [true, 0, 1]);
  const pdf = await csv('/api/oversight/permits/drivers/import', Buffer.from('%PDF-1.4\n\u0000\u0001\u0002'));
  assert.equal(pdf.statusCode, 415, pdf.body);
  assert.equal(pdf.json().error.details[0].code, 'not_csv');
  const json = await req('POST', '/api/oversight/permits/drivers/import', officer, { a: 1 });
  assert.equal(json.statusCode, 415, json.body);
  const other = await csv('/api/oversight/permits/drivers/import', 'x', officer, 'application/pdf');
  assert.equal(other.statusCode, 415, other.body);
  const wrong = await csv('/api/oversight/permits/drivers/import', body);
  assert.equal(wrong.statusCode, 422, wrong.body);
  const codes = wrong.json().error.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`);
  assert.ok(codes.includes('file:wrong_headers') && codes.includes('holder_name:missing_column') && codes.includes('plate:unknown_column'), codes.join(' '));
  const kind = await csv('/api/oversight/permits/boats/import', body);
  assert.equal(kind.statusCode, 400);
});

test('edit a permit and a platform over HTTP; fields of the other kind are refused', async () => {
  const found = (await req('GET', `/api/oversight/permits/vehicles?q=${encodeURIComponent('新A0000D')}`, officer)).json().items[0];
  const ok = await req('PATCH', `/api/oversight/permits/vehicles/${found.id}`, officer, { odometerKm: 610000 });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().permit.odometerKm, 610000);
  const bad = await req('PATCH', `/api/oversight/permits/vehicles/${found.id}`, officer, { holderName: '某人' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].code, 'unknown_field');
  const dates = await req('PATCH', `/api/oversight/permits/vehicles/${found.id}`, officer, { validTo: '2024-01-01' });
  assert.equal(dates.json().error.details[0].code, 'before_valid_from');
  const missing = await req('PATCH', '/api/oversight/permits/drivers/00000000-0000-4000-8000-0000000000ff', officer, { holderName: 'x' });
  assert.equal(missing.statusCode, 404);
  const empty = await req('PATCH', '/api/oversight/platforms/t3', officer, {});
  assert.equal(empty.statusCode, 400);
  const p = await req('PATCH', '/api/oversight/platforms/t3', officer, { licenceNo: '乌交网约许〔2025〕002号' });
  assert.equal(p.statusCode, 200, p.body);
  assert.equal(p.json().platform.licenceNo, '乌交网约许〔2025〕002号');
  assert.equal((await req('PATCH', '/api/oversight/platforms/uber', officer, { active: true })).statusCode, 404);
});

test('rules over HTTP: list with source and class, change (201) with history, stale version 409, bad dates 400', async () => {
  const list = (await req('GET', '/api/oversight/rules?rule=min_hourly_wage_fen', analyst)).json();
  const urumqi = list.items.find((r: { scope: string }) => r.scope === '650100');
  assert.deepEqual([urumqi.value, urumqi.class, urumqi.unit, urumqi.inForce.id], [1900, 'LEGAL', 'fen/h', urumqi.id]);
  assert.match(urumqi.source, /最低工资/);
  const change = { rule: 'min_hourly_wage_fen', scope: '650100', value: 2100, class: 'LEGAL', source: '新疆 2027 年最低工资标准（测试）', effectiveFrom: '2027-01-01', basedOnVersion: urumqi.version };
  const res = await req('POST', '/api/oversight/rules', officer, change);
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  assert.equal(body.version.version, 2);
  assert.equal(body.version.createdBy, '马建新');
  assert.deepEqual(body.history.map((v: { value: number }) => v.value), [2100, 1900]);
  assert.equal(body.inForceId, urumqi.id, 'today the 2021 standard still applies');
  const onDate = (await req('GET', '/api/oversight/rules?rule=min_hourly_wage_fen&scope=650100&on=2027-01-01', analyst)).json();
  assert.equal(onDate.items[0].inForce.value, 2100);
  const hist = (await req('GET', `/api/oversight/rules/${urumqi.id}`, analyst)).json();
  assert.equal(hist.history.length, 2);
  const stale = await req('POST', '/api/oversight/rules', officer, change);
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.details[0].code, 'stale_version');
  const dates = await req('POST', '/api/oversight/rules', officer, { ...change, basedOnVersion: 2, effectiveTo: '2026-01-01' });
  assert.equal(dates.statusCode, 400);
  assert.equal(dates.json().error.details[0].code, 'before_effective_from');
  const unknown = await req('POST', '/api/oversight/rules', officer, { ...change, rule: 'max_wage' });
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json().error.details[0].path, 'rule');
  assert.equal((await req('GET', '/api/oversight/rules/00000000-0000-4000-8000-0000000000ff', analyst)).statusCode, 404);
  const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'oversight.%').execute();
  for (const a of ['oversight.rule_changed', 'oversight.permits_imported', 'oversight.permit_updated', 'oversight.platform_updated']) assert.ok(audit.some((x) => x.action === a), a);
});
