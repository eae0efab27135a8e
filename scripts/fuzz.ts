// npm run fuzz: the OpenAPI-driven fuzzer at full size (issue 8, "Bad input, at scale"). Builds the app
// over a fresh database with the demo data (SQLite; PostgreSQL when DATABASE_URL is set), sends
// FUZZ_RUNS generated and malformed requests (default 100,000) spread over every operation, and prints
// the figures and any shrunk counterexamples. Exit 1 on any 5xx, leak or schema mismatch.
//   npm run fuzz                       100,000 requests on SQLite
//   FUZZ_RUNS=20000 FUZZ_SEED=7 npm run fuzz
import { testApp } from '../tests/helpers/app.js';
import { describeFindings, figureLine, fuzz } from '../tests/helpers/fuzz.js';

async function main() {
  const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const started = Date.now();
  const t = await testApp({ cases: 6, env: { RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000000' } });
  try {
    const r = await fuzz(t, {
      runs,
      seed,
      heavyRuns: 20,
      onOp: (op, i, n) => {
        if (i % 25 === 0) process.stderr.write(`  ${i}/${n} ${op.key} (${Math.round((Date.now() - started) / 1000)} s)\n`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`database: ${t.handle.kind}; seed ${seed}; ${r.ops} operations × ${r.perOp} requests; ${r.principals} principals; ${r.ids} known ids; ${seconds.toFixed(0)} s`);
    console.log(`statuses: ${JSON.stringify(r.fig.statuses)}`);
    console.log(`malformed parts: ${JSON.stringify(r.fig.byShape)}`);
    console.log(`slowest operations (ms): ${JSON.stringify(r.slowest)}`);
    if (r.findings.length) console.log(`shrunk counterexamples:\n${describeFindings(r.findings)}`);
    console.log(figureLine(r.fig));
    process.exitCode = r.findings.length || r.fig.fivexx || r.fig.leaks || r.fig.mismatches || r.fig.envelope ? 1 : 0;
  } finally {
    await t.close();
  }
}
await main();
