// The report's words: the web app's own messages (src/web/i18n, the observatory's in stats.ts), read
// here with a small i18next-style lookup ({{name}} interpolation), so the PDF and the printable page use
// the same words and the same labels for codes (src/web/stats/model.ts).
import { zh } from '../../../../web/i18n/zh.js';
import { ug } from '../../../../web/i18n/ug.js';
import { en } from '../../../../web/i18n/en.js';
import type { Locale } from '../../../../shared/reference.js';
import { labels, type Has, type Translate } from '../../../../web/stats/model.js';

const messages: Record<Locale, unknown> = { zh, ug, en };

function lookup(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function wordsFor(lang: Locale) {
  const tree = messages[lang];
  const has: Has = (key) => typeof lookup(tree, key) === 'string';
  const t: Translate = (key, opts = {}) => {
    const s = lookup(tree, key);
    if (typeof s !== 'string') return key;
    return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (opts[k] === undefined ? '' : String(opts[k])));
  };
  return { t, has, l: labels(t, has, lang) };
}
export type Words = ReturnType<typeof wordsFor>;
