/**
 * Just enough of the Unicode bidirectional algorithm to set one line of Uyghur that mixes in digits,
 * Latin or Chinese: fontkit shapes Arabic script and lays a run out right to left, but it takes the
 * direction of a whole string from its first strong script, so "2025-يىلى" drawn as one string comes out
 * with its digits reversed. The line is split into runs of one direction, and the runs are put in
 * visual order (left to right on the page); each run keeps its logical text, which fontkit lays out in
 * its own direction.
 *
 * Simplifications (fine for labels and table cells, not for arbitrary text): no embedding levels or
 * explicit marks; a number is digits with the separators . , : / between them and an optional sign
 * (or a comparison such as <5) before and % after; neutrals (spaces, punctuation) between two runs of the same direction join them,
 * otherwise they take the line's direction. Mirrored brackets are not mirrored.
 */
export type Run = { text: string; rtl: boolean };

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const STRONG_LTR = /[\p{L}\p{N}]/u;
// A number with its separators, sign and percent sign stays one left-to-right unit.
const NUMBER = /[<≤>≥+\-−]?\d+(?:[.,:/]\d+)*%?/gu;

type Cls = 'R' | 'L' | 'N';

/** Runs of one direction in visual order (leftmost first), for a line whose base direction is `base`. */
export function visualRuns(text: string, base: 'rtl' | 'ltr' = 'rtl'): Run[] {
  const chars = [...text];
  const cls: Cls[] = chars.map((c) => (RTL.test(c) ? 'R' : STRONG_LTR.test(c) ? 'L' : 'N'));
  // Numbers (with their separators and signs) are left-to-right units.
  let offset = 0;
  const starts: number[] = [];
  for (const c of chars) {
    starts.push(offset);
    offset += c.length;
  }
  for (const m of text.matchAll(NUMBER)) {
    const from = starts.indexOf(m.index);
    const to = starts.indexOf(m.index + m[0].length);
    for (let i = from; i < (to < 0 ? chars.length : to); i++) cls[i] = 'L';
  }
  // Neutrals: the direction on both sides when they agree, else the line's.
  const baseCls: Cls = base === 'rtl' ? 'R' : 'L';
  for (let i = 0; i < cls.length; i++) {
    if (cls[i] !== 'N') continue;
    let j = i;
    while (j < cls.length && cls[j] === 'N') j++;
    const before = i > 0 ? cls[i - 1]! : baseCls;
    const after = j < cls.length ? cls[j]! : baseCls;
    const d = before === after ? before : baseCls;
    for (let k = i; k < j; k++) cls[k] = d;
    i = j - 1;
  }
  const logical: Run[] = [];
  chars.forEach((c, i) => {
    const rtl = cls[i] === 'R';
    const last = logical[logical.length - 1];
    if (last && last.rtl === rtl) last.text += c;
    else logical.push({ text: c, rtl });
  });
  // In a right-to-left line the first logical run is the rightmost; left-to-right runs inside keep their order.
  return base === 'rtl' ? logical.reverse() : logical;
}

/** True when the text has any right-to-left character. */
export const hasRtl = (text: string) => RTL.test(text);
