// The crash test (SECURITY.md, Durability): the real server under concurrent writes — workers filing
// cases, reserving meals (capacity), enrolling children (capacity), borrowing and returning (stock), a
// platform sending orders — is killed with SIGKILL at random moments and started again, CRASH_KILLS times
// (20), each kill once that life has acknowledged at least one write. Every write the server acknowledged
// (2xx and the id it answered) must be there afterwards; the database's integrity check, the capacity and
// stock invariants and the audit chain must all hold.
//   npm run test:crash                     (SQLite; DATABASE_URL=… for PostgreSQL)
//   CRASH_KILLS=20 CRASH_WRITERS=8 CRASH_SEED=… to size or repeat a run
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { demoOrgs, demoStaff } from '../../src/server/demo/seed.js';
import { rng, workerSeed } from '../../src/server/demo/factories.js';
import { verifyAuditChain } from '../../src/server/platform/audit.js';
import { call, cookieOf, freshServerDb, integrityCheck, isShed, login, onPostgres, prng, seedSmallDemo, sleep, startServer, type RunningServer } from './support.js';

const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const WRITERS = Number(process.env.CRASH_WRITERS ?? 8);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 1e9));
/** Uptime before each kill: a random moment in this range (ms) after the server answered its health check. */
const UP_MIN = Number(process.env.CRASH_UP_MIN_MS ?? 300);
const UP_MAX = Number(process.env.CRASH_UP_MAX_MS ?? 2500);

