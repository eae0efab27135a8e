/**
 * The server's log settings, for the real server and for the test apps alike (so the scan of the test
 * run's logs, `npm run scan:secrets`, reads what production would write). Logs hold ids, never phone or
 * ID numbers or secrets: query strings (a search may be a phone number) and path tokens (membership
 * cards, certificate numbers are public but cards are not) are cut from logged URLs, and no header (cookies,
 * API keys, zone keys) and no body is logged.
 */
export function safeUrl(url: string): string {
  return url.split('?')[0]!.replace(/\/verify\/[^/]+/, '/verify/…');
}

/** Fastify's `logger` option; `file` appends to that file instead of writing to standard output. */
export function logOptions(level: string, file?: string) {
  return {
    level,
    ...(file ? { file } : {}),
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: safeUrl(req.url), ip: req.ip }),
    },
  };
}
