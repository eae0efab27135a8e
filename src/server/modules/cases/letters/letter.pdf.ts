/**
 * The letter as an A4 PDF with its font embedded (subset), laid out after GB/T 9704: red letterhead
 * and rule, 22 pt bold title, 16 pt body on 29 pt lines (22 lines a page), two-character paragraph
 * indent, both margins flush, page numbers as — 1 —.
 *
 * pdfkit justifies only at spaces, which Chinese has none of, so lines are broken and justified
 * here: per-line character spacing, and the rule that a line neither starts with a closing mark
 * (，。、) nor ends with an opening one (（《“).
 *
 * The font: the operator's LETTER_FONT when it has every character the letter uses, else Noto Serif
 * SC (SIL OFL 1.1) from the @expo-google-fonts/noto-serif-sc package, so a fresh machine without any
 * system CJK font renders the letter after `npm install`.
 */
import PDFDocument from 'pdfkit';
import { create, type Font } from 'fontkit';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { letterText, validateLetter, type LetterModel } from './letter.js';

export type LetterPdfOptions = {
  /** A .ttf or .otf file (config's letterFont, from LETTER_FONT); '' or absent: the packaged font. */
  fontPath?: string;
};

type Face = { buffer: Buffer; font: Font };

const mm = (n: number) => (n * 72) / 25.4;
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(30), bottom: mm(28), left: mm(28), right: mm(26) };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 156 mm, the 版心 of GB/T 9704
const BODY = 16; // 三号
const LINE = 29; // 22 lines in the 225 mm text block
const TITLE = 22; // 二号
const RED = '#c00000';

const require = createRequire(import.meta.url);
let packagedDir: string | undefined;
/** Where the packaged Noto Serif SC files are (resolved once; the package has no exports map). */
export function packagedFontFile(weight: 'regular' | 'bold'): string {
  packagedDir ??= path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  return path.join(packagedDir, weight === 'bold' ? '700Bold/NotoSerifSC_700Bold.ttf' : '400Regular/NotoSerifSC_400Regular.ttf');
}

// A font file is read and parsed once per process (15 MB each; pdfkit keeps only the subset).
const faces = new Map<string, Promise<Face>>();
function loadFace(file: string): Promise<Face> {
  let face = faces.get(file);
  if (!face) {
    face = openFace(file);
    faces.set(file, face);
    face.catch(() => faces.delete(file));
  }
  return face;
}

async function openFace(file: string): Promise<Face> {
  const buffer = await fs.readFile(file);
  const font = create(buffer);
  // pdfkit takes seconds per letter to embed a face from a collection (measured: 8 s for Debian's
  // NotoSerifCJK-Regular.ttc against 0.1 s for a .ttf), so collections are refused.
  if ('fonts' in font) throw new Error(`${file} is a font collection; LETTER_FONT needs a single .ttf or .otf font`);
  return { buffer, font };
}

const covers = (face: Face, text: string) => [...text].every((c) => /\s/.test(c) || face.font.hasGlyphForCodePoint(c.codePointAt(0)!));

/** The operator's font when it can set every character of this letter, else the packaged one. */
async function chooseFaces(text: string, fontPath: string | undefined): Promise<{ regular: Face; bold: Face }> {
  if (fontPath) {
    const own = await loadFace(fontPath);
    if (covers(own, text)) return { regular: own, bold: own };
  }
  const [regular, bold] = await Promise.all([loadFace(packagedFontFile('regular')), loadFace(packagedFontFile('bold'))]);
  return { regular, bold };
}

const NO_START = new Set([...'，。、；：？！）》」』】〕”’…—·%‰℃,.;:?!)]}']);
const NO_END = new Set([...'（《「『【〔“‘([{']);

/**
 * Breaks a paragraph into lines no wider than `width` (the first `firstIndent` narrower). Runs of
 * Latin letters and digits stay together unless one alone is wider than a line.
 */
export function breakLines(text: string, measure: (s: string) => number, width: number, firstIndent = 0): string[] {
  const units = (text.replace(/\s+/g, ' ').trim().match(/[A-Za-z0-9@&_./:+\-]+|\s|./gsu) ?? []).flatMap((u) =>
    measure(u) > width - firstIndent ? [...u] : [u],
  );
  const lines: string[][] = [];
  let cur: string[] = [];
  let used = 0;
  const avail = () => width - (lines.length === 0 ? firstIndent : 0);
  for (const u of units) {
    if (u === ' ' && cur.length === 0) continue;
    const w = measure(u);
    if (used + w <= avail() + 0.01 || cur.length === 0) {
      cur.push(u);
      used += w;
      continue;
    }
    if (u === ' ') continue;
    // Push the last character down rather than start a line with a closing mark or end one with an opening mark.
    const carry = [u];
    while (cur.length > 1 && (NO_START.has(carry[0]![0]!) || NO_END.has(cur[cur.length - 1]!))) carry.unshift(cur.pop()!);
    while (cur[cur.length - 1] === ' ') cur.pop();
    lines.push(cur);
    cur = carry;
    used = carry.reduce((s, x) => s + measure(x), 0);
  }
  if (cur.length) lines.push(cur);
  return lines.map((l) => l.join('').trimEnd());
}

