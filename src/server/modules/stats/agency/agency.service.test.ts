// Agency figure imports against a freshly migrated database (SQLite, or PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import writeExcelFile from 'write-excel-file/node';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';
import { demoStaff } from '../../../demo/seed.js';
import type { Principal } from '../../../platform/access.js';
import { AppError } from '../../../platform/errors.js';
import type { Actor } from '../../../platform/audit.js';
import * as svc from './agency.service.js';

let t: TestApp;
const analyst: Principal = { kind: 'user', userId: '', name: '分析员', roles: [{ role: 'analyst', orgId: '' }], isStaff: true, sessionHash: '' };
let other: Principal;
let actor: Actor;

before(async () => {
  t = await testApp({ workers: 5 });
  const phone = demoStaff.find((s) => s.roles.some((r) => r.role === 'analyst'))!.phone;
  const u = await t.ctx.db.selectFrom('users').select('id').where('phone_last4', '=', phone.slice(-4)).executeTakeFirstOrThrow();
  (analyst as { userId: string }).userId = u.id;
  actor = { id: u.id, kind: 'user', ip: null };
  // Another analyst: a user who is not the uploader (any other demo user serves).
  const o = await t.ctx.db.selectFrom('users').select('id').where('id', '!=', u.id).executeTakeFirstOrThrow();
  other = { ...analyst, userId: o.id };
});
after(() => t.close());

const HEADER = 'agency,indicator,region,period,value,unit,note';
const csv = (...lines: string[]) => ({ bytes: Buffer.from([HEADER, ...lines].join('\n')), contentType: 'text/csv', name: 'figures.csv' });
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
};
const counts = async () => ({
  imports: (await t.ctx.db.selectFrom('agency_imports').select('id').execute()).length,
  figures: (await t.ctx.db.selectFrom('agency_figures').select('id').execute()).length,
});
const URUMQI = { from: '2000-01', to: '2099-12', city: '650100' };
const supplied = (indicator: string, filter: svc.SuppliedFilter = { from: '2000-01', to: '2099-12' }) =>
  svc.suppliedFigures(t.ctx, filter).then((fs) => fs.filter((f) => f.indicator === indicator));

test('the preview names each bad row and column; nothing but the pending upload is stored', async () => {
  const before = await counts();
  const p = await svc.upload(
    t.ctx,
    analyst,
    csv(
      'civil_affairs,t1_ok,XJ,2025,100,人,',
      'civil_affairs,t1_nan,XJ,2025,一百,人,',
      'civil_affairs,t1_period,XJ,2025年春,1,人,',
      '统计局,t1_agency,XJ,2025,1,人,',
      'civil_affairs,t1_region,北京,2025,1,人,',
      'civil_affairs,t1_ok,XJ,2025,100,人,repeated',
      '"新疆维吾尔自治区民政厅","t1_quoted, comma",乌鲁木齐市,2025-H1,"1,200",人,"说明, 含逗号"',
    ),
    actor,
  );
  assert.deepEqual(p.summary, { rows: 7, valid: 2, invalid: 5, conflicts: 0 });
  assert.deepEqual(
    p.problems.map((e) => [e.row, e.column, e.code]),
    [
      [3, 'value', 'not_a_number'],
      [4, 'period', 'invalid_period'],
      [5, 'agency', 'unknown_agency'],
      [6, 'region', 'unknown_region'],
      [7, null, 'duplicate_row'],
    ],
  );
  assert.match(p.problems[0]!.message, /Row 3, value/);
  const quoted = p.rows.find((r) => r.row === 8)!;
  assert.equal(quoted.status, 'valid');
  assert.deepEqual(quoted.figure, { agency: 'civil_affairs', indicator: 't1_quoted, comma', region: '650100', period: '2025-H1', periodFrom: '2025-01', periodTo: '2025-06', value: 1200, unit: '人', note: '说明, 含逗号' });
  assert.deepEqual(await counts(), before, 'no import and no figure from a preview');
  const pending = await t.ctx.db.selectFrom('agency_uploads').select(['id', 'sha256', 'row_count']).where('id', '=', p.upload.id).executeTakeFirstOrThrow();
  assert.equal(pending.row_count, 7);
  assert.match(pending.sha256, /^[0-9a-f]{64}$/);
  // Only problem rows, paged.
  const page = await svc.preview(t.ctx, analyst, p.upload.id, { show: 'problems', offset: 1, limit: 2 });
  assert.deepEqual([page.total, page.rows.map((r) => r.row)], [5, [4, 5]]);
  // Another analyst's pending upload is not theirs to see.
  assert.equal((await failure(svc.preview(t.ctx, other, p.upload.id, {}))).status, 404);
});

