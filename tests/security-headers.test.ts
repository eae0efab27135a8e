// The security headers on every answer; the map's tile server is allowed to serve images only when set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './helpers/app.js';

const directives = (csp: string | undefined) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

test('without a tile server, images come only from the app itself and data: URLs', async () => {
  const t = await testApp({ seed: false });
  try {
    for (const url of ['/api/health', '/api/reference', '/stations']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = directives(res.headers['content-security-policy'] as string);
      assert.deepEqual(csp.get('img-src'), ["'self'", 'data:'], url);
      assert.deepEqual(csp.get('default-src'), ["'self'"], url);
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
  } finally {
    await t.close();
  }
});

test('with MAP_TILE_URL, its origin (and nothing else of it) is added to img-src', async () => {
  const t = await testApp({ seed: false, env: { MAP_TILE_URL: 'https://tiles.example.cn:8443/osm/{z}/{x}/{y}.png?key=abc' } });
  try {
    for (const url of ['/api/health', '/stations']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = directives(res.headers['content-security-policy'] as string);
      assert.deepEqual(csp.get('img-src'), ["'self'", 'data:', 'https://tiles.example.cn:8443'], url);
      assert.deepEqual(csp.get('default-src'), ["'self'"], 'only images may come from the tile server');
      assert.ok(!String(res.headers['content-security-policy']).includes('key=abc'), 'no path or key in the header');
    }
    const ref = (await t.app.inject({ method: 'GET', url: '/api/reference' })).json();
    assert.equal(ref.map.tileUrl, 'https://tiles.example.cn:8443/osm/{z}/{x}/{y}.png?key=abc');
  } finally {
    await t.close();
  }
});
