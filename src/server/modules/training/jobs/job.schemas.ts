// The API's input schemas for directed employment (zod stays on the server: see shared/jobs.ts).
import { z } from 'zod';
import { cityByCode } from '../../../../shared/reference.js';
import { jobPositions, jobSkills } from '../../../../shared/jobs.js';

const coded = (code: string, message: string) => ({ message, params: { code } });

export const jobCity = z.string().refine((c) => cityByCode.has(c), coded('invalid_city', 'Unknown city code'));
export const jobDistrict = z.string().regex(/^\d{6,12}$/, 'A district code');
export const fen = z.number().int().min(0).max(100_000_000);

/** A job order as the employer writes it. */
export const jobOrderFields = z.strictObject({
  orgId: z.string().uuid().optional(),
  title: z.string().trim().min(2).max(80),
  position: z.enum(jobPositions),
  skills: z.array(z.enum(jobSkills)).max(jobSkills.length).default([]),
  minLevel: z.number().int().min(1).max(5).nullable().default(null),
  headcount: z.number().int().min(1).max(1000),
  payMinFen: fen,
  payMaxFen: fen,
  cityCode: jobCity,
  districtCode: jobDistrict.nullable().default(null),
  place: z.string().trim().max(200).default(''),
  description: z.string().trim().max(2000).default(''),
  cohortId: z.string().uuid().nullable().default(null),
});
export type JobOrderInput = z.infer<typeof jobOrderFields>;

/** A graduate's own job-seeker profile. */
export const seekerProfileFields = z.strictObject({
  cityCode: jobCity,
  districtCode: jobDistrict.nullable().default(null),
  skills: z.array(z.enum(jobSkills)).max(jobSkills.length).default([]),
  positions: z.array(z.enum(jobPositions)).max(jobPositions.length).default([]),
  minPayFen: fen.default(0),
  open: z.boolean().default(true),
});
export type SeekerProfileInput = z.infer<typeof seekerProfileFields>;

