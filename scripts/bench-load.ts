// npm run bench:load — the real server (src/server/main.ts, production settings, LOG_LEVEL=warn, rate limits
// raised so 429s hide nothing) under a mixed workload driven by autocannon, on the embedded SQLite and on
// PostgreSQL (when DATABASE_URL is set: a scratch database is created beside it and dropped), side by side:
//  1. capacity: the offered rate stepped up; the highest rate served in full with p95 ≤ 200 ms;
//  2. overload: 4× that rate, shedding on (the defaults) and, for contrast, off: the share of 503s, their
//     latency, and the p95 of the requests accepted;
//  3. --soak MIN: the mix at a steady rate (--rate, default 150 req/s) for MIN minutes on one database
//     (--db, default sqlite), with the server's RSS and heap at the start, every 5 minutes and at the end.
// --quick: the CI size (a small demo, short steps, no contrast run; ≤ 1 min a database). --db sqlite|postgres|both.
// The mix, per second offered: workers 60 % (half of it /api/stations/nearby at random points, a quarter
// /api/cases/mine, a quarter one of their cases), officers 20 % (their queue, a case's page, a triage
// PATCH: a third each), analysts 10 % (/api/stats/dashboard/:section, the eight sections in turn), one
// platform 10 % (POST /api/oversight/orders, 5 new CSV lines a batch, a new Idempotency-Key each).
// Each client connection is one autocannon instance at its own rate, started staggered over a second so
// their per-second bursts do not line up. autocannon runs on the same cores as the server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';
import { freePort } from './free-port.js';
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase, migrateToLatest } from '../src/server/platform/db.js';
import { FieldCrypto } from '../src/server/platform/crypto.js';
import { seedDemo, demoWorkers } from '../src/server/demo/seed.js';
import { phoneFor } from '../src/server/demo/factories.js';
import { ensurePlatforms } from '../src/server/modules/oversight/registry.service.js';
import { ensureDefaultRules } from '../src/server/modules/oversight/rules.service.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const soakMinutes = Number(option('soak') ?? 0);
const soakRate = Number(option('rate') ?? 150);
const P95_TARGET = 200;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const adminUrl = process.env.DATABASE_URL ?? '';
const dbChoice = option('db') ?? (soakMinutes ? 'sqlite' : 'both');
const targets = [
  ...(dbChoice !== 'postgres' ? [{ label: 'SQLite', pg: false }] : []),
  ...(dbChoice !== 'sqlite' && adminUrl ? [{ label: 'PostgreSQL', pg: true }] : []),
];
if (dbChoice === 'postgres' && !adminUrl) throw new Error('--db postgres needs DATABASE_URL');

// A probe loaded into the server: on SIGUSR2 it collects garbage and prints its memory, for the soak.
const probe = `data:text/javascript,${encodeURIComponent(
  "process.on('SIGUSR2',()=>{globalThis.gc?.();process.stdout.write('NXMEM '+JSON.stringify(process.memoryUsage())+'\\n')})",
)}`;

type Server = { child: ChildProcess; base: string; warnings: string[]; memory: (() => Promise<NodeJS.MemoryUsage>) };
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', probe, 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const warnings: string[] = [];
  const memWaiters: ((m: NodeJS.MemoryUsage) => void)[] = [];
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const up = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
  let rest = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    rest += d;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (line.includes('is running')) ready();
      else if (line.startsWith('NXMEM ')) memWaiters.shift()?.(JSON.parse(line.slice(6)));
      else if (line.startsWith('{')) {
        const level = (JSON.parse(line) as { level?: number }).level ?? 0;
        if (level >= 50) console.error(`  server: ${line.slice(0, 300)}`);
        else if (level >= 40) warnings.push(line);
      }
    }
  });
  child.on('exit', (code) => failed(new Error(`server exited ${code} before it was ready`)));
  await up;
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    warnings,
    memory: () =>
      new Promise((resolve) => {
        memWaiters.push(resolve);
        child.kill('SIGUSR2');
      }),
  };
}

async function stopServer(s: Server) {
  if (s.child.exitCode !== null) return;
  const gone = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await gone;
}

// ---- the principals and what each asks ------------------------------------------------------------

