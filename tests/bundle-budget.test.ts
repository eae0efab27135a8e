// The worker pages' JavaScript budget (SECURITY.md targets, issue 8 "Reach on a phone"): what a worker's phone
// downloads before a page can render — the entry, its static imports and its language's words — and that plus a
// worker route's lazy chunk, stay ≤ 200 KB gzipped. Staff console pages and the charts load only when opened.
// Read from the vite build's manifest (dist/web/.vite/manifest.json); builds the web app when it is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { testApp } from './helpers/app.js';
import { buildWebOnce } from './helpers/web-build.js';
import { ROUTE_CHUNKS } from '../src/server/platform/web-page.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'dist/web');
const manifestFile = path.join(web, '.vite/manifest.json');
const BUDGET = 200 * 1024;
// Sources (relative to src/web) of staff-only pages: lazy routes under these folders are not worker pages.
const STAFF = /^(console|parking|stats)\//;
// Must stay lazy: the staff console's shell and the observatory (the charts).
const MUST_BE_LAZY = ['console/Console.tsx', 'console/station/StationConsole.tsx', 'stats/Observatory.tsx', 'console/oversight/Scorecard.tsx'];
const LOCALES = ['i18n/zh.ts', 'i18n/ug.ts', 'i18n/en.ts'];
// ECharts names its DOM attribute `_echarts_instance_`; a chunk holding it holds the chart library.
const ECHARTS_MARK = '_echarts_instance_';

type Chunk = { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

/** Builds dist/web when it has no manifest (one test file at a time, as the browser tests do). */
const ensureManifest = () => buildWebOnce(manifestFile);

ensureManifest();
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, Chunk>;
const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
const gz = new Map<string, number>();
const gzipped = (file: string) => {
  if (!gz.has(file)) gz.set(file, zlib.gzipSync(fs.readFileSync(path.join(web, file)), { level: 9 }).length);
  return gz.get(file)!;
};
const text = (file: string) => fs.readFileSync(path.join(web, file), 'utf8');

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key: string, out = new Set<string>()): Set<string> {
  const c = manifest[key];
  if (!c) throw new Error(`no ${key} in the manifest`);
  if (out.has(c.file)) return out;
  out.add(c.file);
  for (const i of c.imports ?? []) closure(i, out);
  return out;
}
const union = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));
const size = (files: Set<string>) => [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipped(f), 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

test('the manifest has one entry, the three language chunks and the lazy staff pages', () => {
  assert.ok(entryKey, 'no entry in dist/web/.vite/manifest.json');
  for (const k of [...LOCALES, ...MUST_BE_LAZY]) assert.equal(manifest[k]?.isDynamicEntry, true, `${k} should be a lazily loaded chunk`);
});

test('a worker page loads ≤ 200 KB of JavaScript (gzipped) before it renders, in every language', (t) => {
  const entry = closure(entryKey!);
  t.diagnostic(`entry + static imports: ${kb(size(entry))} gzipped (${[...entry].filter((f) => f.endsWith('.js')).length} files)`);
  for (const l of LOCALES) {
    const initial = union(entry, closure(l));
    t.diagnostic(`initial JS with ${path.basename(l, '.ts')}: ${kb(size(initial))} gzipped`);
    assert.ok(size(initial) <= BUDGET, `initial JS with ${l} is ${kb(size(initial))} > ${kb(BUDGET)}`);
  }
});

test('each worker route (initial JS + its lazy chunk) stays ≤ 200 KB gzipped', (t) => {
  const entry = closure(entryKey!);
  const heaviestLocale = LOCALES.map((l) => closure(l)).sort((a, b) => size(b) - size(a))[0]!;
  const initial = union(entry, heaviestLocale);
  const routes = (manifest[entryKey!]!.dynamicImports ?? []).filter((k) => !STAFF.test(k) && !LOCALES.includes(k));
  assert.ok(routes.length >= 8, `expected the worker pages among the lazy routes, found ${routes.join(', ')}`);
  let worst = { route: '', bytes: 0 };
  for (const r of routes) {
    const bytes = size(union(initial, closure(r)));
    if (bytes > worst.bytes) worst = { route: r, bytes };
    assert.ok(bytes <= BUDGET, `${r}: ${kb(bytes)} > ${kb(BUDGET)}`);
  }
  t.diagnostic(`${routes.length} worker routes; the heaviest, ${worst.route}, loads ${kb(worst.bytes)} gzipped with the largest language`);
});

test('staff console pages and the charts are not in what a worker page loads', (t) => {
  const entry = closure(entryKey!);
  const workerFiles = union(entry, ...LOCALES.map((l) => closure(l)));
  const routes = (manifest[entryKey!]!.dynamicImports ?? []).filter((k) => !STAFF.test(k) && !LOCALES.includes(k));
  const withRoutes = union(workerFiles, ...routes.map((r) => closure(r)));
  for (const k of MUST_BE_LAZY) assert.ok(!withRoutes.has(manifest[k]!.file), `${k} is loaded by a worker page`);
  const staffOnly = Object.keys(manifest).filter((k) => STAFF.test(k) && manifest[k]!.isDynamicEntry);
  for (const k of staffOnly) assert.ok(!workerFiles.has(manifest[k]!.file), `${k} is in the initial JavaScript`);
  // The chart library is in the build (the observatory uses it) but in none of the worker pages' files.
  const charts = Object.values(manifest).filter((c) => c.file.endsWith('.js') && text(c.file).includes(ECHARTS_MARK));
  assert.ok(charts.length > 0, 'found no chunk holding ECharts: the marker no longer matches');
  for (const c of charts) assert.ok(!withRoutes.has(c.file), `${c.file} (ECharts, ${kb(gzipped(c.file))}) is loaded by a worker page`);
  t.diagnostic(`${staffOnly.length} staff pages and ${charts.length} chart chunk(s) (${charts.map((c) => kb(gzipped(c.file))).join(', ')}) load only when opened`);
});

test('the server sends the build pre-compressed, and the hashed assets as immutable', async () => {
  const t = await testApp({ seed: false });
  try {
    const entry = manifest[entryKey!]!.file;
    const br = await t.app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['cache-control']), /immutable/);
    assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'), text(entry));
    const gzip = await t.app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gzip.rawPayload).toString('utf8'), text(entry));
    const plain = await t.app.inject({ method: 'GET', url: `/${entry}` });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, text(entry));
    // A page path still answers index.html, never cached for long (it names the current assets).
    const page = await t.app.inject({ method: 'GET', url: '/me/cases', headers: { 'accept-encoding': 'br' } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(String(page.headers['cache-control']), /immutable/);
  } finally {
    await t.close();
  }
});

