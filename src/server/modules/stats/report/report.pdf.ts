/**
 * The "big-data observation" as an A4 PDF: title, method note, the map of Xinjiang, then per section a
 * chart and a table for each table of figures, every one with its source and period. Charts and the map
 * are pdfkit vector paths (no browser, no image library).
 *
 * Fonts (embedded as subsets): Noto Serif SC (SIL OFL 1.1, @expo-google-fonts/noto-serif-sc, the same
 * files the case letters use) for Chinese, Latin and digits, and Noto Sans Arabic (SIL OFL 1.1,
 * @expo-google-fonts/noto-sans-arabic) for Uyghur. fontkit shapes Arabic script but takes a string's
 * direction from its first strong character, so every line is laid out by runs (bidi.ts): runs in
 * visual order, each drawn on its own; in Uyghur the line's base direction is right to left, text is
 * right-aligned, tables read from the right and bar charts grow leftwards.
 */
import PDFDocument from 'pdfkit';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packagedFontFile } from '../../cases/index.js';
import { visualRuns } from './bidi.js';
import type { ReportMap, ReportModel, ReportTable } from './report.model.js';
import type { ChartSpec } from '../../../../web/stats/model.js';

type Geo = { features: { properties: { code: string; cp?: [number, number] }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }[] };

const require = createRequire(import.meta.url);
const PAGE = { width: 595.28, height: 841.89 };
const M = { top: 48, bottom: 52, left: 44, right: 44 };
const W = PAGE.width - M.left - M.right;
const COLORS = ['#2f6fb0', '#e07b39', '#3a9d5d', '#b0413e', '#7a5bb5', '#8c6d31'];
const GREY = '#666';
const SUPPLIED = '#b35c00';
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
// Bidi controls the web's messages use (isolates, marks): the runs do their work here, and the fonts have no glyphs for them.
const CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// fontkit does not mirror brackets in a right-to-left run ("(" opens to the right there, so it shows as ")").
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '«': '»', '»': '«', '<': '>', '>': '<' };
const mirror = (s: string) => s.replace(/[()[\]{}«»<>]/g, (c) => MIRRORED[c] ?? c);

let fontFiles: Promise<Record<'cjk' | 'cjkBold' | 'ar' | 'arBold', Buffer>> | undefined;
/** The four faces, read once per process (pdfkit embeds only the glyphs a report uses). */
function loadFonts() {
  fontFiles ??= (async () => {
    const arDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-arabic/package.json'));
    const [cjk, cjkBold, ar, arBold] = await Promise.all([
      fs.readFile(packagedFontFile('regular')),
      fs.readFile(packagedFontFile('bold')),
      fs.readFile(path.join(arDir, '400Regular/NotoSansArabic_400Regular.ttf')),
      fs.readFile(path.join(arDir, '700Bold/NotoSansArabic_700Bold.ttf')),
    ]);
    return { cjk, cjkBold, ar, arBold };
  })();
  fontFiles.catch(() => (fontFiles = undefined));
  return fontFiles;
}

let geo: Promise<Geo> | undefined;
function loadGeo(): Promise<Geo> {
  geo ??= fs.readFile(new URL('../../../../web/stats/xinjiang.geo.json', import.meta.url), 'utf8').then((s) => JSON.parse(s) as Geo);
  geo.catch(() => (geo = undefined));
  return geo;
}

