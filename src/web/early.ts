import { readEarly } from './api.ts';

// A page's own reads, started while the app's code is still starting (decision 0027): beside
// /api/auth/me (src/web/auth.tsx) instead of after the first render with the account, which on a slow
// phone is hundreds of milliseconds later. The pages ask for the same paths as usual and take these
// answers (src/web/api.ts). Only a head start: a path missing here is asked for when the page opens.
// The server marks the page `data-session` when the request carries a session cookie
// (src/server/platform/web-page.ts), so a signed-out visitor never sends reads that would answer 401.

type Reads = [RegExp, (m: RegExpMatchArray) => string[], { signedIn: boolean }];
const ME = { signedIn: true };
const ANYONE = { signedIn: false };
export const EARLY_READS: Reads[] = [
  [/^\/me\/union$/, () => ['/api/memberships/me', '/api/memberships/me/card', '/api/unions', '/api/reference', '/api/workers/me'], ME],
  [/^\/me\/cases$/, () => ['/api/cases/mine'], ME],
  [/^\/me\/cases\/([0-9a-f-]{36})$/, (m) => [`/api/cases/${m[1]}`, '/api/reference'], ME],
  [/^\/me\/support$/, () => ['/api/policy/schemes', '/api/policy/applications/mine'], ME],
  [/^\/training$/, () => ['/api/training/cohorts'], ANYONE],
];

/** The reads for this path, of the account (the page's own and the bell's, when signed in) and public. */
export function earlyReads(pathname: string, signedIn: boolean) {
  const ofAccount = signedIn ? ['/api/notifications/me'] : [];
  const open: string[] = [];
  for (const [re, paths, who] of EARLY_READS) {
    const m = pathname.match(re);
    if (m && (signedIn || !who.signedIn)) (who.signedIn ? ofAccount : open).push(...paths(m));
  }
  return { ofAccount, open };
}
export const earlyReadsOf = (pathname: string, signedIn: boolean) => Object.values(earlyReads(pathname, signedIn)).flat();

export function startEarlyReads() {
  const { ofAccount, open } = earlyReads(window.location.pathname, document.documentElement.hasAttribute('data-session'));
  readEarly(ofAccount, true);
  readEarly(open, false);
}
