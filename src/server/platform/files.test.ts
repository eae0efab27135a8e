import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { checkUpload, FileError, sniff, stripMetadata, type EvidenceType } from './files.js';
import { AppError, fromFileError } from './errors.js';

// Every sample is built here byte by byte, so the tests need no image tools. The GPS position is
// Urumqi's; its bytes and the canary strings must not survive stripping.
const CANARY = 'CANARY-7f3a';
const be16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const be32 = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const le32 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
const ascii = (s: string) => Buffer.from(s, 'latin1');

/** A big-endian TIFF block: IFD0 with Orientation, Make, DateTime and a GPS IFD (N 43°49'33", E 87°37'12"). */
function tiffWithGps(orientation: number): { tiff: Buffer; gps: Buffer } {
  const make = ascii(`${CANARY}-PHONE\0`);
  const time = ascii('2026:11:29 08:15:00\0');
  const rationals = (...v: number[]) => Buffer.concat(v.flatMap((x) => [be32(x), be32(1)]));
  const lat = rationals(43, 49, 33);
  const lon = rationals(87, 37, 12);
  const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([be16(tag), be16(type), be32(count), value]);
  const ifd0At = 8;
  const ifd0Size = 2 + 4 * 12 + 4;
  const makeAt = ifd0At + ifd0Size;
  const timeAt = makeAt + make.length;
  const gpsAt = timeAt + time.length;
  const gpsSize = 2 + 4 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const lonAt = latAt + lat.length;
  const ifd0 = Buffer.concat([
    be16(4),
    entry(0x010f, 2, make.length, be32(makeAt)),
    entry(0x0112, 3, 1, Buffer.concat([be16(orientation), be16(0)])),
    entry(0x0132, 2, time.length, be32(timeAt)),
    entry(0x8825, 4, 1, be32(gpsAt)),
    be32(0),
  ]);
  const gpsIfd = Buffer.concat([
    be16(4),
    entry(1, 2, 2, ascii('N\0\0\0')),
    entry(2, 5, 3, be32(latAt)),
    entry(3, 2, 2, ascii('E\0\0\0')),
    entry(4, 5, 3, be32(lonAt)),
    be32(0),
  ]);
  const gps = Buffer.concat([gpsIfd, lat, lon]);
  return { tiff: Buffer.concat([ascii('MM'), be16(42), be32(ifd0At), ifd0, make, time, gps]), gps };
}

const seg = (marker: number, body: Buffer) => Buffer.concat([be16(marker), be16(body.length + 2), body]);

/**
 * A 16×8 grey baseline JPEG: one component, one quantisation table, Huffman tables with a single
 * one-bit code each (DC difference 0, end of block), so each 8×8 block is the two bits "00".
 */
