/**
 * The letter as one self-contained printable A4 page: inline CSS, no scripts, no external resources,
 * laid out like the PDF (GB/T 9704: red letterhead, 16 pt body in a Song face on 29 pt lines).
 * Fonts come from the reader's system (every desktop and phone sold in China has a Song face);
 * the PDF embeds its own.
 */
import { letterText, validateLetter, type LetterModel } from './letter.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

const css = `
@page { size: A4; margin: 30mm 26mm 28mm 28mm; }
* { box-sizing: border-box; }
html { background: #eee; }
body { margin: 0; font-family: "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
  font-size: 16pt; line-height: 29pt; color: #000; }
.sheet { width: 210mm; min-height: 297mm; margin: 10mm auto; padding: 30mm 26mm 28mm 28mm; background: #fff; box-shadow: 0 1mm 4mm rgba(0,0,0,.25); }
.head { text-align: center; color: #c00; font-weight: 700; font-size: 26pt; line-height: 1.3; letter-spacing: .08em; margin: 0; }
.rule { border: 0; border-top: 2pt solid #c00; border-bottom: .75pt solid #c00; height: 3pt; margin: 4mm 0 0; }
.no { text-align: right; margin: 2mm 0 0; min-height: 29pt; }
h1 { font-weight: 700; font-size: 22pt; line-height: 1.45; text-align: center; margin: 10mm 0 7mm; }
p { margin: 0; }
.to { text-indent: 0; }
.body p { text-indent: 2em; text-align: justify; }
.closing .first { text-indent: 2em; }
.sig { margin: 14mm 2em 0 auto; width: max-content; text-align: center; page-break-inside: avoid; }
.note { margin-top: 12mm; font-size: 12pt; line-height: 20pt; color: #333; border-top: .5pt solid #999; padding-top: 2mm; }
.end { page-break-inside: avoid; }
@media print {
  html { background: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

/** A complete HTML document (lang zh-CN) for the letter. Every value is escaped. Throws LetterError. */
export function letterHtml(m: LetterModel): string {
  const t = letterText(m);
  const v = validateLetter(m);
  const e = escapeHtml;
  const [first, second] = t.closing.split('\n');
  const note = v.recipientAddress ? `<p class="note">送达：${e(v.recipientName)}，${e(v.recipientAddress)}</p>` : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)}</title>
<style>${css}</style>
</head>
<body>
<main class="sheet">
<p class="head">${e(v.unionName)}</p>
<hr class="rule">
<p class="no">${e(v.letterNo)}</p>
<h1>${e(t.title)}</h1>
<p class="to">${e(t.salutation)}</p>
<div class="body">
${t.paragraphs.map((p) => `<p>${e(p)}</p>`).join('\n')}
</div>
<div class="end">
<div class="closing"><p class="first">${e(first ?? '')}</p><p>${e(second ?? '')}</p></div>
<div class="sig">${t.signature.map((s) => `<p>${e(s)}</p>`).join('')}</div>
</div>
${note}
</main>
</body>
</html>
`;
}
