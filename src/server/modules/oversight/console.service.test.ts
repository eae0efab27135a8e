import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { fixture, seedOversightFixture, type OversightFixture } from '../../../../tests/helpers/oversight-console.js';
import { systemActor } from '../../platform/audit.js';
import { currentRuns, exportCsv, findings } from './scorecard.service.js';
import { watchlist } from './enforcement.service.js';

// The console's services straight against the database (SQLite, or PostgreSQL with DATABASE_URL).
let t: TestApp;
let fx: OversightFixture;
const analyst = { kind: 'user' as const, userId: 'a', name: 'a', roles: [{ role: 'analyst' as const, orgId: '' }], isStaff: true, sessionHash: '' };
const officer = { ...analyst, roles: [{ role: 'union_officer' as const, orgId: '' }] };
before(async () => {
  t = await testApp({ workers: 2 });
  fx = await seedOversightFixture(t.ctx.db);
});
after(() => t.close());

test('the current run of a month is its latest analysis', async () => {
  const runs = await currentRuns(t.ctx.db);
  assert.equal(runs.get(fixture.month)?.id, fx.runs[fixture.month]);
  assert.notEqual(runs.get(fixture.month)?.id, fx.staleRun);
  assert.deepEqual([...(await currentRuns(t.ctx.db, [])).keys()], []);
});

test('watchlist threshold: three days qualify for 3, not for 4', async () => {
  assert.ok((await watchlist(t.ctx, 3)).some((w) => w.subject === fixture.unlicensedPlate));
  assert.ok(!(await watchlist(t.ctx, 4)).some((w) => w.subject === fixture.unlicensedPlate));
});

test('findings sort by value with the figure-less first (ascending) in either dialect, and mask for analysts', async () => {
  const q = { month: fixture.month, sort: 'value' as const, dir: 'desc' as const, limit: 10, offset: 0 };
  const asc = await findings(t.ctx, officer, { ...q, dir: 'asc' }, systemActor);
  assert.deepEqual(asc.items.map((f) => f.value), [null, null, 0.35, 270]);
  const masked = await findings(t.ctx, analyst, q, systemActor);
  assert.ok(masked.items.every((f) => !f.driverKey.includes('TEST') && !f.plate.includes('0001')));
});

test('the CSV streams every order line of every finding', async () => {
  const out = await exportCsv(t.ctx, officer, { month: fixture.month }, systemActor);
  let text = '';
  for await (const chunk of out.lines) text += chunk;
  assert.ok(text.startsWith('\uFEFFfinding_id,'));
  assert.equal(text.trimEnd().split('\r\n').length, 1 + 3 + 1 + 1 + 1, 'header, R1 three orders, two E1, one P1');
});
