// npm run bench:http — requests/s of the real server against a bare Fastify route returning the same
// bytes, measured side by side in one run. BENCH_SECONDS (default 10) per measurement.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from './free-port.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-'));
const realPort = await freePort();
const barePort = await freePort();
const children: ChildProcess[] = [];

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    c.stdout!.on('data', (d: Buffer) => ready.test(d.toString()) && resolve());
    c.on('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}
const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('exit', stopAll);

/** CPU time (user + system, ms) a child process has used, from /proc: steadier than throughput alone. */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

async function run(url: string, pid: number, headers: Record<string, string> = {}) {
  const before = cpuMs(pid);
  const r = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  const cpuPerReq = ((cpuMs(pid) - before) * 1000) / Math.max(1, r.requests.total);
  const non2xx = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p99: r.latency.p99, non2xx, cpuPerReq };
}

await start(['--import', 'tsx', 'src/server/main.ts'], { PORT: String(realPort), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000000', NODE_ENV: 'production' }, /is running/);
const base = `http://127.0.0.1:${realPort}`;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000001', password: 'nuanxin2026' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
const healthBody = await (await fetch(`${base}/api/health`)).text();
const profileBody = await (await fetch(`${base}/api/workers/me`, { headers: { cookie } })).text();
const bodiesFile = path.join(dir, 'bodies.json');
fs.writeFileSync(bodiesFile, JSON.stringify({ '/api/health': healthBody, '/api/workers/me': profileBody }));
await start(['scripts/bench-bare-server.mjs', bodiesFile, String(barePort)], {}, /bare ready/);
const bare = `http://127.0.0.1:${barePort}`;

console.log(`bench:http — ${os.cpus().length} cores, ${connections} connections, ${seconds} s each, Node ${process.version}`);
// Warm both up so JIT and caches are comparable.
await autocannon({ url: `${base}/api/workers/me`, connections, duration: 2, headers: { cookie } });
await autocannon({ url: `${bare}/api/workers/me`, connections, duration: 2 });

const rows: [string, Awaited<ReturnType<typeof run>>, Awaited<ReturnType<typeof run>>][] = [];
const [realPid, barePid] = [children[0]!.pid!, children[1]!.pid!];
rows.push(['GET /api/health', await run(`${bare}/api/health`, barePid), await run(`${base}/api/health`, realPid)]);
rows.push([`GET /api/workers/me (signed in, ${profileBody.length} B)`, await run(`${bare}/api/workers/me`, barePid), await run(`${base}/api/workers/me`, realPid, { cookie })]);

for (const [name, b, r] of rows) {
  console.log(
    `${name}\n  bare Fastify: ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms, server CPU ${b.cpuPerReq.toFixed(0)} µs/req)` +
      `\n  Nuanxin:      ${r.rps.toFixed(0)} req/s (p99 ${r.p99} ms, server CPU ${r.cpuPerReq.toFixed(0)} µs/req, non-2xx ${r.non2xx})` +
      `\n  ratio:        ${(r.rps / b.rps).toFixed(2)} (req/s), ${(b.cpuPerReq / r.cpuPerReq).toFixed(2)} (CPU per request)`,
  );
}
stopAll();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
