import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvRecords, isIsoDate, parsePermitsCsv } from './registry.csv.js';

test('CSV records: quotes, doubled quotes, commas and line breaks inside fields, CRLF, blank lines', () => {
  const text = 'a,b\r\n"x, y","say ""hi"""\n\n"multi\nline",z\n';
  assert.deepEqual([...csvRecords(text)], [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['x, y', 'say "hi"'] },
    { line: 4, fields: ['multi\nline', 'z'] },
  ]);
});

test('dates are real calendar dates', () => {
  for (const d of ['2024-02-29', '2026-12-31', '2000-02-29']) assert.ok(isIsoDate(d), d);
  for (const d of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '20260101', '']) assert.ok(!isIsoDate(d), d);
});

test('driver permits: every bad field of every line is reported by line, field and reason; good lines kept', () => {
  const csv = [
    '\ufeffpermit_no,holder_name,valid_from,valid_to,city_code',
    'wyj-001,王建军,2024-01-01,2031-12-31,650100', // lower case is upper-cased
    'WYJ-002,,2024-01-01,2023-12-31,65010', // holder missing, ends before it starts, bad city
    'WYJ 003,李四,2024-02-30,2031-01-01,650100', // bad permit number, no 30 February
    'WYJ-004,张三,2024-01-01,2031-01-01', // a column short
    'WYJ-001,王建军,2024-01-01,2032-12-31,650100', // same key as line 2
    'WYJ-001,王建军,2032-01-01,2038-12-31,650100', // a renewal: same number, another start
  ].join('\n');
  const r = parsePermitsCsv(csv, 'driver');
  assert.ok(r.ok);
  assert.equal(r.lines, 6);
  assert.deepEqual(r.rows.map((x) => [x.line, x.permit_no, x.valid_from]), [
    [2, 'WYJ-001', '2024-01-01'],
    [7, 'WYJ-001', '2032-01-01'],
  ]);
  assert.deepEqual(r.problems, [
    { line: 3, field: 'holder_name', reason: 'required' },
    { line: 3, field: 'valid_to', reason: 'before_valid_from' },
    { line: 3, field: 'city_code', reason: 'invalid_city' },
    { line: 4, field: 'permit_no', reason: 'invalid_permit_no' },
    { line: 4, field: 'valid_from', reason: 'invalid_date' },
    { line: 5, field: '', reason: 'wrong_column_count' },
    { line: 6, field: 'permit_no', reason: 'duplicate_line' },
  ]);
});

test('vehicle permits: plates normalised and checked, odometer a whole number; columns in any order', () => {
  const csv = ['permit_no,plate,valid_from,valid_to,registered_on,odometer_km', 'WYY-1,新a 83261,2024-01-01,2031-12-31,2020-05-01,123456', 'WYY-2,ABC123,2024-01-01,2031-12-31,2020-05-01,12.5', 'WYY-3,新AD12345,2024-01-01,2031-12-31,2020-13-01,'].join('\n');
  const r = parsePermitsCsv(csv, 'vehicle');
  assert.ok(r.ok);
  assert.deepEqual(r.rows, [{ line: 2, plate: '新A83261', permit_no: 'WYY-1', valid_from: '2024-01-01', valid_to: '2031-12-31', registered_on: '2020-05-01', odometer_km: 123456 }]);
  assert.deepEqual(r.problems, [
    { line: 3, field: 'plate', reason: 'invalid_plate' },
    { line: 3, field: 'odometer_km', reason: 'invalid_number' },
    { line: 4, field: 'registered_on', reason: 'invalid_date' },
    { line: 4, field: 'odometer_km', reason: 'required' },
  ]);
});

test('whole-file refusals: binary, empty, wrong or missing headers', () => {
  const bin = parsePermitsCsv('PK\u0003\u0004\u0000\u0000binary', 'driver');
  assert.equal(!bin.ok && bin.error.code, 'not_csv');
  const empty = parsePermitsCsv('\n\n', 'driver');
  assert.equal(!empty.ok && empty.error.code, 'empty');
  const wrong = parsePermitsCsv('plate,permit_no,valid_from,valid_to,registered_on,odometer_km\n', 'driver');
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.code, 'wrong_headers');
  assert.deepEqual(wrong.error.missing, ['holder_name', 'city_code']);
  assert.deepEqual(wrong.error.unexpected, ['plate', 'registered_on', 'odometer_km']);
  const headersOnly = parsePermitsCsv('permit_no,holder_name,valid_from,valid_to,city_code\n', 'driver');
  assert.ok(headersOnly.ok && headersOnly.rows.length === 0 && headersOnly.lines === 0);
});
