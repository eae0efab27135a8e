// The command line against DuckDB's SQL on generated data (every kind of violation planted), with a
// registry and a rules file; and its refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateOrders, generateRegistry } from '../src/server/modules/oversight/engine/generate.js';
import { defaultRules, ruleSetFromJson } from '../src/server/modules/oversight/engine/rules.js';
import { indicatorIds } from '../src/shared/oversight.js';
import { duckdbIndicators } from '../scripts/oversight-duckdb.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-oversight-cli-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/oversight.ts', ...args], { encoding: 'utf8' });

test('analyze --json: every indicator equals DuckDB’s count, with a registry and a rules file', async () => {
  const orders = path.join(dir, 'orders.csv');
  fs.writeFileSync(orders, [...generateOrders({ orders: 40_000, drivers: 300, seed: 7 })].join(''));
  const reg = generateRegistry({ drivers: 300 });
  fs.mkdirSync(path.join(dir, 'registry'));
  fs.writeFileSync(path.join(dir, 'registry', 'driver_permits.csv'), reg.driverCsv);
  fs.writeFileSync(path.join(dir, 'registry', 'vehicle_permits.csv'), reg.vehicleCsv);
  const rulesJson = { platforms: { didi: { commission_cap: 0.24, monthly_commission_cap: 0.23, max_daily_min: 300 }, t3: { commission_cap: 0.27, max_daily_min: 240 }, '*': { commission_cap: 0.26, max_daily_min: 600 } }, min_hourly_wage_fen: { '650100': 4000 }, max_continuous_min: 180, rest_gap_min: 15, allowance_min: 10, max_speed_kmh: 100 };
  fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify(rulesJson));
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/oversight.ts', 'analyze', '--orders', orders, '--registry', path.join(dir, 'registry'), '--rules', path.join(dir, 'rules.json'), '--json'], { encoding: 'utf8' });
  const got = JSON.parse(out);
  const duck = await duckdbIndicators({ orders, driverCsv: path.join(dir, 'registry', 'driver_permits.csv'), vehicleCsv: path.join(dir, 'registry', 'vehicle_permits.csv'), rules: ruleSetFromJson(rulesJson, defaultRules()) });
  for (const id of indicatorIds) {
    assert.equal(typeof got.indicators[id].violations, 'number', id);
    assert.equal(got.indicators[id].violations, duck[id], `${id}: engine ${got.indicators[id].violations}, DuckDB ${duck[id]}`);
    assert.ok(got.indicators[id].violations > 0, `${id} was planted`);
  }
  assert.deepEqual(got.rejected, []);
});

test('analyze: NDJSON lines with problems are listed by line; E1 is left out without a registry; bad arguments exit 2', () => {
  const f = path.join(dir, 'bad.ndjson');
  const ok = { order_id: 'x1', platform: 'didi', driver_id: 'd', plate: '新A1', city_code: '650100', accept_ts: '2026-03-01T08:00:00+08:00', start_ts: '2026-03-01T08:01:00+08:00', finish_ts: '2026-03-01T08:30:00+08:00', fare_paid: 3000, driver_pay: 0, distance_m: 5000, status: 'completed' };
  fs.writeFileSync(f, [JSON.stringify(ok), JSON.stringify({ ...ok, order_id: 'x2', accept_ts: '2026-03-01 08:00:00' }), '{oops', JSON.stringify({ ...ok, order_id: 'x3', fare_paid: -1 }), JSON.stringify({ ...ok, order_id: 'x4', city_code: '6501' })].join('\n'));
  const r = cli('analyze', '--orders', f, '--json');
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.equal(got.indicators.E1, undefined);
  assert.equal(got.indicators.P7.violations, 1);
  assert.deepEqual(
    got.rejected.map((p: { line: number; reason: string }) => [p.line, p.reason]),
    [
      [2, 'timestamp_needs_offset'],
      [3, 'malformed_json'],
      [4, 'negative'],
      [5, 'not_six_digits'],
    ],
  );
  assert.equal(cli('analyze').status, 2);
  assert.equal(cli('analyze', '--orders', path.join(dir, 'missing.csv')).status, 2);
  fs.writeFileSync(path.join(dir, 'r.json'), '{"max_speed_kmh": "fast"}');
  assert.equal(cli('analyze', '--orders', f, '--rules', path.join(dir, 'r.json')).status, 2);
});
