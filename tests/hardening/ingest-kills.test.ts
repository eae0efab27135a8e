// Order ingest under kills (SECURITY.md, Durability): INGEST_BATCHES (100) batches of orders, each with its
// Idempotency-Key, are each sent three times by concurrent senders while the real server is SIGKILLed at
// random moments (between and during sends) and started again. Then every batch is sent until answered,
// as a platform does. Afterwards: 0 duplicate orders, 0 partially stored batches (checked at every kill
// too), every batch stored exactly once (one finished ingest per key, all its orders under that ingest),
// and every answer for a batch names the same ingest.
//   npm run test:crash                     (SQLite; DATABASE_URL=… for PostgreSQL)
//   INGEST_BATCHES=100 INGEST_ORDERS=400 INGEST_SENDERS=4 INGEST_KILLS=20 CRASH_SEED=… to size or repeat a run
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { demoStaff } from '../../src/server/demo/seed.js';
import { verifyAuditChain } from '../../src/server/platform/audit.js';
import type { Db } from '../../src/server/platform/db.js';
import { call, freshServerDb, integrityCheck, isShed, login, onPostgres, prng, seedSmallDemo, sleep, startServer, type RunningServer } from './support.js';

const BATCHES = Number(process.env.INGEST_BATCHES ?? 100);
const ORDERS = Number(process.env.INGEST_ORDERS ?? 400);
const SENDERS = Number(process.env.INGEST_SENDERS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 1e9));
/** At most this many kills (the senders go on without kills after that). */
const KILLS = Number(process.env.INGEST_KILLS ?? 20);
const UP_MIN = Number(process.env.CRASH_UP_MIN_MS ?? 200);
const UP_MAX = Number(process.env.CRASH_UP_MAX_MS ?? 2000);

const header = 'order_id,platform,driver_id,driver_permit_no,plate,city_code,accept_ts,start_ts,finish_ts,fare_paid,driver_pay,distance_m,status';
const body = (b: number) =>
  [header, ...Array.from({ length: ORDERS }, (_, i) => `k${SEED}-${b}-${i},didi,batch-${b},JSZ${b},新A${String(10000 + b)},650100,2026-03-02T08:00:00+08:00,2026-03-02T08:03:00+08:00,2026-03-02T08:${String(10 + (i % 49)).padStart(2, '0')}:00+08:00,${2000 + i},1500,${5000 + i},completed`)].join('\n');

