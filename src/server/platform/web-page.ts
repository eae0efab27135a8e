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
type Chunk = { file: string; src?: string; isEntry?: boolean; imports?: string[]; css?: string[] };

/**
 * Worker pages whose code loads lazily (src/web/App.tsx): their chunk is preloaded with the page rather than
 * fetched after the entry has run. Only a hint — a path missing here still works, one round trip later;
 * tests/bundle-budget.test.ts checks that each source named here is a lazy chunk of the build.
 */
export const ROUTE_CHUNKS: [RegExp, string][] = [
  [/^\/stations\/[^/]+$/, 'stations/StationPage.tsx'],
  [/^\/me\/union$/, 'pages/MyUnion.tsx'],
  [/^\/me\/stations$/, 'stations/MyStations.tsx'],
  [/^\/me\/support$/, 'policy/MySupport.tsx'],
  [/^\/training(\/[^/]+)?$/, 'training/Training.tsx'],
  [/^\/register$/, 'pages/Register.tsx'],
  [/^\/me$/, 'pages/Profile.tsx'],
];

export type WebPages = { page: (locale: Locale, urlPath: string, hasSession?: boolean) => Variant };

/**
 * The app's page (dist/web/index.html) as each reader needs it (decision 0025): `<html lang dir>` already
 * set, so a Uyghur reader's first paint is right to left, and preloaded beside the entry script, instead of
 * fetched only after it has run, the language's words and the lazy page's code (one round trip less before
 * the page reads). Built from the build's manifest, each variant once; null when the web app is not built.
 */
export function loadWebPages(webRoot: string): WebPages | null {
  const file = path.join(webRoot, 'index.html');
  if (!fs.existsSync(file)) return null;
  const html = fs.readFileSync(file, 'utf8');
  let manifest: Record<string, Chunk> = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(webRoot, '.vite/manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    // no manifest (an old build): the pages go without the preloads
  }
  // What the entry loads already (index.html names it): a route's chunk is preloaded with the imports it adds.
  const closure = (key: string, out: Set<string>): Set<string> => {
    const c = manifest[key];
    if (!c || out.has(c.file)) return out;
    out.add(c.file);
    for (const i of c.imports ?? []) closure(i, out);
    return out;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const loaded = entryKey ? closure(entryKey, new Set()) : new Set<string>();
  const cache = new Map<string, Variant>();
  const chunkOf = new Map(Object.values(manifest).map((c) => [c.file, c]));
  const build = (l: Locale, route: string | undefined, hasSession: boolean): Variant => {
    const routeFiles = route && manifest[route] ? [...closure(route, new Set())].filter((f) => !loaded.has(f)) : [];
    const files = [manifest[`i18n/${l}.ts`]?.file, ...routeFiles].filter(Boolean);
    // The route's styles too, fetched early without holding up the first paint (the chunk applies them).
    const styles = [...new Set(routeFiles.flatMap((f) => chunkOf.get(f)?.css ?? []))];
    // data-session: the request carries a session cookie (unchecked), so the app starts the page's own
    // reads beside its account check (src/web/early.ts, decision 0027).
    let page = html.replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${htmlLang[l]}" dir="${l === 'ug' ? 'rtl' : 'ltr'}"${hasSession ? ' data-session' : ''}>`);
    const links = [...files.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`), ...styles.map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`)];
    page = page.replace('</head>', `${links.map((x) => `  ${x}\n`).join('')}  </head>`);
    const raw = Buffer.from(page);
    return {
      raw,
      br: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gz: zlib.gzipSync(raw, { level: 9 }),
    };
  };
  return {
    page(l, urlPath, hasSession = false) {
      const route = ROUTE_CHUNKS.find(([re]) => re.test(urlPath))?.[1];
      const key = `${l} ${route ?? ''} ${hasSession}`;
      let v = cache.get(key);
      if (!v) cache.set(key, (v = build(l, route, hasSession)));
      return v;
    },
  };
}

/** The page's language as the app will open it: the link's `?lang=`, else the remembered choice, else Chinese. */
export function pageLocale(req: FastifyRequest): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) return q;
  const c = req.cookies?.[LOCALE_COOKIE];
  return isLocale(c) ? c : 'zh';
}

export function sendWebPage(req: FastifyRequest, reply: FastifyReply, pages: WebPages, hasSession = false) {
  const page = pages.page(pageLocale(req), req.url.split('?', 1)[0]!, hasSession);
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const [body, encoding] = /\bbr\b/.test(accepts) ? [page.br, 'br'] : /\bgzip\b/.test(accepts) ? [page.gz, 'gzip'] : [page.raw, null];
  reply.header('cache-control', 'no-cache').header('vary', 'Accept-Encoding, Cookie').type('text/html; charset=utf-8');
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(body);
}
