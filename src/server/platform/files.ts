import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Uploaded evidence files: workers attach phone photos and PDFs to rights cases. A courier's photo
 * carries GPS and the phone's make and time in its metadata, so images are rewritten before they are
 * stored. Pure Buffer work: no database, no dependencies. Every parser checks each length against the
 * buffer before reading and always moves forward, so bad input throws FileError('malformed') and can
 * neither hang nor read out of bounds.
 *
 * What each format loses and keeps:
 * - JPEG loses every APPn segment except JFIF APP0 (rewritten without its thumbnail: a thumbnail can
 *   show the uncropped original), ICC_PROFILE APP2 and Adobe APP14; so Exif and XMP (APP1), MPF
 *   (APP2), IPTC/Photoshop (APP13) and COM go, also when they sit between scans of a progressive
 *   image. Scan data is copied verbatim; anything after EOI (Motion Photo videos, Samsung trailers,
 *   MPF secondary images with their own Exif) is dropped. An Exif orientation other than 1 comes back
 *   as a minimal Exif holding that one tag, so the photo is not shown sideways.
 * - PNG keeps the critical chunks (IHDR, PLTE, IDAT, IEND) and the ancillary chunks that change how
 *   pixels look (transparency, colour space, gamma, ICC, physical size, palette hints, APNG frames);
 *   it loses eXIf, tEXt, iTXt, zTXt, tIME and any unknown ancillary chunk, which decoders ignore
 *   anyway but which could carry metadata. Kept chunks are copied with their CRCs untouched; nothing
 *   after IEND survives. An orientation other than 1 comes back as a minimal eXIf after IHDR
 *   (Chromium applies it to PNG).
 * - WebP keeps VP8X, VP8, VP8L, ALPH, ANIM, ANMF and ICCP; it loses EXIF, XMP and unknown chunks,
 *   clears the Exif and XMP flags in VP8X and rewrites the RIFF size. WebP orientation lives only in
 *   Exif, which browsers do not apply to WebP, so nothing is lost on screen.
 * - PDF is returned unchanged: its Info dictionary (author, creator, dates), XMP metadata and any
 *   photos embedded in it (with their own Exif) are NOT rewritten. It must start with %PDF- and end
 *   with %%EOF (within the last 1024 bytes), which catches truncated uploads.
 */

export const evidenceTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceType = (typeof evidenceTypes)[number];

/** too_large → 413, unsupported_type → 415, empty → 400, malformed → 422 (errors.ts fromFileError). */
export type FileErrorCode = 'too_large' | 'unsupported_type' | 'empty' | 'malformed';