test("a page comes in its reader's language: <html lang dir> set and only that language's words preloaded", async () => {
  const t = await testApp({ seed: false });
  try {
    const words = Object.fromEntries(LOCALES.map((k) => [k.slice(5, 7), manifest[k]!.file]));
    const page = async (url: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const enc = res.headers['content-encoding'];
      const html = enc === 'br' ? zlib.brotliDecompressSync(res.rawPayload).toString('utf8') : enc === 'gzip' ? zlib.gunzipSync(res.rawPayload).toString('utf8') : res.body;
      const preloaded = Object.entries(words).filter(([, f]) => html.includes(`href="/${f}"`)).map(([l]) => l);
      return { html, preloaded, res };
    };
    // No choice yet: Chinese, left to right.
    const zh = await page('/stations');
    assert.match(zh.html, /<html lang="zh-CN" dir="ltr">/);
    assert.deepEqual(zh.preloaded, ['zh']);
    // A link in Uyghur, compressed as the phone accepts it.
    const ug = await page('/stations?lang=ug', { 'accept-encoding': 'br, gzip' });
    assert.equal(ug.res.headers['content-encoding'], 'br');
    assert.match(ug.html, /<html lang="ug" dir="rtl">/);
    assert.deepEqual(ug.preloaded, ['ug']);
    // The remembered choice (the cookie the app sets), and the link winning over it, as in the app.
    const en = await page('/me/cases', { cookie: 'nx_locale=en', 'accept-encoding': 'gzip' });
    assert.match(en.html, /<html lang="en" dir="ltr">/);
    assert.deepEqual(en.preloaded, ['en']);
    assert.deepEqual((await page('/me/cases?lang=ug', { cookie: 'nx_locale=en' })).preloaded, ['ug']);
    // Anything else is Chinese; the rest of the page is the build's index.html unchanged.
    const odd = await page('/stations?lang=fr', { cookie: 'nx_locale=<script>' });
    assert.deepEqual(odd.preloaded, ['zh']);
    // A lazily loaded worker page comes with its code preloaded too (what the entry does not load already).
    for (const [re, src] of ROUTE_CHUNKS) {
      assert.equal(manifest[src]?.isDynamicEntry, true, `${src} (preloaded for ${re}) should be a lazy chunk of the build`);
    }
    const union = await page('/me/union?lang=ug');
    assert.ok(union.html.includes(`href="/${manifest['pages/MyUnion.tsx']!.file}"`), 'the union card page preloads its chunk');
    const hrefs = [...union.html.matchAll(/rel="modulepreload" crossorigin href="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(hrefs).size, hrefs.length, `no file preloaded twice: ${hrefs.join(' ')}`);
    // A request with a session cookie is marked, so the app starts the page's reads at once (src/web/early.ts).
    assert.match((await page('/me/union', { cookie: 'nx_session=x; nx_locale=ug' })).html, /<html lang="ug" dir="rtl" data-session>/);
    assert.doesNotMatch(union.html, /data-session/);
    const built = text('index.html');
    assert.equal(odd.html.replace(/\s*<link rel="modulepreload" crossorigin href="\/assets\/zh-[^"]+">/, ''), built);
  } finally {
    await t.close();
  }
});
