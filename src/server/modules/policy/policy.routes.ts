import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../../shared/reference.js';
import { applicantKinds, applicationStatuses, factNames, ruleOps, schemeKinds } from '../../../shared/policy.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './policy.service.js';

const REVIEW: Role[] = ['policy_officer'];
const FIGURES: Role[] = ['policy_officer', 'analyst'];
const tags = ['policy'];

const factValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const rule = z.object({ id: z.string(), fact: z.enum(factNames), op: z.enum(ruleOps), value: z.union([factValue, z.array(factValue)]).optional(), message: z.string() });
const verdict = rule.extend({ outcome: z.enum(['pass', 'fail', 'missing']), actual: factValue.optional() });
const names = z.object({ zh: z.string(), ug: z.string(), en: z.string() });
const scheme = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(schemeKinds),
  applicant: z.enum(applicantKinds),
  agencyOrgId: z.string(),
  agencyName: z.string(),
  name: names,
  version: z.number(),
  rules: z.array(rule),
  amountRule: z.record(z.string(), z.unknown()),
  period: z.string(),
  source: z.string(),
  active: z.boolean(),
});
const inputsSchema = z.strictObject({
  principalFen: z.number().int().min(1).max(100_000_000_00).optional(),
  termMonths: z.number().int().min(1).max(120).optional(),
  rateBp: z.number().int().min(0).max(3_000).optional(),
  bank: z.string().trim().min(2).max(80).optional(),
  months: z.number().int().min(1).max(120).optional(),
});
const target = z.strictObject({ enterpriseId: s.uuid.optional(), cohortId: s.uuid.optional(), inputs: inputsSchema.default({}) });
const disbursement = z.object({ id: z.string(), paidOn: z.string(), amountFen: z.number(), reference: z.string(), createdAt: z.string() });
const application = z.object({
  id: z.string(),
  schemeId: z.string(),
  schemeCode: z.string(),
  schemeKind: z.enum(schemeKinds),
  schemeName: names,
  schemeVersion: z.number(),
  status: z.enum(applicationStatuses),
  year: z.number(),
  applicantName: z.string(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  cohortId: z.string().nullable(),
  cohortName: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  maxAmountFen: z.number(),
  approvedAmountFen: z.number().nullable(),
  approvedMonths: z.number().nullable(),
  benefitFrom: z.string().nullable(),
  benefitTo: z.string().nullable(),
  disbursedFen: z.number(),
  decisionReason: z.string(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  facts: z.record(z.string(), z.unknown()),
  rules: z.array(rule),
  verdicts: z.array(verdict),
});
const fullApplication = application.extend({ disbursements: z.array(disbursement) });
const idParams = z.strictObject({ id: s.uuid });
const schemeParams = z.strictObject({ id: z.string().trim().min(1).max(60) });
const refusalDoc =
  'An ineligible application answers 422 with the first failed rule as `error.rule`, each failed rule as a `rules.<id>` field (code `rule_failed` or `missing_fact`) and every verdict as `error.verdicts`; nothing is written. Applying twice for the same enterprise and year (or cohort) answers 409 `already_applied`.';

export function policyRoutes(app: ZApp, ctx: Ctx) {
  app.get(
    '/api/policy/schemes',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'The schemes open to applications, with their eligibility rules and amount rule', response: { 200: z.object({ items: z.array(scheme) }) } } },
    async () => ({ items: await svc.listSchemes(ctx) }),
  );

  const amountRule = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('loan_interest'), lprBp: z.number().int().min(0).max(2_000), borrowerBelowLprBp: z.number().int().min(0).max(2_000), capOverLprBp: z.number().int().min(0).max(2_000) }),
    z.strictObject({ kind: z.literal('per_certified') }),
    z.strictObject({ kind: z.literal('rent_months'), maxMonths: z.number().int().min(1).max(120), monthlyValueFen: z.number().int().min(0).max(10_000_000) }),
  ]);
  app.patch(
    '/api/policy/schemes/:id',
    {
      config: { access: { roles: REVIEW } },
      schema: {
        tags,
        summary: 'A new version of a scheme’s eligibility rules or amount rule, or open/close it (a policy officer of its agency; 400 `invalid_rules` names the bad rule). Earlier applications keep their snapshot',
        params: schemeParams,
        body: z.strictObject({ rules: z.array(z.unknown()).max(50).optional(), amountRule: amountRule.optional(), active: z.boolean().optional() }),
        response: { 200: z.object({ scheme }) },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      return { scheme: await svc.changeScheme(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.get(
    '/api/policy/options',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'What the caller may apply for: the enterprises they founded, the cohorts of the schools they train for',
        response: {
          200: z.object({
            enterprises: z.array(z.object({ id: z.string(), orgId: z.string(), name: z.string(), stage: z.string(), foundedOn: z.string().nullable(), isLead: z.boolean() })),
            cohorts: z.array(z.object({ id: z.string(), orgId: z.string(), name: z.string(), status: z.string(), fundingSource: z.string(), costPerTraineeFen: z.number(), startsOn: z.string(), endsOn: z.string() })),
          }),
        },
      },
    },
    async (req) => svc.options(ctx, req.principal),
  );

  app.post(
    '/api/policy/schemes/:id/check',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'Dry run: would this application qualify? Each rule’s verdict and the most it could be granted; writes nothing. The scheme by id or code',
        params: schemeParams,
        body: target,
        response: { 200: z.object({ schemeId: z.string(), schemeVersion: z.number(), qualifies: z.boolean(), verdicts: z.array(verdict), maxAmountFen: z.number() }) },
      },
    },
    async (req) => svc.check(ctx, req.principal, req.params.id, req.body),
  );

  app.post(
    '/api/policy/schemes/:id/applications',
    { config: { access: { signedIn: true } }, schema: { tags, summary: `Apply. ${refusalDoc}`, params: schemeParams, body: target, response: { 201: z.object({ application: fullApplication }) } } },
    async (req, reply) => {
      const id = await svc.apply(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(201);
      return { application: await svc.getApplication(ctx, req.principal, id) };
    },
  );

  app.get(
    '/api/policy/applications/mine',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'The caller’s applications, newest first, with decisions and payments', response: { 200: z.object({ items: z.array(fullApplication) }) } } },
    async (req) => ({ items: await svc.mine(ctx, req.principal) }),
  );

  app.get(
    '/api/policy/applications',
    {
      config: { access: { roles: REVIEW } },
      schema: { tags, summary: 'The approver’s queue: their agencies’ applications', querystring: z.strictObject({ status: z.enum(applicationStatuses).optional() }), response: { 200: z.object({ items: z.array(application) }) } },
    },
    async (req) => ({ items: await svc.queue(ctx, req.principal, req.query.status) }),
  );

  app.get(
    '/api/policy/applications/:id',
    {
      config: { access: { signedIn: true } },
      schema: { tags, summary: 'One application with its facts, rules, verdicts and payments (its applicant and its reviewers; 404 for anyone else)', params: idParams, response: { 200: fullApplication.extend({ mayReview: z.boolean() }) } },
    },
    async (req) => svc.getApplication(ctx, req.principal, req.params.id),
  );

  app.post(
    '/api/policy/applications/:id/approve',
    {
      config: { access: { roles: REVIEW } },
      schema: {
        tags,
        summary: 'Approve: money schemes with `amountFen` ≤ the computed maximum (422 `over_maximum`), rent-free space with `months` ≤ those asked for; 409 `already_decided`',
        params: idParams,
        body: z.strictObject({ amountFen: z.number().int().min(0).optional(), months: z.number().int().min(1).max(120).optional(), startsOn: z.iso.date().optional(), reason: z.string().trim().max(500).optional() }),
        response: { 200: fullApplication.extend({ mayReview: z.boolean() }) },
      },
    },
    async (req) => svc.approve(ctx, req.principal, req.params.id, req.body, actor(req)),
  );

  app.post(
    '/api/policy/applications/:id/reject',
    {
      config: { access: { roles: REVIEW } },
      schema: { tags, summary: 'Reject with a reason (required); 409 `already_decided`', params: idParams, body: z.strictObject({ reason: z.string().trim().min(2).max(500) }), response: { 200: fullApplication.extend({ mayReview: z.boolean() }) } },
    },
    async (req) => svc.reject(ctx, req.principal, req.params.id, req.body.reason, actor(req)),
  );

  app.post(
    '/api/policy/applications/:id/disbursements',
    {
      config: { access: { roles: REVIEW } },
      schema: {
        tags,
        summary: 'Record a payment on an approved application; the total never exceeds the approved amount (409 `over_approved`, `not_approved`, `not_disbursable`)',
        params: idParams,
        body: z.strictObject({ paidOn: z.iso.date(), amountFen: z.number().int().min(1).max(100_000_000_00), reference: z.string().trim().min(2).max(80) }),
        response: { 201: z.object({ disbursement, disbursedFen: z.number(), remainingFen: z.number() }) },
      },
    },
    async (req, reply) => {
      const res = await svc.disburse(ctx, req.principal, req.params.id, req.body, actor(req));
      reply.status(201);
      return res;
    },
  );

  app.get(
    '/api/policy/figures',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'Per scheme and year: applications, approved, rejected, waiting, amounts granted and paid (fen), rent-free months (an analyst: every agency; an officer: their own)',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ schemeId: z.string(), schemeCode: z.string(), schemeKind: z.enum(schemeKinds), year: z.number(), applications: z.number(), approved: z.number(), rejected: z.number(), waiting: z.number(), grantedFen: z.number(), disbursedFen: z.number(), rentFreeMonths: z.number() }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await svc.figures(ctx, req.principal, req.query.year) }),
  );
}