test('a header without a required column: row 1 names the column, and the commit refuses', async () => {
  const p = await svc.upload(t.ctx, analyst, { bytes: Buffer.from('机构,指标,地区,数值\n民政厅,t2,XJ,5\n'), contentType: 'text/csv', name: 'no-period.csv' }, actor);
  assert.deepEqual(p.problems.map((e) => [e.row, e.column, e.code]), [[1, 'period', 'missing_column']]);
  assert.equal(p.summary.valid, 0);
  const e = await failure(svc.commit(t.ctx, analyst, p.upload.id, { source: '测试', partial: true }, actor));
  assert.equal(e.status, 422);
  assert.deepEqual(e.details.map((d) => [d.path, d.code]), [['rows.1.period', 'missing_column']]);
});

test('all or nothing: one bad row → 422 listing it, nothing written; the upload stays pending', async () => {
  const before = await counts();
  const p = await svc.upload(t.ctx, analyst, csv('union_federation,t3_a,XJ,2025,10,人,', 'union_federation,t3_b,XJ,2025-Q5,10,人,', 'union_federation,t3_c,XJ,2025,x,人,'), actor);
  const e = await failure(svc.commit(t.ctx, analyst, p.upload.id, { source: '新疆维吾尔自治区总工会 测试' }, actor));
  assert.equal(e.status, 422);
  assert.deepEqual(e.details.map((d) => [d.path, d.code]), [['rows.3.period', 'invalid_period'], ['rows.4.value', 'not_a_number']]);
  assert.deepEqual((e.extra.rows as { row: number }[]).map((r) => r.row), [3, 4]);
  assert.deepEqual(await counts(), before);
  assert.equal((await svc.preview(t.ctx, analyst, p.upload.id, {})).summary.invalid, 2, 'still pending');
});

test('explicit partial: the valid rows are stored, the rejected ones listed in the import record', async () => {
  const p = await svc.upload(t.ctx, analyst, csv('hrss,t4_a,650100,2025-07,10,人,', 'hrss,t4_b,XJ,someday,10,人,', 'hrss,t4_c,652301,2025-Q2,12.5,%,'), actor);
  const { import: imp } = await svc.commit(t.ctx, analyst, p.upload.id, { source: '自治区人社厅 测试', partial: true }, actor);
  assert.deepEqual(imp.counts, { rows: 3, stored: 2, rejected: 1, skipped: 0, replaced: 0, inForce: 2 });
  assert.equal(imp.partial, true);
  assert.deepEqual(imp.agencies, ['hrss']);
  assert.deepEqual(imp.period, { from: '2025-04', to: '2025-07' });
  assert.equal(imp.importedBy.id, analyst.kind === 'user' ? analyst.userId : '');
  const detail = await svc.getImport(t.ctx, imp.id);
  assert.deepEqual(detail.rejectedRows.map((r) => [r.row, r.errors.map((e) => [e.column, e.code])]), [[3, [['period', 'invalid_period']]]]);
  assert.deepEqual(detail.figures.map((f) => [f.row, f.indicator, f.value]), [[2, 't4_a', 10], [4, 't4_c', 12.5]]);
  // Committed: the pending upload is gone, a second commit finds nothing.
  assert.equal((await failure(svc.commit(t.ctx, analyst, p.upload.id, { source: 'again', partial: true }, actor))).status, 404);
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'stats.agency.import').where('target_id', '=', imp.id).execute();
  assert.equal(audit.length, 1);
});

