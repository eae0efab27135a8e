import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visualRuns, type Run } from './bidi.js';

const R = (text: string): Run => ({ text, rtl: true });
const L = (text: string): Run => ({ text, rtl: false });

const cases: { name: string; text: string; base?: 'rtl' | 'ltr'; runs: Run[] }[] = [
  { name: 'empty', text: '', runs: [] },
  { name: 'Uyghur only', text: 'ئىشچىلار سانى', runs: [R('ئىشچىلار سانى')] },
  { name: 'digits only', text: '2025', runs: [L('2025')] },
  { name: 'Uyghur then a number: the number sits at the left', text: 'ئىشچىلار 1200', runs: [L('1200'), R('ئىشچىلار ')] },
  { name: 'a year inside Uyghur keeps its digit order', text: '2025-يىلى', runs: [R('-يىلى'), L('2025')] },
  { name: 'a period of two months', text: 'ۋاقىت: 2025-01 — 2025-12', runs: [L('2025-01 — 2025-12'), R('ۋاقىت: ')] },
  { name: 'a percentage with a decimal point', text: 'نىسبىتى 92.5%', runs: [L('92.5%'), R('نىسبىتى ')] },
  { name: 'Latin between Uyghur words', text: 'مەنبە PDF ھۆججىتى', runs: [R(' ھۆججىتى'), L('PDF'), R('مەنبە ')] },
  { name: 'two numbers separated by Uyghur', text: '5 دىن 10 گىچە', runs: [R(' گىچە'), L('10'), R(' دىن '), L('5')] },
  { name: 'Chinese in a Uyghur line (a station name)', text: 'پونكىت 火车站驿站', runs: [L('火车站驿站'), R('پونكىت ')] },
  { name: 'suppressed-cell mark', text: '<5', runs: [L('<5')] },
  { name: 'left-to-right base with an Uyghur word keeps logical order', text: 'Korla كورلا 2025', base: 'ltr', runs: [L('Korla '), R('كورلا'), L(' 2025')] },
  { name: 'leading and trailing spaces take the line direction', text: ' 12 ', runs: [R(' '), L('12'), R(' ')].reverse() },
];

for (const c of cases) {
  test(`bidi: ${c.name}`, () => {
    assert.deepEqual(visualRuns(c.text, c.base ?? 'rtl'), c.runs);
  });
}

test('bidi: the runs hold every character of the line exactly once', () => {
  for (const c of cases) {
    const runs = visualRuns(c.text, c.base ?? 'rtl');
    const logical = (c.base ?? 'rtl') === 'rtl' ? [...runs].reverse() : runs;
    assert.equal(logical.map((r) => r.text).join(''), c.text, c.name);
  }
});
