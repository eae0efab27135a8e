import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import { monthSchema } from './scorecard.routes.js';
import * as svc from './driver.service.js';

const worker = { access: { roles: ['worker'] as const } };
const tags = ['oversight'];

export function driverRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/oversight/me/figures',
    { config: worker, schema: { tags, summary: 'My own figures for a month: per day hours worked, pay per hour, commission; my orders and the findings about me; audited', querystring: z.strictObject({ month: monthSchema.optional() }) } },
    async (req) => svc.myFigures(ctx, req.principal, req.query.month, actor(req)),
  );
  app.post(
    '/api/oversight/me/cases',
    {
      config: worker,
      schema: {
        tags,
        summary: 'Turn a day’s figures or a finding into a rights case, the orders attached as a PDF (the same figure again returns the same case)',
        body: z.strictObject({ month: monthSchema, day: z.iso.date().optional(), findingId: s.uuid.optional(), category: z.enum(['pay_arrears', 'platform_penalty']) }),
      },
    },
    async (req, reply) => {
      const r = await svc.toCase(ctx, req.principal, req.body, actor(req));
      reply.status(r.created ? 201 : 200);
      return r;
    },
  );
}
