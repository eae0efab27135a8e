// What the log scan looks for (npm run scan:secrets; SECURITY.md "Logs"): full resident ID numbers (with a
// valid check digit, so a random 18-digit run is not one), full mainland mobile numbers, the passwords the
// code and tests use, session tokens, platform API keys, gate keys and data keys. Masked forms
// (650102********1234, 138****1234) are not findings: that is what a log may hold.

import { isIdNumber } from '../src/shared/validation.js';

export type FindingKind = 'id_number' | 'mobile' | 'password' | 'session_token' | 'api_key' | 'zone_key' | 'bearer' | 'data_key';
export type Finding = { kind: FindingKind; line: number; excerpt: string };

const patterns: { kind: FindingKind; re: RegExp; check?: (m: string) => boolean }[] = [
  { kind: 'id_number', re: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, check: isIdNumber },
  // Eleven digits starting 13–19 (perhaps after +86), not part of a longer number, a decimal fraction or
  // a hexadecimal id (a UUID's last group can end in eleven such digits).
  { kind: 'mobile', re: /(?<![0-9A-Za-z.])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g },
  { kind: 'session_token', re: /nx_session=[A-Za-z0-9_-]{16,}/g },
  { kind: 'api_key', re: /nxk_[A-Za-z0-9_-]{16,}/g },
  { kind: 'zone_key', re: /nxz_[A-Za-z0-9_-]{16,}/g },
  { kind: 'bearer', re: /Bearer\s+[A-Za-z0-9._~+/-]{16,}/gi },
  // A bare 256-bit token (43 base64url characters, mixed case and digits): a session or card token.
  {
    kind: 'session_token',
    re: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    check: (m) => /[a-z]/.test(m) && /[A-Z]/.test(m) && /\d/.test(m),
  },
  // A 32-byte key in base64 (DATA_KEY).
  { kind: 'data_key', re: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g, check: (m) => /[a-z]/.test(m) && /[A-Z]/.test(m) && /\d/.test(m) },
];

/** The passwords written in the project's code and tests (and the demo's), to look for in logs. */
export function passwordsIn(sources: string[]): string[] {
  const found = new Set<string>();
  const re = /(?:password|PASSWORD)['"]?\s*[:=]\s*['"]([^'"\n]{8,})['"]/g;
  for (const text of sources) for (const m of text.matchAll(re)) found.add(m[1]!);
  return [...found];
}

const mask = (s: string) => (s.length <= 6 ? '***' : `${s.slice(0, 3)}…${s.slice(-2)}`);

/** Every finding in one text, by line; the excerpt is masked so the report is no leak itself. */
export function scanText(text: string, passwords: string[] = []): Finding[] {
  const out: Finding[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    for (const p of patterns) {
      for (const m of line.matchAll(p.re)) {
        if (p.check && !p.check(m[0])) continue;
        out.push({ kind: p.kind, line: i + 1, excerpt: mask(m[0]) });
      }
    }
    for (const pw of passwords) if (line.includes(pw)) out.push({ kind: 'password', line: i + 1, excerpt: mask(pw) });
  }
  return out;
}
