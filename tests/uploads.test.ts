// Bad input at scale (issue 8): 31 crafted files through the real upload routes, each with its expected
// verdict (status and error code), and every stored image downloaded again to show it carries no GPS.
// The files are built here byte by byte (the builders follow src/server/platform/files.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { testApp, type TestApp } from './helpers/app.js';
import { demoStaff, demoWorkers } from '../src/server/demo/seed.js';

const CANARY = 'CANARY-9c1e';
const be16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const be32 = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const le32 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
const le24 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]);
const ascii = (s: string) => Buffer.from(s, 'latin1');

/** A big-endian TIFF block: IFD0 with Make and a GPS IFD (Urumqi, N 43°49'33" E 87°37'12"). */
function tiffWithGps(): { tiff: Buffer; gps: Buffer } {
  const make = ascii(`${CANARY}-PHONE\0`);
  const rationals = (...v: number[]) => Buffer.concat(v.flatMap((x) => [be32(x), be32(1)]));
  const lat = rationals(43, 49, 33);
  const lon = rationals(87, 37, 12);
  const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([be16(tag), be16(type), be32(count), value]);
  const makeAt = 8 + 2 + 2 * 12 + 4;
  const gpsAt = makeAt + make.length;
  const latAt = gpsAt + 2 + 4 * 12 + 4;
  const lonAt = latAt + lat.length;
  const ifd0 = Buffer.concat([be16(2), entry(0x010f, 2, make.length, be32(makeAt)), entry(0x8825, 4, 1, be32(gpsAt)), be32(0)]);
  const gpsIfd = Buffer.concat([be16(4), entry(1, 2, 2, ascii('N\0\0\0')), entry(2, 5, 3, be32(latAt)), entry(3, 2, 2, ascii('E\0\0\0')), entry(4, 5, 3, be32(lonAt)), be32(0)]);
  const gps = Buffer.concat([gpsIfd, lat, lon]);
  return { tiff: Buffer.concat([ascii('MM'), be16(42), be32(8), ifd0, make, gps]), gps };
}
const seg = (marker: number, body: Buffer) => Buffer.concat([be16(marker), be16(body.length + 2), body]);