test('a figure already supplied: the preview flags it; the commit needs replace or skip', async () => {
  const first = await svc.upload(t.ctx, analyst, csv('transport,t5,650100,2025,13000,辆,', 'transport,t5_other,650100,2025,15,个,'), actor);
  const one = (await svc.commit(t.ctx, analyst, first.upload.id, { source: '乌鲁木齐市交通运输局' }, actor)).import;

  const again = () => svc.upload(t.ctx, analyst, csv('transport,t5,650100,2025,13200,辆,更正', 'transport,t5_new,650100,2025,7,个,'), actor);
  const p = await again();
  assert.deepEqual(p.summary, { rows: 2, valid: 2, invalid: 0, conflicts: 1 });
  const row = p.rows.find((r) => r.row === 2)!;
  assert.equal(row.status, 'conflict');
  assert.deepEqual([row.conflict!.importId, row.conflict!.value, row.conflict!.source], [one.id, 13000, '乌鲁木齐市交通运输局']);
  const e = await failure(svc.commit(t.ctx, analyst, p.upload.id, { source: '更正' }, actor));
  assert.equal(e.status, 409);
  assert.deepEqual(e.details.map((d) => [d.path, d.code]), [['onConflict', 'choice_required']]);
  assert.deepEqual((e.extra.conflicts as { row: number }[]).map((c) => c.row), [2]);

  // Skip: the earlier figure stands, the row is listed as skipped.
  const skipped = (await svc.commit(t.ctx, analyst, p.upload.id, { source: '更正（保留原值）', onConflict: 'skip' }, actor)).import;
  assert.deepEqual([skipped.counts.stored, skipped.counts.skipped, skipped.counts.replaced], [1, 1, 0]);
  assert.deepEqual((await supplied('t5', URUMQI)).map((f) => [f.value, f.importId]), [[13000, one.id]]);

  // Replace: the new figure is in force, the earlier one is kept but replaced.
  const p2 = await again();
  assert.equal(p2.summary.conflicts, 2, 't5 and, now, t5_new');
  const replaced = (await svc.commit(t.ctx, analyst, p2.upload.id, { source: '更正（替换）', onConflict: 'replace' }, actor)).import;
  assert.deepEqual([replaced.counts.stored, replaced.counts.replaced], [2, 2]);
  assert.deepEqual((await supplied('t5', URUMQI)).map((f) => [f.value, f.importId, f.note]), [[13200, replaced.id, '更正']]);
  const old = (await svc.getImport(t.ctx, one.id)).figures.find((f) => f.indicator === 't5')!;
  assert.deepEqual([old.inForce, old.replacedBy], [false, replaced.id]);

  // Withdrawing the replacing import puts the replaced figures back; twice → 409.
  const w = await svc.withdraw(t.ctx, replaced.id, '数据有误，撤回', actor);
  assert.equal(w.restored, 2, 't5 of the first import and t5_new of the skipping one');
  assert.deepEqual((await supplied('t5', URUMQI)).map((f) => [f.value, f.importId]), [[13000, one.id]]);
  assert.equal(w.import.withdrawn!.reason, '数据有误，撤回');
  assert.equal(w.import.counts.inForce, 0);
  const twice = await failure(svc.withdraw(t.ctx, replaced.id, '再撤回', actor));
  assert.deepEqual([twice.status, twice.details[0]!.code], [409, 'already_withdrawn']);
  assert.equal((await failure(svc.withdraw(t.ctx, '00000000-0000-4000-8000-0000000000ff', '无', actor))).status, 404);
});

