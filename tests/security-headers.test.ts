// The security headers on every answer; the map's tile server is allowed to serve images only when set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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

/** Every page path the web app routes (src/web/App.tsx), at the root and under /console, with ids filled in. */
function pagePaths(): string[] {
  const app = fs.readFileSync(path.resolve('src/web/App.tsx'), 'utf8');
  const paths = [...app.matchAll(/path="([^"*]+)"/g)].map((m) => m[1]!.replace(/:[a-z]+/gi, '0193a4c2-7d1e-7a55-9f3e-1a2b3c4d5e6f'));
  return ['/', '/console', ...new Set(paths.flatMap((p) => [`/${p}`, `/console/${p}`]))];
}

test('every page, asset, API answer and error carries the security headers', async () => {
  const t = await testApp({ seed: false });
  try {
    const urls = [
      ...pagePaths(),
      '/assets/missing.js',
      '/favicon.ico',
      '/api/docs/',
      '/api/openapi.json',
      '/api/no-such-route',
      ...t.routeTable.filter((r) => r.method === 'GET').map((r) => r.url.replace(/:[a-z]+/gi, '0193a4c2-7d1e-7a55-9f3e-1a2b3c4d5e6f')),
    ];
    assert.ok(urls.length > 150, `${urls.length} URLs`);
    const wrong: string[] = [];
    const statuses = new Set<number>();
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      statuses.add(res.statusCode);
      const h = res.headers;
      const csp = directives(h['content-security-policy'] as string);
      const good =
        h['x-content-type-options'] === 'nosniff' &&
        h['referrer-policy'] === 'same-origin' &&
        h['x-frame-options'] === 'DENY' &&
        csp.get('frame-ancestors')?.[0] === "'none'" &&
        csp.get('default-src')?.[0] === "'self'" &&
        !csp.get('script-src')?.includes("'unsafe-inline'") &&
        typeof h['permissions-policy'] === 'string';
      if (!good) wrong.push(`${url} (${res.statusCode})`);
    }
    assert.deepEqual(wrong, []);
    for (const s of [200, 401, 404]) assert.ok(statuses.has(s), `answers with status ${s} were checked`);
  } finally {
    await t.close();
  }
});
