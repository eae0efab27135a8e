import { z } from 'zod';
import { cities, cityByCode, platformByCode, workerKinds } from './reference.js';

/**
 * The observatory's vocabulary, shared by the API and the web app: the filter every dashboard request takes,
 * the sections, and the shape of a table. Dimension cells hold codes (worker kind, city, platform, case
 * category …), never labels; pages translate them.
 */

export const statsSections = ['workers', 'stations', 'cases', 'oversight', 'parking', 'training', 'incubation', 'map'] as const;
export type StatsSectionName = (typeof statsSections)[number];

export const statsColumnTypes = ['dim', 'month', 'count', 'number', 'rate', 'hours', 'fen'] as const;
export type StatsColumnType = (typeof statsColumnTypes)[number];

/** A month as 'YYYY-MM'. */
export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** This month as 'YYYY-MM' (UTC+8 is not used: months are calendar months in UTC, as the records are stamped). */
export function currentMonth(now: Date = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** `month` moved by `delta` months ('2026-01', -1 → '2025-12'). */
export function addMonths(month: string, delta: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + delta;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** Every district code of the shipped cities → its city code. */
export const districtCity = new Map(cities.flatMap((c) => c.districts.map((d) => [d.code, c.code] as const)));

/** The prefecture-level code of a city or district code: first four digits + '00' (652301 → 652300). */
export function prefectureOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

const coded = (code: string, message: string) => ({ message, params: { code } });
const month = z.string().regex(monthPattern, coded('invalid_month', 'Not a month: use YYYY-MM'));

const filterShape = {
    from: month.optional().describe('First month of the period, YYYY-MM (default: 11 months before `to`)'),
    to: month.optional().describe('Last month of the period, YYYY-MM (default: the current month)'),
    city: z
      .string()
      .refine((c) => cityByCode.has(c), coded('invalid_city', 'Unknown city code'))
      .optional()
      .describe('City code, e.g. 650100 Urumqi, 652301 Changji, 652801 Korla'),
    district: z
      .string()
      .refine((c) => districtCity.has(c), coded('invalid_district', 'Unknown district code'))
      .optional()
      .describe('District code within the city, e.g. 650102 Tianshan'),
    kind: z.enum(workerKinds).optional().describe('Worker kind'),
    platform: z
      .string()
      .refine((c) => platformByCode.has(c), coded('invalid_value', 'Unknown platform code'))
      .optional()
      .describe('Platform code, e.g. didi, meituan, sf'),
  };

type FilterIn = { from?: string | undefined; to?: string | undefined; city?: string | undefined; district?: string | undefined };
const fillPeriod = <T extends FilterIn>(f: T) => {
  const to = f.to ?? (f.from ? addMonths(f.from, 11) : currentMonth());
  const from = f.from ?? addMonths(to, -11);
  return { ...f, from, to };
};
const checkFilter = (f: { from: string; to: string; city?: string | undefined; district?: string | undefined }, ctx: z.RefinementCtx) => {
  if (f.from > f.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '`from` is after `to`', params: { code: 'period_inverted' } });
  if (f.district && f.city && districtCity.get(f.district) !== f.city)
    ctx.addIssue({ code: 'custom', path: ['district'], message: 'District is not in the city', params: { code: 'invalid_district' } });
};

/**
 * The dashboard filter. `from`/`to` default to the 12 months ending with the current month; `city`, `district`,
 * `kind` and `platform` are optional codes. From after to → error on `from`; unknown codes → error on the field;
 * a district outside the given city → error on `district`.
 */
export const statsFilter = z.object(filterShape).transform(fillPeriod).superRefine(checkFilter);

/** The filter plus the format of a table download. */
export const statsTableQuery = z
  .object({ ...filterShape, format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv (UTF-8 with BOM, as a download)') })
  .transform(fillPeriod)
  .superRefine(checkFilter);
export type StatsFilter = z.output<typeof statsFilter>;
export type StatsFilterInput = z.input<typeof statsFilter>;

export type StatsSource = { kind: 'module'; module: string } | { kind: 'agency'; agency: string; importId: string };
export type StatsColumn = { key: string; type: StatsColumnType };
export type StatsCell = string | number | null;

export type StatsTable = {
  /** Unique within its section, e.g. 'byKind'. */
  id: string;
  source: StatsSource;
  period: { from: string; to: string };
  columns: StatsColumn[];
  rows: Record<string, StatsCell>[];
  /** Numeric cells withheld because they rest on fewer than `minCell` people. */
  suppressed: number;
  /** Filter fields this table cannot be cut by (the figures are for all values of those fields). */
  unfiltered?: ('city' | 'district' | 'kind' | 'platform' | 'period')[];
};

export type StatsSection = {
  section: StatsSectionName;
  filter: StatsFilter;
  /** ISO time the figures were computed. */
  asOf: string | null;
  minCell: number;
  tables: StatsTable[];
};

export type StatsObservation = {
  filter: StatsFilter;
  asOf: string | null;
  minCell: number;
  sections: StatsSection[];
};

/** Zod schemas of the answers, for the OpenAPI document. */
export const statsTableSchema = z
  .object({
    id: z.string().describe('Table id, unique in its section'),
    source: z
      .union([
        z.object({ kind: z.literal('module'), module: z.string() }),
        z.object({ kind: z.literal('agency'), agency: z.string(), importId: z.string() }),
      ])
      .describe('Where the figures come from: a module of this product, or an agency import'),
    period: z.object({ from: z.string(), to: z.string() }).describe('Months the figures cover'),
    columns: z.array(z.object({ key: z.string(), type: z.enum(statsColumnTypes) })).describe('Column keys and types'),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).describe('Rows; null = suppressed'),
    suppressed: z.number().int().describe('Cells withheld (fewer than minCell people)'),
    unfiltered: z.array(z.string()).optional().describe('Filter fields this table cannot be cut by'),
  })
  .describe('One dashboard table');

export const statsSectionSchema = z
  .object({
    section: z.enum(statsSections),
    filter: z.record(z.string(), z.string()).describe('The filter applied, with defaults filled in'),
    asOf: z.string().nullable().describe('ISO time the figures were computed (null: not yet computed)'),
    minCell: z.number().int().describe('Cells resting on fewer people than this are suppressed'),
    tables: z.array(statsTableSchema),
  })
  .describe('One dashboard section');