test('an .xlsx workbook (first sheet), made with write-excel-file: numbers, month dates and Chinese headers', async () => {
  const title = (value: string) => ({ value, fontWeight: 'bold' as const });
  const buf = await writeExcelFile([
    [title('机构'), title('指标'), title('地区'), title('期间'), title('数值'), title('单位'), title('备注')],
    [{ value: '中华全国总工会' }, { value: 't6_national' }, { value: 'CN' }, { value: 2024 }, { value: 84_000_000 }, { value: '人' }, { value: '' }],
    [{ value: '新疆维吾尔自治区民政厅' }, { value: 't6_month' }, { value: '昌吉市' }, { value: new Date('2025-07-01T00:00:00Z'), format: 'yyyy-mm' }, { value: 612 }, { value: '人' }, { value: '样例' }],
    [{ value: '民政厅' }, { value: 't6_bad' }, { value: 'XJ' }, { value: '2025' }, { value: 'n/a' }, null, null],
  ]).toBuffer();
  const p = await svc.upload(t.ctx, analyst, { bytes: buf, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'figures.xlsx' }, actor);
  assert.equal(p.upload.format, 'xlsx');
  assert.deepEqual(p.problems.map((e) => [e.row, e.column, e.code]), [[4, 'value', 'not_a_number']]);
  assert.deepEqual(
    p.rows.filter((r) => r.figure).map((r) => [r.row, r.figure!.agency, r.figure!.region, r.figure!.period, r.figure!.value]),
    [
      [2, 'union_federation', 'CN', '2024', 84_000_000],
      [3, 'civil_affairs', '652301', '2025-07', 612],
    ],
  );
  const imp = (await svc.commit(t.ctx, analyst, p.upload.id, { source: '全国总工会；新疆民政厅（测试）', partial: true }, actor)).import;
  assert.deepEqual(imp.agencies, ['civil_affairs', 'union_federation']);
  assert.equal(imp.format, 'xlsx');
});

test('files: over 10 MB → 413, not a sheet or not UTF-8 → 415, empty → 422', async () => {
  const status = async (bytes: Buffer, type = 'text/csv') => {
    const e = await failure(svc.upload(t.ctx, analyst, { bytes, contentType: type, name: 'x' }, actor));
    return [e.status, e.details[0]?.code];
  };
  assert.deepEqual(await status(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41)), [413, 'too_large']);
  assert.deepEqual(await status(Buffer.from('%PDF-1.7\n%âãÏÓ\n')), [415, 'unsupported_type']);
  assert.deepEqual(await status(Buffer.from([0xc3, 0xf1, 0xd5, 0xfe, 0x2c, 0xd6, 0xb8, 0xb1, 0xea])), [415, 'not_utf8']);
  assert.deepEqual(await status(Buffer.from(HEADER), 'image/png'), [415, 'unsupported_type']);
  assert.deepEqual(await status(Buffer.from('PK\u0003\u0004 not really a workbook')), [415, 'unsupported_type']);
  assert.deepEqual(await status(Buffer.from(`${HEADER}\n\n`)), [422, 'empty']);
  assert.deepEqual(await status(Buffer.from('\n\n')), [422, 'empty']);
});

test('supplied figures: period overlap, the city or (without one) XJ and CN; withdrawn ones are gone', async () => {
  const p = await svc.upload(t.ctx, analyst, csv('commerce,t8,XJ,2025-H1,1,家,', 'commerce,t8,CN,2025,2,家,', 'commerce,t8,652801,2025-Q3,3,家,', 'commerce,t8,650100,2024,4,家,'), actor);
  const imp = (await svc.commit(t.ctx, analyst, p.upload.id, { source: '商务厅（测试）' }, actor)).import;
  const values = async (f: svc.SuppliedFilter) => (await supplied('t8', f)).map((x) => x.value).sort();
  assert.deepEqual(await values({ from: '2025-01', to: '2025-12' }), [1, 2]);
  assert.deepEqual(await values({ from: '2025-07', to: '2025-12' }), [2]);
  assert.deepEqual(await values({ from: '2025-01', to: '2025-12', city: '652801' }), [3]);
  assert.deepEqual(await values({ from: '2025-01', to: '2025-06', city: '652801' }), []);
  assert.deepEqual(await values({ from: '2024-06', to: '2025-12', district: '650102' }), [4], 'a district stands for its city');
  const one = (await supplied('t8', { from: '2025-01', to: '2025-12' }))[0]!;
  assert.deepEqual([one.agency, one.importId, one.source], ['commerce', imp.id, '商务厅（测试）']);
  await svc.withdraw(t.ctx, imp.id, '测试撤回', actor);
  assert.deepEqual(await values({ from: '2000-01', to: '2099-12' }), []);
});