/** A4 PDF of the letter; the font is embedded as a subset. Throws LetterError on bad input. */
export async function letterPdf(m: LetterModel, opts: LetterPdfOptions = {}): Promise<Buffer> {
  const t = letterText(m);
  const v = validateLetter(m);
  const note = v.recipientAddress ? `送达：${v.recipientName}，${v.recipientAddress}` : '';
  const all = [v.unionName, v.letterNo, t.title, t.salutation, ...t.paragraphs, t.closing, ...t.signature, note, '—0123456789'].join('');
  const { regular, bold } = await chooseFaces(all, opts.fontPath);

  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    pdfVersion: '1.7',
    // The letter's own date, so the same letter renders to the same bytes.
    info: { Title: t.title, Author: v.unionName, Subject: v.subject, Creator: 'Nuanxin', CreationDate: new Date(`${v.date}T00:00:00+08:00`) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular.buffer);
  // One face for both (the operator's font) is embedded once.
  const boldFont = bold === regular ? 'regular' : 'bold';
  if (bold !== regular) doc.registerFont('bold', bold.buffer);

  const bottom = PAGE.height - MARGIN.bottom;
  let y = MARGIN.top;
  const widths = new Map<string, number>();
  const measureWith = (font: string, size: number) => (s: string) => {
    const key = `${font}${size}${s}`;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = doc.font(font).fontSize(size).widthOfString(s)));
    return w;
  };
  const ensure = (h: number) => {
    if (y + h > bottom + 0.01) {
      doc.addPage();
      y = MARGIN.top;
    }
  };
  /** Draws one line in a box of height lineH, vertically centred; justify stretches it to `width`. */
  const line = (s: string, opt: { font: string; size: number; lineH: number; x?: number; width?: number; align?: 'left' | 'center' | 'right' | 'justify'; color?: string }) => {
    const { font, size, lineH } = opt;
    const x0 = opt.x ?? MARGIN.left;
    const w = opt.width ?? WIDTH - (x0 - MARGIN.left);
    ensure(lineH);
    doc.font(font).fontSize(size).fillColor(opt.color ?? '#000');
    const natural = measureWith(font, size)(s);
    const n = [...s].length;
    let x = x0;
    let characterSpacing = 0;
    if (opt.align === 'center') x = x0 + (w - natural) / 2;
    else if (opt.align === 'right') x = x0 + w - natural;
    else if (opt.align === 'justify' && n > 1) characterSpacing = Math.min((w - natural) / (n - 1), size / 2);
    doc.text(s, x, y + (lineH - doc.currentLineHeight()) / 2, { lineBreak: false, characterSpacing });
    y += lineH;
  };
  const paragraph = (s: string, indent: number) => {
    const lines = breakLines(s, measureWith('regular', BODY), WIDTH, indent);
    lines.forEach((l, i) =>
      line(l, { font: 'regular', size: BODY, lineH: LINE, x: MARGIN.left + (i === 0 ? indent : 0), align: i < lines.length - 1 ? 'justify' : 'left' }),
    );
  };

  // Letterhead: the union's name in red over a red double rule; shrinks to fit a long name.
  const headSize = Math.min(26, (WIDTH * 0.95) / Math.max(1, [...v.unionName].length));
  line(v.unionName, { font: boldFont, size: headSize, lineH: headSize * 1.5, align: 'center', color: RED });
  y += mm(3);
  doc.save().lineWidth(2).strokeColor(RED).moveTo(MARGIN.left, y).lineTo(MARGIN.left + WIDTH, y).stroke();
  doc.lineWidth(0.75).moveTo(MARGIN.left, y + 3).lineTo(MARGIN.left + WIDTH, y + 3).stroke().restore();
  y += mm(3);
  line(v.letterNo, { font: 'regular', size: BODY, lineH: LINE, align: 'right' });
  y += LINE / 2;

  for (const l of breakLines(t.title, measureWith(boldFont, TITLE), WIDTH * 0.9)) line(l, { font: boldFont, size: TITLE, lineH: TITLE * 1.5, align: 'center' });
  y += LINE;
  paragraph(t.salutation, 0);
  for (const p of t.paragraphs) paragraph(p, BODY * 2);

  // 此致 / 敬礼！ and the signature stay on one page.
  const [first, second] = t.closing.split('\n');
  ensure(LINE * (3 + t.signature.length));
  line(first ?? '', { font: 'regular', size: BODY, lineH: LINE, x: MARGIN.left + BODY * 2 });
  line(second ?? '', { font: 'regular', size: BODY, lineH: LINE });
  y += LINE;
  // The union's name centred over the date, the block two characters from the right margin.
  const sigW = Math.max(...t.signature.map(measureWith('regular', BODY)));
  for (const s of t.signature) line(s, { font: 'regular', size: BODY, lineH: LINE, x: MARGIN.left + WIDTH - BODY * 2 - sigW, width: sigW, align: 'center' });
  if (note) {
    y += LINE;
    for (const l of breakLines(note, measureWith('regular', 12), WIDTH)) line(l, { font: 'regular', size: 12, lineH: 20, color: '#333' });
  }

  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    y = PAGE.height - MARGIN.bottom + mm(7);
    const label = `— ${i + 1} —`;
    doc.font('regular').fontSize(14).fillColor('#000');
    doc.text(label, PAGE.width / 2 - measureWith('regular', 14)(label) / 2, y, { lineBreak: false });
  }
  doc.end();
  return done;
}
