// Bad input at scale (issue 8): the OpenAPI-driven fuzzer sends schema-valid and malformed requests to
// every operation in the API document, as anonymous and as a principal the route allows, and checks
// every answer: no 5xx, no stack trace or internal path, the declared schema for a declared status and
// the error envelope for every error. FUZZ_RUNS sets the total (default 3000; npm run fuzz: 100,000).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from './helpers/app.js';
import { describeFindings, figureLine, findLeak, fuzz, deepJson } from './helpers/fuzz.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
let t: TestApp;
before(async () => {
  t = await testApp({ cases: 6 });
});
after(() => t.close());

test('the leak detector sees stack traces, source paths and SQL errors, and passes ordinary bodies', () => {
  assert.ok(findLeak('{"error":"x\\n    at Object.<anonymous> (/work/main/src/server/app.ts:12:5)"}'));
  assert.ok(findLeak('TypeError: Cannot read properties of undefined'));
  assert.ok(findLeak('SqliteError: SQLITE_CONSTRAINT_UNIQUE'));
  assert.ok(findLeak('duplicate key value violates unique constraint "users_pkey"'));
  assert.ok(findLeak('/work/main/node_modules/fastify/lib/x.js'));
  assert.equal(findLeak('{"error":{"code":"bad_request","message":"Invalid body: title"}}'), null);
  assert.equal(findLeak('{"items":[{"title":"暖新 at the station"}]}'), null);
  assert.equal(deepJson(3, 'array'), '[[[]]]');
});

test(`fuzz: ${RUNS} generated requests over every operation in the OpenAPI document`, async () => {
  const r = await fuzz(t, { runs: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129) });
  console.log(`${figureLine(r.fig)}; ${r.ops} operations × ${r.perOp}, ${r.principals} principals, ${r.ids} known ids`);
  console.log(`fuzz statuses: ${JSON.stringify(r.fig.statuses)}; shapes: ${JSON.stringify(r.fig.byShape)}; slowest operations (ms): ${JSON.stringify(r.slowest)}`);
  assert.ok(r.ops >= 250, `the document has ${r.ops} operations`);
  assert.ok(r.fig.requests >= Math.min(RUNS, r.ops), 'every operation was called');
  assert.ok((r.fig.statuses[200] ?? 0) + (r.fig.statuses[201] ?? 0) > 0, 'some requests got past validation');
  assert.equal(r.findings.length, 0, `shrunk counterexamples:\n${describeFindings(r.findings)}`);
  assert.equal(r.fig.fivexx, 0);
  assert.equal(r.fig.leaks, 0);
  assert.equal(r.fig.mismatches, 0);
  assert.equal(r.fig.envelope, 0);
});
