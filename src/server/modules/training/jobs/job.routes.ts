import { z } from 'zod';
import type { ZApp } from '../../../platform/http.js';
import type { Ctx } from '../../../platform/context.js';
import { nowOf } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import type { Role } from '../../../../shared/reference.js';
import { candidateStages, orderStatuses, payBands } from '../../../../shared/jobs.js';
import { jobOrderFields, seekerProfileFields } from './job.schemas.js';
import * as s from '../../../../shared/schemas.js';
import { actor } from '../../identity/index.js';
import * as svc from './job.service.js';

const EMPLOYER: Role[] = ['employer'];
const TRAINER: Role[] = ['trainer'];
const VIEW: Role[] = ['employer', 'trainer', 'analyst', 'admin'];
const ON_ORDER: Role[] = ['employer', 'trainer'];
const FIGURES: Role[] = ['trainer', 'employer', 'analyst'];
const tags = ['jobs'];

const reason = z.object({ code: z.string() }).catchall(z.unknown());
const order = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  position: z.string(),
  skills: z.array(z.string()),
  minLevel: z.number().nullable(),
  headcount: z.number(),
  hired: z.number(),
  payMinFen: z.number(),
  payMaxFen: z.number(),
  cityCode: z.string(),
  districtCode: z.string().nullable(),
  place: z.string(),
  description: z.string(),
  cohortId: z.string().nullable(),
  cohortName: z.string().nullable(),
  status: z.enum(orderStatuses),
  createdAt: z.string(),
});
const candidate = z.object({
  id: z.string(),
  orderId: z.string(),
  userId: z.string(),
  name: z.string(),
  phone: z.string(),
  stage: z.enum(candidateStages),
  score: z.number(),
  reasons: z.array(reason),
  recommendedAt: z.string(),
  interviewAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  placement: z.object({ id: z.string(), startedOn: z.string(), payBand: z.string() }).nullable(),
});
const profile = z.object({ cityCode: z.string(), districtCode: z.string().nullable(), skills: z.array(z.string()), positions: z.array(z.string()), minPayFen: z.number(), open: z.boolean() });
const idParams = z.strictObject({ id: s.uuid });
const moved = z.object({ id: z.string(), stage: z.enum(candidateStages) }).catchall(z.unknown());