type TextOpts = { size: number; bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' | 'start' | 'end' };

export async function reportPdf(m: ReportModel, opts: { now?: Date } = {}): Promise<Buffer> {
  const [fonts, map] = await Promise.all([loadFonts(), m.map ? loadGeo() : Promise.resolve(null)]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    bufferPages: true,
    lang: m.lang === 'zh' ? 'zh-CN' : m.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: m.title, Author: 'Nuanxin', Subject: m.subtitle, Creator: 'Nuanxin', CreationDate: opts.now ?? new Date() },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fonts.cjk);
  doc.registerFont('cjkBold', fonts.cjkBold);
  doc.registerFont('ar', fonts.ar);
  doc.registerFont('arBold', fonts.arBold);

  const rtl = m.rtl;
  let y = M.top;
  const bottom = PAGE.height - M.bottom;
  const ensure = (h: number) => {
    if (y + h > bottom) {
      doc.addPage();
      y = M.top;
    }
  };

  // ---- text by runs --------------------------------------------------------------------------------
  const runsOf = (s: string, bold = false) =>
    visualRuns(s.replace(CONTROLS, ''), rtl ? 'rtl' : 'ltr').map((r) => ({
      text: r.text,
      rtl: r.rtl,
      font: r.rtl || (rtl && !CJK.test(r.text)) ? (bold ? 'arBold' : 'ar') : bold ? 'cjkBold' : 'cjk',
    }));
  const widths = new Map<string, number>();
  const runWidth = (text: string, font: string, size: number) => {
    const key = `${font}|${size}|${text}`;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = doc.font(font).fontSize(size).widthOfString(text)));
    return w;
  };
  const measure = (s: string, size: number, bold = false) => runsOf(s, bold).reduce((n, r) => n + runWidth(r.text, r.font, size), 0);
  /** One line of text in the box [x, x+w] at y; 'start'/'end' follow the language's direction. Too long: cut with an ellipsis. */
  const text = (s: string, x: number, yy: number, w: number, o: TextOpts) => {
    let str = s;
    if (measure(str, o.size, o.bold) > w) {
      const chars = [...str];
      while (chars.length > 1 && measure(chars.join('') + '…', o.size, o.bold) > w) chars.pop();
      str = chars.join('') + '…';
    }
    const runs = runsOf(str, o.bold);
    const total = runs.reduce((n, r) => n + runWidth(r.text, r.font, o.size), 0);
    const align = o.align === 'start' || o.align === undefined ? (rtl ? 'right' : 'left') : o.align === 'end' ? (rtl ? 'left' : 'right') : o.align;
    let cx = align === 'left' ? x : align === 'right' ? x + w - total : x + (w - total) / 2;
    doc.fillColor(o.color ?? '#000');
    for (const r of runs) {
      // pdfkit lays a string out word by word and puts the words left to right, so a right-to-left
      // run is drawn a word at a time, its words from the right.
      const pieces = r.rtl && /\s/.test(r.text) ? r.text.split(/(\s+)/).filter(Boolean).reverse() : [r.text];
      for (const piece of pieces) {
        if (!/^\s+$/.test(piece)) doc.font(r.font).fontSize(o.size).text(r.rtl ? mirror(piece) : piece, cx, yy, { lineBreak: false });
        cx += runWidth(piece, r.font, o.size);
      }
    }
  };
  /** Greedy line breaking: words in Uyghur and English, characters in Chinese. */
  const wrap = (s: string, w: number, size: number, bold = false): string[] => {
    const units = s.replace(/\s+/g, ' ').trim().match(/[A-Za-z0-9\u0600-\u06ff\ufb50-\ufeff@&_./:%+<\-]+|\s|./gsu) ?? [];
    const lines: string[] = [];
    let cur = '';
    for (const u of units) {
      if (cur === '' && u === ' ') continue;
      if (cur && measure(cur + u, size, bold) > w) {
        lines.push(cur.trimEnd());
        cur = u === ' ' ? '' : u;
      } else cur += u;
    }
    if (cur.trim()) lines.push(cur.trimEnd());
    return lines;
  };
  const paragraph = (s: string, o: TextOpts, lineH: number) => {
    for (const line of wrap(s, W, o.size, o.bold)) {
      ensure(lineH);
      text(line, M.left, y, W, o);
      y += lineH;
    }
  };

  // ---- formats ------------------------------------------------------------------------------------
  const fmt = (spec: ChartSpec, v: number) =>
    spec.percent ? `${Math.round(v * 1000) / 10}%` : spec.fen ? (v / 100).toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const niceMax = (v: number) => {
    if (v <= 0) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    const n = v / p;
    return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => n <= s) ?? 10) * p;
  };

  // ---- charts --------------------------------------------------------------------------------------
  const legend = (spec: ChartSpec) => {
    if (spec.series.length < 2) return;
    let x = rtl ? M.left + W : M.left;
    ensure(12);
    spec.series.forEach((s, i) => {
      const w = Math.min(measure(s.name, 7.5) + 16, W / 2);
      const bx = rtl ? x - 8 : x;
      doc.rect(bx, y + 2, 7, 7).fill(COLORS[i % COLORS.length]!);
      text(s.name, rtl ? x - w : x + 10, y, w - 10, { size: 7.5, color: '#333' });
      x += rtl ? -w : w;
    });
    y += 12;
  };

  const barChart = (spec: ChartSpec) => {
    const n = spec.categories.length;
    const k = spec.series.length;
    const barH = k === 1 ? 9 : Math.max(4, 14 / k);
    const rowH = barH * k + 5;
    const labelW = W * 0.3;
    const plotW = W - labelW - 46;
    const max = niceMax(Math.max(0, ...spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
    ensure(rowH * Math.min(n, 3) + 14);
    for (let i = 0; i < n; i++) {
      ensure(rowH);
      const labelX = rtl ? M.left + W - labelW : M.left;
      text(spec.categories[i] ?? '', labelX, y + (rowH - 5 - 8) / 2, labelW - 6, { size: 7.5, align: 'end', color: '#222' });
      spec.series.forEach((s, j) => {
        const v = s.values[i];
        const by = y + j * barH;
        const len = v === null || v === undefined ? 0 : (Math.max(0, v) / max) * plotW;
        const x0 = rtl ? M.left + W - labelW - len : M.left + labelW;
        if (len > 0) doc.rect(x0, by, Math.max(len, 0.5), barH - 1).fill(COLORS[j % COLORS.length]!);
        const label = v === null || v === undefined ? '<5' : fmt(spec, v);
        const lx = rtl ? x0 - 44 : x0 + len + 2;
        text(label, lx, by + (barH - 1 - 7) / 2 - 0.5, 42, { size: 6.5, color: v === null ? GREY : '#333', align: rtl ? 'right' : 'left' });
      });
      y += rowH;
    }
    y += 2;
    legend(spec);
  };

  const lineChart = (spec: ChartSpec) => {
    const h = 120;
    const axisW = 38;
    ensure(h + 26);
    const x0 = M.left + axisW;
    const pw = W - axisW - 6;
    const top = y + 4;
    const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
    const max = niceMax(Math.max(0, ...values));
    doc.lineWidth(0.4);
    for (let i = 0; i <= 4; i++) {
      const gy = top + h - (h * i) / 4;
      doc.moveTo(x0, gy).lineTo(x0 + pw, gy).strokeColor(i === 0 ? '#888' : '#ddd').stroke();
      text(fmt(spec, (max * i) / 4), M.left, gy - 4, axisW - 4, { size: 6.5, color: GREY, align: 'right' });
    }
    const n = spec.categories.length;
    const xAt = (i: number) => (n === 1 ? x0 + pw / 2 : x0 + (pw * i) / (n - 1));
    const every = Math.max(1, Math.ceil(n / 6));
    spec.categories.forEach((c, i) => {
      if (i % every === 0 || i === n - 1) text(c, xAt(i) - 25, top + h + 3, 50, { size: 6.5, color: GREY, align: 'center' });
    });
    spec.series.forEach((s, j) => {
      const color = COLORS[j % COLORS.length]!;
      let open = false;
      s.values.forEach((v, i) => {
        if (v === null) {
          open = false;
          return;
        }
        const px = xAt(i);
        const py = top + h - (Math.max(0, v) / max) * h;
        if (open) doc.lineTo(px, py);
        else doc.moveTo(px, py);
        open = true;
      });
      doc.lineWidth(1.4).strokeColor(color).stroke();
      s.values.forEach((v, i) => {
        if (v !== null) doc.circle(xAt(i), top + h - (Math.max(0, v) / max) * h, 1.6).fill(color);
      });
    });
    y = top + h + 14;
    legend(spec);
  };

  // ---- tables --------------------------------------------------------------------------------------
  const table = (tb: ReportTable) => {
    const cols = tb.head.length;
    if (!cols) return;
    const size = cols > 6 ? 6.5 : 7.5;
    const rowH = size + 6;
    // The first (label) column gets more room when the rest are numbers.
    const firstW = cols === 1 ? W : Math.min(W * 0.36, Math.max(W / cols, W * 0.22));
    const restW = cols === 1 ? 0 : (W - firstW) / (cols - 1);
    const colX = (i: number) => {
      const left = i === 0 ? 0 : firstW + restW * (i - 1);
      const w = i === 0 ? firstW : restW;
      return { x: rtl ? M.left + W - left - w : M.left + left, w };
    };
    const row = (cells: string[], header: boolean) => {
      ensure(rowH);
      if (header) doc.rect(M.left, y, W, rowH).fill('#eef1f5');
      cells.forEach((c, i) => {
        const { x, w } = colX(i);
        const numeric = tb.numeric[i];
        text(c, x + 3, y + (rowH - size) / 2 - 1, w - 6, { size, bold: header, color: !header && c.startsWith('<') && numeric ? GREY : '#111', align: numeric ? 'end' : 'start' });
      });
      y += rowH;
      doc.moveTo(M.left, y).lineTo(M.left + W, y).lineWidth(0.3).strokeColor('#ccc').stroke();
    };
    // The header and the first rows stay together.
    ensure(rowH * Math.min(tb.rows.length + 1, 4));
    if (!tb.rows.length) return;
    row(tb.head, true);
    for (const r of tb.rows) row(r, false);
    if (tb.more) {
      ensure(rowH);
      text(`… +${tb.more}`, M.left, y + 2, W, { size: 7, color: GREY });
      y += rowH;
    }
  };

  // ---- the map -------------------------------------------------------------------------------------
  const drawMap = (mp: ReportMap, g: Geo) => {
    const h = 250;
    ensure(h + 40);
    text(mp.legend, M.left, y, W, { size: 10, bold: true });
    y += 16;
    const lon0 = 73.4;
    const lon1 = 96.5;
    const lat0 = 34.3;
    const lat1 = 49.2;
    const kx = Math.cos((41.7 * Math.PI) / 180);
    const scale = Math.min(W / ((lon1 - lon0) * kx), h / (lat1 - lat0));
    const mw = (lon1 - lon0) * kx * scale;
    const ox = M.left + (W - mw) / 2;
    const oy = y;
    const px = (lon: number) => ox + (lon - lon0) * kx * scale;
    const py = (lat: number) => oy + (lat1 - lat) * scale;
    const max = Math.max(1, ...[...mp.values.values()].filter((v): v is number => v !== null));
    const ramp = ['#f1f5fb', '#c9dcf0', '#93bde2', '#5a97cf', '#2f6fb0', '#1c4a7d'];
    const colour = (code: string) => {
      const v = mp.values.get(code);
      if (v === undefined) return '#f3f3f3';
      if (v === null) return '#e3e3e3';
      return ramp[Math.min(ramp.length - 1, 1 + Math.floor((v / max) * (ramp.length - 2)))]!;
    };
    const rings = (f: Geo['features'][number]) =>
      (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry.coordinates as unknown[])) as [number, number][][][];
    for (const f of g.features) {
      for (const poly of rings(f)) {
        for (const ring of poly) {
          ring.forEach(([lon, lat], i) => (i === 0 ? doc.moveTo(px(lon), py(lat)) : doc.lineTo(px(lon), py(lat))));
          doc.closePath();
        }
      }
      doc.lineWidth(0.4).fillAndStroke(colour(f.properties.code), '#ffffff');
    }
    for (const s of mp.stations) doc.circle(px(s.lng), py(s.lat), 1.8).fill(s.is24h ? '#c0392b' : '#e67e22');
    for (const f of g.features) {
      const name = mp.names.get(f.properties.code);
      if (!name) continue;
      let cp = f.properties.cp;
      if (!cp) {
        const pts = rings(f).flat(2);
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        cp = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
      }
      const v = mp.values.get(f.properties.code);
      const label = v === undefined ? name : `${name} ${v === null ? '<5' : v.toLocaleString('en-US')}`;
      text(label, px(cp[0]) - 45, py(cp[1]) - 4, 90, { size: 6.5, align: 'center', color: '#111' });
    }
    y = oy + (lat1 - lat0) * scale + 8;
  };

  // ---- the document --------------------------------------------------------------------------------
  paragraph(m.title, { size: 20, bold: true }, 28);
  text(m.subtitle, M.left, y, W, { size: 12, color: '#333' });
  y += 18;
  text(m.generated, M.left, y, W, { size: 8, color: GREY });
  y += 14;
  paragraph(m.method, { size: 8.5, color: '#333' }, 13);
  y += 8;
  if (m.map && map) drawMap(m.map, map);

  for (const s of m.sections) {
    ensure(60);
    y += 6;
    text(s.title, M.left, y, W, { size: 14, bold: true, color: '#1c4a7d' });
    y += 20;
    doc.moveTo(M.left, y - 3).lineTo(M.left + W, y - 3).lineWidth(1).strokeColor('#1c4a7d').stroke();
    for (const tb of s.tables) {
      ensure(60);
      y += 4;
      text(tb.title, M.left, y, W, { size: 10, bold: true });
      y += 14;
      text(`${tb.source} · ${tb.period}`, M.left, y, W, { size: 7.5, color: tb.supplied ? SUPPLIED : GREY });
      y += 12;
      if (tb.chart) {
        if (tb.chart.kind === 'line') lineChart(tb.chart);
        else barChart(tb.chart);
        y += 4;
      }
      table(tb);
      if (tb.note) {
        ensure(12);
        text(tb.note, M.left, y + 2, W, { size: 7, color: GREY });
        y += 12;
      }
      y += 8;
    }
  }

  const { count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const fy = PAGE.height - M.bottom + 18;
    doc.moveTo(M.left, fy - 5).lineTo(M.left + W, fy - 5).lineWidth(0.3).strokeColor('#bbb').stroke();
    // Text placed below the bottom margin must not make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    text(m.footer, rtl ? M.left + W / 2 : M.left, fy, W / 2, { size: 7.5, color: GREY, align: 'start' });
    text(m.pageLabel(i + 1), rtl ? M.left : M.left + W / 2, fy, W / 2, { size: 7.5, color: GREY, align: 'end' });
  }
  doc.end();
  return done;
}