export class FileError extends Error {
  override readonly name = 'FileError';
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const malformed = (why: string) => new FileError('malformed', why);

/**
 * The largest image taken: a phone's 200-megapixel photo fits, a decompression bomb (a small file that
 * declares 50000×50000 pixels and would take 10 GB to show) does not.
 */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_IMAGE_PIXELS = 250_000_000;
function checkPixels(width: number, height: number) {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new FileError('too_large', `The image is ${width}×${height} pixels; the limit is ${MAX_IMAGE_SIDE} a side and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type by magic bytes only: the file name and the declared type are never trusted. */
export function sniff(buf: Buffer): EvidenceType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/** The file without its metadata (see the top of this file); throws FileError('malformed'). */
export function stripMetadata(buf: Buffer, type: EvidenceType): Buffer {
  if (sniff(buf) !== type) throw malformed(`The content is not ${type}`);
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(buf);
    case 'image/png':
      return stripPng(buf);
    case 'image/webp':
      return stripWebp(buf);
    case 'application/pdf':
      return checkPdf(buf);
  }
}

export type UploadCheck = { type: EvidenceType; bytes: Buffer; sha256: string; size: number };

/** Content types some clients send for JPEG. */
const typeAliases: Record<string, EvidenceType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/**
 * Checks an upload and returns the bytes to store (metadata stripped) with their sha256 and size. The
 * declared Content-Type may be absent; when present it must be an evidence type and match the content.
 */
export function checkUpload(buf: Buffer, declaredType: string | undefined, maxBytes: number): UploadCheck {
  if (buf.length === 0) throw new FileError('empty', 'The file is empty');
  if (buf.length > maxBytes) throw new FileError('too_large', `The file has ${buf.length} bytes; the limit is ${maxBytes}`);
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase() || undefined;
  const claimed = declared && (typeAliases[declared] ?? declared);
  if (claimed && !(evidenceTypes as readonly string[]).includes(claimed)) {
    throw new FileError('unsupported_type', `Files sent as ${declared.slice(0, 80)} are not accepted; send a JPEG, PNG or WebP photo or a PDF`);
  }
  const type = sniff(buf);
  if (!type) throw new FileError('unsupported_type', 'The content is not a JPEG, PNG or WebP photo or a PDF');
  if (claimed && claimed !== type) throw new FileError('unsupported_type', `The file was sent as ${claimed} but its content is ${type}`);
  const bytes = stripMetadata(buf, type);
  return { type, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

// ---- JPEG -------------------------------------------------------------------------------------

const EOI = Buffer.from([0xff, 0xd9]);
const startsWith = (b: Buffer, s: string) => b.length >= s.length && b.toString('latin1', 0, s.length) === s;

function stripJpeg(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 2)];
  let exifAt = 1; // the minimal Exif goes right after SOI, or after a leading JFIF APP0
  let orientation = 1;
  let scans = 0;
  let i = 2;
  for (;;) {
    if (buf[i] !== 0xff) throw malformed(i >= buf.length ? 'JPEG: ends before its end marker' : `JPEG: expected a marker at byte ${i}`);
    while (buf[i] === 0xff) i++; // fill bytes
    const m = buf[i++];
    if (m === undefined) throw malformed('JPEG: ends inside a marker');
    if (m === 0xd9) {
      if (!scans) throw malformed('JPEG: no image data');
      out.push(EOI); // whatever follows EOI is dropped
      break;
    }
    if (m === 0x00 || m === 0xd8) throw malformed(`JPEG: unexpected marker 0x${m.toString(16)} at byte ${i - 1}`);
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      out.push(buf.subarray(i - 2, i)); // TEM and RSTn stand alone
      continue;
    }
    if (i + 2 > buf.length) throw malformed('JPEG: segment length cut off');
    const len = buf.readUInt16BE(i);
    if (len < 2 || i + len > buf.length) throw malformed(`JPEG: segment at byte ${i - 2} runs past the end`);
    const seg = buf.subarray(i - 2, i + len);
    const body = buf.subarray(i + 2, i + len);
    i += len;
    if (m === 0xda) {
      out.push(seg);
      scans++;
      // Entropy-coded data runs to the first 0xFF that is neither stuffing (FF00) nor a restart marker.
      const start = i;
      for (;;) {
        const j = buf.indexOf(0xff, i);
        if (j < 0 || j + 1 >= buf.length) throw malformed('JPEG: image data ends before its end marker');
        const n = buf[j + 1]!;
        if (n === 0x00 || (n >= 0xd0 && n <= 0xd7)) i = j + 2;
        else {
          i = j;
          break;
        }
      }
      out.push(buf.subarray(start, i));
    } else if ((m >= 0xe0 && m <= 0xef) || m === 0xfe) {
      if (m === 0xe0 && startsWith(body, 'JFIF\0') && body.length >= 14) {
        if (out.length === 1) exifAt = 2;
        const jfif = Buffer.alloc(18); // the 14-byte JFIF header with a 0×0 thumbnail
        jfif.writeUInt16BE(0xffe0, 0);
        jfif.writeUInt16BE(16, 2);
        body.copy(jfif, 4, 0, 12);
        out.push(jfif);
      } else if (m === 0xe1 && startsWith(body, 'Exif\0') && orientation === 1) {
        orientation = exifOrientation(body.subarray(6));
      } else if ((m === 0xe2 && startsWith(body, 'ICC_PROFILE\0')) || (m === 0xee && startsWith(body, 'Adobe'))) {
        out.push(seg);
      }
      // every other APPn and COM is dropped
    } else {
      // a frame header (SOFn) declares the size: height at byte 1, width at byte 3 of its body
      if (((m >= 0xc0 && m <= 0xc3) || (m >= 0xc5 && m <= 0xc7) || (m >= 0xc9 && m <= 0xcb) || (m >= 0xcd && m <= 0xcf)) && body.length >= 5) checkPixels(body.readUInt16BE(3), body.readUInt16BE(1));
      out.push(seg); // frame, tables, restart interval and the like
    }
  }
  if (orientation !== 1) {
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(orientation)]);
    out.splice(exifAt, 0, Buffer.from([0xff, 0xe1, 0, body.length + 2]), body);
  }
  return Buffer.concat(out);
}

/**
 * The Orientation tag (0x0112, SHORT) of IFD0 in a TIFF block, or 1. A damaged Exif does not make the
 * photo unusable (browsers ignore it too), so this reads defensively and never throws.
 */
function exifOrientation(t: Buffer): number {
  if (t.length < 8) return 1;
  const le = t.toString('latin1', 0, 2) === 'II';
  if (!le && t.toString('latin1', 0, 2) !== 'MM') return 1;
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > t.length) return 1;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > t.length) return 1;
    if (u16(e) !== 0x0112) continue;
    const v = u16(e + 2) === 3 && u32(e + 4) === 1 ? u16(e + 8) : 1;
    return v >= 1 && v <= 8 ? v : 1;
  }
  return 1;
}

/** A big-endian TIFF block whose IFD0 holds only the Orientation tag: no GPS, no camera, no time. */
function orientationTiff(orientation: number): Buffer {
  const b = Buffer.alloc(26);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4); // IFD0 right after the header
  b.writeUInt16BE(1, 8); // one entry
  b.writeUInt16BE(0x0112, 10);
  b.writeUInt16BE(3, 12); // SHORT
  b.writeUInt32BE(1, 14); // count 1
  b.writeUInt16BE(orientation, 18); // value left-justified in its 4 bytes; next IFD offset 0 follows
  return b;
}

// ---- PNG --------------------------------------------------------------------------------------

/** Ancillary chunks that change how the pixels are shown; every other ancillary chunk is dropped. */
const pngKeep = new Set(['tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCV', 'cLLI', 'bKGD', 'hIST', 'pHYs', 'sPLT', 'acTL', 'fcTL', 'fdAT']);

function stripPng(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 8)];
  let orientation = 1;
  let i = 8;
  for (;;) {
    if (i + 12 > buf.length) throw malformed('PNG: ends before IEND');
    const len = buf.readUInt32BE(i);
    if (len > 0x7fffffff || len > buf.length - i - 12) throw malformed(`PNG: chunk at byte ${i} runs past the end`);
    const type = buf.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed(`PNG: bad chunk type at byte ${i}`);
    if (i === 8 && type !== 'IHDR') throw malformed('PNG: IHDR is not the first chunk');
    if (i === 8 && len >= 8) checkPixels(buf.readUInt32BE(i + 8), buf.readUInt32BE(i + 12));
    const critical = type.charCodeAt(0) < 0x61; // an upper-case first letter marks a critical chunk
    if (critical || pngKeep.has(type)) out.push(buf.subarray(i, i + 12 + len));
    else if (type === 'eXIf' && orientation === 1) orientation = exifOrientation(buf.subarray(i + 8, i + 8 + len));
    i += 12 + len;
    if (type === 'IEND') break; // anything after IEND is dropped
  }
  if (orientation !== 1) {
    const chunk = Buffer.concat([Buffer.from([0, 0, 0, 26]), Buffer.from('eXIf', 'latin1'), orientationTiff(orientation), Buffer.alloc(4)]);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 34)), 34);
    out.splice(2, 0, chunk); // right after IHDR, well before IDAT
  }
  return Buffer.concat(out);
}

// ---- WebP -------------------------------------------------------------------------------------

const webpKeep = new Set(['VP8X', 'VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(buf: Buffer): Buffer {
  const riffSize = buf.readUInt32LE(4);
  if (riffSize < 4 || riffSize > buf.length - 8) throw malformed(`WebP: RIFF size ${riffSize} is more than the file holds`);
  const end = 8 + riffSize; // bytes after the RIFF are dropped
  const out: Buffer[] = [];
  let i = 12;
  while (i < end) {
    if (i + 8 > end) throw malformed(`WebP: chunk header at byte ${i} cut off`);
    const type = buf.toString('latin1', i, i + 4);
    const size = buf.readUInt32LE(i + 4);
    const padded = size + (size & 1);
    if (padded > end - i - 8) throw malformed(`WebP: chunk ${JSON.stringify(type)} at byte ${i} runs past the end`);
    if (i === 12 && type !== 'VP8X' && type !== 'VP8 ' && type !== 'VP8L') throw malformed('WebP: no image chunk first');
    let chunk = buf.subarray(i, i + 8 + padded);
    if (type === 'VP8X') {
      if (size < 10) throw malformed('WebP: VP8X chunk too short');
      checkPixels(buf.readUIntLE(i + 12, 3) + 1, buf.readUIntLE(i + 15, 3) + 1); // the canvas, 24 bits each
      chunk = Buffer.from(chunk);
      chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
    }
    if (webpKeep.has(type)) out.push(chunk);
    i += 8 + padded;
  }
  if (i === 12) throw malformed('WebP: no chunks');
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.write('WEBP', 8, 'latin1');
  header.writeUInt32LE(4 + out.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([header, ...out]);
}

// ---- PDF --------------------------------------------------------------------------------------

function checkPdf(buf: Buffer): Buffer {
  if (!buf.toString('latin1', Math.max(0, buf.length - 1024)).includes('%%EOF')) throw malformed('PDF: no %%EOF at the end (truncated?)');
  return buf;
}