test('cancel: the pending upload goes, twice → 404', async () => {
  const p = await svc.upload(t.ctx, analyst, csv('commerce,t9,XJ,2025,1,家,'), actor);
  await svc.cancel(t.ctx, analyst, p.upload.id, actor);
  assert.equal((await failure(svc.cancel(t.ctx, analyst, p.upload.id, actor))).status, 404);
  assert.equal((await failure(svc.commit(t.ctx, analyst, p.upload.id, { source: 'x y' }, actor))).status, 404);
});

test('a sheet of 20,000 rows: preview and commit (timings printed, no threshold)', async () => {
  const lines: string[] = [];
  const regions = ['XJ', '650100', '652301', '652801'];
  for (let i = 0; i < 20_000; i++) lines.push(`civil_affairs,bulk_${i % 500},${regions[i % 4]},${2000 + Math.floor(i / 2000)}-${String((Math.floor(i / 500) % 4) + 1).padStart(2, '0')},${i},人,样例数据`);
  const file = csv(...lines);
  const t0 = performance.now();
  const p = await svc.upload(t.ctx, analyst, file, actor);
  const t1 = performance.now();
  assert.deepEqual(p.summary, { rows: 20_000, valid: 20_000, invalid: 0, conflicts: 0 });
  const imp = (await svc.commit(t.ctx, analyst, p.upload.id, { source: '大表测试' }, actor)).import;
  const t2 = performance.now();
  assert.equal(imp.counts.stored, 20_000);
  // A second sheet with the same keys: every row a conflict, found in the preview.
  const again = await svc.upload(t.ctx, analyst, file, actor);
  const t3 = performance.now();
  assert.equal(again.summary.conflicts, 20_000);
  await svc.cancel(t.ctx, analyst, again.upload.id, actor);
  console.log(`# 20,000 rows (${(file.bytes.length / 1e6).toFixed(2)} MB CSV) on ${t.ctx.dbKind}: preview ${Math.round(t1 - t0)} ms, commit ${Math.round(t2 - t1)} ms, preview with 20,000 conflicts ${Math.round(t3 - t2)} ms`);
});

test('the demo import: the shipped sheet went through this service; the national 84 million is supplied by the union federation', async () => {
  const imports = await svc.listImports(t.ctx);
  const demo = imports.find((i) => i.fileName === 'agency-figures.csv');
  assert.ok(demo, 'the demo import');
  assert.equal(demo.counts.rejected, 0);
  const [national] = await supplied('new_employment_form_workers', { from: '2025-01', to: '2025-12' });
  assert.deepEqual([national?.agency, national?.region, national?.value, national?.importId], ['union_federation', 'CN', 84_000_000, demo.id]);
  const urumqi = await svc.suppliedFigures(t.ctx, { from: '2025-01', to: '2025-12', city: '650100' });
  assert.deepEqual(urumqi.filter((f) => f.importId === demo.id).map((f) => [f.agency, f.indicator, f.value]), [
    ['transport', 'ride_hailing_drivers', 13_000],
    ['transport', 'ride_hailing_platforms', 15],
    ['transport', 'ride_hailing_vehicles', 13_000],
  ]);
  // Any figure that is not from the article says it is a sample.
  const all = (await svc.getImport(t.ctx, demo.id)).figures;
  for (const f of all) if (!['union_federation|CN', 'transport|650100'].includes(`${f.agency}|${f.region}`)) assert.match(f.note, /样例/, `${f.indicator} ${f.region}`);
});
