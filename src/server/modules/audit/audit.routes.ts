import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { verifyAuditChain } from '../../platform/audit.js';

const auditor = { access: { roles: ['auditor'] as const } };

/** Only the auditor reads the log (三员 separation); nobody can write to it through the API. */
export function auditRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/audit',
    {
      config: auditor,
      schema: {
        tags: ['audit'],
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().min(1).optional() }),
      },
    },
    async (req) => {
      let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(req.query.limit);
      if (req.query.before) q = q.where('seq', '<', req.query.before);
      const rows = await q.execute();
      return {
        items: rows.map((r) => ({
          seq: Number(r.seq),
          at: new Date(Number(r.at)).toISOString(),
          actorId: r.actor_id,
          actorKind: r.actor_kind,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          details: JSON.parse(r.details) as unknown,
          ip: r.ip,
          hash: r.hash,
        })),
      };
    },
  );
  app.get('/api/audit/verify', { config: auditor, schema: { tags: ['audit'] } }, async () => verifyAuditChain(ctx.db));
}
