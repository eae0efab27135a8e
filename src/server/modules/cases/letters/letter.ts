/**
 * A union's formal letter (发函) to an authority or a company about a worker's case: the wording in
 * Chinese and its validation. Pure: no I/O. letter.html.ts and letter.pdf.ts lay out the same text,
 * so the printed page and the PDF always say the same thing.
 */
import { AppError } from '../../../platform/errors.js';

export type LetterModel = {
  /** e.g. 乌网约工函〔2026〕12号; '' for a draft that has no number yet. */
  letterNo: string;
  /** YYYY-MM-DD, the date the letter is signed. */
  date: string;
  unionName: string;
  unionAddress?: string;
  unionPhone?: string;
  recipientName: string;
  recipientAddress?: string;
  /** What the letter is about, e.g. 商请核查网约车驾驶员交通违法处罚事宜; the title becomes 关于……的函. */
  subject: string;
  /** e.g. 一名网约车驾驶员, or the worker's name when they allowed it. */
  workerDisplay: string;
  categoryLabel: string;
  /** YYYY-MM-DD */
  occurredOn?: string;
  place?: string;
  /** Free text; each line becomes a paragraph. */
  facts: string;
  /** Free text; each line becomes a paragraph (one line per numbered request reads best). */
  request: string;
  legalBasis?: string;
  contactOfficer: string;
  /** YYYY-MM-DD, the date by which a written reply is asked for. */
  replyBy?: string;
};

export type LetterText = {
  title: string;
  /** 致 line: the recipient followed by a full-width colon. */
  salutation: string;
  paragraphs: string[];
  /** Two lines separated by '\n': 此致 (indented two characters when laid out) and 敬礼！ (flush left). */
  closing: string;
  /** The union's name, then the date in Chinese (2026年11月29日). */
  signature: string[];
};

export type LetterIssue = 'required' | 'invalid_date' | 'too_long' | 'reply_before_date';

/** Bad letter input. A 400 naming the field when it reaches the HTTP error handler. */
export class LetterError extends AppError {
  constructor(
    readonly field: keyof LetterModel,
    readonly issue: LetterIssue,
    message: string,
  ) {
    super('bad_request', message, [{ path: field, code: issue, message }]);
    this.name = 'LetterError';
  }
}

const required = ['date', 'unionName', 'recipientName', 'subject', 'workerDisplay', 'categoryLabel', 'facts', 'request', 'contactOfficer'] as const;
const dates = ['date', 'occurredOn', 'replyBy'] as const;
// Long enough for any real letter, short enough that one request cannot tie up the renderer.
const longFields = { facts: 10_000, request: 5_000, legalBasis: 5_000 } as const;
const SHORT_MAX = 300;

/** Trims every field; optional fields that are blank become undefined. Throws LetterError. */
export function validateLetter(m: LetterModel): LetterModel {
  const t = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
  const opt = (s: string | undefined) => t(s) || undefined;
  const c: LetterModel = {
    letterNo: t(m.letterNo),
    date: t(m.date),
    unionName: t(m.unionName),
    unionAddress: opt(m.unionAddress),
    unionPhone: opt(m.unionPhone),
    recipientName: t(m.recipientName),
    recipientAddress: opt(m.recipientAddress),
    subject: t(m.subject),
    workerDisplay: t(m.workerDisplay),
    categoryLabel: t(m.categoryLabel),
    occurredOn: opt(m.occurredOn),
    place: opt(m.place),
    facts: t(m.facts),
    request: t(m.request),
    legalBasis: opt(m.legalBasis),
    contactOfficer: t(m.contactOfficer),
    replyBy: opt(m.replyBy),
  };
  for (const f of required) {
    if (!c[f]) throw new LetterError(f, 'required', `${f} is required: a letter needs it`);
  }
  for (const f of dates) {
    const v = c[f];
    if (v !== undefined && !isDate(v)) throw new LetterError(f, 'invalid_date', `${f} must be a date as YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  if (c.replyBy && c.replyBy < c.date) throw new LetterError('replyBy', 'reply_before_date', 'replyBy must not be before the letter date');
  for (const [f, max] of Object.entries(longFields) as [keyof typeof longFields, number][]) {
    if ((c[f]?.length ?? 0) > max) throw new LetterError(f, 'too_long', `${f} is longer than ${max} characters`);
  }
  for (const [f, v] of Object.entries(c) as [keyof LetterModel, string | undefined][]) {
    if (!(f in longFields) && (v?.length ?? 0) > SHORT_MAX) throw new LetterError(f, 'too_long', `${f} is longer than ${SHORT_MAX} characters`);
  }
  return c;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** 2026-11-29 → 2026年11月29日 (Arabic numerals, as official documents write dates since GB/T 9704-2012). */
export function chineseDate(iso: string): string {
  const [y, mo, d] = iso.split('-').map(Number);
  return `${y}年${mo}月${d}日`;
}

/** Ends a clause as a sentence unless it already ends with terminal punctuation. */
function sentence(s: string): string {
  const body = s.replace(/[，,、；;：:\s]+$/u, '');
  return /[。！？!?…]["”’』」）)]*$/u.test(body) ? body : `${body}。`;
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

export function letterTitle(subject: string): string {
  const core = subject.replace(/^关于/u, '').replace(/的?函$/u, '');
  return `关于${core}的函`;
}

/** The letter's wording, in the order of a formal Chinese letter. Throws LetterError on bad input. */
export function letterText(input: LetterModel): LetterText {
  const m = validateLetter(input);
  const issue = /(问题|纠纷|争议|事宜|事项)$/u.test(m.categoryLabel) ? m.categoryLabel : `${m.categoryLabel}问题`;
  const paragraphs = [`近日，${m.workerDisplay}就${issue}向我会反映情况并请求协助。经我会初步了解，有关情况如下：`];

  const when = m.occurredOn ? `${chineseDate(m.occurredOn)}` : '';
  const where = m.place ? `在${m.place}` : '';
  const facts = lines(m.facts).map(sentence);
  if (when || where) facts[0] = `${when}${when && where ? '，' : ''}${where}，${facts[0]}`;
  paragraphs.push(...facts);

  paragraphs.push('维护职工合法权益、竭诚服务职工群众是工会的基本职责（《中华人民共和国工会法》第六条）。');
  const requests = lines(m.request).map(sentence);
  if (requests.length === 1) paragraphs.push(`为妥善解决上述问题，现函请贵单位：${requests[0]}`);
  else paragraphs.push('为妥善解决上述问题，现函请贵单位：', ...requests);

  if (m.legalBasis) paragraphs.push(...lines(m.legalBasis).map((l, i) => (i === 0 ? sentence(`上述请求的依据：${l}`) : sentence(l))));

  paragraphs.push(
    m.replyBy
      ? `请贵单位于${chineseDate(m.replyBy)}前将办理情况书面函复我会。`
      : '请贵单位将办理情况及时书面函复我会。',
  );
  const contact = [`联系人：${m.contactOfficer}`];
  if (m.unionPhone) contact.push(`联系电话：${m.unionPhone}`);
  if (m.unionAddress) contact.push(`通讯地址：${m.unionAddress}`);
  paragraphs.push(`${contact.join('；')}。`);

  return {
    title: letterTitle(m.subject),
    salutation: `${m.recipientName}：`,
    paragraphs,
    closing: '此致\n敬礼！',
    signature: [m.unionName, chineseDate(m.date)],
  };
}
