import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../../shared/reference.js';
import { areas, campaignStatuses, problemStatuses, problemSteps, proposalKinds } from '../../../shared/campaign.js';
import { indicatorIds } from '../../../shared/oversight.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './campaign.service.js';
import * as prop from './campaign.proposals.js';
import { CAMPAIGN_ROLES, MANAGER_ROLES, STAFF_ROLES } from './campaign.policy.js';

const READ: Role[] = CAMPAIGN_ROLES;
const MANAGE: Role[] = MANAGER_ROLES;
const STAFF: Role[] = STAFF_ROLES;
const tags = ['campaign'];
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();
const idParams = z.strictObject({ id: s.uuid });

const counts = z.object({ total: z.number(), open: z.number(), in_progress: z.number(), closed: z.number(), dismissed: z.number(), overdue: z.number() });
const campaign = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  leadOrgId: z.string(),
  leadOrgName: z.string(),
  regions: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(campaignStatuses),
  counts,
  canManage: z.boolean(),
});
const linkCounts = z.record(z.string(), z.number());
const problem = z.object({
  id: z.string(),
  campaignId: z.string(),
  area: z.enum(areas),
  title: z.string(),
  description: z.string(),
  publicSummary: z.string(),
  ownerOrgId: z.string(),
  ownerOrgName: z.string(),
  ownerUserId: z.string().nullable(),
  ownerUserName: z.string().nullable(),
  deadline: z.string(),
  target: z.string(),
  targetValue: z.number().nullable(),
  status: z.enum(problemStatuses),
  overdue: z.boolean(),
  closingNote: z.string(),
  dismissReason: z.string(),
  closedAt: z.string().nullable(),
  fromProposal: z.string().nullable(),
  progressCount: z.number(),
  lastProgressOn: z.string().nullable(),
  links: linkCounts,
  updatedAt: z.string(),
});
const evidence = z.object({ id: z.string(), kind: z.enum(['file', 'link']), name: z.string(), mime: z.string().nullable(), size: z.number().nullable(), link: z.string().nullable() });
const problemDetail = z.object({
  problem,
  campaign: z.object({ id: z.string(), name: z.string(), leadOrgName: z.string(), startsOn: z.string(), endsOn: z.string() }),
  links: z.object({
    cases: z.array(z.object({ caseNo: z.string(), category: z.string(), status: z.string() })),
    systemicIssues: z.array(z.object({ id: z.string(), title: z.string(), status: z.string() })),
    violations: z.array(z.object({ indicator: z.string(), platform: z.string(), month: z.string(), findings: z.number() })),
    findings: z.array(z.object({ id: z.string(), indicator: z.string(), platform: z.string(), day: z.string() })),
  }),
  progress: z.array(z.object({ id: z.string(), body: z.string(), onDate: z.string(), by: z.string().nullable(), at: z.string(), evidence: z.array(evidence) })),
  evidenceCount: z.number(),
  may: z.object({ edit: z.boolean(), progress: z.boolean(), steps: z.array(z.enum(problemSteps)), evidence: z.boolean() }),
});

const campaignFields = {
  name: text(120),
  description: z.string().trim().max(4000),
  leadOrgId: s.uuid,
  regions: z.array(s.cityCode).max(20),
  startsOn: date,
  endsOn: date,
  status: z.enum(campaignStatuses),
};
const linksBody = z.strictObject({
  cases: z.array(z.string().trim().min(1).max(40)).max(500).optional(),
  systemicIssues: z.array(s.uuid).max(100).optional(),
  violations: z.array(z.strictObject({ indicator: z.enum(indicatorIds), platform: s.platformCode, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) })).max(100).optional(),
  findings: z.array(s.uuid).max(500).optional(),
});
const problemFields = {
  area: z.enum(areas),
  title: text(200),
  description: text(4000),
  publicSummary: text(1000),
  ownerOrgId: s.uuid,
  ownerUserId: s.uuid.nullable().optional(),
  deadline: date,
  target: text(500),
  targetValue: z.number().finite().nullable().optional(),
};
const evidenceLink = z
  .string()
  .trim()
  .max(1000)
  // A web address, or a path of this app — never `//host` or `/\host`, which browsers read as another site.
  .refine((v) => /^https?:\/\/[^\s\\]+$/.test(v) || /^\/(?![/\\])[^\s\\]*$/.test(v), { params: { code: 'invalid_link' }, message: 'A web address (https://…) or a path in this app (/console/…)' });

const proposal = z.object({
  key: z.string(),
  kind: z.enum(proposalKinds),
  area: z.enum(areas),
  size: z.number(),
  title: z.string(),
  category: z.string().nullable(),
  platform: z.string().nullable(),
  respondent: z.string().nullable(),
  indicator: z.string().nullable(),
  months: z.array(z.object({ month: z.string(), findings: z.number() })),
  cases: z.array(z.object({ caseNo: z.string(), category: z.string(), status: z.string() })),
  dismissedBefore: z.object({ size: z.number(), reason: z.string() }).nullable(),
});

