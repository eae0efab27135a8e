import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { testApp, type TestApp } from '../../../../../tests/helpers/app.js';

let t: TestApp;
let analyst = '';
before(async () => {
  t = await testApp({ workers: 40 });
  analyst = await t.login('13900000008');
  // The figures are computed at start (before the demo data went in): recompute them now.
  const r = await t.app.inject({ method: 'POST', url: '/api/stats/refresh', headers: { cookie: analyst } });
  assert.ok(r.statusCode < 300, r.body);
});
after(() => t.close());

const get = (url: string, cookie = analyst) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const details = (res: { json: () => { error: { details?: { path: string; code: string }[] } } }) => (res.json().error.details ?? []).map((d) => [d.path, d.code]);

/** The PDF's pages, its /Lang, the fonts it embeds, and the text of its content streams (hex glyph ids and literal strings). */
function inspect(pdf: Buffer) {
  const s = pdf.toString('latin1');
  const pages = (s.match(/\/Type \/Page\b/g) ?? []).length;
  const lang = /\/Lang \(([^)]*)\)/.exec(s)?.[1];
  const fonts = [...s.matchAll(/\/BaseFont \/[A-Z]{6}\+([A-Za-z0-9-]+)/g)].map((m) => m[1]!);
  let streams = 0;
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    try {
      inflateSync(pdf.subarray(start, end));
      streams++;
    } catch {
      // not a deflated stream (e.g. an uncompressed one): skip
    }
  }
  return { pages, lang, fonts: [...new Set(fonts)], streams };
}

test('the report PDF in each language: a real PDF, its language, its fonts', async () => {
  for (const [lang, tag] of [
    ['zh', 'zh-CN'],
    ['ug', 'ug'],
    ['en', 'en'],
  ] as const) {
    const res = await get(`/api/stats/report.pdf?from=2025-01&to=2025-12&lang=${lang}`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), new RegExp(`^attachment; filename="nuanxin-observation-xinjiang-2025-01-2025-12-${lang}\\.pdf"$`));
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
    const info = inspect(pdf);
    assert.ok(info.pages > 0, `${lang}: pages`);
    assert.ok(info.streams > 0, `${lang}: content streams`);
    assert.equal(info.lang, tag);
    // Chinese and English are set in Noto Serif SC; Uyghur (with its digits and Latin) in Noto Sans Arabic.
    const serif = info.fonts.some((f) => f.startsWith('NotoSerifSC'));
    const arabic = info.fonts.some((f) => f.startsWith('NotoSansArabic'));
    assert.equal(arabic, lang === 'ug', `${lang}: ${info.fonts.join(', ')}`);
    if (lang !== 'ug') assert.ok(serif, `${lang}: ${info.fonts.join(', ')}`);
  }
});

test('the language defaults to Chinese; a city narrows the report and names the file', async () => {
  const res = await get('/api/stats/report.pdf?from=2025-01&to=2025-06&city=650100');
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(String(res.headers['content-disposition']), /nuanxin-observation-650100-2025-01-2025-06-zh\.pdf/);
  assert.equal(inspect(res.rawPayload).lang, 'zh-CN');
});

test('bad input answers 400 naming the field, never a PDF', async () => {
  const inverted = await get('/api/stats/report.pdf?from=2025-12&to=2025-01&lang=en');
  assert.equal(inverted.statusCode, 400);
  assert.deepEqual(details(inverted), [['from', 'period_inverted']]);
  const lang = await get('/api/stats/report.pdf?lang=fr');
  assert.equal(lang.statusCode, 400);
  assert.deepEqual(details(lang).map(([p]) => p), ['lang']);
  const city = await get('/api/stats/report.pdf?city=999999');
  assert.equal(city.statusCode, 400);
  assert.deepEqual(details(city), [['city', 'invalid_city']]);
  const month = await get('/api/stats/report.pdf?from=2025-13');
  assert.equal(month.statusCode, 400);
  assert.deepEqual(details(month).map(([p]) => p), ['from']);
});

test('who may read it: the observatory’s readers only', async () => {
  assert.equal((await get('/api/stats/report.pdf', '')).statusCode, 401);
  for (const phone of ['13800000001', '13900000002', '13900000009', '13900000004']) {
    const cookie = await t.login(phone);
    assert.equal((await get('/api/stats/report.pdf?from=2025-01&to=2025-01', cookie)).statusCode, 403, phone);
  }
  for (const phone of ['13900000003', '13900000012']) {
    const cookie = await t.login(phone);
    const res = await get('/api/stats/report.pdf?from=2025-01&to=2025-01&lang=en', cookie);
    assert.equal(res.statusCode, 200, `${phone}: ${res.body.slice(0, 200)}`);
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  }
});
