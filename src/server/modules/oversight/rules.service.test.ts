// Rules as data on a freshly migrated database (SQLite, or PostgreSQL with DATABASE_URL): versions and
// their history, the rule in force at the edges of effective ranges, drafts, refusals that write nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb } from '../../../../tests/helpers/db.js';
import { testConfig } from '../../../../tests/helpers/app.js';
import { FieldCrypto } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { changeRule, currentRuleRows, ensureDefaultRules, history, listRules, type RuleChange } from './rules.service.js';
import { ensurePlatforms } from './registry.service.js';
import { defaultRules } from './rules.defaults.js';

let h: Awaited<ReturnType<typeof freshDb>>;
let ctx: Ctx;
const officer: Actor = { id: null, kind: 'system', ip: null };
before(async () => {
  h = await freshDb();
  const config = testConfig(h.dir);
  ctx = { db: h.db, dbKind: h.kind, crypto: new FieldCrypto(config.dataKey), config, now: () => Date.parse('2026-11-29T04:00:00Z') };
  await ensurePlatforms(h.db);
  assert.equal(await ensureDefaultRules(h.db), defaultRules.length);
  assert.equal(await ensureDefaultRules(h.db), 0, 'loaded once');
});
after(() => h.close());

const valueOf = async (day: string, rule: string, scope: string) => (await currentRuleRows(h.db, day)).find((r) => r.rule === rule && r.scope === scope);
const refusal = async (p: Promise<unknown>, code: string, field: string) => {
  await assert.rejects(p, (e: unknown) => e instanceof AppError && e.details.some((d) => d.code === field) && (e.code === code || assert.fail(`${e.code} ≠ ${code}`)));
};
const audits = async () => Number((await h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'oversight.rule_changed').executeTakeFirstOrThrow()).n);

test('the defaults are in force with their sources; an effective_from is inclusive', async () => {
  const today = await currentRuleRows(h.db, '2026-11-29');
  const of = (rule: string, scope: string) => today.find((r) => r.rule === rule && r.scope === scope);
  assert.equal(of('commission_cap', 'didi')?.value, 0.27);
  assert.equal(of('monthly_commission_cap', 't3')?.value, 0.25);
  assert.equal(of('commission_cap', 'caocao')?.value, 0.225);
  assert.equal(of('min_hourly_wage_fen', '650100')?.value, 1900);
  assert.equal(of('min_hourly_wage_fen', '650100')?.class, 'LEGAL');
  assert.match(of('min_hourly_wage_fen', '650100')!.source, /\(verify/);
  assert.match(of('max_continuous_min', '*')!.source, /第六十二条第（七）项/);
  assert.equal(of('max_daily_min', 'xinjiang_go')?.value, 720);
  assert.equal(of('max_speed_kmh', '*')?.unit, 'km/h');
  // Didi's 27% cap is in force from 2025-12-31 (end of 2025), not a day before.
  assert.equal(await valueOf('2025-12-30', 'commission_cap', 'didi'), undefined);
  assert.equal((await valueOf('2025-12-31', 'commission_cap', 'didi'))?.value, 0.27);
  await assert.rejects(currentRuleRows(h.db, '2026-02-30'), (e: unknown) => e instanceof AppError && e.code === 'bad_request');
});

test('a change is a new version: the old one is superseded, kept, and still in force before the new one starts', async () => {
  const before = await audits();
  const v1 = (await valueOf('2026-11-29', 'commission_cap', 'didi'))!;
  const change: RuleChange = { rule: 'commission_cap', scope: 'didi', value: 0.25, class: 'PLATFORM', source: '滴滴出行 2027 公告（测试）', effectiveFrom: '2027-01-01', basedOnVersion: 1 };
  const r = await changeRule(ctx, change, officer);
  assert.equal(r.version.version, 2);
  assert.deepEqual(r.history.map((v) => v.version), [2, 1]);
  assert.ok(r.history[1]!.supersededAt, 'version 1 is marked superseded');
  assert.equal(r.history[0]!.supersededAt, null);
  assert.equal(r.inForceId, v1.id, 'today (2026-11-29) version 1 still applies');
  // The edges: 2026-12-31 is version 1's last day in practice, 2027-01-01 version 2's first.
  assert.equal((await valueOf('2026-12-31', 'commission_cap', 'didi'))?.version, 1);
  assert.equal((await valueOf('2027-01-01', 'commission_cap', 'didi'))?.version, 2);
  // A correction for the first half of 2027 only: inside its range it wins, after it version 2 is back.
  const v3 = await changeRule(ctx, { ...change, value: 0.24, effectiveTo: '2027-06-30', basedOnVersion: 2 }, officer);
  assert.equal(v3.version.version, 3);
  assert.equal((await valueOf('2027-06-30', 'commission_cap', 'didi'))?.value, 0.24);
  assert.equal((await valueOf('2027-07-01', 'commission_cap', 'didi'))?.value, 0.25);
  assert.equal((await valueOf('2027-07-01', 'commission_cap', 'didi'))?.version, 2);
  assert.equal(await audits(), before + 2, 'each change audited');
  const h3 = await history(ctx, v1.id);
  assert.deepEqual(h3.history.map((v) => [v.version, v.value]), [[3, 0.24], [2, 0.25], [1, 0.27]]);
  const listed = (await listRules(ctx, { rule: 'commission_cap', scope: 'didi' })).items;
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.version, 3, 'the latest version');
  assert.equal(listed[0]!.inForce?.version, 1, 'and the one in force today');
});