const publicCampaign = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  leadOrgName: z.string(),
  regions: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(campaignStatuses),
  counts: z.object({ total: z.number(), open: z.number(), inProgress: z.number(), closed: z.number(), overdue: z.number() }),
});

const nothing = () => new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);

export function campaignRoutes(app: ZApp, ctx: Ctx) {
  // ---- campaigns ----
  app.get(
    '/api/campaigns',
    { config: { access: { roles: READ } }, schema: { tags, summary: 'The campaigns the caller takes part in (analysts: all), with problem counts and overdue ones', response: { 200: z.object({ items: z.array(campaign) }) } } },
    async (req) => ({ items: await svc.listCampaigns(ctx, req.principal) }),
  );
  app.post(
    '/api/campaigns',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Set up a campaign led by the caller’s agency (its chair or policy officer). 422 `endsOn` before_start, `leadOrgId` unknown_agency',
        body: z.strictObject({ ...campaignFields, description: campaignFields.description.default(''), regions: campaignFields.regions.default([]), status: campaignFields.status.default('planned') }),
        response: { 201: z.object({ campaign }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { campaign: await svc.createCampaign(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get('/api/campaigns/:id', { config: { access: { roles: READ } }, schema: { tags, summary: 'One campaign', params: idParams, response: { 200: z.object({ campaign }) } } }, async (req) => ({
    campaign: await svc.getCampaign(ctx, req.principal, req.params.id),
  }));
  app.patch(
    '/api/campaigns/:id',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Change a campaign: name, description, regions, period, status (planned → active → closed)',
        params: idParams,
        body: z.strictObject({ name: campaignFields.name.optional(), description: campaignFields.description.optional(), regions: campaignFields.regions.optional(), startsOn: date.optional(), endsOn: date.optional(), status: campaignFields.status.optional() }),
        response: { 200: z.object({ campaign }) },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw nothing();
      return { campaign: await svc.updateCampaign(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  // ---- the problem list ----
  app.get(
    '/api/campaigns/:id/problems',
    {
      config: { access: { roles: READ } },
      schema: {
        tags,
        summary: 'The campaign board: its problems by deadline, overdue ones flagged; filters by area, status, owner agency, overdue, mine',
        params: idParams,
        querystring: z.strictObject({ area: z.enum(areas).optional(), status: z.enum(problemStatuses).optional(), ownerOrgId: s.uuid.optional(), overdue: z.enum(['true', 'false']).optional(), mine: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ campaign, items: z.array(problem) }) },
      },
    },
    async (req) => svc.board(ctx, req.principal, req.params.id, { ...req.query, overdue: req.query.overdue === 'true', mine: req.query.mine === 'true' }),
  );
  app.post(
    '/api/campaigns/:id/problems',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary:
          'Add a problem to the list, with the cases (by case number), systemic issues, violation cells and findings it covers. 422 `deadline` before_campaign_start, `ownerUserId` not_staff_of_owner, `links.cases.N` not_found',
        params: idParams,
        body: z.strictObject({ ...problemFields, links: linksBody.optional() }),
        response: { 201: problemDetail },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return svc.createProblem(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );
  app.get(
    '/api/campaigns/:id/owners',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Unions and agencies with their staff: whom a problem can be given to',
        params: idParams,
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), cityCode: z.string().nullable(), staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) })) }) },
      },
    },
    async (req) => ({ items: await svc.owners(ctx, req.principal, req.params.id) }),
  );

  // ---- proposals ----
  app.get(
    '/api/campaigns/:id/proposals',
    {
      config: { access: { roles: READ } },
      schema: {
        tags,
        summary: `Candidate problems computed now: clusters of ≥ minCases similar cases in the last ${prop.WINDOW_DAYS} days not yet covered, and indicator × platform findings that rose by ≥ minRise (and 20 %) from the month before`,
        params: idParams,
        querystring: z.strictObject({ minCases: z.coerce.number().int().min(2).max(1000).default(prop.defaultThresholds.minCases), minRise: z.coerce.number().int().min(1).max(1_000_000).default(prop.defaultThresholds.minRise) }),
        response: { 200: z.object({ items: z.array(proposal) }) },
      },
    },
    async (req) => ({ items: await prop.proposals(ctx, req.principal, req.params.id, req.query) }),
  );
  app.post(
    '/api/campaigns/:id/proposals/accept',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Accept a proposal: a problem with its links (the cluster’s cases, or the violation cells) filled in. 409 `key` not_offered when nothing is left to cover',
        params: idParams,
        body: z.strictObject({ key: text(300), ...problemFields }),
        response: { 201: problemDetail },
      },
    },
    async (req, reply) => {
      const { key, ...v } = req.body;
      reply.status(201);
      return prop.accept(ctx, req.principal, req.params.id, key, v, actor(req));
    },
  );
  app.post(
    '/api/campaigns/:id/proposals/dismiss',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Dismiss a proposal with a reason: it is not offered again unless it grows',
        params: idParams,
        body: z.strictObject({ key: text(300), reason: text(500) }),
        response: { 200: z.object({ key: z.string(), size: z.number(), reason: z.string() }) },
      },
    },
    async (req) => prop.dismiss(ctx, req.principal, req.params.id, req.body.key, req.body.reason, actor(req)),
  );

  // ---- one problem ----
  app.get('/api/campaign-problems/:id', { config: { access: { roles: READ } }, schema: { tags, summary: 'A problem: details, what it covers (cases only as number, category and status), progress timeline with evidence', params: idParams, response: { 200: problemDetail } } }, async (req) =>
    svc.getProblem(ctx, req.principal, req.params.id),
  );
  app.patch(
    '/api/campaign-problems/:id',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Change a problem (the lead agency’s managers); `links` replaces the whole set',
        params: idParams,
        body: z.strictObject({
          area: problemFields.area.optional(),
          title: problemFields.title.optional(),
          description: problemFields.description.optional(),
          publicSummary: problemFields.publicSummary.optional(),
          ownerOrgId: problemFields.ownerOrgId.optional(),
          ownerUserId: problemFields.ownerUserId,
          deadline: date.optional(),
          target: problemFields.target.optional(),
          targetValue: problemFields.targetValue,
          links: linksBody.optional(),
        }),
        response: { 200: problemDetail },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw nothing();
      return svc.updateProblem(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );
  app.post(
    '/api/campaign-problems/:id/progress',
    {
      config: { access: { roles: STAFF } },
      schema: {
        tags,
        summary: 'Post a progress update (the owner person or a lead manager), optionally with a link to a record as evidence; the first update starts the problem. Files: POST …/progress/:progressId/files',
        params: idParams,
        body: z.strictObject({ body: text(4000), onDate: date.optional(), link: evidenceLink.optional(), linkName: z.string().trim().min(1).max(200).optional() }),
        response: { 201: problemDetail.extend({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return svc.addProgress(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );
  app.post(
    '/api/campaign-problems/:id/progress/:progressId/files',
    {
      config: { access: { roles: STAFF } },
      schema: {
        tags,
        summary: 'Attach evidence to an update: the raw bytes of a photo or PDF as the body with its Content-Type (413 too large, 415 another type); metadata is removed, the file stored encrypted',
        params: z.strictObject({ id: s.uuid, progressId: s.uuid }),
        querystring: z.strictObject({ name: z.string().trim().min(1).max(200).default('file') }),
        response: { 201: z.object({ file: z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), sha256: z.string() }) }) },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', 'Send the file itself: image/jpeg, image/png, image/webp or application/pdf', [{ path: 'file', code: 'unsupported_type', message: 'Unsupported type' }]);
      const declared = req.headers['content-type']?.split(';')[0]?.trim();
      const contentType = declared === 'application/octet-stream' ? undefined : req.headers['content-type'];
      reply.status(201);
      return { file: await svc.addEvidenceFile(ctx, req.principal, req.params.id, req.params.progressId, { bytes: req.body, contentType, name: req.query.name }, actor(req)) };
    },
  );
  app.get('/api/campaign-problems/:id/files/:fileId', { config: { access: { roles: STAFF } }, schema: { tags, summary: 'Download an evidence file (staff who see it; never analysts)', params: z.strictObject({ id: s.uuid, fileId: s.uuid }) } }, async (req, reply) => {
    const f = await svc.readEvidence(ctx, req.principal, req.params.id, req.params.fileId, actor(req));
    reply.header('content-type', f.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`).header('cache-control', 'private, no-store');
    return reply.send(f.bytes);
  });
  app.post(
    '/api/campaign-problems/:id/steps',
    {
      config: { access: { roles: STAFF } },
      schema: {
        tags,
        summary: 'Move a problem: start, close (needs a closing note and at least one evidence item: 422 naming `evidence`), dismiss (a manager, with a reason) or reopen (a manager); 409 when the step is not allowed from its status',
        params: idParams,
        body: z.strictObject({ step: z.enum(problemSteps), note: z.string().trim().max(2000).optional() }),
        response: { 200: problemDetail },
      },
    },
    async (req) => svc.step(ctx, req.principal, req.params.id, req.body, actor(req)),
  );

  // ---- the public progress page ----
  app.get('/api/public/campaigns', { config: { access: { public: true } }, schema: { tags, summary: 'Campaigns under way or done, with their problems’ counts (no sign-in, no personal data)', response: { 200: z.object({ items: z.array(publicCampaign) }) } } }, async () => ({
    items: await svc.publicCampaigns(ctx),
  }));
  app.get(
    '/api/public/campaigns/:id',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'A campaign’s public progress: each problem’s area, public summary, owner agency (never a person), deadline, target, status, number of updates and the last update’s date',
        params: idParams,
        response: {
          200: z.object({
            campaign: publicCampaign,
            problems: z.array(
              z.object({
                id: z.string(),
                area: z.enum(areas),
                summary: z.string(),
                ownerAgency: z.string(),
                deadline: z.string(),
                target: z.string(),
                status: z.enum(problemStatuses),
                overdue: z.boolean(),
                progressCount: z.number(),
                lastUpdateOn: z.string().nullable(),
                closedOn: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.publicCampaignDetail(ctx, req.params.id),
  );
}
