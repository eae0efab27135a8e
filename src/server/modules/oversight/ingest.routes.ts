import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { actorOf } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { ingest, MAX_BODY } from './ingest.service.js';

const problem = z.object({ line: z.number(), field: z.string(), reason: z.string() });
const answer = z.object({ ingestId: z.string(), lines: z.number(), stored: z.number(), duplicates: z.number(), rejected: z.number(), problems: z.array(problem), problemsShown: z.number() });

export function ingestRoutes(app: ZApp, ctx: Ctx) {
  // Order files arrive as they are (CSV, NDJSON or gzip), up to 100 MB a request.
  app.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/gzip'], { parseAs: 'buffer', bodyLimit: MAX_BODY }, (_req, body, done) => done(null, body));

  app.post(
    '/api/oversight/orders',
    {
      bodyLimit: MAX_BODY,
      config: { access: { platform: true } },
      schema: {
        tags: ['oversight'],
        summary: 'A platform sends order records (NDJSON or CSV, optionally gzip; Idempotency-Key required): valid lines are stored once per order, invalid ones answered by line',
        headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
        response: { 200: answer },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', 'Send text/csv or application/x-ndjson (optionally gzip)', [{ path: 'Content-Type', code: 'unsupported_type', message: String(req.headers['content-type'] ?? '') }]);
      const { replayed, answer: a } = await ingest(
        ctx,
        req.principal,
        { body: req.body, contentType: String(req.headers['content-type'] ?? ''), gzip: /gzip/i.test(String(req.headers['content-encoding'] ?? '')), idempotencyKey: req.headers['idempotency-key'] as string | undefined },
        actorOf(req.principal, req.ip),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return a;
    },
  );
}
