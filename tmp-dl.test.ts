import { test } from 'node:test';
import fs from 'node:fs';
import { demo, ensureWebBuild, launchBrowser, phone, signIn, startServer } from './tests/browser/support.ts';
test('dl', async () => {
  ensureWebBuild();
  const server = await startServer();
  const browser = await launchBrowser();
  const { page } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  const r = await page.request.get('/api/me/data-export');
  console.log(r.status(), r.headers());
  await page.click('.main-nav a[href="/me"]');
  const link = page.locator('[data-testid=data-export]');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  console.log(download.suggestedFilename(), fs.readFileSync(await download.path(), 'utf8').slice(0, 200));
  await browser.close(); await server.stop();
});
