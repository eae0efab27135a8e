// Shared set-up for the browser tests: build the web app if needed, start the real server on a free
// port with a fresh data directory, drive Debian's Chromium at phone size, and save screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebOnce } from '../helpers/web-build.ts';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { zh } from '../../src/web/i18n/zh.ts';
import { ug } from '../../src/web/i18n/ug.ts';
import { en } from '../../src/web/i18n/en.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shotsDir = path.join(root, 'test-results');
export const messages = { zh, ug, en };
export type Lang = keyof typeof messages;
export const LANGS: Lang[] = ['zh', 'ug', 'en'];
export const htmlLang: Record<Lang, string> = { zh: 'zh-CN', ug: 'ug', en: 'en' };
export const PASSWORD = 'nuanxin2026';

export const demo = {
  driver: '13800000001',
  courier: '13800000002',
  stationOperator: '13900000001',
  officer: '13900000002',
  chair: '13900000003',
  lawyer: '13900000004',
  trainer: '13900000005',
  incubatorManager: '13900000006',
  employer: '13900000007',
  analyst: '13900000008',
  admin: '13900000009',
  auditor: '13900000010',
  entrepreneur: '13800000003',
  policyOfficer: '13900000012',
} as const;
export const URUMQI_RIDE_HAILING_UNION = '00000000-0000-4000-8000-000000000001';

/** Builds dist/web once when it is missing (the server serves it but never builds it). */
export const ensureWebBuild = () => buildWebOnce(path.join(root, 'dist/web/index.html'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = { url: string; dataDir: string; stop: () => Promise<void>; log: () => string };

/** Starts `node --import tsx src/server/main.ts` on a free port with its own empty data directory. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-browser-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      DATABASE_URL: '', // always the embedded SQLite in a fresh directory, even when CI sets PostgreSQL
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /api/health within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, stop, log: () => output };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh phone-sized context (own cookies and storage). Page script errors fail the test. `options` adds e.g. a position. */
export async function phone(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, baseURL, isMobile: true, hasTouch: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|409|400|423|429)/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/**
 * Clicks the header's language button and waits for the page to switch. Right after signing in, the page
 * under the pointer can still be swapping (the console's code arriving replaces the whole header), and a
 * click that lands in that moment is lost — as a tap would be; a user taps again, and so does this.
 */
export async function switchLanguage(page: Page, lang: Lang) {
  await page.waitForLoadState('networkidle');
  for (let attempt = 1; ; attempt++) {
    await page.click(`.lang-switch button[data-locale="${lang}"]`);
    try {
      await page.waitForFunction((l) => document.documentElement.lang === l, htmlLang[lang], { timeout: attempt < 3 ? 8_000 : 30_000 });
      if (attempt > 1) console.log(`# switchLanguage(${lang}) on ${page.url()}: the first click was lost; switched on click ${attempt}`);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

export async function signIn(page: Page, phoneNumber: string, password = PASSWORD) {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.fill('input[name="phone"]', phoneNumber);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form button[type="submit"]')]);
}

export async function signOut(page: Page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('.site-header .header-row button')]);
  await page.locator('.site-header a[href="/login"]').waitFor();
  if (new URL(page.url()).pathname !== '/') throw new Error(`after signing out the page moved on to ${page.url()}`);
}

export const heading = (page: Page) => page.locator('main h1').first().innerText();

/** Waits until the page heading reads `text` (pages render just after the URL changes), then checks it. */
export async function expectHeading(page: Page, text: string, message?: string) {
  try {
    await page.waitForFunction((want) => document.querySelector('main h1')?.textContent === want, text, { timeout: 10_000 });
  } catch {
    // fall through to the assertion, which reports what the heading says instead
  }
  const actual = await heading(page);
  if (actual !== text) throw new Error(`${message ?? 'heading'}: expected "${text}", got "${actual}"`);
}

/** A phone standing in Changji, near the two stations of the article, with location allowed. */
export const CHANGJI_HERE = { latitude: 44.012, longitude: 87.302 };
export const GUANGCHANG_STATION = '00000000-0000-4000-8000-000000000011';
export const NINGHE_STATION = '00000000-0000-4000-8000-000000000012';

/** Fills a template from the locale files: `fill(m.stations.count, { n: 3 })`. */
export const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

/** Text as a reader sees it: bidi isolates (U+2066–U+2069) removed, whitespace collapsed. */
export const plain = (s: string) => s.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