function jpegParts() {
  const sof = seg(0xffc0, Buffer.from([8, 0, 8, 0, 16, 1, 1, 0x11, 0]));
  const dqt = seg(0xffdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const huff = (cls: number) => seg(0xffc4, Buffer.concat([Buffer.from([cls, 1]), Buffer.alloc(15), Buffer.from([0])]));
  const sos = seg(0xffda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  return { tables: Buffer.concat([dqt, sof, huff(0x00), huff(0x10)]), scan: Buffer.concat([sos, Buffer.from([0x0f])]) };
}

function sampleJpeg(orientation = 6) {
  const { tiff, gps } = tiffWithGps(orientation);
  const { tables, scan } = jpegParts();
  const jfif = seg(0xffe0, Buffer.concat([ascii('JFIF\0'), Buffer.from([1, 2, 1, 0, 72, 0, 72, 1, 1]), Buffer.from([0x43, 0x41, 0x4e])])); // 1×1 thumbnail
  const exif = seg(0xffe1, Buffer.concat([ascii('Exif\0\0'), tiff]));
  const xmp = seg(0xffe1, ascii(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>43,49.55N</exif:GPSLatitude>${CANARY}</x:xmpmeta>`));
  const icc = seg(0xffe2, Buffer.concat([ascii('ICC_PROFILE\0'), Buffer.from([1, 1]), Buffer.alloc(16, 0x11)]));
  const mpf = seg(0xffe2, ascii(`MPF\0${CANARY}`));
  const iptc = seg(0xffed, ascii(`Photoshop 3.0\x008BIM${CANARY}`));
  const com = seg(0xfffe, ascii(`shot at the station ${CANARY}`));
  const adobe = seg(0xffee, Buffer.concat([ascii('Adobe'), Buffer.from([0, 100, 0, 0, 0, 0, 0])]));
  const file = Buffer.concat([be16(0xffd8), jfif, exif, xmp, icc, mpf, iptc, com, adobe, tables, scan, be16(0xffd9)]);
  return { file, gps, icc, adobe, tables, scan };
}

/** The markers of a JPEG up to and including EOI, walked independently of files.ts. */
function jpegMarkers(b: Buffer): { marker: number; body: Buffer }[] {
  assert.equal(b.readUInt16BE(0), 0xffd8, 'starts with SOI');
  const out: { marker: number; body: Buffer }[] = [{ marker: 0xd8, body: Buffer.alloc(0) }];
  let i = 2;
  for (;;) {
    assert.equal(b[i], 0xff, `marker at ${i}`);
    const marker = b[i + 1]!;
    if (marker === 0xd9) {
      out.push({ marker, body: Buffer.alloc(0) });
      assert.equal(i + 2, b.length, 'nothing after EOI');
      return out;
    }
    const len = b.readUInt16BE(i + 2);
    out.push({ marker, body: b.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
    if (marker === 0xda) while (!(b[i] === 0xff && b[i + 1] !== 0 && !(b[i + 1]! >= 0xd0 && b[i + 1]! <= 0xd7))) i++;
  }
}

const crc32 = (b: Buffer) => zlib.crc32(b) >>> 0;
const pngChunk = (type: string, data: Buffer) => Buffer.concat([be32(data.length), ascii(type), data, be32(crc32(Buffer.concat([ascii(type), data])))]);

/** A 2×1 RGB PNG with every kind of text and Exif chunk, a timestamp and a private chunk. */
function samplePng(orientation = 1) {
  const { tiff, gps } = tiffWithGps(orientation);
  const ihdr = pngChunk('IHDR', Buffer.concat([be32(2), be32(1), Buffer.from([8, 2, 0, 0, 0])]));
  const idat = pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 200, 30, 30, 30, 30, 200])));
  const phys = pngChunk('pHYs', Buffer.concat([be32(2835), be32(2835), Buffer.from([1])]));
  const file = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ihdr,
    pngChunk('tEXt', ascii(`Comment\0GPS 43.8259,87.6168 ${CANARY}`)),
    pngChunk('eXIf', tiff),
    pngChunk('iTXt', ascii(`XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>${CANARY}</x:xmpmeta>`)),
    pngChunk('zTXt', Buffer.concat([ascii('Raw profile type exif\0\0'), zlib.deflateSync(ascii(CANARY))])),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 29, 8, 15, 0])),
    phys,
    pngChunk('prVt', ascii(CANARY)),
    idat,
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { file, ihdr, idat, phys, gps };
}

function pngChunks(b: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = [];
  for (let i = 8; i < b.length; ) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    out.push({ type, data: b.subarray(i + 8, i + 8 + len), crcOk: crc32(b.subarray(i + 4, i + 8 + len)) === b.readUInt32BE(i + 8 + len) });
    i += 12 + len;
  }
  return out;
}

/**
 * A 1×1 lossless WebP bitstream: no transforms, no colour cache, five prefix codes with a single
 * symbol each (green 0x80, red 0xff, blue 0, alpha 0xff, distance 0), so the one pixel takes no bits.
 */
function vp8l(): Buffer {
  const bits: number[] = [];
  const put = (v: number, n: number) => {
    for (let k = 0; k < n; k++) bits.push((v >> k) & 1);
  };
  put(0, 14); // width - 1
  put(0, 14); // height - 1
  put(0, 1); // alpha hint
  put(0, 3); // version
  put(0, 1); // no transform
  put(0, 1); // no colour cache
  put(0, 1); // no meta prefix codes
  for (const sym of [0x80, 0xff, 0, 0xff, 0]) {
    put(1, 1); // simple code
    put(0, 1); // one symbol
    if (sym > 1) {
      put(1, 1);
      put(sym, 8);
    } else {
      put(0, 1);
      put(sym, 1);
    }
  }
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, k) => (bytes[k >> 3] = bytes[k >> 3]! | (bit << (k & 7))));
  return Buffer.concat([Buffer.from([0x2f]), bytes]);
}

const riffChunk = (type: string, data: Buffer) => Buffer.concat([ascii(type), le32(data.length), data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);

function sampleWebp() {
  const { tiff, gps } = tiffWithGps(6);
  const image = riffChunk('VP8L', vp8l());
  const vp8x = riffChunk('VP8X', Buffer.from([0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // Exif and XMP flags; canvas 1×1
  const body = Buffer.concat([ascii('WEBP'), vp8x, image, riffChunk('EXIF', tiff), riffChunk('XMP ', ascii(`<x:xmpmeta>${CANARY}</x:xmpmeta>`)), riffChunk('PRVT', ascii(CANARY))]);
  return { file: Buffer.concat([ascii('RIFF'), le32(body.length), body]), image, gps };
}

function webpChunks(b: Buffer): { type: string; data: Buffer }[] {
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  assert.equal(b.readUInt32LE(4), b.length - 8, 'RIFF size matches the file');
  assert.equal(b.toString('latin1', 8, 12), 'WEBP');
  const out = [];
  for (let i = 12; i < b.length; ) {
    const size = b.readUInt32LE(i + 4);
    out.push({ type: b.toString('latin1', i, i + 4), data: b.subarray(i + 8, i + 8 + size) });
    i += 8 + size + (size & 1);
  }
  return out;
}

/** A one-page PDF with an Info dictionary, cross-reference offsets computed. */
function samplePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Author (${CANARY}) /Producer (hand) >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, k) => {
    const at = pdf.length;
    pdf += `${k + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return ascii(pdf);
}

const malformed = (e: unknown) => e instanceof FileError && e.code === 'malformed';
const hasCode = (code: string) => (e: unknown) => e instanceof FileError && e.code === code;

test('sniff reads magic bytes only: a text file named .jpg is nothing', () => {
  assert.equal(sniff(sampleJpeg().file), 'image/jpeg');
  assert.equal(sniff(samplePng().file), 'image/png');
  assert.equal(sniff(sampleWebp().file), 'image/webp');
  assert.equal(sniff(samplePdf()), 'application/pdf');
  const text = ascii('photo.jpg: this is not a photo\n');
  assert.equal(sniff(text), null);
  assert.equal(sniff(Buffer.alloc(0)), null);
  assert.equal(sniff(Buffer.from([0xff, 0xd8])), null);
  assert.equal(sniff(ascii('RIFF\0\0\0\0WAVE')), null);
  assert.throws(() => checkUpload(text, 'image/jpeg', 1000), hasCode('unsupported_type'));
  assert.throws(() => checkUpload(text, undefined, 1000), hasCode('unsupported_type'));
});

test('JPEG: Exif with GPS, XMP, IPTC, MPF, comments and the JFIF thumbnail are gone; the image stays whole', () => {
  const { file, gps, icc, adobe, tables, scan } = sampleJpeg(6);
  const out = stripMetadata(file, 'image/jpeg');
  assert.equal(out.indexOf(gps), -1, 'GPS IFD bytes gone');
  for (const s of [CANARY, 'GPS', '2026:11:29', 'Photoshop', 'MPF', 'http://ns.adobe.com']) assert.equal(out.indexOf(s), -1, `${s} gone`);
  const markers = jpegMarkers(out);
  assert.deepEqual(
    markers.map((m) => m.marker.toString(16)),
    ['d8', 'e0', 'e1', 'e2', 'ee', 'db', 'c0', 'c4', 'c4', 'da', 'd9'],
  );
  assert.equal(markers[1]!.body.length, 14, 'JFIF header without its thumbnail');
  assert.deepEqual([...markers[1]!.body.subarray(12)], [0, 0]);
  // the minimal Exif: Orientation 6 and nothing else
  const tiff = markers[2]!.body.subarray(6);
  assert.equal(markers[2]!.body.toString('latin1', 0, 6), 'Exif\0\0');
  assert.equal(tiff.length, 26);
  assert.equal(tiff.readUInt16BE(tiff.readUInt32BE(4)), 1, 'one IFD0 entry');
  assert.deepEqual([tiff.readUInt16BE(10), tiff.readUInt16BE(12), tiff.readUInt32BE(14), tiff.readUInt16BE(18)], [0x0112, 3, 1, 6]);
  assert.equal(tiff.readUInt32BE(22), 0, 'no further IFD');
  assert.ok(out.includes(icc) && out.includes(adobe) && out.includes(tables) && out.includes(scan), 'ICC, Adobe, tables and scan verbatim');
});

test('JPEG: orientation 1 (or none) leaves no Exif at all; little-endian Exif orientation is read', () => {
  const upright = stripMetadata(sampleJpeg(1).file, 'image/jpeg');
  assert.ok(!jpegMarkers(upright).some((m) => m.marker === 0xe1));
  const { tables, scan } = jpegParts();
  const leTiff = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0]);
  const file = Buffer.concat([be16(0xffd8), seg(0xffe1, Buffer.concat([ascii('Exif\0\0'), leTiff])), tables, scan, be16(0xffd9)]);
  const exif = jpegMarkers(stripMetadata(file, 'image/jpeg')).find((m) => m.marker === 0xe1)!;
  assert.equal(exif.body.readUInt16BE(6 + 8 + 2 + 8), 8);
  // a damaged Exif loses its orientation but not the photo
  const broken = Buffer.concat([be16(0xffd8), seg(0xffe1, ascii('Exif\0\0MM\0*\xff\xff\xff\xff')), tables, scan, be16(0xffd9)]);
  assert.ok(!jpegMarkers(stripMetadata(broken, 'image/jpeg')).some((m) => m.marker === 0xe1));
});

test('JPEG: metadata between scans and anything after EOI is dropped; stuffed bytes and restarts are kept', () => {
  const { tables } = jpegParts();
  const sos = seg(0xffda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const data = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd1, 0x78]);
  const trailer = ascii(`\0\0\0\x18ftypmp42 ${CANARY} ©xyz+43.82+087.61/`);
  const file = Buffer.concat([be16(0xffd8), tables, sos, data, seg(0xfffe, ascii(CANARY)), seg(0xffe1, ascii(`Exif\0\0${CANARY}`)), sos, data, Buffer.from([0xff, 0xff]), be16(0xffd9), trailer]);
  const out = stripMetadata(file, 'image/jpeg');
  assert.deepEqual(out, Buffer.concat([be16(0xffd8), tables, sos, data, sos, data, be16(0xffd9)]));
});

test('PNG: eXIf, tEXt, iTXt, zTXt, tIME and private chunks are gone; the rest keeps valid CRCs', () => {
  const { file, ihdr, idat, phys } = samplePng();
  const out = stripMetadata(file, 'image/png');
  assert.equal(out.indexOf(CANARY), -1);
  assert.equal(out.indexOf('2026'), -1);
  const chunks = pngChunks(out);
  assert.deepEqual(chunks.map((c) => c.type), ['IHDR', 'pHYs', 'IDAT', 'IEND']);
  assert.ok(chunks.every((c) => c.crcOk), 'every CRC verifies');
  assert.ok(out.includes(ihdr) && out.includes(idat) && out.includes(phys));
  assert.deepEqual([...zlib.inflateSync(chunks[2]!.data)], [0, 200, 30, 30, 30, 30, 200]);
  assert.deepEqual(stripMetadata(Buffer.concat([out, ascii(CANARY)]), 'image/png'), out, 'nothing after IEND');
});

test('PNG: an orientation other than 1 comes back as a minimal eXIf after IHDR', () => {
  const { file, gps } = samplePng(6);
  const out = stripMetadata(file, 'image/png');
  assert.equal(out.indexOf(gps), -1);
  assert.equal(out.indexOf(CANARY), -1);
  const chunks = pngChunks(out);
  assert.deepEqual(chunks.map((c) => c.type), ['IHDR', 'eXIf', 'pHYs', 'IDAT', 'IEND']);
  assert.ok(chunks.every((c) => c.crcOk), 'every CRC verifies');
  const tiff = chunks[1]!.data;
  assert.equal(tiff.length, 26);
  assert.deepEqual([tiff.readUInt16BE(8), tiff.readUInt16BE(10), tiff.readUInt16BE(12), tiff.readUInt32BE(14), tiff.readUInt16BE(18)], [1, 0x0112, 3, 1, 6]);
});

test('WebP: EXIF and XMP chunks and their VP8X flags are gone; the RIFF size matches', () => {
  const { file, image, gps } = sampleWebp();
  const out = stripMetadata(file, 'image/webp');
  assert.equal(out.indexOf(gps), -1);
  assert.equal(out.indexOf(CANARY), -1);
  const chunks = webpChunks(out);
  assert.deepEqual(chunks.map((c) => c.type), ['VP8X', 'VP8L']);
  assert.equal(chunks[0]!.data[0]! & 0x0c, 0, 'Exif and XMP flags cleared');
  assert.ok(out.includes(image), 'image chunk verbatim');
  assert.equal(out.length % 2, 0);
});

test('PDF is returned unchanged (its metadata is not rewritten)', () => {
  const pdf = samplePdf();
  assert.equal(stripMetadata(pdf, 'application/pdf'), pdf);
  assert.throws(() => stripMetadata(pdf.subarray(0, pdf.length - 40), 'application/pdf'), malformed);
});

test('every truncation of an image throws malformed', () => {
  const samples: [Buffer, EvidenceType][] = [
    [sampleJpeg().file, 'image/jpeg'],
    [samplePng().file, 'image/png'],
    [sampleWebp().file, 'image/webp'],
  ];
  for (const [file, type] of samples) {
    for (let n = 0; n < file.length; n++) assert.throws(() => stripMetadata(file.subarray(0, n), type), malformed, `${type} cut at ${n}`);
  }
});

test('bad lengths throw malformed, never read past the end', () => {
  const jpeg = sampleJpeg().file;
  const short = Buffer.from(jpeg);
  short.writeUInt16BE(1, 4); // APP0 length below 2
  const long = Buffer.from(jpeg);
  long.writeUInt16BE(0xffff, 4);
  const png = Buffer.from(samplePng().file);
  png.writeUInt32BE(0xfffffff0, 33); // tEXt length
  const webp = Buffer.from(sampleWebp().file);
  webp.writeUInt32LE(0xfffffff0, 16); // VP8X size
  const riff = Buffer.from(sampleWebp().file);
  riff.writeUInt32LE(riff.length, 4);
  const cases: [Buffer, EvidenceType][] = [
    [short, 'image/jpeg'],
    [long, 'image/jpeg'],
    [Buffer.concat([be16(0xffd8), jpegParts().tables, be16(0xffd9)]), 'image/jpeg'], // no scan
    [png, 'image/png'],
    [webp, 'image/webp'],
    [riff, 'image/webp'],
    [samplePng().file, 'image/jpeg'], // the type must match the content
  ];
  for (const [b, type] of cases) assert.throws(() => stripMetadata(b, type), malformed);
});

test('random damage only ever returns or throws FileError', () => {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const samples: [Buffer, EvidenceType][] = [
    [sampleJpeg().file, 'image/jpeg'],
    [samplePng().file, 'image/png'],
    [sampleWebp().file, 'image/webp'],
  ];
  for (let k = 0; k < 600; k++) {
    const [file, type] = samples[k % 3]!;
    const b = Buffer.from(file);
    for (let m = 1 + rand(4); m > 0; m--) b[4 + rand(b.length - 4)] = rand(256);
    try {
      stripMetadata(b, type);
    } catch (e) {
      assert.ok(e instanceof FileError, String(e));
    }
  }
});

test('checkUpload: limits, declared type and the stripped bytes with their hash', () => {
  const { file, gps } = sampleJpeg();
  const ok = checkUpload(file, 'image/jpeg; charset=binary', file.length);
  assert.equal(ok.type, 'image/jpeg');
  assert.equal(ok.bytes.indexOf(gps), -1);
  assert.equal(ok.size, ok.bytes.length);
  assert.ok(ok.size < file.length);
  assert.equal(ok.sha256, createHash('sha256').update(ok.bytes).digest('hex'));
  assert.equal(checkUpload(file, undefined, 1e6).type, 'image/jpeg', 'no declared type: the content decides');
  assert.equal(checkUpload(file, 'IMAGE/JPG', 1e6).type, 'image/jpeg');
  assert.equal(checkUpload(samplePdf(), 'application/pdf', 1e6).type, 'application/pdf');
  assert.throws(() => checkUpload(file, 'image/jpeg', file.length - 1), hasCode('too_large'));
  assert.throws(() => checkUpload(Buffer.alloc(0), 'image/jpeg', 1e6), hasCode('empty'));
  assert.throws(() => checkUpload(samplePng().file, 'image/jpeg', 1e6), hasCode('unsupported_type'));
  assert.throws(() => checkUpload(file, 'text/plain', 1e6), hasCode('unsupported_type'));
  assert.throws(() => checkUpload(file, 'application/octet-stream', 1e6), hasCode('unsupported_type'));
  assert.throws(() => checkUpload(file.subarray(0, 200), 'image/jpeg', 1e6), hasCode('malformed'));
});

test('fromFileError answers 413, 415, 400 and 422 naming the field', () => {
  const statuses = (['too_large', 'unsupported_type', 'empty', 'malformed'] as const).map((code) => {
    const e = fromFileError(new FileError(code, 'x'), 'evidence');
    assert.ok(e instanceof AppError);
    assert.deepEqual(e.details, [{ path: 'evidence', code, message: 'x' }]);
    return e.status;
  });
  assert.deepEqual(statuses, [413, 415, 400, 422]);
});