/** Orders stored per batch (driver_id batch-N): a batch is either absent or complete, never in between. */
async function perBatch(db: Db) {
  const rows = await db.selectFrom('orders').select(['driver_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('ingest_id').distinct().as('ingests')]).where('driver_id', 'like', 'batch-%').groupBy('driver_id').execute();
  return new Map(rows.map((r) => [Number(r.driver_id.slice(6)), { n: Number(r.n), ingests: Number(r.ingests) }]));
}

test(`ingest under kills: ${BATCHES} batches × 3 sends, 0 duplicates, 0 partial batches (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, { timeout: 20 * 60_000 }, async () => {
  const r = prng(SEED);
  const started = Date.now();
  const sdb = await freshServerDb();
  let server: RunningServer | null = null;
  try {
    await seedSmallDemo(sdb, { workers: 10 });
    const boot = () => startServer({ dataDir: sdb.dataDir, databaseUrl: sdb.databaseUrl, dataKey: sdb.dataKey, port: server?.port });
    server = await boot();
    let url = server.url;
    const admin = await login(url, demoStaff.find((s) => s.roles.some((g) => g.role === 'admin'))!.phone);
    const keyRes = await call(url, 'POST', '/api/admin/api-keys', { cookie: admin, body: { platformCode: 'didi', label: 'ingest drill' } });
    assert.equal(keyRes.status, 201, keyRes.text);
    const auth = { authorization: `Bearer ${keyRes.json.key}` };
    const bodies = Array.from({ length: BATCHES }, (_, b) => body(b));
    const keyOf = (b: number) => `drill-${SEED}-${b}`;

    const answers = new Map<number, { ingestId: string; stored: number; replayed: boolean }[]>();
    const tally = { sends: 0, stored: 0, replayed: 0, inFlight409: 0, cutOff: 0, killsDuringSend: 0, partialSeen: 0, shed: 0 };
    const unexpected: string[] = [];
    let inFlight = 0;
    let up: Promise<void> = Promise.resolve();
    const send = async (b: number): Promise<'ok' | 'retry'> => {
      await up;
      tally.sends++;
      inFlight++;
      try {
        const res = await call(url, 'POST', '/api/oversight/orders', { headers: { ...auth, 'content-type': 'text/csv', 'idempotency-key': keyOf(b) }, raw: bodies[b]!, timeoutMs: 60_000 });
        if (res.status === 200) {
          const replayed = res.headers.get('idempotent-replayed') === 'true';
          tally[replayed ? 'replayed' : 'stored']++;
          answers.set(b, [...(answers.get(b) ?? []), { ingestId: res.json.ingestId, stored: res.json.stored, replayed }]);
          return 'ok';
        }
        if (res.status === 409) {
          tally.inFlight409++;
          return 'retry';
        }
        if (isShed(res)) {
          // Load shed after a restart on a loaded machine: refused before any work; sent again later.
          tally.shed++;
          await sleep(1000);
          return 'retry';
        }
        unexpected.push(`batch ${b}: ${res.status} ${res.text.slice(0, 200)}`);
        return 'retry';
      } catch (e) {
        tally.cutOff++;
        if (!(e instanceof TypeError) && (e as Error).name !== 'TimeoutError') unexpected.push(`batch ${b}: ${(e as Error).message}`);
        await sleep(50);
        return 'retry';
      } finally {
        inFlight--;
      }
    };

    // Three rounds: every batch sent three times, the rounds overlapping, by SENDERS concurrent senders.
    const queue = [0, 1, 2].flatMap(() => r.shuffle(Array.from({ length: BATCHES }, (_, b) => b)));
    let done = false;
    const senders = Array.from({ length: SENDERS }, async () => {
      for (let b = queue.shift(); b !== undefined; b = queue.shift()) await send(b);
    });
    const allSent = Promise.all(senders).then(() => (done = true));
    let kills = 0;
    const restartMs: number[] = [];
    const killer = (async () => {
      while (!done && kills < KILLS) {
        await Promise.race([sleep(r.int(UP_MIN, UP_MAX)), allSent]);
        if (done) break;
        let reopen!: () => void;
        up = new Promise((resolve) => (reopen = resolve));
        if (inFlight > 0) tally.killsDuringSend++;
        await server!.kill('SIGKILL');
        kills++;
        // Between lives: no batch is ever partly stored.
        const h = sdb.open();
        try {
          for (const [b, x] of await perBatch(h.db)) if (x.n !== ORDERS || x.ingests !== 1) (tally.partialSeen++, unexpected.push(`after kill ${kills}: batch ${b} has ${x.n} orders under ${x.ingests} ingests`));
        } finally {
          await h.close();
        }
        const t0 = Date.now();
        try {
          server = await boot();
        } finally {
          reopen();
        }
        url = server.url;
        restartMs.push(Date.now() - t0);
      }
    })();
    await Promise.all([allSent, killer]);

    // Then, as a platform does: each batch sent until it is answered (409 "still being stored" waits and retries).
    let settleSends = 0;
    for (let b = 0; b < BATCHES; b++) {
      for (let tries = 0; ; tries++) {
        settleSends++;
        if ((await send(b)) === 'ok') break;
        assert.ok(tries < 5, `batch ${b} still not answered after ${tries + 1} sends once the kills stopped (a claim left by a killed process?)`);
        await sleep(200);
      }
    }
    await server.kill('SIGTERM');
    server = null;

    const h = sdb.open();
    try {
      const db = h.db;
      const stored = await perBatch(db);
      const partial = [...stored.values()].filter((x) => x.n !== ORDERS || x.ingests !== 1).length;
      const absent = BATCHES - stored.size;
      const total = Number((await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('driver_id', 'like', 'batch-%').executeTakeFirstOrThrow()).n);
      const duplicates = Number((await sql<{ n: number }>`select count(*) - count(distinct platform || ':' || order_id) as n from orders`.execute(db)).rows[0]!.n);
      const ingests = await db.selectFrom('order_ingests').select(['id', 'idempotency_key', 'status', 'stored']).where('idempotency_key', 'like', `drill-${SEED}-%`).execute();
      const orderIngest = new Map((await db.selectFrom('orders').select(['driver_id', 'ingest_id']).where('driver_id', 'like', 'batch-%').groupBy(['driver_id', 'ingest_id']).execute()).map((o) => [Number(o.driver_id.slice(6)), o.ingest_id]));
      const notOnce: string[] = [];
      for (let b = 0; b < BATCHES; b++) {
        const rows = ingests.filter((g) => g.idempotency_key === keyOf(b));
        const a = answers.get(b) ?? [];
        const ids = new Set(a.map((x) => x.ingestId));
        if (rows.length !== 1 || rows[0]!.status !== 'done' || rows[0]!.stored !== ORDERS) notOnce.push(`batch ${b}: ingests ${JSON.stringify(rows)}`);
        else if (orderIngest.get(b) !== rows[0]!.id) notOnce.push(`batch ${b}: orders under ${orderIngest.get(b)}, ingest ${rows[0]!.id}`);
        else if (ids.size !== 1 || !ids.has(rows[0]!.id) || a.some((x) => x.stored !== ORDERS)) notOnce.push(`batch ${b}: answers ${JSON.stringify(a)}`);
      }
      const integrity = await integrityCheck(h);
      const audit = await verifyAuditChain(db);
      const ingestAudits = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'oversight.orders_ingest').where('target_id', 'in', ingests.map((g) => g.id).concat(['-'])).executeTakeFirstOrThrow()).n);
      const figures = {
        database: onPostgres ? 'PostgreSQL' : 'SQLite',
        seed: SEED,
        batches: BATCHES,
        ordersPerBatch: ORDERS,
        sendsInRounds: 3 * BATCHES,
        kills,
        killsDuringASend: tally.killsDuringSend,
        answered: { firstStore: tally.stored, replayed: tally.replayed, conflict409: tally.inFlight409, cutOffByKill: tally.cutOff, shed503: tally.shed },
        settleSends,
        ordersStored: total,
        duplicateOrders: duplicates,
        partiallyStoredBatches: partial,
        partialSeenBetweenLives: tally.partialSeen,
        batchesMissing: absent,
        batchesNotStoredExactlyOnce: notOnce.length,
        ingestAuditRecords: ingestAudits,
        integrity: integrity.ok ? 'ok' : `FAILED: ${integrity.detail}`,
        audit: audit.ok ? `ok (${audit.checked} records)` : `FAILED: ${audit.problem}`,
        restartMs: { mean: Math.round(restartMs.reduce((x, y) => x + y, 0) / Math.max(1, restartMs.length)), max: Math.max(0, ...restartMs) },
        seconds: Math.round((Date.now() - started) / 1000),
      };
      console.log(`INGEST FIGURES ${JSON.stringify(figures, null, 2)}`);
      assert.ok(kills >= 1, 'the server was killed');
      assert.deepEqual(unexpected, []);
      assert.equal(duplicates, 0, 'duplicate orders');
      assert.equal(partial, 0, 'partially stored batches');
      assert.equal(absent, 0, 'batches never stored');
      assert.equal(total, BATCHES * ORDERS);
      assert.deepEqual(notOnce, [], 'every batch stored exactly once, every answer naming that ingest');
      assert.equal(ingestAudits, BATCHES, 'one audit record per stored batch');
      assert.ok(integrity.ok, integrity.detail);
      assert.ok(audit.ok, audit.problem ?? '');
    } finally {
      await h.close();
    }
  } finally {
    if (server) await server.kill('SIGKILL');
    await sdb.drop();
  }
});
