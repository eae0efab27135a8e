import { z } from 'zod';
import type { ZApp } from '../../platform/http.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../../shared/reference.js';
import { attendanceStatuses, cohortStatuses, courseTopics, enrolmentStatuses, fundingSources } from '../../../shared/training.js';
import * as s from '../../../shared/schemas.js';
import { actor } from '../identity/index.js';
import * as svc from './training.service.js';

const TRAINER: Role[] = ['trainer'];
const FIGURES: Role[] = ['trainer', 'analyst', 'admin'];
const tags = ['training'];
/** The public verify endpoint is an enumeration surface: a few look-ups a minute per client. */
export const VERIFY_PER_MINUTE = 30;

const idParams = z.strictObject({ id: s.uuid });
const day = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

const cohort = z.object({
  id: z.string(),
  programmeId: z.string(),
  programmeName: z.string(),
  occupation: z.string(),
  level: z.number().nullable(),
  orgId: z.string(),
  schoolName: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  schedule: z.string(),
  place: z.string(),
  cityCode: z.string(),
  capacity: z.number(),
  seatsTaken: z.number(),
  seatsLeft: z.number(),
  fundingSource: z.enum(fundingSources),
  funderName: z.string(),
  costPerTraineeFen: z.number(),
  traineePaysFen: z.number(),
  status: z.enum(cohortStatuses),
});
const course = z.object({ id: z.string(), name: z.string(), topic: z.string(), hours: z.number() });
const programme = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  occupation: z.string(),
  level: z.number(),
  description: z.string(),
  skills: z.array(z.string()),
  active: z.boolean(),
  courses: z.array(course.extend({ position: z.number() })),
});
const enrolment = z.object({ id: z.string(), cohortId: z.string(), status: z.enum(enrolmentStatuses) });
const session = z.object({ id: z.string(), courseId: z.string().nullable(), startsAt: z.string(), endsAt: z.string(), topic: z.string(), attendance: z.record(z.string(), z.enum(attendanceStatuses)) });
const result = z.object({ id: z.string(), enrolmentId: z.string(), theoryScore: z.number(), practiceScore: z.number(), passed: z.boolean() });
const exam = z.object({
  id: z.string(),
  cohortId: z.string(),
  heldOn: z.string(),
  level: z.number(),
  theoryPass: z.number(),
  practicePass: z.number(),
  results: z.array(result.extend({ name: z.string(), certificate: z.object({ id: z.string(), number: z.string(), revoked: z.boolean() }).nullable() })),
});
const cohortFields = {
  name: z.string().trim().min(2).max(80),
  startsOn: day,
  endsOn: day,
  schedule: text(120),
  place: text(200),
  cityCode: s.cityCode,
  capacity: z.number().int().min(1).max(10_000),
  fundingSource: z.enum(fundingSources),
  funderName: text(120),
  costPerTraineeFen: z.number().int().min(0).max(100_000_000),
  status: z.enum(cohortStatuses),
};
const reasonBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });
const figureRow = z.object({
  cohortId: z.string(),
  cohortName: z.string(),
  orgId: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.string(),
  fundingSource: z.string(),
  costPerTraineeFen: z.number(),
  enrolled: z.number(),
  completed: z.number(),
  sat: z.number(),
  passed: z.number(),
  passRate: z.number().nullable(),
  certificates: z.number(),
  placed: z.number(),
});

