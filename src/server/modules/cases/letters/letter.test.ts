import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../../../platform/errors.js';
import { ConfigError, loadConfig } from '../../../platform/config.js';
import { LetterError, letterText, letterTitle, chineseDate, type LetterModel } from './letter.js';
import { letterHtml } from './letter.html.js';
import { breakLines, letterPdf, packagedFontFile } from './letter.pdf.js';

const letter = (over: Partial<LetterModel> = {}): LetterModel => ({
  letterNo: '乌网约工函〔2026〕12号',
  date: '2026-11-29',
  unionName: '乌鲁木齐市网约车行业工会',
  unionAddress: '乌鲁木齐市天山区解放北路88号',
  unionPhone: '0991-2345678',
  recipientName: '乌鲁木齐市交通运输局',
  recipientAddress: '乌鲁木齐市水磨沟区南湖北路1号',
  subject: '商请核查网约车驾驶员交通违法处罚事宜',
  workerDisplay: '一名网约车驾驶员',
  categoryLabel: '交通罚款',
  occurredOn: '2026-11-03',
  place: '乌鲁木齐市天山区新华南路与人民路交叉口',
  facts: '该驾驶员按乘客要求临时停车上下客时被处以罚款200元。现场未设置禁停标志，且平台将上车点固定设置于该路口。\n该驾驶员已提出申诉，至今未获答复',
  request: '一、对上述处罚所依据的事实和证据予以核查；\n二、如处罚确有不当，依法予以撤销或变更。',
  legalBasis: '《中华人民共和国行政处罚法》第五条、第四十条',
  contactOfficer: '李建华',
  replyBy: '2026-12-15',
  ...over,
});

test('the text has the parts of a formal letter, in order', () => {
  const t = letterText(letter());
  assert.equal(t.title, '关于商请核查网约车驾驶员交通违法处罚事宜的函');
  assert.equal(t.salutation, '乌鲁木齐市交通运输局：');
  assert.equal(t.closing, '此致\n敬礼！');
  assert.deepEqual(t.signature, ['乌鲁木齐市网约车行业工会', '2026年11月29日']);
  const body = t.paragraphs.join('\n');
  const order = [
    '近日，一名网约车驾驶员就交通罚款问题向我会反映情况',
    '2026年11月3日，在乌鲁木齐市天山区新华南路与人民路交叉口，该驾驶员按乘客要求临时停车上下客时被处以罚款200元。',
    '该驾驶员已提出申诉，至今未获答复。', // a missing full stop is added
    '《中华人民共和国工会法》',
    '现函请贵单位：',
    '一、对上述处罚所依据的事实和证据予以核查。',
    '二、如处罚确有不当，依法予以撤销或变更。',
    '上述请求的依据：《中华人民共和国行政处罚法》第五条、第四十条。',
    '请贵单位于2026年12月15日前将办理情况书面函复我会。',
    '联系人：李建华；联系电话：0991-2345678；通讯地址：乌鲁木齐市天山区解放北路88号。',
  ];
  let at = -1;
  for (const part of order) {
    const i = body.indexOf(part);
    assert.ok(i > at, `expected after the previous part: ${part}\n${body}`);
    at = i;
  }
});

test('optional parts are left out cleanly; one request stays on the request line', () => {
  const t = letterText(
    letter({ occurredOn: undefined, place: '  ', legalBasis: '', replyBy: undefined, unionPhone: undefined, unionAddress: undefined, request: '依法撤销该处罚决定', categoryLabel: '欠薪纠纷' }),
  );
  const body = t.paragraphs.join('\n');
  assert.ok(body.includes('就欠薪纠纷向我会反映'), body);
  assert.ok(t.paragraphs.includes('该驾驶员按乘客要求临时停车上下客时被处以罚款200元。现场未设置禁停标志，且平台将上车点固定设置于该路口。'));
  assert.ok(t.paragraphs.includes('为妥善解决上述问题，现函请贵单位：依法撤销该处罚决定。'));
  assert.ok(!body.includes('依据：'));
  assert.ok(body.includes('请贵单位将办理情况及时书面函复我会。'));
  assert.equal(t.paragraphs.at(-1), '联系人：李建华。');
});

test('the title reads 关于……的函 whatever the subject already says', () => {
  assert.equal(letterTitle('协助处理欠薪问题'), '关于协助处理欠薪问题的函');
  assert.equal(letterTitle('关于协助处理欠薪问题的函'), '关于协助处理欠薪问题的函');
  assert.equal(letterTitle('关于协助处理欠薪问题'), '关于协助处理欠薪问题的函');
  assert.equal(chineseDate('2026-01-05'), '2026年1月5日');
});

