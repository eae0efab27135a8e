import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import * as s from '../../../shared/schemas.js';
import { ruleClasses, ruleIds } from '../../../shared/oversight.js';
import { actor } from '../identity/index.js';
import * as svc from './rules.service.js';
import { registryEditors, registryReaders } from './registry.routes.js';

const tags = ['oversight-rules'];
const date = z.iso.date();
const version = z.object({
  id: z.string(),
  rule: z.string(),
  scope: z.string(),
  version: z.number(),
  value: z.number(),
  unit: z.string(),
  class: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  supersededAt: z.string().nullable(),
});
const withHistory = z.object({ version, inForceId: z.string().nullable(), history: z.array(version) });

export function ruleRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/oversight/rules',
    {
      config: registryReaders,
      schema: {
        tags,
        summary: 'Every rule and scope: its latest version and the version in force on a date (today, Beijing time, by default), with class and source',
        querystring: z.strictObject({ on: date.optional(), rule: z.enum(ruleIds).optional(), scope: z.string().max(40).optional() }),
        response: { 200: z.object({ on: z.string(), items: z.array(version.extend({ inForce: version.nullable() })) }) },
      },
    },
    async (req) => svc.listRules(ctx, req.query),
  );

  app.get(
    '/api/oversight/rules/:id',
    {
      config: registryReaders,
      schema: { tags, summary: 'One rule version (as cited by an analysis) and the history of its rule and scope, newest first', params: z.strictObject({ id: s.uuid }), response: { 200: withHistory } },
    },
    async (req) => svc.history(ctx, req.params.id),
  );

  app.post(
    '/api/oversight/rules',
    {
      config: registryEditors,
      schema: {
        tags,
        summary: 'Change a rule, or set it for a new scope: adds version n+1 and marks version n superseded (history kept); basedOnVersion guards against a change made meanwhile (409 stale_version)',
        body: z.strictObject({
          rule: z.enum(ruleIds),
          scope: z.string().trim().min(1).max(40),
          value: z.number(),
          unit: z.string().max(20).optional(),
          class: z.enum(ruleClasses),
          source: z.string().trim().min(2).max(2000),
          effectiveFrom: date,
          effectiveTo: date.nullable().optional(),
          basedOnVersion: z.number().int().min(0).nullable().optional(),
        }),
        response: { 201: withHistory },
      },
    },
    async (req, reply) => {
      const r = await svc.changeRule(ctx, req.body, actor(req));
      reply.status(201);
      return r;
    },
  );
}
