import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { evidenceTypes } from '../../platform/files.js';
import * as s from '../../../shared/schemas.js';
import { workerKinds, cities } from '../../../shared/reference.js';
import { actor } from '../identity/index.js';
import { actions, categories, courtStatuses, linkKinds, outcomes, respondentKinds } from './case.js';
import * as svc from './case.service.js';
import * as steps from './case.steps.js';
import * as systemic from './systemic.service.js';
import * as dash from './dashboard.service.js';
import * as rules from './rules.service.js';

const idParams = z.strictObject({ id: s.uuid });
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();
const worker = { access: { roles: ['worker'] as const } };
const union = { access: { roles: ['union_officer', 'union_chair'] as const } };
const onCase = { access: { roles: ['worker', 'union_officer', 'union_chair', 'lawyer'] as const } };
const handlers = { access: { roles: ['union_officer', 'union_chair'] as const } };

export function caseRoutes(app: ZApp, ctx: Ctx) {
  // Evidence arrives as the raw bytes of one file (what a phone's fetch sends), checked by content.
  app.addContentTypeParser([...evidenceTypes, 'image/heic', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: ctx.config.evidenceMaxBytes }, (_req, body, done) => done(null, body));

  app.post(
    '/api/cases',
    {
      config: worker,
      schema: {
        tags: ['cases'],
        summary: 'File a case (a re-sent draft with the same clientRef returns the case it made)',
        body: z.strictObject({
          category: z.enum(categories),
          title: text(120),
          description: text(5000),
          occurredOn: date.optional(),
          place: z.string().trim().max(200).optional(),
          lat: z.number().min(-90).max(90).optional(),
          lng: z.number().min(-180).max(180).optional(),
          respondentOrgId: s.uuid.optional(),
          respondentName: z.string().trim().max(120).optional(),
          respondentKind: z.enum(respondentKinds).optional(),
          platformCode: s.platformCode.optional(),
          identityShown: z.boolean().default(false),
          unionId: s.uuid.optional(),
          clientRef: z.string().trim().min(8).max(64).optional(),
          consultationId: s.uuid.optional(),
        }),
      },
    },
    async (req, reply) => {
      const r = await svc.file(ctx, req.principal, req.body, actor(req));
      reply.status(r.created ? 201 : 200);
      return r;
    },
  );
  app.get('/api/cases/respondents', { config: { access: { signedIn: true } }, schema: { tags: ['cases'], summary: 'Known organisations a case can be against (authorities, employers, platforms)' } }, async () => ({
    items: await svc.respondents(ctx),
  }));
  app.get('/api/cases/mine', { config: worker, schema: { tags: ['cases'], summary: 'My cases' } }, async (req) => ({ items: await svc.mine(ctx, req.principal) }));
  app.get(
    '/api/cases/queue',
    {
      config: union,
      schema: {
        tags: ['cases'],
        summary: 'Open cases of my union(s), soonest deadline first (summaries, no worker identity)',
        querystring: z.strictObject({
          scope: z.enum(['unassigned', 'mine', 'all']).default('all'),
          unionId: s.uuid.optional(),
          category: z.enum(categories).optional(),
          overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
      },
    },
    async (req) => svc.queue(ctx, req.principal, req.query),
  );
  app.get('/api/cases/legal', { config: { access: { roles: ['lawyer'] as const } }, schema: { tags: ['cases'], summary: 'Cases referred to me (lawyer)' } }, async (req) => ({
    items: await rules.lawyerCases(ctx, req.principal),
  }));
  app.get(
    '/api/cases/dashboard',
    { config: union, schema: { tags: ['cases'], summary: 'Union dashboard: open by category and age, overdue, response times, satisfaction, outcomes', querystring: z.strictObject({ unionId: s.uuid.optional(), days: z.coerce.number().int().min(1).max(3650).default(365) }) } },
    async (req) => dash.unionDashboard(ctx, req.principal, req.query.unionId, req.query.days),
  );
  app.get(
    '/api/cases/aggregates',
    { config: { access: { roles: ['analyst'] as const } }, schema: { tags: ['cases'], summary: 'Aggregates for analysts; cells under the minimum are null', querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(3650).default(365) }) } },
    async (req) => dash.aggregates(ctx, req.principal, req.query.days),
  );
  app.get('/api/cases/officers', { config: handlers, schema: { tags: ['cases'], summary: 'Officers and chairs of my union(s), to assign a case to' } }, async (req) => ({
    items: await svc.officers(ctx, req.principal),
  }));
  app.get('/api/cases/lawyers', { config: handlers, schema: { tags: ['cases'], summary: 'Lawyers to refer to, those on station duty first' } }, async () => ({ items: await steps.lawyers(ctx) }));
  app.get('/api/cases/rules', { config: { access: { roles: ['union_officer', 'union_chair', 'admin'] as const } }, schema: { tags: ['cases'], summary: 'Time limits and the working-day calendar' } }, async () => rules.get(ctx));
  app.put(
    '/api/cases/rules/sla',
    {
      config: { access: { roles: ['union_chair', 'admin'] as const } },
      schema: { tags: ['cases'], body: z.strictObject({ items: z.array(z.strictObject({ category: z.enum(categories), priority: z.enum(['normal', 'high', 'urgent']), firstResponseHours: z.number().int().min(1).max(720), resolutionHours: z.number().int().min(1).max(8760) })).min(1).max(100) }) },
    },
    async (req) => rules.setSla(ctx, req.body.items, actor(req)),
  );
  app.put(
    '/api/cases/rules/calendar',
    {
      config: { access: { roles: ['union_chair', 'admin'] as const } },
      schema: { tags: ['cases'], summary: 'Replace the holidays and 调休 working days of a year', body: z.strictObject({ year: z.number().int().min(2000).max(2100), days: z.array(z.strictObject({ date, kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).default('') })).max(80) }) },
    },
    async (req) => rules.setCalendar(ctx, req.body.year, req.body.days, actor(req)),
  );

  app.get('/api/cases/:id', { config: onCase, schema: { tags: ['cases'], summary: 'One case (what your seat on it shows); audited', params: idParams } }, async (req) => ({
    case: await svc.read(ctx, req.principal, req.params.id, actor(req)),
  }));
  app.post(
    '/api/cases/:id/actions',
    {
      config: onCase,
      schema: {
        tags: ['cases'],
        summary: 'Move the case: 409 lists the allowed next states',
        params: idParams,
        body: z.strictObject({
          action: z.enum(actions).refine((a) => a !== 'expire_confirmation', 'Only the system expires a closure'),
          note: z.string().trim().max(2000).optional(),
          officerUserId: s.uuid.optional(),
          outcome: z.enum(outcomes).optional(),
          amountFen: z.number().int().min(0).max(1e12).optional(),
          rating: z.number().optional(),
          version: z.number().int().min(0).optional(),
        }),
      },
    },
    async (req) => ({ case: await svc.act(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
  app.patch(
    '/api/cases/:id',
    {
      config: handlers,
      schema: {
        tags: ['cases'],
        summary: 'Triage: set the priority or correct the category (deadlines follow at once)',
        params: idParams,
        body: z.strictObject({ priority: z.enum(['normal', 'high', 'urgent']).optional(), category: z.enum(categories).optional(), version: z.number().int().min(0).optional() }).refine((b) => b.priority || b.category, 'Give a priority or a category'),
      },
    },
    async (req) => ({ case: await svc.triage(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
  app.post(
    '/api/cases/:id/messages',
    { config: { access: { roles: ['worker', 'union_officer', 'union_chair'] as const } }, schema: { tags: ['cases'], params: idParams, body: z.strictObject({ body: text(4000), internal: z.boolean().optional() }) } },
    async (req, reply) => {
      reply.status(201);
      return { case: await svc.message(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.post(
    '/api/cases/:id/files',
    {
      config: onCase,
      schema: {
        tags: ['cases'],
        summary: 'Attach a photo or PDF: the raw bytes as the body with its Content-Type; GPS and other metadata are removed',
        params: idParams,
        querystring: z.strictObject({ name: z.string().trim().min(1).max(200).default('file'), kind: z.enum(['evidence', 'letter_reply', 'court']).default('evidence') }),
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', 'Send the file itself: image/jpeg, image/png, image/webp or application/pdf', [{ path: 'file', code: 'unsupported_type', message: 'Unsupported type' }]);
      reply.status(201);
      // A phone that gives a picked file no type sends octet-stream: then the content alone decides.
      const declared = req.headers['content-type']?.split(';')[0]?.trim();
      const contentType = declared === 'application/octet-stream' ? undefined : req.headers['content-type'];
      return { file: await steps.addFile(ctx, req.principal, req.params.id, { bytes: req.body, contentType, name: req.query.name, kind: req.query.kind }, actor(req)) };
    },
  );
  app.get('/api/cases/:id/files/:fileId', { config: onCase, schema: { tags: ['cases'], params: z.strictObject({ id: s.uuid, fileId: s.uuid }) } }, async (req, reply) => {
    const f = await steps.readFile(ctx, req.principal, req.params.id, req.params.fileId, actor(req));
    reply.header('content-type', f.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`).header('cache-control', 'private, no-store');
    return reply.send(f.bytes);
  });
  app.post(
    '/api/cases/:id/letters',
    {
      config: handlers,
      schema: {
        tags: ['cases'],
        summary: 'Draft a formal letter (发函); 422 no_recipient when nobody is named',
        params: idParams,
        body: z.strictObject({ recipientName: z.string().trim().max(120).optional(), subject: text(200), facts: text(10_000), request: text(5000), legalBasis: z.string().trim().max(5000).optional(), replyBy: date.optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { letter: await steps.createLetter(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.get(
    '/api/cases/:id/letters/:letterId/:format',
    { config: { access: { roles: ['worker', 'union_officer', 'union_chair'] as const } }, schema: { tags: ['cases'], summary: 'The letter as PDF (embedded Chinese font) or printable page', params: z.strictObject({ id: s.uuid, letterId: s.uuid, format: z.enum(['pdf', 'html']) }) } },
    async (req, reply) => {
      const d = await steps.letterDocument(ctx, req.principal, req.params.id, req.params.letterId, req.params.format, actor(req));
      reply.header('content-type', d.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(d.name)}`).header('cache-control', 'private, no-store');
      if (req.params.format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      return reply.send(d.bytes);
    },
  );
  app.post(
    '/api/cases/:id/letters/:letterId/steps',
    {
      config: handlers,
      schema: { tags: ['cases'], summary: 'Record the letter sent, or the reply received (with its file)', params: z.strictObject({ id: s.uuid, letterId: s.uuid }), body: z.strictObject({ step: z.enum(['sent', 'reply']), summary: z.string().trim().max(4000).optional(), fileId: s.uuid.optional() }) },
    },
    async (req) => {
      await steps.letterStep(ctx, req.principal, req.params.id, req.params.letterId, req.body, actor(req));
      return { case: await svc.read(ctx, req.principal, req.params.id, actor(req)) };
    },
  );
  app.post(
    '/api/cases/:id/meetings',
    {
      config: handlers,
      schema: { tags: ['cases'], summary: 'A consultation (会商) or meeting: date, participants, minutes, decisions', params: idParams, body: z.strictObject({ kind: z.enum(['consultation', 'meeting']), heldOn: date, participants: text(1000), minutes: text(10_000), decisions: z.string().trim().max(5000).optional() }) },
    },
    async (req, reply) => {
      await steps.addMeeting(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(201);
      return { case: await svc.read(ctx, req.principal, req.params.id, actor(req)) };
    },
  );
  app.put('/api/cases/:id/lawyer', { config: handlers, schema: { tags: ['cases'], summary: 'Refer the case to a lawyer (null to withdraw the referral)', params: idParams, body: z.strictObject({ lawyerUserId: s.uuid.nullable() }) } }, async (req) => {
    await steps.referLawyer(ctx, req.principal, req.params.id, req.body.lawyerUserId, actor(req));
    return { case: await svc.read(ctx, req.principal, req.params.id, actor(req)) };
  });
  app.post('/api/cases/:id/lawyer-notes', { config: { access: { roles: ['lawyer'] as const } }, schema: { tags: ['cases'], summary: 'A confidential legal note (the lawyer and the worker only)', params: idParams, body: z.strictObject({ body: text(5000) }) } }, async (req, reply) => {
    await steps.lawyerNote(ctx, req.principal, req.params.id, req.body.body, actor(req));
    reply.status(201);
    return { case: await svc.read(ctx, req.principal, req.params.id, actor(req)) };
  });
  app.post(
    '/api/cases/:id/court',
    { config: { access: { roles: ['lawyer', 'union_officer', 'union_chair'] as const } }, schema: { tags: ['cases'], params: idParams, body: z.strictObject({ status: z.enum(courtStatuses), onDate: date, note: z.string().trim().max(2000).optional() }) } },
    async (req, reply) => {
      await steps.courtStep(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(201);
      return { case: await svc.read(ctx, req.principal, req.params.id, actor(req)) };
    },
  );
  app.get('/api/cases/:id/similar', { config: handlers, schema: { tags: ['cases'], summary: 'Suggested links: same respondent, platform, place (500 m) or similar text', params: idParams } }, async (req) => ({
    items: await systemic.suggestions(ctx, req.principal, req.params.id),
  }));

  app.get('/api/systemic-issues', { config: handlers, schema: { tags: ['cases'] } }, async (req) => ({ items: await systemic.listFor(ctx, req.principal) }));
  app.post(
    '/api/systemic-issues',
    { config: handlers, schema: { tags: ['cases'], body: z.strictObject({ unionId: s.uuid, title: text(200), linkKind: z.enum(linkKinds), caseIds: z.array(s.uuid).max(500).default([]) }) } },
    async (req, reply) => {
      reply.status(201);
      return { issue: await systemic.create(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get('/api/systemic-issues/:id', { config: handlers, schema: { tags: ['cases'], params: idParams } }, async (req) => ({ issue: await systemic.get(ctx, req.principal, req.params.id) }));
  app.post('/api/systemic-issues/:id/cases', { config: handlers, schema: { tags: ['cases'], params: idParams, body: z.strictObject({ caseIds: z.array(s.uuid).min(1).max(500) }) } }, async (req) => {
    await systemic.link(ctx, req.principal, req.params.id, req.body.caseIds, actor(req));
    return { issue: await systemic.get(ctx, req.principal, req.params.id) };
  });
  app.post(
    '/api/systemic-issues/:id/rule-change',
    {
      config: handlers,
      schema: {
        tags: ['cases'],
        summary: 'The rule changed: every linked case updated, every affected worker notified',
        params: idParams,
        body: z.strictObject({
          ruleChange: text(2000),
          changedBy: text(120),
          effectiveOn: date,
          kinds: z.array(z.enum(workerKinds)).max(5).optional(),
          cities: z.array(z.string().refine((c) => cities.some((x) => x.code === c), 'Unknown city')).max(10).optional(),
          platforms: z.array(s.platformCode).max(30).optional(),
        }),
      },
    },
    async (req) => ({ issue: await systemic.ruleChanged(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
}