test('an empty recipient, facts or request is a LetterError naming the field', () => {
  for (const field of ['recipientName', 'facts', 'request', 'unionName', 'contactOfficer'] as const) {
    for (const empty of ['', '  \n ']) {
      assert.throws(
        () => letterText(letter({ [field]: empty })),
        (e: unknown) => {
          assert.ok(e instanceof LetterError, `expected a LetterError for ${field}`);
          assert.equal(e.field, field);
          assert.equal(e.issue, 'required');
          assert.match(e.message, new RegExp(field));
          // It reaches the HTTP error handler as a 400 naming the field.
          assert.ok(e instanceof AppError);
          assert.equal(e.status, 400);
          assert.deepEqual(e.details.map((d) => [d.path, d.code]), [[field, 'required']]);
          return true;
        },
      );
    }
  }
  // The renderers validate the same way.
  assert.throws(() => letterHtml(letter({ facts: '' })), (e: unknown) => e instanceof LetterError && e.field === 'facts');
});

test('dates, the reply deadline and lengths are checked', () => {
  const fails = (over: Partial<LetterModel>, field: string, issue: string) =>
    assert.throws(() => letterText(letter(over)), (e: unknown) => e instanceof LetterError && e.field === field && e.issue === issue);
  fails({ date: '2026-02-30' }, 'date', 'invalid_date');
  fails({ date: '29/11/2026' }, 'date', 'invalid_date');
  fails({ occurredOn: '2026-13-01' }, 'occurredOn', 'invalid_date');
  fails({ replyBy: '2026-11-28' }, 'replyBy', 'reply_before_date');
  fails({ facts: '事'.repeat(10_001) }, 'facts', 'too_long');
  fails({ recipientName: '局'.repeat(301) }, 'recipientName', 'too_long');
  assert.doesNotThrow(() => letterText(letter({ letterNo: '' })), 'a draft may have no number yet');
});

test('the HTML page is a complete A4 document in Chinese with every value escaped', () => {
  const html = letterHtml(
    letter({ facts: '司机称<script>alert("x")</script>被扣款', recipientName: '某公司 & "子公司"', workerDisplay: "<b>张三</b>'" }),
  );
  assert.match(html, /^<!doctype html>\n<html lang="zh-CN">/);
  assert.match(html, /<meta charset="utf-8">/);
  assert.match(html, /@page \{ size: A4;/);
  assert.match(html, /@media print/);
  assert.ok(!/<script/i.test(html), 'no script tag, not even from the facts');
  assert.ok(html.includes('司机称&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;被扣款'));
  assert.ok(html.includes('某公司 &amp; &quot;子公司&quot;：'));
  assert.ok(html.includes('&lt;b&gt;张三&lt;/b&gt;&#39;'));
  assert.ok(!/(src|href)=/.test(html), 'self-contained: nothing loaded from elsewhere');
  for (const part of ['<h1>关于商请核查网约车驾驶员交通违法处罚事宜的函</h1>', '此致', '敬礼！', '2026年11月29日', '送达：']) {
    assert.ok(html.includes(part), part);
  }
});

test('lines never start with a closing mark nor end with an opening one, and fit the width', () => {
  const measure = (s: string) => [...s].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 0.5 : 1), 0);
  const text = '一二三四五，六七八九十。一二三四五六七八（九十）一二三四“五六”七八九十ABCDEFGHIJ 0991-2345678，完。按件计酬（每件1.2元），“《工会法》”。';
  for (let width = 5; width <= 16; width++) {
    const lines = breakLines(text, measure, width, 2);
    assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''), `nothing lost at width ${width}`);
    lines.forEach((l, i) => {
      assert.ok(measure(l) <= width - (i === 0 ? 2 : 0) + 1e-9, `line ${i} "${l}" fits ${width}`);
      if (i > 0) assert.ok(!/^[，。、；：？！）》”]/.test(l), `line ${i} "${l}" starts with a closing mark`);
      assert.ok(!/[（《“]$/.test(l), `line ${i} "${l}" ends with an opening mark`);
    });
  }
  assert.deepEqual(breakLines('甲乙 0991-2345678', measure, 6), ['甲乙', '0991-2345678'], 'a number stays whole');
});

const latin1 = (b: Buffer) => b.toString('latin1');
/** Every stream of the PDF, inflated (pdfkit Flate-compresses page content and font programs). */
function streams(pdf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (const m of latin1(pdf).matchAll(/(?<!end)stream\n/g)) {
    const start = m.index + m[0].length;
    try {
      out.push(zlib.inflateSync(pdf.subarray(start, latin1(pdf).indexOf('\nendstream', start))));
    } catch {
      // not Flate-compressed
    }
  }
  return out;
}

