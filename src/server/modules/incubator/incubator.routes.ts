import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../../shared/reference.js';
import { enterpriseStages, memberRoles, origins, productCategories, productSorts, qualityResults, sectors, serviceKinds, spaceKinds } from '../../../shared/incubator.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './incubator.service.js';
import * as products from './products.service.js';

const VIEW: Role[] = ['incubator_manager', 'admin'];
const MANAGE: Role[] = ['incubator_manager'];
const FIGURES: Role[] = ['incubator_manager', 'analyst', 'admin'];
const tags = ['incubator'];

const id = z.strictObject({ id: s.uuid });
const day = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const name = z.string().trim().min(1).max(100);
const fen = z.number().int().min(0).max(100_000_000_00);
const orgId = s.uuid.optional();
const nothing = () => new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const money = z.coerce.number().int().min(0).max(100_000_000_00);

const enterpriseFields = {
  name,
  sector: z.enum(sectors),
  foundedOn: day.nullable().optional(),
  employees: z.number().int().min(0).max(100_000).optional(),
  description: text(2000).optional(),
};
const productFields = {
  name,
  nameUg: text(100).optional(),
  nameEn: text(100).optional(),
  supplier: name,
  supplierContact: text(100).optional(),
  category: z.enum(productCategories),
  origin: z.enum(origins),
  originPlace: text(60).optional(),
  priceFen: fen,
  commissionFen: fen,
  stock: z.number().int().min(0).max(10_000_000).optional(),
  rating: z.number().min(0).max(5).nullable().optional(),
};
const searchQuery = {
  q: text(60).optional(),
  category: z.enum(productCategories).optional(),
  origin: z.enum(origins).optional(),
  priceMin: money.optional(),
  priceMax: money.optional(),
  commissionMin: money.optional(),
  commissionMax: money.optional(),
  inStock: bool.optional(),
  passed: bool.optional(),
  ratingMin: z.coerce.number().min(0).max(5).optional(),
  sort: z.enum(productSorts).default('relevance'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
};
const person = { name: z.string().trim().min(1).max(60).optional(), phone: s.phone.optional(), isLead: z.boolean().default(false) };

export function incubatorRoutes(app: ZApp, ctx: Ctx) {
  // ---- enterprises ----
  app.get(
    '/api/incubator/enterprises',
    {
      config: { access: { roles: VIEW } },
      schema: {
        tags,
        summary: 'The base’s enterprises, newest change first; filter by stage, sector or name',
        querystring: z.strictObject({
          orgId,
          stage: z.enum(enterpriseStages).optional(),
          sector: z.enum(sectors).optional(),
          q: text(60).optional(),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const { page, pageSize, ...f } = req.query;
      return { ...(await svc.listEnterprises(ctx, req.principal, { ...f, offset: (page - 1) * pageSize, limit: pageSize })), page, pageSize };
    },
  );

  app.post(
    '/api/incubator/enterprises',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Register an enterprise (it starts as applying)', body: z.strictObject({ orgId, ...enterpriseFields }) } },
    async (req, reply) => {
      reply.status(201);
      return { enterprise: await svc.createEnterprise(ctx, req.principal, req.body, actor(req)) };
    },
  );

  app.get(
    '/api/incubator/enterprises/:id',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'An enterprise with its founders, spaces, mentors, service log and teams', params: id } },
    async (req) => svc.enterpriseDetail(ctx, req.principal, req.params.id),
  );

  app.patch(
    '/api/incubator/enterprises/:id',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Change an enterprise’s name, sector, founding day, employees or description',
        params: id,
        body: z.strictObject({ name: name.optional(), sector: enterpriseFields.sector.optional(), foundedOn: enterpriseFields.foundedOn, employees: enterpriseFields.employees, description: enterpriseFields.description }),
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw nothing();
      return { enterprise: await svc.updateEnterprise(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.post(
    '/api/incubator/enterprises/:id/stage',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Move an enterprise: applying → incubating | exited, incubating → graduated | exited. Another move answers 409 `bad_transition` with the allowed ones',
        params: id,
        body: z.strictObject({ stage: z.enum(enterpriseStages), on: day.optional() }),
      },
    },
    async (req) => ({ enterprise: await svc.moveStage(ctx, req.principal, req.params.id, req.body.stage, req.body.on, actor(req)) }),
  );

  app.post(
    '/api/incubator/enterprises/:id/founders',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Add a founder: an account (by phone) or a name', params: id, body: z.strictObject(person) } },
    async (req, reply) => {
      reply.status(201);
      return { founder: await svc.addFounder(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.delete(
    '/api/incubator/founders/:id',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Remove a founder', params: id } },
    async (req, reply) => {
      await svc.removeFounder(ctx, req.principal, req.params.id, actor(req));
      reply.status(204);
    },
  );

  // ---- spaces ----
  app.get(
    '/api/incubator/spaces',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'The base’s desks and rooms, with who is on each today', querystring: z.strictObject({ orgId }) } },
    async (req) => ({ items: await svc.listSpaces(ctx, req.principal, req.query.orgId) }),
  );

  app.post(
    '/api/incubator/spaces',
    {
      config: { access: { roles: MANAGE } },
      schema: { tags, summary: 'Add a desk or a room', body: z.strictObject({ orgId, code: z.string().trim().min(1).max(20), kind: z.enum(spaceKinds), areaM2: z.number().int().min(0).max(10_000).optional() }) },
    },
    async (req, reply) => {
      reply.status(201);
      return { space: await svc.createSpace(ctx, req.principal, req.body, actor(req)) };
    },
  );

  app.post(
    '/api/incubator/enterprises/:id/spaces',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Put an enterprise on a space for a period with its rent-free days; a space already booked for any of those days answers 409 `space_taken`',
        params: id,
        body: z.strictObject({ spaceId: s.uuid, startsOn: day, endsOn: day.nullable().optional(), rentFreeUntil: day.nullable().optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { assignment: await svc.assignSpace(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.post(
    '/api/incubator/space-assignments/:id/release',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'End a booking on a day (today by default)', params: id, body: z.strictObject({ on: day.optional() }) } },
    async (req) => {
      await svc.releaseSpace(ctx, req.principal, req.params.id, req.body.on, actor(req));
      return { ok: true };
    },
  );

  // ---- mentors ----
  app.get(
    '/api/incubator/mentors',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'The base’s mentors', querystring: z.strictObject({ orgId }) } },
    async (req) => ({ items: await svc.listMentors(ctx, req.principal, req.query.orgId) }),
  );

  app.post(
    '/api/incubator/mentors',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Add a mentor', body: z.strictObject({ orgId, name: z.string().trim().min(1).max(60), expertise: text(200).optional() }) } },
    async (req, reply) => {
      reply.status(201);
      return { mentor: await svc.createMentor(ctx, req.principal, req.body, actor(req)) };
    },
  );

  app.post(
    '/api/incubator/enterprises/:id/mentors',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Assign a mentor to an enterprise', params: id, body: z.strictObject({ mentorId: s.uuid }) } },
    async (req, reply) => {
      reply.status(201);
      return { mentor: await svc.assignMentor(ctx, req.principal, req.params.id, req.body.mentorId, actor(req)) };
    },
  );

  app.post(
    '/api/incubator/enterprises/:id/mentors/unassign',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Take a mentor off an enterprise', params: id, body: z.strictObject({ mentorId: s.uuid }) } },
    async (req) => {
      await svc.unassignMentor(ctx, req.principal, req.params.id, req.body.mentorId, actor(req));
      return { ok: true };
    },
  );

  // ---- service log ----
  app.post(
    '/api/incubator/enterprises/:id/services',
    {
      config: { access: { roles: MANAGE } },
      schema: { tags, summary: 'Log a one-stop service given to an enterprise', params: id, body: z.strictObject({ kind: z.enum(serviceKinds), servedOn: day.optional(), note: text(1000).optional() }) },
    },
    async (req, reply) => {
      reply.status(201);
      return { service: await svc.logService(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  // ---- teams ----
  app.post(
    '/api/incubator/enterprises/:id/teams',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Form a team of live-stream hosts for an enterprise', params: id, body: z.strictObject({ name: z.string().trim().min(1).max(60) }) } },
    async (req, reply) => {
      reply.status(201);
      return { team: await svc.createTeam(ctx, req.principal, req.params.id, req.body.name, actor(req)) };
    },
  );

  app.get(
    '/api/incubator/teams',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'The base’s live-stream teams', querystring: z.strictObject({ orgId }) } },
    async (req) => ({ items: await svc.listTeams(ctx, req.principal, req.query.orgId) }),
  );

  app.get(
    '/api/incubator/teams/:id',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'A team with its members and its shortlist (the base’s managers, the team’s members, the enterprise’s founders)', params: id } },
    async (req) => svc.teamDetail(ctx, req.principal, req.params.id),
  );

  app.post(
    '/api/incubator/teams/:id/members',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Add a member: an account (by phone) or a name, with a role', params: id, body: z.strictObject({ ...person, role: z.enum(memberRoles) }) } },
    async (req, reply) => {
      reply.status(201);
      return { member: await svc.addMember(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.delete(
    '/api/incubator/team-members/:id',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Remove a member from a team', params: id } },
    async (req, reply) => {
      await svc.removeMember(ctx, req.principal, req.params.id, actor(req));
      reply.status(204);
    },
  );

  app.post(
    '/api/incubator/teams/:id/shortlist',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'Shortlist a product for a stream; a product failing its latest quality check answers 409 `failed_quality_check`',
        params: id,
        body: z.strictObject({ productId: s.uuid, streamOn: day, note: text(500).optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { entry: await svc.shortlist(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );

  app.delete(
    '/api/incubator/shortlist/:id',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'Take a product off a team’s shortlist', params: id } },
    async (req, reply) => {
      await svc.unshortlist(ctx, req.principal, req.params.id, actor(req));
      reply.status(204);
    },
  );

  app.get('/api/me/enterprise', { config: { access: { signedIn: true } }, schema: { tags, summary: 'The enterprises I founded or whose team I am in' } }, async (req) => svc.myEnterprises(ctx, req.principal));

  // ---- figures ----
  app.get(
    '/api/incubator/figures',
    { config: { access: { roles: FIGURES } }, schema: { tags, summary: 'Incubated so far, incubating now, by stage and sector, and the library’s size', querystring: z.strictObject({ orgId }) } },
    async (req) => svc.figures(ctx, req.principal, req.query.orgId),
  );

  // ---- the product library ----
  app.get(
    '/api/incubator/products',
    {
      config: { access: { roles: VIEW } },
      schema: {
        tags,
        summary: 'Search the base’s product library: text (Chinese, Uyghur or English name, supplier) and filters; money in fen',
        querystring: z.strictObject({ orgId, ...searchQuery, includeInactive: bool.optional() }),
      },
    },
    async (req) => products.searchProducts(ctx, req.principal, req.query),
  );

  app.post(
    '/api/incubator/products',
    { config: { access: { roles: MANAGE } }, schema: { tags, summary: 'Add a product; a commission above the price answers 400 `above_price`', body: z.strictObject({ orgId, ...productFields }) } },
    async (req, reply) => {
      reply.status(201);
      return products.createProduct(ctx, req.principal, req.body, actor(req));
    },
  );

  app.get(
    '/api/incubator/products/:id',
    { config: { access: { roles: VIEW } }, schema: { tags, summary: 'A product with its supplier’s contact and its quality checks', params: id } },
    async (req) => products.productDetail(ctx, req.principal, req.params.id),
  );

  app.patch(
    '/api/incubator/products/:id',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Change a product',
        params: id,
        body: z.strictObject({
          name: name.optional(),
          nameUg: productFields.nameUg,
          nameEn: productFields.nameEn,
          supplier: name.optional(),
          supplierContact: productFields.supplierContact,
          category: productFields.category.optional(),
          origin: productFields.origin.optional(),
          originPlace: productFields.originPlace,
          priceFen: fen.optional(),
          commissionFen: fen.optional(),
          stock: productFields.stock,
          rating: productFields.rating,
          active: z.boolean().optional(),
        }),
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw nothing();
      return products.updateProduct(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );

  app.post(
    '/api/incubator/products/:id/stock',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Add to or take from the stock; taking more than there is answers 409 `insufficient_stock`',
        params: id,
        body: z.strictObject({ delta: z.number().int().min(-10_000_000).max(10_000_000).refine((v) => v !== 0, { message: 'Not zero' }), reason: text(200).default('') }),
      },
    },
    async (req) => ({ product: await products.adjustStock(ctx, req.principal, req.params.id, req.body.delta, req.body.reason, actor(req)) }),
  );

  app.post(
    '/api/incubator/products/:id/checks',
    {
      config: { access: { roles: MANAGE } },
      schema: {
        tags,
        summary: 'Record a quality check; a product failing its latest one cannot be shortlisted',
        params: id,
        body: z.strictObject({ checkedOn: day.optional(), result: z.enum(qualityResults), inspector: z.string().trim().min(1).max(60), note: text(500).optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return products.recordCheck(ctx, req.principal, req.params.id, req.body, actor(req));
    },
  );

  app.get(
    '/api/products',
    { config: { access: { public: true } }, schema: { tags, summary: 'The public product library: every base’s active products, no supplier contact', querystring: z.strictObject(searchQuery) } },
    async (req) => {
      const r = await products.publicSearch(ctx, req.query);
      return { ...r, items: r.items.map(({ active: _a, ...rest }) => rest) };
    },
  );
}