const staffPhone = (role: string) => demoStaff.find((s) => s.roles.some((r) => r.role === role))!.phone;
const beijingDate = (plusDays = 0) => new Date(Date.now() + 8 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
const csvHeader = 'order_id,platform,driver_id,driver_permit_no,plate,city_code,accept_ts,start_ts,finish_ts,fare_paid,driver_pay,distance_m,status';
const orderLine = (id: string) => `${id},didi,crash-driver,JSZ1,新A12345,650100,2026-03-01T08:00:00+08:00,2026-03-01T08:03:00+08:00,2026-03-01T08:30:00+08:00,3000,2300,9000,completed`;

test(`crash: ${KILLS} SIGKILLs under concurrent writes lose no acknowledged write (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, { timeout: 20 * 60_000 }, async () => {
  const r = prng(SEED);
  const started = Date.now();
  const sdb = await freshServerDb();
  let server: RunningServer | null = null;
  try {
    await seedSmallDemo(sdb);
    const boot = () => startServer({ dataDir: sdb.dataDir, databaseUrl: sdb.databaseUrl, dataKey: sdb.dataKey, port: server?.port });
    server = await boot();
    let url = server.url;

    // Set-up through the API: meals and classroom sessions with small capacities, things to lend, a platform key, workers.
    const operator = await login(url, staffPhone('station_operator'));
    const admin = await login(url, staffPhone('admin'));
    const meals: { id: string; servings: number }[] = [];
    for (let i = 0; i < 30; i++) {
      const servings = r.int(2, 8);
      const res = await call(url, 'POST', `/api/stations/${demoOrgs.guangchangStation}/meals`, { cookie: operator, body: { date: beijingDate(1 + (i % 3)), dish: `拌面 ${i}`, workerPriceFen: 1200, normalPriceFen: 1800, servings } });
      assert.equal(res.status, 201, res.text);
      meals.push({ id: res.json.meal.id, servings });
    }
    const sessions: { id: string; capacity: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const capacity = r.int(3, 10);
      const res = await call(url, 'POST', `/api/stations/${demoOrgs.guangchangStation}/classroom`, { cookie: operator, body: { kind: 'after_school', title: `小课堂 ${i}`, startsOn: beijingDate(0), endsOn: beijingDate(30), weekdays: [1, 2, 3, 4, 5, 6, 7], opens: '16:00', closes: '21:00', capacity } });
      assert.equal(res.status, 201, res.text);
      sessions.push({ id: res.json.session.id, capacity });
    }
    const items: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(url, 'POST', `/api/stations/${demoOrgs.ningheStation}/items`, { cookie: operator, body: { kind: 'power_bank', name: `充电宝 ${i}`, stock: r.int(2, 4), loanDays: 3 } });
      assert.equal(res.status, 201, res.text);
      items.push(res.json.item.id);
    }
    const keyRes = await call(url, 'POST', '/api/admin/api-keys', { cookie: admin, body: { platformCode: 'didi', label: 'crash drill' } });
    assert.equal(keyRes.status, 201, keyRes.text);
    const platformAuth = { authorization: `Bearer ${keyRes.json.key}` };
    const workers: string[] = [];
    for (let n = 0; n < 24; n++) {
      const res = await fetch(`${url}/api/workers/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(workerSeed(rng(SEED + n), 30_000 + n, { kind: 'courier', cityCode: '652301', districtCode: '652301002', plates: [] })) });
      assert.equal(res.status, 201, await res.text());
      workers.push(cookieOf(res.headers));
    }

    // What the server acknowledged, by kind, with the ids it answered.
    const acked = {
      cases: new Map<string, string>(), // clientRef → case id
      reservations: [] as string[],
      enrolments: [] as { id: string; status: string }[],
      loans: [] as { id: string; worker: number }[],
      returns: [] as string[],
      ingests: [] as { id: string; key: string; orderIds: string[]; stored: number }[],
    };
    const pendingDrafts: { worker: number; ref: string }[] = []; // case drafts whose send was cut off: sent again, as a phone does
    let lost = 0; // requests cut off by a kill (no answer)
    const unexpected: string[] = [];
    let stop = false;
    let seq = 0;
    // While the server is down (killed, starting again) the writers wait rather than spin on refused connections.
    let up: Promise<void> = Promise.resolve();

    // A loaded machine right after a restart can make the server shed load (503 with Retry-After, before any
    // work): not an acknowledgement, so the writer waits and goes on, as a phone does; counted, not failed.
    let shed = 0;
    class Shed extends Error {}
    const send: typeof call = async (...args) => {
      const res = await call(...args);
      if (isShed(res)) throw new Shed();
      return res;
    };
    const attempt = async (label: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        if (e instanceof Shed) {
          shed++;
          await sleep(1000);
          return;
        }
        lost++;
        if (!(e instanceof TypeError) && (e as Error).name !== 'TimeoutError') unexpected.push(`${label}: ${(e as Error).message}`);
        await sleep(50); // the server is down or restarting
      }
    };
    const fileCase = async (worker: number, ref: string) => {
      const res = await call(url, 'POST', '/api/cases', { cookie: workers[worker], body: { category: 'traffic_fine', title: `罚单申诉 ${ref}`, description: '崩溃演练：这条案件必须在重启后仍然存在。', clientRef: ref } });
      if (res.status === 201 || res.status === 200) acked.cases.set(ref, res.json.case.id);
      else if (res.status >= 500) {
        if (isShed(res)) shed++;
        pendingDrafts.push({ worker, ref });
      }
      else unexpected.push(`case ${res.status} ${res.text.slice(0, 200)}`);
    };

    const writer = async () => {
      while (!stop) {
        await up;
        if (stop) break;
        const w = r.int(0, workers.length - 1);
        const op = r.next();
        const n = seq++;
        if (op < 0.3) {
          const draft = pendingDrafts.length && r.next() < 0.5 ? pendingDrafts.shift()! : { worker: w, ref: `crash-${SEED}-${n}` };
          await attempt('case', async () => {
            try {
              await fileCase(draft.worker, draft.ref);
            } catch (e) {
              pendingDrafts.push(draft);
              throw e;
            }
          });
        } else if (op < 0.5) {
          await attempt('reserve', async () => {
            const res = await send(url, 'POST', `/api/meals/${r.pick(meals).id}/reservations`, { cookie: workers[w] });
            if (res.status === 201) acked.reservations.push(res.json.reservation.id);
            else if (res.status !== 409) unexpected.push(`reserve ${res.status} ${res.text.slice(0, 200)}`);
          });
        } else if (op < 0.65) {
          await attempt('enrol', async () => {
            const res = await send(url, 'POST', `/api/classroom/${r.pick(sessions).id}/enrolments`, { cookie: workers[w], body: { childName: `孩子${n}`, birthYear: 2017, consent: true } });
            if (res.status === 201) acked.enrolments.push({ id: res.json.enrolment.id, status: res.json.enrolment.status });
            else unexpected.push(`enrol ${res.status} ${res.text.slice(0, 200)}`);
          });
        } else if (op < 0.8) {
          const open = acked.loans.filter((l) => l.worker === w && !acked.returns.includes(l.id));
          if (open.length && r.next() < 0.6) {
            const loan = r.pick(open);
            await attempt('return', async () => {
              const res = await send(url, 'POST', `/api/loans/${loan.id}/return`, { cookie: workers[w] });
              if (res.status === 200) acked.returns.push(loan.id);
              else if (res.status !== 409) unexpected.push(`return ${res.status} ${res.text.slice(0, 200)}`);
            });
          } else {
            await attempt('borrow', async () => {
              const res = await send(url, 'POST', `/api/items/${r.pick(items)}/loans`, { cookie: workers[w], body: {} });
              if (res.status === 201) acked.loans.push({ id: res.json.loan.id, worker: w });
              else if (res.status !== 409) unexpected.push(`borrow ${res.status} ${res.text.slice(0, 200)}`);
            });
          }
        } else {
          const key = `crash-${SEED}-${n}`;
          const orderIds = Array.from({ length: 20 }, (_, i) => `c${SEED}-${n}-${i}`);
          await attempt('ingest', async () => {
            const res = await send(url, 'POST', '/api/oversight/orders', { headers: { ...platformAuth, 'content-type': 'text/csv', 'idempotency-key': key }, raw: [csvHeader, ...orderIds.map(orderLine)].join('\n') });
            if (res.status === 200) acked.ingests.push({ id: res.json.ingestId, key, orderIds, stored: res.json.stored });
            else unexpected.push(`ingest ${res.status} ${res.text.slice(0, 200)}`);
          });
        }
      }
    };

    const ackCount = () => acked.cases.size + acked.reservations.length + acked.enrolments.length + acked.loans.length + acked.returns.length + acked.ingests.length;
    const loops = Array.from({ length: WRITERS }, () => writer());
    let kills = 0;
    const restartMs: number[] = [];
    const ackedBetween: number[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        const before = ackCount();
        await sleep(r.int(UP_MIN, UP_MAX));
        // A kill under writes: at least one write acknowledged in this life (a loaded machine can be slow to serve).
        for (const t = Date.now(); ackCount() === before && Date.now() - t < 60_000; ) await sleep(20);
        let reopen!: () => void;
        up = new Promise((resolve) => (reopen = resolve));
        await server.kill('SIGKILL');
        kills++;
        ackedBetween.push(ackCount() - before);
        const t0 = Date.now();
        try {
          server = await boot();
        } finally {
          reopen();
        }
        url = server.url;
        restartMs.push(Date.now() - t0);
      }
      await sleep(500);
    } finally {
      stop = true;
      await Promise.all(loops);
    }
    // Drafts cut off by a kill are sent again (the phone keeps them until answered): each makes one case.
    let resent = 0;
    for (let tries = 0; pendingDrafts.length && tries < 1000; tries++) {
      const d = pendingDrafts.shift()!;
      resent++;
      const shedBefore = shed;
      await fileCase(d.worker, d.ref);
      if (shed > shedBefore) await sleep(1000);
    }
    assert.equal(pendingDrafts.length, 0, 'every cut-off case draft is answered when sent again');
    await server.kill('SIGTERM');
    server = null;

    // Afterwards, from this process: every acknowledged write is there, nothing is half-written.
    const h = sdb.open();
    try {
      const db = h.db;
      const missing: string[] = [];
      const caseRows = await db.selectFrom('cases').select(['id', 'client_ref']).where('client_ref', 'like', `crash-${SEED}-%`).execute();
      const caseByRef = new Map<string, string[]>();
      for (const c of caseRows) caseByRef.set(c.client_ref!, [...(caseByRef.get(c.client_ref!) ?? []), c.id]);
      for (const [ref, id] of acked.cases) if (caseByRef.get(ref)?.[0] !== id) missing.push(`case ${ref} ${id}`);
      const duplicateCases = [...caseByRef.values()].filter((ids) => ids.length > 1).length;
      const ids = async (table: 'meal_reservations' | 'classroom_enrolments' | 'loans' | 'order_ingests') => new Set((await db.selectFrom(table).select('id').execute()).map((x) => x.id));
      const reservations = new Map((await db.selectFrom('meal_reservations').select(['id', 'status']).execute()).map((x) => [x.id, x.status]));
      for (const id of acked.reservations) if (reservations.get(id) !== 'reserved') missing.push(`reservation ${id}`);
      const enrolments = new Map((await db.selectFrom('classroom_enrolments').select(['id', 'status']).execute()).map((x) => [x.id, x.status]));
      for (const e of acked.enrolments) if (enrolments.get(e.id) !== e.status) missing.push(`enrolment ${e.id} (${e.status} → ${enrolments.get(e.id) ?? 'missing'})`);
      const loans = new Map((await db.selectFrom('loans').select(['id', 'returned_at']).execute()).map((x) => [x.id, x.returned_at]));
      for (const l of acked.loans) if (!loans.has(l.id)) missing.push(`loan ${l.id}`);
      for (const id of acked.returns) if (loans.get(id) == null) missing.push(`return of loan ${id}`);
      const ingests = await ids('order_ingests');
      const orderRows = await db.selectFrom('orders').select(['order_id', 'ingest_id']).where('platform', '=', 'didi').where('driver_id', '=', 'crash-driver').execute();
      const orderIngest = new Map(orderRows.map((o) => [o.order_id, o.ingest_id]));
      for (const g of acked.ingests) {
        if (!ingests.has(g.id)) missing.push(`ingest ${g.key}`);
        if (g.stored !== g.orderIds.length || g.orderIds.some((o) => orderIngest.get(o) !== g.id)) missing.push(`orders of ingest ${g.key}`);
      }
      // Every acknowledged change left its audit record (written in the same transaction).
      const audited = new Set((await db.selectFrom('audit_log').select('target_id').where('target_id', 'is not', null).execute()).map((a) => a.target_id));
      const notAudited = [...acked.cases.values(), ...acked.reservations, ...acked.enrolments.map((e) => e.id), ...acked.loans.map((l) => l.id), ...acked.ingests.map((g) => g.id)].filter((id) => !audited.has(id));

      // Capacity and stock invariants, over every row (the demo's and the drill's).
      const broken: string[] = [];
      const mealRows = await db.selectFrom('meal_items').select(['id', 'servings_total', 'servings_left']).execute();
      const taken = new Map((await db.selectFrom('meal_reservations').select(['meal_item_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', 'in', ['reserved', 'served']).groupBy('meal_item_id').execute()).map((x) => [x.meal_item_id, Number(x.n)]));
      for (const m of mealRows) {
        const n = taken.get(m.id) ?? 0;
        if (m.servings_left < 0 || n > m.servings_total || n !== m.servings_total - m.servings_left) broken.push(`meal ${m.id}: ${n} reserved, total ${m.servings_total}, left ${m.servings_left}`);
      }
      const sessionRows = await db.selectFrom('classroom_sessions').select(['id', 'capacity', 'enrolled']).execute();
      const seated = new Map((await db.selectFrom('classroom_enrolments').select(['session_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'enrolled').groupBy('session_id').execute()).map((x) => [x.session_id, Number(x.n)]));
      for (const s of sessionRows) {
        const n = seated.get(s.id) ?? 0;
        if (n > s.capacity || s.enrolled > s.capacity || n !== s.enrolled) broken.push(`classroom ${s.id}: ${n} enrolled (counter ${s.enrolled}), capacity ${s.capacity}`);
      }
      const itemRows = await db.selectFrom('lend_items').select(['id', 'stock_total', 'stock_available']).execute();
      const out = new Map((await db.selectFrom('loans').select(['item_id', (eb) => eb.fn.countAll<number>().as('n')]).where('returned_at', 'is', null).groupBy('item_id').execute()).map((x) => [x.item_id, Number(x.n)]));
      for (const it of itemRows) {
        const n = out.get(it.id) ?? 0;
        if (it.stock_available < 0 || it.stock_available !== it.stock_total - n) broken.push(`item ${it.id}: ${n} out, total ${it.stock_total}, available ${it.stock_available}`);
      }
      const full = { meals: meals.filter((m) => (taken.get(m.id) ?? 0) === m.servings).length, sessions: sessions.filter((s) => (seated.get(s.id) ?? 0) === s.capacity).length };
      const dupOrders = Number((await sql<{ n: number }>`select count(*) - count(distinct platform || ':' || order_id) as n from orders`.execute(db)).rows[0]!.n);

      const integrity = await integrityCheck(h);
      const audit = await verifyAuditChain(db);
      const total = ackCount();
      const figures = {
        database: onPostgres ? 'PostgreSQL' : 'SQLite',
        seed: SEED,
        kills,
        writers: WRITERS,
        acknowledgedWrites: total,
        byKind: { cases: acked.cases.size, mealReservations: acked.reservations.length, enrolments: acked.enrolments.length, loans: acked.loans.length, returns: acked.returns.length, orderBatches: acked.ingests.length },
        requestsCutOff: lost,
        shedAnswers: shed,
        caseDraftsResent: resent,
        missing: missing.length,
        duplicateCases,
        duplicateOrders: dupOrders,
        notAudited: notAudited.length,
        integrity: integrity.ok ? 'ok' : `FAILED: ${integrity.detail}`,
        integrityDetail: integrity.detail,
        invariants: broken.length ? `FAILED: ${broken.length}` : `ok (${mealRows.length} meals, ${full.meals} of ours sold out; ${sessionRows.length} classroom sessions, ${full.sessions} of ours full; ${itemRows.length} lending items)`,
        audit: audit.ok ? `ok (${audit.checked} records)` : `FAILED: ${audit.problem}`,
        ackedBetweenKills: { min: Math.min(...ackedBetween), max: Math.max(...ackedBetween) },
        restartMs: { mean: Math.round(restartMs.reduce((a, b) => a + b, 0) / Math.max(1, restartMs.length)), max: Math.max(...restartMs) },
        seconds: Math.round((Date.now() - started) / 1000),
      };
      console.log(`CRASH FIGURES ${JSON.stringify(figures, null, 2)}`);
      assert.equal(kills, KILLS);
      assert.ok(Math.min(...ackedBetween) >= 1, 'every life acknowledged writes before its kill');
      assert.deepEqual(unexpected, [], 'no unexpected answer');
      assert.ok(acked.cases.size > 0 && acked.reservations.length > 0 && acked.enrolments.length > 0 && acked.loans.length > 0 && acked.ingests.length > 0, 'every kind of write was acknowledged at least once');
      assert.deepEqual(missing, [], 'no acknowledged write is missing');
      assert.equal(duplicateCases, 0);
      assert.equal(dupOrders, 0);
      assert.deepEqual(notAudited, [], 'every acknowledged write has its audit record');
      assert.ok(integrity.ok, integrity.detail);
      assert.deepEqual(broken, [], 'capacity and stock invariants');
      assert.ok(audit.ok, audit.problem ?? '');
    } finally {
      await h.close();
    }
  } finally {
    if (server) await server.kill('SIGKILL');
    await sdb.drop();
  }
});
