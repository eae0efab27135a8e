import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { LANGS, demo, ensureWebBuild, expectHeading, htmlLang, launchBrowser, messages, phone, shot, signIn, signOut, startServer, switchLanguage, type Lang, type Server } from './support.ts';

let server: Server;
let browser: Browser;

before(async () => {
  ensureWebBuild();
  // 12 accounts × 3 languages is more sign-ins than the default per-minute limit allows from one address.
  server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A module is named by its menu label's message key (as in src/web/console/Console.tsx).
type Mod = `console.nav.${keyof typeof messages.zh.console.nav}` | 'training.console.title' | 'jobs.console.title' | 'incubator.title' | 'policy.nav' | 'stats.nav' | 'agency.nav' | 'campaign.nav';
type Account = { name: string; phone: string; role: string; modules: Mod[]; later?: boolean };
const label = (m: (typeof messages)[Lang], key: Mod): string => key.split('.').reduce<any>((o, k) => o[k], m);
const accounts: Account[] = [
  { name: 'driver', phone: demo.driver, role: 'worker', modules: [] },
  { name: 'courier', phone: demo.courier, role: 'worker', modules: [] },
  { name: 'station_operator', phone: demo.stationOperator, role: 'station_operator', modules: ['console.nav.stations', 'console.nav.verify'] },
  { name: 'union_officer', phone: demo.officer, role: 'union_officer', modules: ['console.nav.cases', 'console.nav.systemic', 'console.nav.caseDashboard', 'console.nav.applications', 'console.nav.workers', 'console.nav.verify', 'console.nav.parking', 'console.nav.parkingGate', 'campaign.nav'] },
  { name: 'union_chair', phone: demo.chair, role: 'union_chair', modules: ['console.nav.cases', 'console.nav.systemic', 'console.nav.caseDashboard', 'console.nav.applications', 'console.nav.workers', 'console.nav.verify', 'console.nav.parking', 'console.nav.parkingGate', 'stats.nav', 'campaign.nav'] },
  { name: 'lawyer', phone: demo.lawyer, role: 'lawyer', modules: ['console.nav.legal', 'console.nav.consultations'] },
  { name: 'trainer', phone: demo.trainer, role: 'trainer', modules: ['training.console.title', 'jobs.console.title'] },
  { name: 'incubator_manager', phone: demo.incubatorManager, role: 'incubator_manager', modules: ['incubator.title'] },
  { name: 'employer', phone: demo.employer, role: 'employer', modules: ['jobs.console.title'] },
  { name: 'analyst', phone: demo.analyst, role: 'analyst', modules: ['console.nav.aggregates', 'stats.nav', 'agency.nav', 'campaign.nav'] },
  { name: 'admin', phone: demo.admin, role: 'admin', modules: ['console.nav.users', 'console.nav.apiKeys'] },
  { name: 'auditor', phone: demo.auditor, role: 'auditor', modules: ['console.nav.audit'] },
  { name: 'parking_attendant', phone: '13900000011', role: 'parking_attendant', modules: ['console.nav.parkingGate'] },
  { name: 'policy_officer', phone: demo.policyOfficer, role: 'policy_officer', modules: ['policy.nav', 'stats.nav', 'campaign.nav'] },
];
const ALL_MODULES: Mod[] = [
  ...(['cases', 'systemic', 'caseDashboard', 'legal', 'aggregates', 'stations', 'consultations', 'applications', 'workers', 'verify', 'parking', 'parkingGate', 'users', 'apiKeys', 'audit'] as const).map((k) => `console.nav.${k}` as const),
  'training.console.title',
  'jobs.console.title',
  'incubator.title',
  'policy.nav',
  'stats.nav',
  'agency.nav',
  'campaign.nav',
];

// The language each account has saved on the server: the seed gives the courier Uyghur, everyone else Chinese.
const saved = new Map<string, Lang>(accounts.map((a) => [a.phone, a.phone === demo.courier ? 'ug' : 'zh']));

for (const lang of LANGS) {
  test(`every demo role can sign in, in ${lang}`, async () => {
    const m = messages[lang];
    for (const a of accounts) {
      const { context, page, errors } = await phone(browser, server.url);
      await page.goto('/login');
      await switchLanguage(page, lang);
      await expectHeading(page, m.login.title, `${a.name}: login page in ${lang}`);
      await signIn(page, a.phone);

      // Signing in opens the app in the account's saved language…
      const before = saved.get(a.phone)!;
      await page.waitForFunction((l) => document.documentElement.lang === l, htmlLang[before]);
      // …and choosing another language is remembered for next time.
      if (before !== lang) {
        const remembered = page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH');
        await switchLanguage(page, lang);
        assert.equal((await remembered).status(), 200);
      }
      saved.set(a.phone, lang);
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ug' ? 'rtl' : 'ltr');

      if (a.role === 'worker') {
        assert.equal(new URL(page.url()).pathname, '/me/union', `${a.name} lands on their union page`);
        await page.locator('main h2').first().waitFor();
        await expectHeading(page, m.union.title);
        assert.equal(await page.locator('.console-nav').count(), 0);
      } else {
        assert.equal(new URL(page.url()).pathname, '/console', `${a.name} lands on the console`);
        await expectHeading(page, m.console.title);
        const role = page.locator(`.roles li[data-role="${a.role}"]`).first();
        assert.match(await role.innerText(), new RegExp(m.roles[a.role as keyof typeof m.roles]));
        const nav = page.locator('.console-nav');
        for (const mod of ALL_MODULES) {
          const n = await nav.getByRole('link', { name: label(m, mod), exact: true }).count();
          assert.equal(n, a.modules.includes(mod) ? 1 : 0, `${a.name}: menu ${mod} in ${lang}`);
        }
        assert.equal(await page.locator('[data-testid="later-modules"]').count(), a.later ? 1 : 0, `${a.name}: later-release note`);
        // Each module the role has opens without an error.
        for (const mod of a.modules) {
          await nav.getByRole('link', { name: label(m, mod), exact: true }).click();
          await page.waitForFunction(() => !document.querySelector('main [role="status"].muted'));
          assert.equal(await page.locator('main .alert-error').count(), 0, `${a.name}: ${mod} loads in ${lang}`);
        }
      }
      if (['driver', 'union_officer', 'lawyer', 'admin', 'auditor'].includes(a.name)) await shot(page, `role-${a.name}-${lang}`);
      await signOut(page);
      assert.deepEqual(errors, [], `${a.name} in ${lang}: no script errors`);
      await context.close();
    }
  });
}