export function trainingRoutes(app: ZApp, ctx: Ctx) {
  // ---- public ----
  app.get(
    '/api/training/cohorts',
    { config: { access: { public: true } }, schema: { tags, summary: 'Cohorts taking applications, soonest first', response: { 200: z.object({ items: z.array(cohort) }) } } },
    async () => ({ items: await svc.openCohorts(ctx) }),
  );
  app.get(
    '/api/training/cohorts/:id',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'A cohort: programme, courses, schedule, sessions, seats left, who pays',
        params: idParams,
        response: { 200: z.object({ cohort, description: z.string(), skills: z.array(z.string()), courses: z.array(course), sessions: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), topic: z.string() })) }) },
      },
    },
    async (req) => svc.publicCohort(ctx, req.params.id),
  );
  app.get(
    '/api/certificates/verify/:number',
    {
      config: { access: { public: true }, rateLimit: { max: VERIFY_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: `Verify a certificate by its number: level, occupation, issue date, school, valid or revoked, the holder’s masked name. An unknown number is 404. At most ${VERIFY_PER_MINUTE} look-ups a minute per client`,
        params: z.strictObject({ number: z.string().max(200) }),
        response: {
          200: z.object({ number: z.string(), level: z.number(), occupation: z.string(), issuedOn: z.string(), schoolName: z.string(), holderMasked: z.string(), valid: z.boolean(), revokedOn: z.string().nullable() }),
        },
      },
    },
    async (req) => svc.verifyCertificate(ctx, req.params.number),
  );

  // ---- anyone signed in ----
  app.post(
    '/api/training/cohorts/:id/applications',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'Apply to a cohort (no prerequisites). 409 `cohort_not_open`, `cohort_full` or `already_applied`',
        params: idParams,
        body: z.strictObject({ note: text(500).default('') }).default({ note: '' }),
        response: { 201: z.object({ enrolment: enrolment.extend({ note: z.string(), appliedAt: z.string() }) }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { enrolment: await svc.apply(ctx, req.principal, req.params.id, req.body.note, actor(req)) };
    },
  );
  app.post(
    '/api/training/enrolments/:id/withdraw',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'Withdraw my application or place (frees the seat)', params: idParams, response: { 200: z.object({ enrolment }) } } },
    async (req) => ({ enrolment: await svc.withdraw(ctx, req.principal, req.params.id, actor(req)) }),
  );
  app.get(
    '/api/training/me',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: 'My applications and their status, my attendance, results and certificates',
        response: {
          200: z.object({
            enrolments: z.array(
              z.object({
                id: z.string(),
                status: z.enum(enrolmentStatuses),
                note: z.string(),
                reason: z.string(),
                appliedAt: z.string(),
                cohort: z.object({ id: z.string(), name: z.string(), programmeName: z.string(), schoolName: z.string(), startsOn: z.string(), endsOn: z.string(), schedule: z.string(), place: z.string() }),
                attendance: z.array(z.object({ at: z.string(), topic: z.string(), status: z.enum(attendanceStatuses) })),
                results: z.array(z.object({ heldOn: z.string(), level: z.number(), theoryScore: z.number(), practiceScore: z.number(), theoryPass: z.number(), practicePass: z.number(), passed: z.boolean() })),
              }),
            ),
            certificates: z.array(z.object({ id: z.string(), number: z.string(), level: z.number(), occupation: z.string(), issuedOn: z.string(), schoolName: z.string(), valid: z.boolean(), holderName: z.string() })),
          }),
        },
      },
    },
    async (req) => svc.myTraining(ctx, req.principal),
  );

  // ---- the school's trainers ----
  app.get(
    '/api/training/programmes',
    { config: { access: { roles: TRAINER } }, schema: { tags, summary: 'My school’s programmes with their courses', response: { 200: z.object({ items: z.array(programme) }) } } },
    async (req) => ({ items: await svc.listProgrammes(ctx, req.principal) }),
  );
  app.post(
    '/api/training/programmes',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Add a programme (orgId may be left out by a trainer of one school)',
        body: z.strictObject({
          orgId: s.uuid.optional(),
          name: z.string().trim().min(2).max(80),
          occupation: z.string().trim().min(2).max(60),
          level: z.number().int().min(1).max(5),
          description: text(2000).default(''),
          skills: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
        }),
        response: { 201: z.object({ programme }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { programme: await svc.createProgramme(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.post(
    '/api/training/programmes/:id/courses',
    {
      config: { access: { roles: TRAINER } },
      schema: { tags, summary: 'Add a course to a programme', params: idParams, body: z.strictObject({ name: z.string().trim().min(2).max(80), topic: z.enum(courseTopics), hours: z.number().int().min(1).max(2000) }), response: { 201: z.object({ course }) } },
    },
    async (req, reply) => {
      reply.status(201);
      return { course: await svc.addCourse(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.get(
    '/api/training/manage/cohorts',
    {
      config: { access: { roles: TRAINER } },
      schema: { tags, summary: 'My school’s cohorts, newest first, with applicants by status', response: { 200: z.object({ items: z.array(cohort.extend({ applied: z.number(), accepted: z.number(), completed: z.number() })) }) } },
    },
    async (req) => ({ items: await svc.managedCohorts(ctx, req.principal) }),
  );
  app.post(
    '/api/training/cohorts',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Open a cohort of a programme: schedule, place, capacity, who pays and the cost per trainee in fen',
        body: z.strictObject({
          programmeId: s.uuid,
          ...cohortFields,
          schedule: cohortFields.schedule.default(''),
          place: cohortFields.place.default(''),
          cityCode: cohortFields.cityCode.optional(),
          funderName: cohortFields.funderName.default(''),
          costPerTraineeFen: cohortFields.costPerTraineeFen.default(0),
          status: cohortFields.status.optional(),
        }),
        response: { 201: z.object({ cohort }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { cohort: await svc.createCohort(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.patch(
    '/api/training/cohorts/:id',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Change a cohort (capacity not below the seats taken: 409 `below_seats_taken`)',
        params: idParams,
        body: z.strictObject(Object.fromEntries(Object.entries(cohortFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof cohortFields]: z.ZodOptional<(typeof cohortFields)[K]> }),
        response: { 200: z.object({ cohort }) },
      },
    },
    async (req) => {
      if (!Object.keys(req.body).length) throw new AppError('bad_request', 'Nothing to change', [{ path: 'body', code: 'required', message: 'Send at least one field' }]);
      return { cohort: await svc.updateCohort(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.get(
    '/api/training/cohorts/:id/enrolments',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'A cohort’s applicants and trainees (phones masked), with sessions attended',
        params: idParams,
        response: {
          200: z.object({
            cohort,
            sessions: z.number(),
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                phoneMasked: z.string(),
                status: z.enum(enrolmentStatuses),
                note: z.string(),
                reason: z.string(),
                appliedAt: z.string(),
                decidedAt: z.string().nullable(),
                completedAt: z.string().nullable(),
                present: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.listEnrolments(ctx, req.principal, req.params.id),
  );
  for (const move of ['accept', 'complete'] as const) {
    app.post(
      `/api/training/enrolments/:id/${move}`,
      {
        config: { access: { roles: TRAINER } },
        schema: {
          tags,
          summary: move === 'accept' ? 'Accept an applicant: takes a seat (409 `cohort_full` when none is left)' : 'Mark a trainee as having completed the course',
          params: idParams,
          response: { 200: z.object({ enrolment }) },
        },
      },
      async (req) => ({ enrolment: await svc.decide(ctx, req.principal, req.params.id, move, '', actor(req)) }),
    );
  }
  for (const move of ['decline', 'drop'] as const) {
    app.post(
      `/api/training/enrolments/:id/${move}`,
      {
        config: { access: { roles: TRAINER } },
        schema: { tags, summary: move === 'decline' ? 'Decline an applicant, with the reason' : 'Drop a trainee, with the reason (frees the seat)', params: idParams, body: reasonBody, response: { 200: z.object({ enrolment }) } },
      },
      async (req) => ({ enrolment: await svc.decide(ctx, req.principal, req.params.id, move, req.body.reason, actor(req)) }),
    );
  }
  app.get(
    '/api/training/cohorts/:id/sessions',
    { config: { access: { roles: TRAINER } }, schema: { tags, summary: 'A cohort’s sessions with the attendance recorded', params: idParams, response: { 200: z.object({ items: z.array(session) }) } } },
    async (req) => ({ items: await svc.listSessions(ctx, req.principal, req.params.id) }),
  );
  app.post(
    '/api/training/cohorts/:id/sessions',
    {
      config: { access: { roles: TRAINER } },
      schema: { tags, summary: 'Add a session', params: idParams, body: z.strictObject({ courseId: s.uuid.optional(), startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), topic: text(120).default('') }), response: { 201: z.object({ session }) } },
    },
    async (req, reply) => {
      reply.status(201);
      return { session: await svc.createSession(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.put(
    '/api/training/sessions/:id/attendance',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Record the whole class’s attendance for a session in one call (present, absent, excused); a repeat replaces the marks it names',
        params: idParams,
        body: z.strictObject({ marks: z.array(z.strictObject({ enrolmentId: s.uuid, status: z.enum(attendanceStatuses) })).min(1).max(1000) }),
        response: { 200: z.object({ session }) },
      },
    },
    async (req) => ({ session: await svc.recordAttendance(ctx, req.principal, req.params.id, req.body.marks, actor(req)) }),
  );
  app.get(
    '/api/training/cohorts/:id/exams',
    { config: { access: { roles: TRAINER } }, schema: { tags, summary: 'A cohort’s exams with their results and certificates', params: idParams, response: { 200: z.object({ items: z.array(exam) }) } } },
    async (req) => ({ items: await svc.listExams(ctx, req.principal, req.params.id) }),
  );
  app.post(
    '/api/training/cohorts/:id/exams',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Schedule an exam: the certificate level (default the programme’s) and the pass marks',
        params: idParams,
        body: z.strictObject({ heldOn: day, level: z.number().int().min(1).max(5).optional(), theoryPass: z.number().default(60), practicePass: z.number().default(60) }),
        response: { 201: z.object({ exam }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { exam: await svc.createExam(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.post(
    '/api/training/exams/:id/results',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Record one trainee’s theory and practice scores (whole numbers 0–100: 400 `out_of_range` naming the field). One result per trainee and exam: 409 `already_recorded`',
        params: idParams,
        body: z.strictObject({ enrolmentId: s.uuid, theoryScore: z.number(), practiceScore: z.number() }),
        response: { 201: z.object({ result }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { result: await svc.recordResult(ctx, req.principal, req.params.id, req.body, actor(req)) };
    },
  );
  app.patch(
    '/api/training/results/:id',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Correct a mistyped result: new scores and the reason (kept in the audit log with the old ones). 409 `already_issued` while a certificate stands on it',
        params: idParams,
        body: z.strictObject({ theoryScore: z.number(), practiceScore: z.number(), reason: z.string().max(500) }),
        response: { 200: z.object({ result }) },
      },
    },
    async (req) => ({ result: await svc.correctResult(ctx, req.principal, req.params.id, req.body, actor(req)) }),
  );
  app.post(
    '/api/training/certificates',
    {
      config: { access: { roles: TRAINER } },
      schema: {
        tags,
        summary: 'Issue the certificate for a passed result: the registry’s number typed, or one generated at random. 409 `duplicate_number`, `already_issued`, `not_passed`',
        body: z.strictObject({ examResultId: s.uuid, number: z.string().max(60).optional(), issuedOn: day.optional() }),
        response: { 201: z.object({ certificate: z.object({ id: z.string(), number: z.string(), level: z.number(), occupation: z.string(), issuedOn: z.string() }) }) },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { certificate: await svc.issueCertificate(ctx, req.principal, req.body, actor(req)) };
    },
  );
  app.post(
    '/api/training/certificates/:id/revoke',
    { config: { access: { roles: TRAINER } }, schema: { tags, summary: 'Revoke a certificate, with the reason (verification then says revoked)', params: idParams, body: reasonBody } },
    async (req, reply) => {
      await svc.revokeCertificate(ctx, req.principal, req.params.id, req.body.reason, actor(req));
      reply.status(204).send();
    },
  );
  app.get(
    '/api/training/certificates/:id/pdf',
    { config: { access: { signedIn: true } }, schema: { tags, summary: 'A certificate as a printable PDF with its QR code (its holder, or a trainer of the issuing school)', params: idParams } },
    async (req, reply) => {
      const pdf = await svc.certificatePdfFor(ctx, req.principal, req.params.id, `${req.protocol}://${req.host}`);
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${pdf.name}"`).header('cache-control', 'private, no-store');
      return reply.send(pdf.bytes);
    },
  );
  app.get(
    '/api/training/figures',
    {
      config: { access: { roles: FIGURES } },
      schema: {
        tags,
        summary: 'Per cohort and per year: enrolled, completed, sat the exam, passed, pass rate, certificates, placed. A trainer sees their school; analysts and admins every school',
        querystring: z.strictObject({ year: z.string().regex(/^\d{4}$/).optional() }),
        response: {
          200: z.object({
            cohorts: z.array(figureRow),
            years: z.array(
              z.object({
                year: z.string(),
                cohorts: z.number(),
                enrolled: z.number(),
                completed: z.number(),
                sat: z.number(),
                passed: z.number(),
                passRate: z.number().nullable(),
                certificates: z.number(),
                placed: z.number(),
                fundedFen: z.number(),
                certificatesIssued: z.number(),
                certificatesByLevel: z.record(z.string(), z.number()),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.figures(ctx, req.principal, req.query.year),
  );
}
