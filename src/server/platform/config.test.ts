import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from './config.js';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nx-config-'));

test('defaults run as is and generate the data key on first run, then reuse it', () => {
  const d = dir();
  const a = loadConfig({ DATA_DIR: d });
  assert.equal(a.port, 8080);
  assert.equal(a.dataKey.length, 32);
  assert.equal((fs.statSync(path.join(d, 'secret.key')).mode & 0o777).toString(8), '600');
  assert.deepEqual(loadConfig({ DATA_DIR: d }).dataKey, a.dataKey);
});

test('empty values in .env mean "not set"', () => {
  const c = loadConfig({ DATA_DIR: dir(), PORT: '', DATABASE_URL: '', TRUST_PROXY: '' });
  assert.equal(c.port, 8080);
  assert.equal(c.databaseUrl, '');
});

test('a bad setting stops the start with a message naming it and how to fix it', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL=.*postgres:\/\//],
    [{ DATA_KEY: 'short' }, /DATA_KEY=.*openssl rand -base64 32/],
    [{ SEED_DEMO: 'yes' }, /SEED_DEMO/],
    [{ MAP_TILE_URL: 'http://tiles.example.cn/{z}/{x}/{y}.png' }, /MAP_TILE_URL=.*https/],
    [{ MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}.png' }, /MAP_TILE_URL=.*\{y\}/],
    // The web app fills in only {z}/{x}/{y}, and the Content-Security-Policy names one fixed origin.
    [{ MAP_TILE_URL: 'https://{s}.tile.example.cn/{z}/{x}/{y}.png' }, /MAP_TILE_URL=.*fixed host/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig({ DATA_DIR: dir(), ...env }), (e: unknown) => e instanceof ConfigError && message.test(e.message) && /\.env\.example/.test(e.message));
  }
  assert.throws(() => loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'postgres://localhost/x' }), /DATA_KEY is required with DATABASE_URL/);
});
