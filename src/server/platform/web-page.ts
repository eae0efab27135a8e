import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { locales, type Locale } from '../../shared/reference.js';

/** The cookie the web app sets next to its remembered language (src/web/i18n/index.ts): it only picks the page's language. */
export const LOCALE_COOKIE = 'nx_locale';
const htmlLang: Record<Locale, string> = { zh: 'zh-CN', ug: 'ug', en: 'en' };
const isLocale = (s: unknown): s is Locale => typeof s === 'string' && (locales as readonly string[]).includes(s);

type Variant = { raw: Buffer; br: Buffer; gz: Buffer };

/**
 * The app's page (dist/web/index.html) in each language (decision 0025): `<html lang dir>` already set,
 * so a Uyghur reader's first paint is right to left, and the language's words preloaded beside the
 * entry script instead of fetched only after it has run (one round trip less before the page reads).
 * Built once at start-up from the build's manifest; null when the web app is not built.
 */
export function loadWebPages(webRoot: string): Record<Locale, Variant> | null {
  const file = path.join(webRoot, 'index.html');
  if (!fs.existsSync(file)) return null;
  const html = fs.readFileSync(file, 'utf8');
  let manifest: Record<string, { file: string }> = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(webRoot, '.vite/manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    // no manifest (an old build): the pages go without the preload
  }
  const pages = {} as Record<Locale, Variant>;
  for (const l of locales) {
    const words = manifest[`i18n/${l}.ts`]?.file;
    let page = html.replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${htmlLang[l]}" dir="${l === 'ug' ? 'rtl' : 'ltr'}">`);
    if (words) page = page.replace('</head>', `  <link rel="modulepreload" crossorigin href="/${words}">\n  </head>`);
    const raw = Buffer.from(page);
    pages[l] = {
      raw,
      br: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gz: zlib.gzipSync(raw, { level: 9 }),
    };
  }
  return pages;
}

/** The page's language as the app will open it: the link's `?lang=`, else the remembered choice, else Chinese. */
export function pageLocale(req: FastifyRequest): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) return q;
  const c = req.cookies?.[LOCALE_COOKIE];
  return isLocale(c) ? c : 'zh';
}

export function sendWebPage(req: FastifyRequest, reply: FastifyReply, pages: Record<Locale, Variant>) {
  const page = pages[pageLocale(req)];
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const [body, encoding] = /\bbr\b/.test(accepts) ? [page.br, 'br'] : /\bgzip\b/.test(accepts) ? [page.gz, 'gzip'] : [page.raw, null];
  reply.header('cache-control', 'no-cache').header('vary', 'Accept-Encoding, Cookie').type('text/html; charset=utf-8');
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(body);
}