type Req = { method: string; path: string; headers: Record<string, string>; body?: string; setupRequest?: (r: Req) => Req };
type Role = 'worker' | 'officer' | 'analyst' | 'platform';
const shares: Record<Role, number> = { worker: 0.6, officer: 0.2, analyst: 0.1, platform: 0.1 };

async function signIn(base: string, phone: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'nuanxin2026' }) });
  if (r.status !== 200) throw new Error(`sign-in ${phone}: ${r.status} ${await r.text()}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}
const json = async (base: string, p: string, cookie: string) => {
  const r = await fetch(base + p, { headers: { cookie } });
  if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { items: { id: string }[] };
};

type Plan = Record<Role, (i: number) => Req[]>;
async function preparePlan(base: string, workerCount: number): Promise<Plan> {
  // Workers: the demo driver and demo workers 3…; each keeps one of their cases to read (if any).
  const phones = [demoWorkers.driver, ...Array.from({ length: workerCount - 1 }, (_, i) => phoneFor(i + 3))];
  const workers: { cookie: string; caseId: string | null }[] = [];
  for (const phone of phones) {
    const cookie = await signIn(base, phone);
    const mine = await json(base, '/api/cases/mine', cookie);
    workers.push({ cookie, caseId: mine.items[0]?.id ?? null });
  }
  // Officers: the union officer and the chair, each over the cases in their own queue.
  const officers: { cookie: string; cases: string[] }[] = [];
  for (const phone of ['13900000002', '13900000003']) {
    const cookie = await signIn(base, phone);
    const q = await json(base, '/api/cases/queue?scope=mine&limit=200', cookie);
    if (q.items.length) officers.push({ cookie, cases: q.items.map((c) => c.id) });
  }
  if (!officers.length) throw new Error('no officer has a case in their queue: the demo data is missing its cases');
  const analyst = await signIn(base, '13900000008');
  const admin = await signIn(base, '13900000009');
  const k = await fetch(`${base}/api/admin/api-keys`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ platformCode: 'didi', label: 'bench:load' }) });
  if (k.status !== 201) throw new Error(`api key: ${k.status} ${await k.text()}`);
  const key = ((await k.json()) as { key: string }).key;

  const points: [number, number][] = [[43.8256, 87.6168], [44.0146, 87.3047], [41.7643, 86.1459]];
  const nearby = (): Req => ({
    method: 'GET',
    path: '/api/stations/nearby',
    headers: {},
    setupRequest: (r) => {
      const [lat, lng] = points[Math.floor(Math.random() * points.length)]!;
      return { ...r, path: `/api/stations/nearby?lat=${(lat + (Math.random() - 0.5) * 0.2).toFixed(5)}&lng=${(lng + (Math.random() - 0.5) * 0.2).toFixed(5)}&limit=10` };
    },
  });
  const sections = ['workers', 'stations', 'cases', 'oversight', 'parking', 'training', 'incubation', 'map'];
  const header = 'order_id,platform,driver_id,driver_permit_no,plate,city_code,accept_ts,start_ts,finish_ts,fare_paid,driver_pay,distance_m,status';
  const runId = randomBytes(4).toString('hex');
  let batch = 0;
  return {
    worker: (i) => {
      const w = workers[i % workers.length]!;
      const h = { cookie: w.cookie };
      return [
        nearby(),
        { method: 'GET', path: '/api/cases/mine', headers: h },
        nearby(),
        w.caseId ? { method: 'GET', path: `/api/cases/${w.caseId}`, headers: h } : { method: 'GET', path: '/api/cases/mine', headers: h },
      ];
    },
    officer: (i) => {
      const o = officers[i % officers.length]!;
      const h = { cookie: o.cookie };
      let n = i;
      const pick = () => o.cases[n++ % o.cases.length]!;
      return [
        { method: 'GET', path: '/api/cases/queue?scope=mine', headers: h },
        { method: 'GET', path: '/api/cases/x', headers: h, setupRequest: (r) => ({ ...r, path: `/api/cases/${pick()}` }) },
        {
          method: 'PATCH',
          path: '/api/cases/x',
          headers: { ...h, 'content-type': 'application/json' },
          setupRequest: (r) => ({ ...r, path: `/api/cases/${pick()}`, body: JSON.stringify({ priority: n % 2 ? 'high' : 'normal' }) }),
        },
      ];
    },
    analyst: (i) => {
      let n = i;
      return [{ method: 'GET', path: '/api/stats/dashboard/workers', headers: { cookie: analyst }, setupRequest: (r) => ({ ...r, path: `/api/stats/dashboard/${sections[n++ % sections.length]}` }) }];
    },
    platform: () => [
      {
        method: 'POST',
        path: '/api/oversight/orders',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        setupRequest: (r) => {
          const b = `${runId}-${batch++}`;
          const lines = Array.from({ length: 5 }, (_, k) => `${b}-${k},didi,drv${k},JSZ${k},新A1234${k},650100,2026-11-01T08:00:00+08:00,2026-11-01T08:03:00+08:00,2026-11-01T08:30:00+08:00,3000,2300,9000,completed`);
          return { ...r, headers: { ...r.headers, 'idempotency-key': b }, body: [header, ...lines].join('\n') };
        },
      },
    ],
  };
}

// ---- running the mix --------------------------------------------------------------------------------

type Sample = { t: number; ms: number; status: number };
type Run = { offered: number; seconds: number; samples: Sample[]; errors: number; connections: number };

/** The mix at `rate` req/s for `seconds`: one autocannon instance per connection, about 10 req/s each. */
async function drive(base: string, plan: Plan, rate: number, seconds: number, onSample?: (s: Sample) => void): Promise<Run> {
  const total = Math.min(400, Math.max(8, Math.ceil(rate / 10)));
  const conns: { role: Role; rate: number; idx: number }[] = [];
  for (const role of Object.keys(shares) as Role[]) {
    const want = rate * shares[role];
    const c = Math.max(1, Math.round(total * shares[role]));
    for (let i = 0; i < c; i++) conns.push({ role, rate: Math.max(1, Math.round(want / c)), idx: i });
  }
  const offered = conns.reduce((s, c) => s + c.rate, 0);
  const samples: Sample[] = [];
  let errors = 0;
  const t0 = performance.now();
  const runs = conns.map(
    (c, k) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const inst = autocannon(
            { url: base, connections: 1, overallRate: c.rate, duration: seconds, timeout: 10, requests: plan[c.role](c.idx) },
            () => resolve(),
          );
          inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
            const s = { t: performance.now() - t0, ms, status };
            samples.push(s);
            onSample?.(s);
          });
          inst.on('reqError', () => errors++);
        }, (k * 1000) / conns.length);
      }),
  );
  await Promise.all(runs);
  return { offered, seconds, samples, errors, connections: conns.length };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
function summary(r: Run) {
  const ok = r.samples.filter((s) => s.status < 400 || s.status === 409);
  const shed = r.samples.filter((s) => s.status === 503);
  // 409: two connections of one officer triaged the same case at once, a correct answer to a race.
  const conflicts = r.samples.filter((s) => s.status === 409).length;
  const other = r.samples.filter((s) => s.status >= 400 && s.status !== 503 && s.status !== 409);
  const all = r.samples.map((s) => s.ms);
  return {
    offered: r.offered,
    achieved: r.samples.length / r.seconds,
    accepted: ok.length / r.seconds,
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99: pct(all, 99),
    okP95: pct(ok.map((s) => s.ms), 95),
    shedShare: r.samples.length ? shed.length / r.samples.length : 0,
    shedP50: pct(shed.map((s) => s.ms), 50),
    shedP95: pct(shed.map((s) => s.ms), 95),
    other: other.length,
    conflicts,
    otherCodes: [...new Set(other.map((s) => s.status))].join(' '),
    errors: r.errors,
    connections: r.connections,
  };
}
type Summary = ReturnType<typeof summary>;
const meets = (s: Summary) => s.p95 <= P95_TARGET && s.achieved >= 0.95 * s.offered && s.shedShare === 0 && s.other === 0 && s.errors === 0;
const f = (n: number, d = 0) => (Number.isNaN(n) ? '–' : n.toFixed(d));
const line = (s: Summary) =>
  `offered ${f(s.offered)} → ${f(s.achieved)} req/s answered (${f(s.accepted)} accepted), p50 ${f(s.p50)} / p95 ${f(s.p95)} / p99 ${f(s.p99)} ms` +
  `${s.shedShare ? `, 503 ${f(s.shedShare * 100, 1)} % (p50 ${f(s.shedP50)} / p95 ${f(s.shedP95)} ms), accepted p95 ${f(s.okP95)} ms` : ''}` +
  `${s.conflicts ? `, 409 (concurrent triage) ${s.conflicts}` : ''}${s.other ? `, other non-2xx ${s.other} (${s.otherCodes})` : ''}${s.errors ? `, errors/timeouts ${s.errors}` : ''}`;

// ---- databases ------------------------------------------------------------------------------------

type Target = { label: string; pg: boolean };
async function prepareDatabase(t: Target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-load-'));
  const dataKey = randomBytes(32).toString('base64');
  let url = '';
  let drop = async () => {};
  if (t.pg) {
    const name = `nx_load_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    };
  }
  const env = { DATA_DIR: dir, DATA_KEY: dataKey, DATABASE_URL: url, SEED_DEMO: quick ? 'false' : 'true' };
  if (quick) {
    // CI size: a small demo seeded here (the full one, which the server loads itself, takes a minute).
    const config = loadConfig({ ...env, NODE_ENV: 'production', SMS_ADAPTER: 'none' });
    const h = openDatabase(config);
    await migrateToLatest(h.db);
    const ctx = { db: h.db, dbKind: h.kind, crypto: new FieldCrypto(config.dataKey), config };
    await ensurePlatforms(ctx.db);
    await ensureDefaultRules(ctx.db);
    await seedDemo(ctx, { workers: 60, cases: 60, orders: 0 });
    await h.close();
  }
  return {
    env,
    cleanup: async () => {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Result = { label: string; steps: Summary[]; capacity: Summary | null; overload: Summary | null; unshed: Summary | null; healthAfter: number };

async function capacityRun(t: Target): Promise<Result> {
  const started = Date.now();
  const db = await prepareDatabase(t);
  let server = await startServer(db.env);
  const setupAt = Date.now();
  try {
    console.log(`\n${t.label}: server up in ${((setupAt - started) / 1000).toFixed(0)} s (${quick ? 'small demo' : 'full demo'})`);
    const plan = await preparePlan(server.base, quick ? 12 : 40);
    await drive(server.base, plan, 100, quick ? 2 : 5); // warm-up: JIT, caches, the station index
    const rates = quick ? [50, 100, 200, 300] : [50, 100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200];
    const stepSeconds = quick ? 3 : 10;
    const steps: Summary[] = [];
    let capacity: Summary | null = null;
    for (const rate of rates) {
      const s = summary(await drive(server.base, plan, rate, stepSeconds));
      steps.push(s);
      const ok = meets(s);
      console.log(`  ${ok ? 'meets' : 'fails'}  ${line(s)}`);
      if (!ok) break;
      capacity = s;
    }
    const base = capacity?.offered ?? 100;
    const overloadSeconds = quick ? 4 : 10;
    const overload = summary(await drive(server.base, plan, base * 4, overloadSeconds));
    console.log(`  overload ×4, shedding on:  ${line(overload)}`);
    const shedWarnings = server.warnings.filter((w) => w.includes('overloaded')).length;
    if (shedWarnings) console.log(`  (the server logged ${shedWarnings} "overloaded" warning(s), at most one per 10 s)`);
    const healthAfter = (await fetch(`${server.base}/api/health`)).status;
    let unshed: Summary | null = null;
    if (!quick) {
      // The contrast: the same overload with shedding off (a restart over the same data).
      await stopServer(server);
      server = await startServer({ ...db.env, SHED_MAX_IN_FLIGHT: '0', SHED_MAX_QUEUE_MS: '0' });
      const plan2 = await preparePlan(server.base, 40);
      await drive(server.base, plan2, 100, 3);
      unshed = summary(await drive(server.base, plan2, base * 4, overloadSeconds));
      console.log(`  overload ×4, shedding off: ${line(unshed)}`);
    }
    return { label: t.label, steps, capacity, overload, unshed, healthAfter };
  } finally {
    await stopServer(server);
    await db.cleanup();
  }
}

async function soak(t: Target) {
  const db = await prepareDatabase(t);
  const server = await startServer(db.env);
  const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
  try {
    const plan = await preparePlan(server.base, 40);
    await drive(server.base, plan, 100, 5);
    const show = async (label: string) => {
      const m = await server.memory();
      console.log(`  ${label.padEnd(8)} RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (after a full GC)`);
      return m;
    };
    console.log(`\nsoak on ${t.label}: ${soakRate} req/s offered for ${soakMinutes} min`);
    const first = await show('start');
    let window: Sample[] = [];
    const windowMs = 5 * 60_000;
    const windows: Promise<void>[] = [];
    let next = windowMs;
    const run = drive(server.base, plan, soakRate, soakMinutes * 60, (s) => {
      window.push(s);
      if (s.t >= next) {
        const w = window;
        window = [];
        const minute = Math.round(next / 60_000);
        next += windowMs;
        const ok = w.filter((x) => x.status < 400);
        windows.push(
          show(`${minute} min`).then(() =>
            console.log(`           last 5 min: ${(w.length / 300).toFixed(0)} req/s answered, p95 ${f(pct(w.map((x) => x.ms), 95))} ms, non-2xx ${w.length - ok.length}`),
          ),
        );
      }
    });
    const r = await run;
    await Promise.all(windows);
    const last = await show('end');
    const s = summary(r);
    console.log(`  whole soak: ${line(s)}`);
    console.log(`  growth start → end: RSS ${mb(last.rss - first.rss)}, heap used ${mb(last.heapUsed - first.heapUsed)}`);
    return s;
  } finally {
    await stopServer(server);
    await db.cleanup();
  }
}

console.log(
  `bench:load — ${os.cpus().length} cores, Node ${process.version}${quick ? ', --quick' : ''}; p95 target ${P95_TARGET} ms; ` +
    'autocannon shares the cores with the server',
);
console.log('mix: workers 60 % (stations nearby ½, my cases ¼, one case ¼), officers 20 % (queue, case page, triage PATCH), analysts 10 % (dashboard sections), platform 10 % (order batches of 5)');
const started = Date.now();
let bad = 0;
if (soakMinutes) {
  const s = await soak(targets[0]!);
  if (s.other || s.errors) bad++;
} else {
  const results: Result[] = [];
  for (const t of targets) results.push(await capacityRun(t));
  console.log('\nside by side');
  const col = (r: Result, pick: (r: Result) => string) => pick(r).padEnd(46);
  const rows: [string, (r: Result) => string][] = [
    ['sustained, p95 ≤ 200 ms', (r) => (r.capacity ? `${f(r.capacity.achieved)} req/s (p95 ${f(r.capacity.p95)} ms)` : 'below the first step')],
    ['first step failed', (r) => { const s = r.steps.find((x) => !meets(x)); return s ? `${f(s.offered)} req/s: p95 ${f(s.p95)} ms, ${f(s.achieved)} answered` : 'none (raise the steps)'; }],
    ['overload ×4: 503 share', (r) => (r.overload ? `${f(r.overload.shedShare * 100, 1)} % at ${f(r.overload.offered)} req/s offered` : '–')],
    ['overload ×4: 503 latency', (r) => (r.overload ? `p50 ${f(r.overload.shedP50)} / p95 ${f(r.overload.shedP95)} ms` : '–')],
    ['overload ×4: accepted', (r) => (r.overload ? `${f(r.overload.accepted)} req/s, p95 ${f(r.overload.okP95)} ms` : '–')],
    ['overload ×4, no shedding', (r) => (r.unshed ? `p95 ${f(r.unshed.p95)} ms, ${f(r.unshed.accepted)} req/s, timeouts ${r.unshed.errors}` : '(not run with --quick)')],
  ];
  console.log(`${''.padEnd(26)}${results.map((r) => r.label.padEnd(46)).join('')}`);
  for (const [name, pick] of rows) console.log(`${name.padEnd(26)}${results.map((r) => col(r, pick)).join('')}`);
  // What must hold whatever the machine: the workload is valid (no 4xx, no 5xx but 503), and the server
  // answers its health check after the overload.
  for (const r of results) {
    for (const s of [...r.steps, r.overload!]) {
      if (s.other) {
        console.log(`FAIL ${r.label}: ${s.other} answers other than 2xx/503 (${s.otherCodes})`);
        bad++;
      }
    }
    if (r.healthAfter !== 200) {
      console.log(`FAIL ${r.label}: /api/health answered ${r.healthAfter} after the overload`);
      bad++;
    }
  }
}
console.log(`\nbench:load took ${((Date.now() - started) / 1000).toFixed(0)} s${bad ? `; ${bad} check(s) failed` : ''}`);
process.exit(bad ? 1 : 0);
