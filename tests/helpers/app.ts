import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/server/platform/config.js';
import { buildApp } from '../../src/server/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { freshDb } from './db.js';
import { rng, workerSeed, type WorkerSeed } from '../../src/server/demo/factories.js';
import { logOptions } from '../../src/server/platform/log.js';

/**
 * Every test app logs as the real server does, into test-results/logs (or NUANXIN_TEST_LOG_DIR): after
 * the whole run, `npm run scan:secrets` reads these logs for ID and phone numbers, passwords and keys.
 */
export const testLogDir = path.resolve(process.env.NUANXIN_TEST_LOG_DIR ?? 'test-results/logs');
export const testLogFile = () => {
  fs.mkdirSync(testLogDir, { recursive: true });
  return path.join(testLogDir, `test-${process.pid}.log`);
};

export const testKey = randomBytes(32).toString('base64');

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATA_KEY: testKey,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
}

/** A real app over a fresh database with the demo data (small), driven with inject(). */
export async function testApp(opts: { env?: Record<string, string>; workers?: number; seed?: boolean; cases?: number; orders?: number } = {}) {
  const handle = await freshDb();
  const config = testConfig(handle.dir, opts.env);
  const built = await buildApp(config, handle, { logger: logOptions('info', testLogFile()) });
  if (opts.seed !== false) await seedDemo(built.ctx, { workers: opts.workers ?? 40, cases: opts.cases ?? 0, orders: opts.orders ?? 0 });
  await built.app.ready();
  const app = built.app;

  const cookieOf = (res: LightMyRequestResponse) => {
    const c = res.cookies.find((x) => x.name === 'nx_session');
    return c ? `nx_session=${c.value}` : '';
  };
  /** Signs in and returns the Cookie header for later requests. */
  async function login(phone: string, password = DEMO_PASSWORD) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } });
    if (res.statusCode !== 200) throw new Error(`login ${phone} failed: ${res.statusCode} ${res.body}`);
    return cookieOf(res);
  }
  /** Registers a new worker through the API (a fresh phone number each time) and returns their cookie. */
  let nextWorker = 20_000;
  async function newWorker(over: Partial<WorkerSeed> = { kind: 'courier', cityCode: '652301', districtCode: '652301002', plates: [] }) {
    const n = nextWorker++;
    const res = await app.inject({ method: 'POST', url: '/api/workers/register', payload: workerSeed(rng(n), n, over) });
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
    return cookieOf(res);
  }
  return {
    app,
    ctx: built.ctx,
    newWorker,
    routeTable: built.routeTable,
    handle,
    config,
    login,
    cookieOf,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof testApp>>;
