// The platform and licence registries on a freshly migrated database (SQLite, or PostgreSQL with
// DATABASE_URL): CSV import with its per-line report, upserts by key, dry runs, whole-file refusals,
// search, edits, masking for analysts, and 13,000 lines in a few seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb } from '../../../../tests/helpers/db.js';
import { testConfig } from '../../../../tests/helpers/app.js';
import { FieldCrypto } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/audit.js';
import type { Principal } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { ensurePlatforms, importPermits, listPlatforms, searchPermits, updatePermit, updatePlatform } from './registry.service.js';
import { ensureDefaultRules } from './rules.service.js';
import { demoFleet, demoRegistryCsv } from '../../demo/oversight.js';

let h: Awaited<ReturnType<typeof freshDb>>;
let ctx: Ctx;
const actor: Actor = { id: null, kind: 'system', ip: null };
const officer: Principal = { kind: 'user', userId: 'u1', name: 'officer', roles: [{ role: 'union_officer', orgId: 'x' }], isStaff: true, sessionHash: '' };
const analyst: Principal = { kind: 'user', userId: 'u2', name: 'analyst', roles: [{ role: 'analyst', orgId: '' }], isStaff: true, sessionHash: '' };
before(async () => {
  h = await freshDb();
  const config = testConfig(h.dir);
  ctx = { db: h.db, dbKind: h.kind, crypto: new FieldCrypto(config.dataKey), config, now: () => Date.parse('2026-11-29T04:00:00Z') };
  assert.equal(await ensurePlatforms(h.db), 15);
  assert.equal(await ensurePlatforms(h.db), 0);
  await ensureDefaultRules(h.db);
});
after(() => h.close());