const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

test('the PDF is a real A4 PDF with the Chinese font embedded as a subset', async (t) => {
  const started = performance.now();
  const pdf = await letterPdf(letter());
  const ms = performance.now() - started;
  const s = latin1(pdf);
  assert.ok(s.startsWith('%PDF-'), 'starts with %PDF-');
  assert.ok(s.trimEnd().endsWith('%%EOF'), 'ends with %%EOF');
  assert.match(s, /\/MediaBox \[0 0 595\.28 841\.89\]/, 'A4');
  assert.match(s, /\/FontFile2 \d+ 0 R/, 'a TrueType font program is embedded');
  assert.match(s, /\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/, 'the regular face, subset');
  assert.match(s, /\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Bold/, 'the bold face (letterhead and title), subset');
  assert.match(s, /\/Lang \(zh-CN\)/);
  // The embedded font is a subset: far smaller than the 15 MB file.
  assert.ok(pdf.length < 300_000, `PDF is ${pdf.length} bytes`);
  const sfnt = (b: Buffer) => ['true', '\x00\x01\x00\x00'].includes(latin1(b.subarray(0, 4))) && latin1(b.subarray(0, 400)).includes('glyf');
  assert.ok(streams(pdf).some(sfnt), 'an inflated stream is a TrueType font program');
  assert.ok((await letterPdf(letter())).equals(pdf), 'the same letter renders to the same bytes');
  t.diagnostic(`first render ${ms.toFixed(0)} ms (reads the fonts), ${pdf.length} bytes`);
});

test(
  'the PDF text, extracted with pdftotext, holds the recipient and the facts in Chinese',
  { skip: hasPdftotext ? false : 'pdftotext is not installed (apt-get install poppler-utils): text extraction not checked' },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-'));
    try {
      const file = path.join(dir, 'letter.pdf');
      fs.writeFileSync(file, await letterPdf(letter({ facts: '该驾驶员按乘客要求临时停车上下客时被处以罚款200元。'.repeat(60) })));
      const res = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      assert.equal(res.status, 0, res.stderr);
      const text = res.stdout.replace(/\s+/g, '');
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      assert.ok(pages >= 3, `a long letter flows over pages (${pages})`);
      assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const parts = ['乌鲁木齐市交通运输局：', '关于商请核查网约车驾驶员交通违法处罚事宜的函', '该驾驶员按乘客要求临时停车上下客时被处以罚款200元。'];
      for (const part of [...parts, '此致敬礼！', '2026年11月29日', '—1—', `—${pages}—`]) {
        assert.ok(text.includes(part), `extracted text has ${part}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('the configured LETTER_FONT is used when it has every character, else the packaged font', async () => {
  const own = latin1(await letterPdf(letter(), { fontPath: packagedFontFile('bold') }));
  assert.match(own, /NotoSerifSC-Bold/);
  assert.ok(!/NotoSerifSC-Regular/.test(own), 'the configured font sets the whole letter');

  const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  if (fs.existsSync(dejavu)) {
    const fallback = latin1(await letterPdf(letter(), { fontPath: dejavu }));
    assert.ok(!/DejaVu/.test(fallback), 'a font without Chinese is not used');
    assert.match(fallback, /NotoSerifSC-Regular/);
  }
  // Debian's fonts-noto-cjk is a collection: refused (embedding from it takes seconds per letter).
  const ttc = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
  if (fs.existsSync(ttc)) await assert.rejects(letterPdf(letter(), { fontPath: ttc }), /collection/);
  await assert.rejects(letterPdf(letter(), { fontPath: '/nonexistent/font.ttf' }), /ENOENT/);
});

test('LETTER_FONT is checked at start', () => {
  const env = { DATA_KEY: Buffer.alloc(32, 1).toString('base64') };
  assert.equal(loadConfig(env).letterFont, '');
  assert.equal(loadConfig({ ...env, LETTER_FONT: packagedFontFile('regular') }).letterFont, packagedFontFile('regular'));
  assert.throws(() => loadConfig({ ...env, LETTER_FONT: '/nonexistent/font.ttf' }), (e: unknown) => e instanceof ConfigError && /LETTER_FONT/.test(e.message));
  assert.throws(() => loadConfig({ ...env, LETTER_FONT: new URL(import.meta.url).pathname }), ConfigError, 'not a font file');
  assert.throws(() => loadConfig({ ...env, LETTER_FONT: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc' }), ConfigError, 'a collection');
});
