// The sheet reader's pure parts: file kinds, CSV records, header names, periods, regions, agencies, values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, checkRows, csvRecords, parseAgency, parsePeriod, parseRegion, parseValue, readHeader, sheetRows, sniffSheet } from './agency.js';

test('periods: year, half, quarter, month, in the written forms analysts use', () => {
  const cases: [string, string, string, string][] = [
    ['2025', '2025', '2025-01', '2025-12'],
    ['2025年', '2025', '2025-01', '2025-12'],
    ['2025-H1', '2025-H1', '2025-01', '2025-06'],
    ['2025h2', '2025-H2', '2025-07', '2025-12'],
    ['2025年上半年', '2025-H1', '2025-01', '2025-06'],
    ['2025-Q1', '2025-Q1', '2025-01', '2025-03'],
    ['2025-q4', '2025-Q4', '2025-10', '2025-12'],
    ['2025年第三季度', '2025-Q3', '2025-07', '2025-09'],
    ['2025-07', '2025-07', '2025-07', '2025-07'],
    ['2025-7', '2025-07', '2025-07', '2025-07'],
    ['2025/12', '2025-12', '2025-12', '2025-12'],
    ['2025年7月', '2025-07', '2025-07', '2025-07'],
  ];
  for (const [input, period, from, to] of cases) assert.deepEqual(parsePeriod(input), { period, from, to }, input);
  for (const bad of ['', '25', '2025-13', '2025-00', '2025-H3', '2025-Q5', 'Q1 2025', '1800', '2025-07-15', 'last year']) assert.equal(parsePeriod(bad), null, bad);
});

test('regions: CN, XJ, the shipped cities by code or name; agencies by code or name', () => {
  assert.equal(parseRegion('CN'), 'CN');
  assert.equal(parseRegion('全国'), 'CN');
  assert.equal(parseRegion('xj'), 'XJ');
  assert.equal(parseRegion('新疆维吾尔自治区'), 'XJ');
  assert.equal(parseRegion('650100'), '650100');
  assert.equal(parseRegion('乌鲁木齐市'), '650100');
  assert.equal(parseRegion('昌吉'), '652301');
  assert.equal(parseRegion('Korla'), '652801');
  for (const bad of ['', '110000', '北京', 'XJJ']) assert.equal(parseRegion(bad), null, bad);

  assert.equal(parseAgency('civil_affairs'), 'civil_affairs');
  assert.equal(parseAgency('新疆维吾尔自治区民政厅'), 'civil_affairs');
  assert.equal(parseAgency('中华全国总工会'), 'union_federation');
  assert.equal(parseAgency('自治区人力资源和社会保障厅'), 'hrss');
  assert.equal(parseAgency('Transport'), 'transport');
  assert.equal(parseAgency('商务局'), 'commerce');
  for (const bad of ['', '统计局', 'police']) assert.equal(parseAgency(bad), null, bad);
});

test('values: thousands separators, percentages; anything else is not a number', () => {
  assert.deepEqual(parseValue('84,000,000'), { value: 84_000_000, percent: false });
  assert.deepEqual(parseValue(' 1 234.5 '), { value: 1234.5, percent: false });
  assert.deepEqual(parseValue('-3.5'), { value: -3.5, percent: false });
  assert.deepEqual(parseValue('20%'), { value: 20, percent: true });
  for (const bad of ['', 'abc', '12a', '1.2.3', '约8400万', '--1']) assert.equal(parseValue(bad), null, bad);
});

test('file kinds by content: xlsx zip, UTF-8 CSV (BOM dropped), old .xls, GBK and binary refused', () => {
  assert.deepEqual(sniffSheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])), { ok: true, format: 'xlsx' });
  const bom = sniffSheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('agency,value\n')]));
  assert.deepEqual(bom, { ok: true, format: 'csv', text: 'agency,value\n' });
  assert.equal((sniffSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0])) as { code: string }).code, 'unsupported_type');
  // 民政 in GBK is not UTF-8.
  assert.equal((sniffSheet(Buffer.from([0xc3, 0xf1, 0xd5, 0xfe, 0x2c, 0x31])) as { code: string }).code, 'not_utf8');
  assert.equal((sniffSheet(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])) as { code: string }).code, 'unsupported_type');
  assert.equal((sniffSheet(Buffer.alloc(0)) as { code: string }).code, 'empty');
});

test('CSV records: quoted commas, doubled quotes, line breaks in quotes, CRLF; blank rows keep their numbers', () => {
  const recs = [...csvRecords('a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z')];
  assert.deepEqual(recs, [['a', 'b'], ['x, y', 'say "hi"'], [''], ['two\nlines', 'z']]);
  const read = sheetRows(recs)!;
  assert.deepEqual(read.rows.map((r) => r.row), [2, 4]);
});

test('headers in Chinese or English; missing and repeated columns are errors on row 1', () => {
  const zh = readHeader(['机构', '指标', '地区', '期间', '数值', '单位', '备注', '无关列']);
  assert.deepEqual(zh.header.map((h) => h.column), ['agency', 'indicator', 'region', 'period', 'value', 'unit', 'note', null]);
  assert.deepEqual(zh.errors, []);
  const bad = readHeader(['Agency', 'Indicator', 'Region', 'Value', 'value']);
  assert.deepEqual(bad.errors.map((e) => [e.row, e.column, e.code]), [[1, 'value', 'duplicate_column'], [1, 'period', 'missing_column']]);
});

test('rows: each error names its row and column; a repeated key is a duplicate of the first row', () => {
  const read = sheetRows([
    ['agency', 'indicator', 'region', 'period', 'value', 'unit'],
    ['union_federation', 'new_employment_form_workers', 'CN', '2024', '84,000,000', '人'],
    ['统计局', 'x', 'CN', '2025', '1', ''],
    ['civil_affairs', 'x', '北京', '2025', '1', ''],
    ['civil_affairs', 'x', 'XJ', '2025年春', '1', ''],
    ['civil_affairs', 'x', 'XJ', '2025', 'many', ''],
    ['civil_affairs', '', 'XJ', '2025', '1', ''],
    ['中华全国总工会', '新就业形态劳动者', '全国', '2024年', '84000000', '人'],
  ])!;
  const present = new Set(read.header.map((h) => h.column).filter((c) => c !== null));
  const rows = checkRows(read.rows, present);
  assert.deepEqual(rows[0]!.figure, { agency: 'union_federation', indicator: 'new_employment_form_workers', region: 'CN', period: '2024', periodFrom: '2024-01', periodTo: '2024-12', value: 84_000_000, unit: '人', note: '' });
  const errs = rows.slice(1).map((r) => r.errors.map((e) => [e.row, e.column, e.code]));
  assert.deepEqual(errs, [
    [[3, 'agency', 'unknown_agency']],
    [[4, 'region', 'unknown_region']],
    [[5, 'period', 'invalid_period']],
    [[6, 'value', 'not_a_number']],
    [[7, 'indicator', 'required']],
    [[8, null, 'duplicate_row']],
  ]);
  assert.match(rows[6]!.errors[0]!.message, /repeats row 2/);
});

test('spreadsheet cells as text: numbers, month dates, other dates', () => {
  assert.equal(cellText(84_000_000), '84000000');
  assert.equal(cellText(new Date('2025-07-01T00:00:00Z')), '2025-07');
  assert.equal(cellText(new Date('2025-07-15T00:00:00Z')), '2025-07-15');
  assert.equal(cellText(null), '');
  assert.equal(cellText(true), 'TRUE');
});