/** A grey baseline JPEG of w×h (the scan holds one block; the server never decodes pixels). */
function jpeg(opts: { w?: number; h?: number; exif?: boolean; trailer?: Buffer } = {}) {
  const sof = seg(0xffc0, Buffer.concat([Buffer.from([8]), be16(opts.h ?? 8), be16(opts.w ?? 16), Buffer.from([1, 1, 0x11, 0])]));
  const dqt = seg(0xffdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const huff = (cls: number) => seg(0xffc4, Buffer.concat([Buffer.from([cls, 1]), Buffer.alloc(15), Buffer.from([0])]));
  const sos = seg(0xffda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const exif = opts.exif ? seg(0xffe1, Buffer.concat([ascii('Exif\0\0'), tiffWithGps().tiff])) : Buffer.alloc(0);
  const com = seg(0xfffe, ascii(`shot at the station ${CANARY}`));
  return Buffer.concat([be16(0xffd8), exif, com, dqt, sof, huff(0x00), huff(0x10), sos, Buffer.from([0x0f]), be16(0xffd9), opts.trailer ?? Buffer.alloc(0)]);
}
const crc32 = (b: Buffer) => zlib.crc32(b) >>> 0;
const pngChunk = (type: string, data: Buffer) => Buffer.concat([be32(data.length), ascii(type), data, be32(crc32(Buffer.concat([ascii(type), data])))]);
function png(opts: { w?: number; h?: number; exif?: boolean } = {}) {
  const ihdr = pngChunk('IHDR', Buffer.concat([be32(opts.w ?? 2), be32(opts.h ?? 1), Buffer.from([8, 2, 0, 0, 0])]));
  const idat = pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 200, 30, 30, 30, 30, 200])));
  const meta = opts.exif ? [pngChunk('eXIf', tiffWithGps().tiff), pngChunk('tEXt', ascii(`Comment\0GPS 43.8259,87.6168 ${CANARY}`))] : [];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, ...meta, idat, pngChunk('IEND', Buffer.alloc(0))]);
}
const riffChunk = (type: string, data: Buffer) => Buffer.concat([ascii(type), le32(data.length), data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
/** A WebP with a VP8X canvas of w×h, a tiny lossless image and (optionally) an EXIF chunk with GPS. */
function webp(opts: { w?: number; h?: number; exif?: boolean } = {}) {
  const flags = opts.exif ? 0x08 : 0;
  const vp8x = riffChunk('VP8X', Buffer.concat([Buffer.from([flags, 0, 0, 0]), le24((opts.w ?? 1) - 1), le24((opts.h ?? 1) - 1)]));
  const vp8l = riffChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0, 0x88, 0x88, 0x08, 0x88, 0x90, 0x00, 0x00]));
  const body = Buffer.concat([ascii('WEBP'), vp8x, vp8l, ...(opts.exif ? [riffChunk('EXIF', tiffWithGps().tiff)] : [])]);
  return Buffer.concat([ascii('RIFF'), le32(body.length), body]);
}
function pdf(extra = '') {
  return ascii(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n${extra}trailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}
/** A ZIP with one stored entry (enough to look like an .xlsx or a JAR to a sniffer). */
function zip(name: string, content: Buffer, deflate = false) {
  const data = deflate ? zlib.deflateRawSync(content) : content;
  const n = ascii(name);
  const local = Buffer.concat([le32(0x04034b50), Buffer.from([20, 0, 0, 0, deflate ? 8 : 0, 0, 0, 0, 0, 0]), le32(crc32(content)), le32(data.length), le32(content.length), Buffer.from([n.length, 0, 0, 0]), n, data]);
  const central = Buffer.concat([le32(0x02014b50), Buffer.from([20, 0, 20, 0, 0, 0, deflate ? 8 : 0, 0, 0, 0, 0, 0]), le32(crc32(content)), le32(data.length), le32(content.length), Buffer.from([n.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), le32(0), n]);
  const end = Buffer.concat([le32(0x06054b50), Buffer.from([0, 0, 0, 0, 1, 0, 1, 0]), le32(central.length), le32(local.length), Buffer.from([0, 0])]);
  return Buffer.concat([local, central, end]);
}
const exe = Buffer.concat([ascii('MZ'), Buffer.alloc(58), le32(64), ascii('PE\0\0'), Buffer.alloc(200, 0x90)]);
const html = ascii('<!doctype html><html><body><script>fetch("/api/auth/me").then(r=>r.text()).then(alert)</script></body></html>');
const svg = ascii('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>');

/** True when the bytes hold no GPS IFD pointer, no GPS text and none of the canaries. */
function gpsFree(b: Buffer): boolean {
  const { gps } = tiffWithGps();
  return !b.includes(gps) && !b.includes(ascii('GPS')) && !b.includes(ascii(CANARY)) && !b.includes(Buffer.concat([be16(0x8825), be16(4)]));
}

type Route = 'case' | 'campaign' | 'agency' | 'permits' | 'orders';
type Row = { name: string; route: Route; type: string; body: Buffer; status: number; code?: string; encoding?: string; gps?: boolean };

const bigJpeg = Buffer.concat([jpeg(), Buffer.alloc(0)]);
const rows: Row[] = [
  // evidence photos and PDFs on a worker's case
  { name: 'photo.jpg with Exif GPS', route: 'case', type: 'image/jpeg', body: jpeg({ exif: true }), status: 201, gps: true },
  { name: 'screenshot.png with eXIf GPS', route: 'case', type: 'image/png', body: png({ exif: true }), status: 201, gps: true },
  { name: 'photo.webp with EXIF GPS', route: 'case', type: 'image/webp', body: webp({ exif: true }), status: 201, gps: true },
  { name: 'phone photo sent as octet-stream', route: 'case', type: 'application/octet-stream', body: jpeg({ exif: true }), status: 201, gps: true },
  { name: 'letter.pdf', route: 'case', type: 'application/pdf', body: pdf(), status: 201 },
  { name: 'empty.jpg', route: 'case', type: 'image/jpeg', body: Buffer.alloc(0), status: 400, code: 'empty' },
  { name: 'oversized.jpg (over the evidence limit)', route: 'case', type: 'image/jpeg', body: Buffer.concat([bigJpeg, Buffer.alloc(11 * 1024 * 1024)]), status: 413 },
  { name: 'setup.exe named .jpg', route: 'case', type: 'image/jpeg', body: exe, status: 415, code: 'unsupported_type' },
  { name: 'page.html named .jpg', route: 'case', type: 'image/jpeg', body: html, status: 415, code: 'unsupported_type' },
  { name: 'drawing.svg named .jpg', route: 'case', type: 'image/jpeg', body: svg, status: 415, code: 'unsupported_type' },
  { name: 'drawing.svg as image/svg+xml', route: 'case', type: 'image/svg+xml', body: svg, status: 415 },
  { name: 'PNG bytes declared as JPEG', route: 'case', type: 'image/jpeg', body: png(), status: 415, code: 'unsupported_type' },
  { name: 'bomb.png declaring 50000×50000', route: 'case', type: 'image/png', body: png({ w: 50000, h: 50000 }), status: 413, code: 'too_large' },
  { name: 'bomb.jpg declaring 50000×50000', route: 'case', type: 'image/jpeg', body: jpeg({ w: 50000, h: 50000 }), status: 413, code: 'too_large' },
  { name: 'bomb.webp declaring 50000×50000', route: 'case', type: 'image/webp', body: webp({ w: 50000, h: 50000 }), status: 413, code: 'too_large' },
  { name: 'truncated.jpg (cut before its end)', route: 'case', type: 'image/jpeg', body: jpeg().subarray(0, 120), status: 422, code: 'malformed' },
  { name: 'truncated.png (no IEND)', route: 'case', type: 'image/png', body: png().subarray(0, 40), status: 422, code: 'malformed' },
  { name: 'JPEG+ZIP polyglot (ZIP after EOI)', route: 'case', type: 'image/jpeg', body: jpeg({ exif: true, trailer: zip('payload.txt', ascii(CANARY)) }), status: 201, gps: true },
  { name: 'GIFAR (GIF + JAR) named .jpg', route: 'case', type: 'image/jpeg', body: Buffer.concat([ascii('GIF89a'), Buffer.alloc(20), zip('META-INF/MANIFEST.MF', ascii('Manifest-Version: 1.0\n'))]), status: 415, code: 'unsupported_type' },
  { name: 'PDF+HTML polyglot without %%EOF', route: 'case', type: 'application/pdf', body: ascii(`%PDF-1.4\n<html><script>alert(1)</script></html>\n`), status: 422, code: 'malformed' },
  // campaign progress evidence (staff)
  { name: 'progress photo.jpg with GPS', route: 'campaign', type: 'image/jpeg', body: jpeg({ exif: true }), status: 201, gps: true },
  { name: 'progress doc.xlsx (a ZIP) named as PDF', route: 'campaign', type: 'application/pdf', body: zip('xl/workbook.xml', ascii('<workbook/>')), status: 415, code: 'unsupported_type' },
  // agency figure sheets
  { name: 'figures.csv in GBK', route: 'agency', type: 'text/csv', body: Buffer.from([0xbb, 0xfa, 0xb9, 0xb9, 0x2c, 0xd6, 0xb8, 0xb1, 0xea, 0x0a, 0x31, 0x2c, 0x32, 0x0a]), status: 415, code: 'not_utf8' },
  { name: 'figures.xlsx that is a ZIP of nothing useful', route: 'agency', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: zip('evil.txt', ascii(CANARY)), status: 415, code: 'unsupported_type' },
  { name: 'figures.xlsx zip bomb (a 120 MB sheet deflated to a few hundred KB)', route: 'agency', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: zip('xl/worksheets/sheet1.xml', Buffer.alloc(120_000_000, 0x20), true), status: 413, code: 'too_large' },
  { name: 'figures.csv that is an exe', route: 'agency', type: 'text/csv', body: exe, status: 415, code: 'unsupported_type' },
  { name: 'figures.csv empty', route: 'agency', type: 'text/csv', body: Buffer.alloc(0), status: 422 },
  // permit registry imports
  { name: 'permits.csv with formula injection', route: 'permits', type: 'text/csv', body: ascii(`permit_no,holder_name,valid_from,valid_to,city_code\n=cmd|' /C calc'!A0,=HYPERLINK("http://x"),2026-01-01,2027-01-01,650100\n`), status: 200 },
  { name: 'permits.csv in GBK', route: 'permits', type: 'text/csv', body: Buffer.concat([ascii('permit_no,holder_name,valid_from,valid_to,city_code\nP-1,'), Buffer.from([0xcd, 0xf5, 0xbd, 0xa8]), ascii(',2026-01-01,2027-01-01,650100\n')]), status: 415 },
  // order ingest
  { name: 'orders.ndjson.gz bomb (over 512 MB unpacked)', route: 'orders', type: 'application/x-ndjson', encoding: 'gzip', body: Buffer.alloc(0), status: 413, code: 'too_large' },
  { name: 'orders.ndjson.gz that is not gzip', route: 'orders', type: 'application/x-ndjson', encoding: 'gzip', body: Buffer.concat([Buffer.from([0x1f, 0x8b]), ascii('not really')]), status: 400, code: 'bad_gzip' },
];

let t: TestApp;
let caseId = '';
let problemId = '';
let progressId = '';
const h: Record<string, Record<string, string>> = {};

before(async () => {
  t = await testApp();
  h.worker = { cookie: await t.login(demoWorkers.driver) };
  const staff = (role: string) => demoStaff.find((s) => s.roles.some((r) => r.role === role))!.phone;
  h.officer = { cookie: await t.login(staff('union_officer')) };
  h.analyst = { cookie: await t.login(staff('analyst')) };
  const admin = { cookie: await t.login(staff('admin')) };
  h.platform = { authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/admin/api-keys', headers: admin, payload: { platformCode: 'didi', label: 'uploads' } })).json().key}` };
  const made = await t.app.inject({ method: 'POST', url: '/api/cases', headers: h.worker, payload: { category: 'pay_arrears', title: '拖欠工资', description: '三个月的工资没有发' } });
  assert.ok(made.statusCode < 300, made.body);
  caseId = (made.json().id ?? made.json().case?.id) as string;
  const campaigns = (await t.app.inject({ method: 'GET', url: '/api/campaigns', headers: h.officer })).json();
  const campaignId = JSON.stringify(campaigns).match(/"id":"([0-9a-f-]{36})"/)![1]!;
  const problems = await t.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/problems`, headers: h.officer });
  // The first id in the list that is a problem this officer may update.
  let progress;
  for (const m of problems.body.matchAll(/"id":"([0-9a-f-]{36})"/g)) {
    problemId = m[1]!;
    progress = await t.app.inject({ method: 'POST', url: `/api/campaign-problems/${problemId}/progress`, headers: h.officer, payload: { body: '已约谈平台' } });
    if (progress.statusCode < 300) break;
  }
  assert.ok(progress && progress.statusCode < 300, progress?.body);
  progressId = (progress.json() as { id: string }).id;
});
after(() => t.close());

/** 9 gzip members of 64 MB of zeros each: about 600 KB sent, 576 MB unpacked. */
function gzipBomb(): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 9 }, () => member));
}

async function send(row: Row, n: number) {
  const body = row.route === 'orders' && row.code === 'too_large' ? gzipBomb() : row.body;
  const headers: Record<string, string> = { 'content-type': row.type };
  if (row.encoding) headers['content-encoding'] = row.encoding;
  const name = encodeURIComponent(row.name);
  switch (row.route) {
    case 'case':
      return t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/files?name=${name}`, headers: { ...h.worker, ...headers }, payload: body });
    case 'campaign':
      return t.app.inject({ method: 'POST', url: `/api/campaign-problems/${problemId}/progress/${progressId}/files?name=${name}`, headers: { ...h.officer, ...headers }, payload: body });
    case 'agency':
      return t.app.inject({ method: 'POST', url: `/api/stats/agency/uploads?name=${name}`, headers: { ...h.analyst, ...headers }, payload: body });
    case 'permits':
      return t.app.inject({ method: 'POST', url: '/api/oversight/permits/drivers/import?dryRun=true', headers: { ...h.officer, ...headers }, payload: body });
    case 'orders':
      return t.app.inject({ method: 'POST', url: '/api/oversight/orders', headers: { ...h.platform, ...headers, 'idempotency-key': `uploads-${n}` }, payload: body });
  }
}

test('31 crafted files get their expected verdicts, and stored images carry no GPS', async () => {
  assert.equal(rows.length, 31);
  const wrong: string[] = [];
  let stored = 0;
  for (const [n, row] of rows.entries()) {
    const res = await send(row, n);
    const err = res.statusCode >= 400 ? (res.json() as { error: { code: string; details?: { code: string }[] } }).error : null;
    const codes = err ? [err.code, ...(err.details ?? []).map((d) => d.code)] : [];
    if (res.statusCode !== row.status || (row.code && !codes.includes(row.code))) {
      wrong.push(`${row.name}: got ${res.statusCode} ${codes.join('/')} (${res.body.slice(0, 160)}), expected ${row.status} ${row.code ?? ''}`);
      continue;
    }
    if (res.statusCode >= 300 || (row.route !== 'case' && row.route !== 'campaign')) continue;
    const file = (res.json() as { file: { id: string; mime: string } }).file;
    const url = row.route === 'case' ? `/api/cases/${caseId}/files/${file.id}` : `/api/campaign-problems/${problemId}/files/${file.id}`;
    const back = await t.app.inject({ method: 'GET', url, headers: row.route === 'case' ? h.worker : h.officer });
    assert.equal(back.statusCode, 200, `${row.name}: download ${back.body.slice(0, 100)}`);
    const bytes = back.rawPayload;
    stored++;
    if (row.gps) assert.ok(row.body.includes(tiffWithGps().gps), `${row.name}: the sample carries GPS`);
    if (!gpsFree(bytes)) wrong.push(`${row.name}: the stored file still carries GPS or a canary`);
    if (bytes.includes(ascii('PK\u0003\u0004'))) wrong.push(`${row.name}: the stored file still carries the appended ZIP`);
    assert.ok(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'].includes(String(back.headers['content-type']).split(';')[0]!), `${row.name}: served as ${back.headers['content-type']}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(stored, rows.filter((r) => r.status === 201 && (r.route === 'case' || r.route === 'campaign')).length);
});
