// Load shedding (decision 0023): beyond the configured limits the API answers 503 with Retry-After at
// once; /api/health is never refused; sign-in is refused first. Proved with tiny limits over real
// sockets (shedding counts only requests that came over a socket), on SQLite or PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { freshDb } from './helpers/db.js';
import { testConfig } from './helpers/app.js';

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

/** A real server over a fresh database with the given limits; `extra` may add test-only routes before it starts. */
async function server(env: Record<string, string>, extra?: (app: Awaited<ReturnType<typeof buildApp>>['app']) => void) {
  const handle = await freshDb();
  const built = await buildApp(testConfig(handle.dir, env), handle);
  extra?.(built.app);
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(async () => {
    await built.app.close();
    await handle.close();
  });
  return { app: built.app, port: (built.app.server.address() as AddressInfo).port };
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };
function request(port: number, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request that has sent its headers and part of its body, and waits (a phone uploading slowly). */
function uploading(port: number): http.ClientRequest {
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/logout', agent: false, headers: { 'content-type': 'application/json', 'content-length': '100' } });
  req.on('error', () => {});
  req.write('{');
  return req;
}

/** Asks again until `ok` holds (the server takes the held requests in its own time); fails after many tries. */
async function until(ask: () => Promise<Answer>, ok: (a: Answer) => boolean): Promise<Answer> {
  for (let i = 0; i < 200; i++) {
    const a = await ask();
    if (ok(a)) return a;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the server never reached the expected state');
}

const nearby = '/api/stations/nearby?lat=43.8256&lng=87.6168';

function assertShed(a: Answer) {
  assert.equal(a.status, 503, a.body);
  assert.match(String(a.headers['retry-after']), /^[1-3]$/);
  assert.equal(JSON.parse(a.body).error.code, 'unavailable');
  assert.equal(a.headers['x-content-type-options'], 'nosniff');
  assert.equal(a.headers['cache-control'], 'no-store');
}

test('in-flight limit: beyond it the API answers 503 with Retry-After; health never; sign-in first; slow uploads do not count; recovers', async () => {
  // A test-only route whose handler waits until the test lets it go: a request held in flight.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { app, port } = await server({ SHED_MAX_IN_FLIGHT: '2', SHED_MAX_QUEUE_MS: '0' }, (a) => {
    a.get('/api/test/wait', { config: { access: { public: true } } }, async () => {
      await gate;
      return { ok: true };
    });
  });
  assert.equal((await request(port, 'GET', nearby)).status, 200);
  const login = () => request(port, 'POST', '/api/auth/login', JSON.stringify({ phone: '13800000001', password: 'wrong-password' }));
  assert.equal((await login()).status, 401); // not refused while idle: it reaches the check

  // Two phones still uploading their bodies: not in flight yet.
  const uploads = [uploading(port), uploading(port)];
  // One request in flight: half the limit, so sign-in is refused while other requests still pass.
  const waits = [request(port, 'GET', '/api/test/wait')];
  assertShed(await until(login, (a) => a.status === 503));
  assert.equal((await request(port, 'GET', nearby)).status, 200);

  // Two in flight: the limit. Every API request is refused at once, health is not, nor an injected one.
  waits.push(request(port, 'GET', '/api/test/wait'));
  assertShed(await until(() => request(port, 'GET', nearby), (a) => a.status !== 200));
  assertShed(await request(port, 'GET', '/api/workers/me'));
  const health = await request(port, 'GET', '/api/health');
  assert.equal(health.status, 200, health.body);
  assert.equal((await app.inject({ method: 'GET', url: nearby })).statusCode, 200);

  // The held requests are answered: the server takes requests again (the uploads still pending count for nothing).
  release();
  for (const w of await Promise.all(waits)) assert.equal(w.status, 200);
  assert.equal((await request(port, 'GET', nearby)).status, 200);
  assert.equal((await login()).status, 401);
  for (const u of uploads) u.destroy();
});

test('queue limit: requests met after the server has spent the limit on a queue of others are refused', async () => {
  // A test-only route that keeps the event loop busy 5 ms, as a slow synchronous query would.
  const { port } = await server({ SHED_MAX_IN_FLIGHT: '0', SHED_MAX_QUEUE_MS: '20' }, (app) => {
    app.get('/api/test/slow', { config: { access: { public: true } } }, async () => {
      const until = performance.now() + 5;
      while (performance.now() < until);
      return { ok: true };
    });
  });
  const n = 40;
  // n connections, open and accepted before anything is asked.
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    })),
  );
  await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 50));
  const answers = sockets.map(
    (s) =>
      new Promise<string>((resolve) => {
        let text = '';
        s.setEncoding('utf8');
        s.on('data', (d: string) => (text += d));
        s.on('end', () => resolve(text));
      }),
  );
  // All n requests written in one go: the server finds them all waiting in one turn of its loop.
  for (const s of sockets) s.write('GET /api/test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  const texts = await Promise.all(answers);
  const status = texts.map((t) => Number(/^HTTP\/1\.1 (\d{3})/.exec(t)?.[1]));
  const ok = status.filter((s) => s === 200).length;
  const refused = texts.filter((t) => t.startsWith('HTTP/1.1 503'));
  assert.equal(ok + refused.length, n, `every request answered 200 or 503: ${status.join(',')}`);
  assert.ok(ok >= 16, `a queue starts refusing only after 16 requests: ${status.join(',')}`);
  assert.ok(refused.length >= 1, `the tail of the queue is refused: ${status.join(',')}`);
  for (const t of refused) {
    assert.match(t, /\r\nretry-after: [1-3]\r\n/i);
    assert.match(t, /"code":"unavailable"/);
  }
  // The queue is gone: the next request is taken.
  assert.equal((await request(port, 'GET', '/api/test/slow')).status, 200);
});

test('standing queue: when even the quickest answers of a while took longer than the limit, the next requests are refused until it clears', async () => {
  // A test-only route that waits without using the CPU, as a request waiting for a database connection
  // would: until all ten have arrived (so all ten are answered after the last arrival), then 60 ms more.
  let arrived = 0;
  let allIn!: () => void;
  const gate = new Promise<void>((r) => (allIn = r));
  const { port } = await server({ SHED_MAX_IN_FLIGHT: '0', SHED_MAX_QUEUE_MS: '20' }, (app) => {
    app.get('/api/test/pool', { config: { access: { public: true } } }, async () => {
      if (++arrived === 10) allIn();
      await gate;
      await new Promise((r) => setTimeout(r, 60));
      return { ok: true };
    });
  });
  const pause = () => new Promise((r) => setTimeout(r, 300)); // longer than the 250 ms window
  await pause();
  // Ten answers, each at least 60 ms from handler to sent: more than the 20 ms limit.
  for (const a of await Promise.all(Array.from({ length: 10 }, () => request(port, 'GET', '/api/test/pool')))) assert.equal(a.status, 200);
  await pause();
  assertShed(await request(port, 'GET', nearby));
  // A window with nothing answered and nothing waiting: the queue has cleared.
  await pause();
  assert.equal((await request(port, 'GET', nearby)).status, 200);
});