export function jobRoutes(app: ZApp, ctx: Ctx) {
  // ---- orders ----
  app.get(
    '/api/jobs/orders',
    {
      config: { access: { roles: VIEW } },
      schema: { tags, summary: 'Job orders: an employer’s own; every order for a school’s trainer, an analyst or an admin', querystring: z.strictObject({ status: z.enum(orderStatuses).optional() }), response: { 200: z.object({ items: z.array(order) }) } },
    },
    async (req) => ({ items: await svc.listOrders(ctx, req.principal, req.query.status) }),
  );
  app.post(
    '/api/jobs/orders',
    {
      config: { access: { roles: EMPLOYER } },
      schema: {
        tags,
        summary: 'Post a job order (pay in fen; 400 `below_min` for an inverted pay range, 404 `unknown_cohort` for a cohort that does not exist)',
        body: jobOrderFields,
        response: { 201: z.object({ order }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { order: await svc.createOrder(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.get(
    '/api/jobs/orders/:id',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'One job order (another employer’s answers 404)', params: idParams, response: { 200: z.object({ order }) } } },
    async (req) => ({ order: await svc.getOrder(ctx, req.principal, req.params.id) }),
  );
  app.post(
    '/api/jobs/orders/:id/close',
    { config: { access: { roles: EMPLOYER } }, schema: { tags, summary: 'Close an order: no more recommendations or hires', params: idParams, response: { 200: z.object({ order }) } } },
    async (req) => ({ order: await svc.closeOrder(ctx, req.principal, req.params.id, actor(req)) }),
  );
  app.get(
    '/api/jobs/cohorts',
    {
      config: { access: { roles: ON_ORDER } },
      schema: {
        tags,
        summary: 'Cohorts an order can be linked to (not cancelled, newest first)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), school: z.string(), startsOn: z.string(), endsOn: z.string(), status: z.string() })) }) },
      },
    },
    async () => {
      const rows = await ctx.db
        .selectFrom('training_cohorts')
        .innerJoin('orgs', 'orgs.id', 'training_cohorts.org_id')
        .select(['training_cohorts.id', 'training_cohorts.name', 'orgs.name as school', 'training_cohorts.starts_on', 'training_cohorts.ends_on', 'training_cohorts.status'])
        .where('training_cohorts.status', '!=', 'cancelled')
        .orderBy('training_cohorts.starts_on', 'desc')
        .orderBy('training_cohorts.id')
        .limit(100)
        .execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.name, school: r.school, startsOn: r.starts_on, endsOn: r.ends_on, status: r.status })) };
    },
  );

  // ---- matching and recommending ----
  app.get(
    '/api/jobs/orders/:id/matches',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'The trainer’s school’s graduates ranked for an order, best first, with the reasons (linked cohort first; then the level asked for; then the score)',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: {
          200: z.object({
            order,
            total: z.number(),
            items: z.array(z.object({ userId: z.string(), name: z.string(), phoneLast4: z.string(), level: z.number().nullable(), score: z.number(), linked: z.boolean(), qualified: z.boolean(), reasons: z.array(reason), stage: z.enum(candidateStages).nullable() })),
          }),
        },
      },
    },
    async (req) => svc.matches(ctx, req.principal, req.params.id, req.query.limit),
  );
  app.post(
    '/api/jobs/orders/:id/candidates',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'The school recommends graduates to an open order (all or none: 422 `not_a_graduate`, 409 `already_candidate`, 409 `order_not_open`)',
        params: idParams,
        body: z.strictObject({ userIds: z.array(s.uuid).min(1).max(50) }),
        response: { 201: z.object({ created: z.number(), items: z.array(z.object({ id: z.string(), userId: z.string(), score: z.number() })) }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return svc.recommend(ctx, req.principal, req.params.id, req.body.userIds, actor(req));
    },
  );
  app.get(
    '/api/jobs/orders/:id/candidates',
    {
      config: { access: { roles: ON_ORDER } },
      schema: { tags, summary: 'An order’s candidates: all of them for its employer, the trainer’s own graduates for a trainer', params: idParams, response: { 200: z.object({ order, items: z.array(candidate) }) } },
    },
    async (req) => svc.candidatesOf(ctx, req.principal, req.params.id),
  );

  // ---- the employer's decisions ----
  app.post(
    '/api/jobs/candidates/:id/interview',
    {
      config: { access: { roles: EMPLOYER } },
      schema: { tags, summary: 'Invite a candidate to an interview (or move it); the graduate is told', params: idParams, body: z.strictObject({ at: z.iso.datetime({ offset: true }) }), response: { 200: moved } },
    },
    async (req) => svc.interview(ctx, req.principal, req.params.id, Date.parse(req.body.at), actor(req)),
  );
  app.post(
    '/api/jobs/candidates/:id/hire',
    {
      config: { access: { roles: EMPLOYER } },
      schema: {
        tags,
        summary: 'Hire a candidate: a placement with its start date and pay band. Exactly `headcount` hires succeed (409 `order_filled` after)',
        params: idParams,
        body: z.strictObject({ startedOn: z.iso.date(), payBand: z.enum(payBands) }),
        response: { 200: moved },
      },
    },
    async (req) => svc.hire(ctx, req.principal, req.params.id, req.body, actor(req)),
  );
  app.post(
    '/api/jobs/candidates/:id/decline',
    {
      config: { access: { roles: EMPLOYER } },
      schema: { tags, summary: 'Decline a candidate, with the reason (required); the graduate is told', params: idParams, body: z.strictObject({ reason: z.string().trim().min(2).max(500) }), response: { 200: moved } },
    },
    async (req) => svc.decline(ctx, req.principal, req.params.id, req.body.reason, actor(req)),
  );

  // ---- the graduate ----
  app.get(
    '/api/jobs/me',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'The caller’s job-seeker profile and every order they are on, with each step',
        response: {
          200: z.object({
            graduate: z.object({ level: z.number().nullable(), skills: z.array(z.string()), cohortIds: z.array(z.string()) }).nullable(),
            profile: profile.nullable(),
            items: z.array(
              z.object({
                id: z.string(),
                orderId: z.string(),
                title: z.string(),
                position: z.string(),
                employer: z.string(),
                payMinFen: z.number(),
                payMaxFen: z.number(),
                cityCode: z.string(),
                place: z.string(),
                stage: z.enum(candidateStages),
                interviewAt: z.string().nullable(),
                declineReason: z.string().nullable(),
                startedOn: z.string().nullable(),
                payBand: z.string().nullable(),
                steps: z.array(z.object({ step: z.enum(candidateStages), at: z.string().nullable() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.myJobs(ctx, req.principal),
  );
  app.put(
    '/api/jobs/me/profile',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'Set the caller’s job-seeker profile: place, skills, wanted positions, least pay (fen), open to recommendations', body: seekerProfileFields, response: { 200: z.object({ profile }) } } },
    async (req) => ({ profile: await svc.saveProfile(ctx, req.principal, req.body, actor(req)) }),
  );
  app.post(
    '/api/jobs/candidates/:id/withdraw',
    {
      config: { access: { signedIn: true } },
      schema: { tags, summary: 'The graduate declines the offer or withdraws (before a hire)', params: idParams, body: z.strictObject({ reason: z.string().trim().max(500).default('') }), response: { 200: moved } },
    },
    async (req) => svc.withdraw(ctx, req.principal, req.params.id, req.body.reason, actor(req)),
  );

  // ---- placements, follow-ups, figures ----
  app.get(
    '/api/jobs/placements',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'Placements and their 3- and 6-month follow-ups: an employer’s own hires, a school’s graduates, all for an analyst',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                orderId: z.string(),
                title: z.string(),
                employer: z.string(),
                name: z.string(),
                startedOn: z.string(),
                payBand: z.string(),
                followups: z.array(
                  z.object({ months: z.number(), dueOn: z.string(), due: z.boolean(), recorded: z.object({ employed: z.boolean(), payBand: z.string().nullable(), note: z.string(), recordedAt: z.string().nullable() }).nullable() }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await svc.listPlacements(ctx, req.principal) }),
  );
  app.post(
    '/api/jobs/placements/:id/followups',
    {
      config: { access: { roles: ON_ORDER } },
      schema: {
        tags,
        summary: 'Record the 3- or 6-month follow-up (the employer or the school): still employed, pay band. 409 `not_due` before it is due, `already_recorded` twice',
        params: idParams,
        body: z.strictObject({ months: z.union([z.literal(3), z.literal(6)]), employed: z.boolean(), payBand: z.enum(payBands).nullable().default(null), note: z.string().trim().max(500).default('') }),
        response: { 201: z.object({ placementId: z.string(), months: z.number(), employed: z.boolean(), payBand: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      if (req.body.employed && !req.body.payBand) throw new AppError('bad_request', 'Say the pay band', [{ path: 'payBand', code: 'required', message: 'The pay band of someone still employed' }]);
      reply.status(201);
      return svc.followUp(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );
  app.get(
    '/api/jobs/figures',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'Placement rate (placed ÷ certified graduates) and 6-month retention (employed at 6 months ÷ placements with the 6-month follow-up due) per school, year and cohort',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: {
          200: z.object({
            asOf: z.string(),
            items: z.array(
              z.object({
                schoolId: z.string(),
                school: z.string(),
                year: z.number(),
                cohortId: z.string().nullable(),
                cohort: z.string().nullable(),
                certified: z.number(),
                placed: z.number(),
                placementRate: z.number().nullable(),
                due6: z.number(),
                followedUp6: z.number(),
                retained6: z.number(),
                retentionRate: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ asOf: new Date(nowOf(ctx)).toISOString(), items: await svc.figures(ctx, req.principal, req.query.year) }),
  );
}
