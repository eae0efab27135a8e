import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { actor } from '../identity/index.js';
import { EXPORT_FORMAT, exportMine } from './export.service.js';

const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.string(),
  person: z.object({ userId: z.string(), workerId: z.string().nullable() }),
  counts: z.record(z.string(), z.number()),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export function privacyRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/me/data-export',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags: ['privacy'],
        summary: 'Download all my own data (JSON): profile with full ID and phone numbers, every record of mine, and who accessed them (audited)',
        response: { 200: exportSchema },
      },
    },
    async (req, reply) => {
      const data = await exportMine(ctx, req.principal, actor(req));
      reply.header('content-disposition', `attachment; filename="nuanxin-my-data-${data.exportedAt.slice(0, 10)}.json"`).header('cache-control', 'private, no-store');
      return data;
    },
  );
}
