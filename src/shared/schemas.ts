import { z } from 'zod';
import { isIdNumber, isMobile, isPlate, normalisePlate } from './validation.js';
import { cityByCode, employmentCategories, locales, platformByCode, roles, workerKinds } from './reference.js';

/** Zod types shared by the API and the web app. `params.code` is the stable key pages translate. */
const coded = (code: string, message: string) => ({ message, params: { code } });

export const phone = z
  .string()
  .trim()
  .refine(isMobile, coded('invalid_phone', 'Not a mainland mobile number (11 digits starting 13–19)'));
export const password = z.string().min(8).max(200);
export const personName = z.string().trim().min(1).max(60);
export const idNumber = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isIdNumber, coded('invalid_id_number', 'Not a valid 18-character ID number (check digit or birth date wrong)'));
export const plate = z
  .string()
  .transform(normalisePlate)
  .refine(isPlate, coded('invalid_plate', 'Not a valid plate, e.g. 新A12345 or 新AD12345'));
export const locale = z.enum(locales);
export const workerKind = z.enum(workerKinds);
export const employmentCategory = z.enum(employmentCategories);
export const role = z.enum(roles);
export const cityCode = z.string().refine((c) => cityByCode.has(c), coded('invalid_city', 'Unknown city code'));
export const platformCode = z.string().refine((c) => platformByCode.has(c), coded('invalid_value', 'Unknown platform code'));
export const uuid = z.string().uuid();

export const workerFields = z.object({
  name: personName,
  idNumber: idNumber.optional(),
  kind: workerKind,
  cityCode,
  districtCode: z.string().min(1).max(20),
  platforms: z.array(platformCode).max(30).default([]),
  employmentCategory,
  plates: z.array(plate).max(5).default([]),
  locale: locale.default('zh'),
});

/** For edits: every field optional and no defaults, so a field not sent never changes. */
export const workerPatch = z.strictObject({
  name: personName.optional(),
  idNumber: idNumber.optional(),
  kind: workerKind.optional(),
  cityCode: cityCode.optional(),
  districtCode: z.string().min(1).max(20).optional(),
  platforms: z.array(platformCode).max(30).optional(),
  employmentCategory: employmentCategory.optional(),
  plates: z.array(plate).max(5).optional(),
  locale: locale.optional(),
});
