// The agency figures API over HTTP: the raw-body upload, its limits, the commit, the history and the observatory's read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import writeExcelFile from 'write-excel-file/node';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoStaff } from '../../../demo/seed.js';

let t: TestApp;
let analyst = '';
let chair = '';
let officer = '';
const phoneOf = (role: string) => demoStaff.find((s) => s.roles.some((r) => r.role === role))!.phone;

before(async () => {
  t = await testApp({ workers: 5 });
  [analyst, chair, officer] = await Promise.all([t.login(phoneOf('analyst')), t.login(phoneOf('union_chair')), t.login(phoneOf('union_officer'))]);
});
after(() => t.close());

const send = (cookie: string, body: Buffer | string, type: string, name = 'figures.csv') =>
  t.app.inject({ method: 'POST', url: `/api/stats/agency/uploads?name=${encodeURIComponent(name)}`, headers: { cookie, 'content-type': type }, payload: body });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);

test('upload limits: 413 over 10 MB, 415 for another type or content, 422 for an empty sheet; only analysts', async () => {
  const big = await send(analyst, Buffer.alloc(10 * 1024 * 1024 + 10, 0x41), 'text/csv');
  assert.equal(big.statusCode, 413, big.body);
  const json = await t.app.inject({ method: 'POST', url: '/api/stats/agency/uploads', headers: { cookie: analyst }, payload: { rows: [] } });
  assert.equal(json.statusCode, 415);
  const png = await send(analyst, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png');
  assert.equal(png.statusCode, 415);
  const sneaky = await send(analyst, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'text/csv');
  assert.deepEqual([sneaky.statusCode, ...details(sneaky)], [415, ['file', 'unsupported_type']]);
  const empty = await send(analyst, 'agency,indicator,region,period,value\n', 'text/csv');
  assert.deepEqual([empty.statusCode, ...details(empty)], [422, ['file', 'empty']]);
  assert.equal((await send(chair, 'agency,indicator,region,period,value\nhrss,x,XJ,2025,1\n', 'text/csv')).statusCode, 403);
  assert.equal((await send('', 'agency,indicator,region,period,value\nhrss,x,XJ,2025,1\n', 'text/csv')).statusCode, 401);
});

test('preview → fix → commit over HTTP; the history lists it; the chair reads it on the dashboard; withdraw hides it', async () => {
  const bad = await send(analyst, '\ufeff机构,指标,地区,期间,数值,单位\n民政厅,http_a,XJ,2025,12,人\n民政厅,http_b,XJ,2025,十二,人\n', 'application/octet-stream', '民政 2025.csv');
  assert.equal(bad.statusCode, 201, bad.body);
  const preview = bad.json();
  assert.deepEqual(preview.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code]), [[3, 'value', 'not_a_number']]);
  assert.equal(preview.upload.fileName, '民政 2025.csv');
  const refused = await t.app.inject({ method: 'POST', url: `/api/stats/agency/uploads/${preview.upload.id}/commit`, headers: { cookie: analyst }, payload: { source: '新疆维吾尔自治区民政厅' } });
  assert.deepEqual([refused.statusCode, ...details(refused)], [422, ['rows.3.value', 'not_a_number']]);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/stats/agency/uploads/${preview.upload.id}`, headers: { cookie: analyst } })).statusCode, 204);

  const good = await send(analyst, '\ufeff机构,指标,地区,期间,数值,单位\n民政厅,http_a,XJ,2025,12,人\n民政厅,http_b,XJ,2025,"1,200",人\n', 'application/vnd.ms-excel', '民政 2025.csv');
  assert.equal(good.statusCode, 201, good.body);
  const id = good.json().upload.id;
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/stats/agency/uploads/${id}?show=problems`, headers: { cookie: analyst } })).json().total, 0);
  const noSource = await t.app.inject({ method: 'POST', url: `/api/stats/agency/uploads/${id}/commit`, headers: { cookie: analyst }, payload: {} });
  assert.deepEqual(details(noSource), [['source', 'required']]);
  const done = await t.app.inject({ method: 'POST', url: `/api/stats/agency/uploads/${id}/commit`, headers: { cookie: analyst }, payload: { source: '新疆维吾尔自治区民政厅 2025年统计公报' } });
  assert.equal(done.statusCode, 201, done.body);
  const imp = done.json().import;
  assert.deepEqual(imp.counts, { rows: 2, stored: 2, rejected: 0, skipped: 0, replaced: 0, inForce: 2 });

  const list = (await t.app.inject({ method: 'GET', url: '/api/stats/agency/imports', headers: { cookie: analyst } })).json().items;
  assert.equal(list[0].id, imp.id);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/stats/agency/imports', headers: { cookie: chair } })).statusCode, 403);

  const read = async (cookie: string, query = 'from=2025-01&to=2025-12') => t.app.inject({ method: 'GET', url: `/api/stats/supplied?${query}`, headers: { cookie } });
  const figures = (await read(chair)).json().figures.filter((f: { importId: string }) => f.importId === imp.id);
  assert.deepEqual(figures.map((f: { indicator: string; value: number; agency: string }) => [f.indicator, f.value, f.agency]), [['http_a', 12, 'civil_affairs'], ['http_b', 1200, 'civil_affairs']]);
  assert.equal((await read(officer)).statusCode, 403);
  const inverted = await read(analyst, 'from=2025-12&to=2025-01');
  assert.deepEqual([inverted.statusCode, ...details(inverted)], [400, ['from', 'period_inverted']]);
  assert.deepEqual(details(await read(analyst, 'city=999999')), [['city', 'invalid_city']]);

  const w = await t.app.inject({ method: 'POST', url: `/api/stats/agency/imports/${imp.id}/withdraw`, headers: { cookie: analyst }, payload: { reason: '口径有误' } });
  assert.equal(w.statusCode, 200, w.body);
  assert.equal((await read(chair)).json().figures.filter((f: { importId: string }) => f.importId === imp.id).length, 0);
  const detail = (await t.app.inject({ method: 'GET', url: `/api/stats/agency/imports/${imp.id}`, headers: { cookie: analyst } })).json();
  assert.equal(detail.import.withdrawn.reason, '口径有误');
  assert.deepEqual(detail.figures.map((f: { inForce: boolean }) => f.inForce), [false, false]);
});

test('an .xlsx workbook over HTTP, sent with its own content type', async () => {
  const buf = await writeExcelFile([
    [{ value: 'agency' }, { value: 'indicator' }, { value: 'region' }, { value: 'period' }, { value: 'value' }],
    [{ value: 'commerce' }, { value: 'http_xlsx' }, { value: 'Korla' }, { value: '2025-Q1' }, { value: 246 }],
  ]).toBuffer();
  const res = await send(analyst, buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'korla.xlsx');
  assert.equal(res.statusCode, 201, res.body);
  const p = res.json();
  assert.deepEqual([p.upload.format, p.summary.valid, p.rows[0].figure.region, p.rows[0].figure.value], ['xlsx', 1, '652801', 246]);
});