test('a DRAFT version never displaces the rule in force (unless drafts are asked for)', async () => {
  const d = await changeRule(ctx, { rule: 'max_continuous_min', scope: '*', value: 240, class: 'DRAFT', source: '人社部 2026 征求意见稿：连续工作4小时应保障适当休息', effectiveFrom: '2026-10-08' }, officer);
  assert.equal(d.version.version, 2);
  assert.equal((await valueOf('2026-11-29', 'max_continuous_min', '*'))?.version, 1);
  assert.equal((await currentRuleRows(h.db, '2026-11-29', { includeDraft: true })).find((r) => r.rule === 'max_continuous_min')?.version, 2);
});

test('a rule for a new scope starts at version 1', async () => {
  const r = await changeRule(ctx, { rule: 'commission_cap', scope: 'huaxiaozhu', value: 0.28, class: 'PLATFORM', source: '花小猪 公示（测试）', effectiveFrom: '2026-01-01', basedOnVersion: null }, officer);
  assert.equal(r.version.version, 1);
  assert.equal(r.version.unit, 'ratio');
  assert.equal((await valueOf('2026-01-01', 'commission_cap', 'huaxiaozhu'))?.value, 0.28);
});

test('refusals name the field and write nothing', async () => {
  const before = await audits();
  const rows = (await h.db.selectFrom('oversight_rules').select('id').execute()).length;
  const base: RuleChange = { rule: 'commission_cap', scope: 'didi', value: 0.26, class: 'PLATFORM', source: '测试来源', effectiveFrom: '2027-01-01' };
  await refusal(changeRule(ctx, { ...base, effectiveTo: '2026-12-31' }, officer), 'bad_request', 'before_effective_from');
  await refusal(changeRule(ctx, { ...base, effectiveFrom: '2027-02-29' }, officer), 'bad_request', 'invalid_date');
  await refusal(changeRule(ctx, { ...base, value: 1.2 }, officer), 'bad_request', 'out_of_range');
  await refusal(changeRule(ctx, { ...base, rule: 'max_daily_min', value: 600.5 }, officer), 'bad_request', 'not_integer');
  await refusal(changeRule(ctx, { ...base, unit: 'percent' }, officer), 'bad_request', 'wrong_unit');
  await refusal(changeRule(ctx, { ...base, scope: 'uber' }, officer), 'bad_request', 'unknown_platform');
  await refusal(changeRule(ctx, { ...base, rule: 'min_hourly_wage_fen', scope: 'didi', value: 2000 }, officer), 'bad_request', 'invalid_scope');
  await refusal(changeRule(ctx, { ...base, rule: 'max_speed_kmh', scope: '650100', value: 100 }, officer), 'bad_request', 'invalid_scope');
  await refusal(changeRule(ctx, { ...base, basedOnVersion: 1 }, officer), 'conflict', 'stale_version');
  await refusal(changeRule(ctx, { ...base, scope: 'caocao', basedOnVersion: null }, officer), 'conflict', 'stale_version');
  assert.equal((await h.db.selectFrom('oversight_rules').select('id').execute()).length, rows);
  assert.equal(await audits(), before);
  await assert.rejects(history(ctx, '00000000-0000-4000-8000-0000000000ff'), (e: unknown) => e instanceof AppError && e.code === 'not_found');
});
