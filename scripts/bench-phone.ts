// npm run bench:phone — how long a signed-in worker page takes on a slow phone in a real browser: Debian's
// Chromium throttled through DevTools (150 ms round trip, 1.6 Mbps down, 750 kbps up, CPU 4× slower),
// empty cache, from the navigation until the page shows its data (the union card, a case's timeline, the
// list of my cases). Lighthouse estimates this from an unthrottled load (its "simulated" mode); this
// measures it. Prints each run and the median per page.
//   --runs=N   runs per page (default 7)
import { demo, launchBrowser, phone, signIn, startServer } from '../tests/browser/support.ts';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7);
const server = await startServer();
const browser = await launchBrowser();
try {
  const { context, page } = await phone(browser, server.url);
  await signIn(page, demo.driver);
  await page.locator('.member-card').waitFor();
  await page.goto('/me/cases');
  const caseHref = await page.locator('a[href^="/me/cases/"]:not([href$="/new"])').first().getAttribute('href');
  if (!caseHref) throw new Error('the demo driver has no case');
  const pages: [string, string, string][] = [
    ['union card', '/me/union', '.member-card'],
    ['a case', caseHref, '[data-testid="timeline"]'],
    ['my cases', '/me/cases', 'a[href^="/me/cases/"]:not([href$="/new"])'],
  ];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const times = new Map<string, number[]>(pages.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, url, selector] of pages) {
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator(selector).first().waitFor({ timeout: 60_000 });
      times.get(name)!.push(Date.now() - started);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(`signed-in worker pages on a throttled phone (150 ms RTT, 1.6 Mbps, CPU 4×), ${runs} runs each, empty cache:`);
  for (const [name, t] of times) console.log(`  ${name.padEnd(11)} median ${median(t)} ms   (${t.join(', ')})`);
} finally {
  await browser.close();
  await server.stop();
}
