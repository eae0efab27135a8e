import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import * as svc from './notification.service.js';

export function notificationRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/notifications/me',
    { config: { access: { signedIn: true } }, schema: { tags: ['notifications'], summary: 'My latest notifications and the unread count' } },
    async (req) => svc.mine(ctx, req.principal),
  );
  app.post(
    '/api/notifications/read',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags: ['notifications'],
        summary: 'Mark some (or all, or those about one case) of my notifications read',
        body: z.strictObject({ ids: z.array(s.uuid).max(200).optional(), all: z.literal(true).optional(), caseId: s.uuid.optional() }),
      },
    },
    async (req) => ({ marked: await svc.markRead(ctx, req.principal, req.body.all ? 'all' : req.body.caseId ? { caseId: req.body.caseId } : (req.body.ids ?? [])) }),
  );
}