const count = async (table: 'driver_permits' | 'vehicle_permits') => Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const audits = async (action: string) => Number((await h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

const DRIVERS = [
  'permit_no,holder_name,valid_from,valid_to,city_code',
  'T-0001,王建军,2024-01-01,2031-12-31,650100',
  'T-0002,李娜,2020-01-01,2026-11-28,650100', // expired yesterday (2026-11-29 is "today")
  'T-0003,,2024-01-01,2031-12-31,650100',
  'T-0004,张伟,2026-11-30,2032-11-29,650100', // starts tomorrow
  'T-0005,艾力·热合曼,2024-05-01,2024-04-30,650100',
].join('\n');

test('driver import: valid lines stored, bad lines reported with line, field and reason; one audit record', async () => {
  const r = await importPermits(ctx, 'driver', DRIVERS, {}, actor);
  assert.deepEqual({ lines: r.lines, stored: r.stored, inserted: r.inserted, updated: r.updated, rejectedLines: r.rejectedLines }, { lines: 5, stored: 3, inserted: 3, updated: 0, rejectedLines: 2 });
  assert.deepEqual(r.problems, [
    { line: 4, field: 'holder_name', reason: 'required' },
    { line: 6, field: 'valid_to', reason: 'before_valid_from' },
  ]);
  assert.equal(await count('driver_permits'), 3);
  assert.equal(await audits('oversight.permits_imported'), 1);
  // Statuses on "today" at the edges: the last valid day has passed, the first has not come.
  const all = await searchPermits(ctx, 'driver', { q: 'T-000', page: 1, pageSize: 50 }, officer);
  assert.deepEqual(all.items.map((p) => [(p as { permitNo: string }).permitNo, p.status]), [['T-0001', 'valid'], ['T-0002', 'expired'], ['T-0004', 'not_yet']]);
  const onEdge = await searchPermits(ctx, 'driver', { q: 'T-0002', on: '2026-11-28', page: 1, pageSize: 50 }, officer);
  assert.equal(onEdge.items[0]!.status, 'valid', 'valid_to is inclusive');
});

test('re-import updates by (permit_no, valid_from), adds renewals; a dry run stores nothing', async () => {
  const again = ['permit_no,holder_name,valid_from,valid_to,city_code', 'T-0001,王建军,2024-01-01,2029-12-31,650100', 'T-0002,李娜,2026-11-29,2032-11-28,650100'].join('\r\n');
  const dry = await importPermits(ctx, 'driver', again, { dryRun: true }, actor);
  assert.deepEqual([dry.stored, dry.inserted, dry.updated], [0, 1, 1]);
  assert.equal(await count('driver_permits'), 3);
  const r = await importPermits(ctx, 'driver', again, {}, actor);
  assert.deepEqual([r.stored, r.inserted, r.updated], [2, 1, 1]);
  assert.equal(await count('driver_permits'), 4);
  const t1 = await searchPermits(ctx, 'driver', { q: 'T-0001', page: 1, pageSize: 5 }, officer);
  assert.equal(t1.items[0]!.validTo, '2029-12-31');
  const renewed = await searchPermits(ctx, 'driver', { q: 'T-0002', status: 'valid', page: 1, pageSize: 5 }, officer);
  assert.equal(renewed.total, 1, 'the renewal is valid today, the old row expired');
});

test('whole-file refusals: not CSV → 415, wrong headers or empty → 422, and nothing stored', async () => {
  const before = await count('vehicle_permits');
  const cases: [string, string, string][] = [
    ['\u0000\u0001PK binary', 'unsupported_media_type', 'not_csv'],
    ['', 'unprocessable', 'empty'],
    [DRIVERS, 'unprocessable', 'wrong_headers'],
  ];
  for (const [text, code, detail] of cases) {
    await assert.rejects(importPermits(ctx, 'vehicle', text, {}, actor), (e: unknown) => e instanceof AppError && e.code === code && e.details.some((d) => d.code === detail));
  }
  await assert.rejects(importPermits(ctx, 'vehicle', DRIVERS, {}, actor), (e: unknown) => e instanceof AppError && e.details.some((d) => d.path === 'plate' && d.code === 'missing_column'));
  assert.equal(await count('vehicle_permits'), before);
});

test('13,000 vehicle lines import in a few seconds, then again as updates', async () => {
  const fleet = demoFleet();
  const csv = demoRegistryCsv(fleet).vehiclePermits;
  const lines = fleet.filter((f) => f.vehiclePermit !== 'missing').length;
  let t = Date.now();
  const r = await importPermits(ctx, 'vehicle', csv, {}, actor);
  const first = Date.now() - t;
  assert.deepEqual([r.lines, r.inserted, r.rejectedLines], [lines, lines, 0]);
  t = Date.now();
  const again = await importPermits(ctx, 'vehicle', csv, {}, actor);
  const second = Date.now() - t;
  assert.deepEqual([again.inserted, again.updated], [0, lines]);
  assert.equal(await count('vehicle_permits'), lines);
  assert.ok(first < 5000 && second < 5000, `import took ${first} ms and ${second} ms`);
  const hit = await searchPermits(ctx, 'vehicle', { q: '新a 83261', page: 1, pageSize: 5 }, officer);
  assert.equal((hit.items[0] as { plate: string }).plate, '新A83261', 'plates found however they are typed');
});

test('edit a permit: checked as a whole, key clashes refused, audited; analysts see holders masked', async () => {
  const [t1] = (await searchPermits(ctx, 'driver', { q: 'T-0001', page: 1, pageSize: 5 }, officer)).items;
  const id = t1!.id;
  await assert.rejects(updatePermit(ctx, 'driver', id, { validTo: '2023-12-31' }, actor, officer), (e: unknown) => e instanceof AppError && e.details[0]?.code === 'before_valid_from');
  await assert.rejects(updatePermit(ctx, 'driver', id, { permitNo: 'T-0002', validFrom: '2026-11-29' }, actor, officer), (e: unknown) => e instanceof AppError && e.code === 'conflict' && e.details[0]?.code === 'duplicate_permit');
  await assert.rejects(updatePermit(ctx, 'driver', '00000000-0000-4000-8000-0000000000ff', { holderName: 'x' }, actor, officer), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  const edited = await updatePermit(ctx, 'driver', id, { holderName: '王建君', validTo: '2030-06-30' }, actor, officer);
  assert.deepEqual([(edited as { holderName: string }).holderName, edited.validTo], ['王建君', '2030-06-30']);
  assert.equal(await audits('oversight.permit_updated'), 1);
  const masked = await searchPermits(ctx, 'driver', { q: '王建君', page: 1, pageSize: 5 }, analyst);
  assert.equal((masked.items[0] as { holderName: string }).holderName, '王**');
  const uyghur = await searchPermits(ctx, 'driver', { q: 'T-0005', page: 1, pageSize: 5 }, analyst);
  assert.equal(uyghur.total, 0, 'the refused line was never stored');
  // LIKE wildcards in a search are literal.
  assert.equal((await searchPermits(ctx, 'driver', { q: '%', page: 1, pageSize: 5 }, officer)).total, 0);
});

test('platforms: 15 with their rules in force; edits audited; an unknown code is 404', async () => {
  const list = await listPlatforms(ctx);
  assert.equal(list.items.length, 15);
  const didi = list.items.find((p) => p.code === 'didi')!;
  assert.deepEqual(didi.rules.map((r) => [r.rule, r.value]).sort(), [['commission_cap', 0.27], ['max_daily_min', 720], ['monthly_commission_cap', 0.25]]);
  const p = await updatePlatform(ctx, 'didi', { licenceNo: '乌交网约许〔2024〕001号', active: false }, actor);
  assert.deepEqual([p.licenceNo, p.active], ['乌交网约许〔2024〕001号', false]);
  assert.equal(await audits('oversight.platform_updated'), 1);
  await assert.rejects(updatePlatform(ctx, 'uber', { active: true }, actor), (e: unknown) => e instanceof AppError && e.code === 'not_found');
});
