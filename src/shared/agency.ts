/**
 * Agency figures: the vocabulary shared by the API and the web app (docs/api-agency.md). An analyst uploads a
 * sheet of aggregate statistics published by an agency; each row becomes one supplied figure. Pages translate
 * these codes (src/web/i18n/agency.ts).
 */

/** The agencies whose figures may be supplied (a closed list). */
export const agencies = ['civil_affairs', 'union_federation', 'transport', 'hrss', 'commerce'] as const;
export type Agency = (typeof agencies)[number];

/** A sheet's columns, in the order the template lists them. */
export const agencyColumns = ['agency', 'indicator', 'region', 'period', 'value', 'unit', 'note'] as const;
export type AgencyColumn = (typeof agencyColumns)[number];
export const requiredColumns: readonly AgencyColumn[] = ['agency', 'indicator', 'region', 'period', 'value'];

/**
 * Why a row (or the header, row 1) is refused. `missing_column` and `duplicate_column` are on the header;
 * `duplicate_row` is on the whole row (no column): it repeats an earlier row's agency + indicator + region + period.
 */
export const rowErrorCodes = [
  'missing_column',
  'duplicate_column',
  'required',
  'too_long',
  'not_a_number',
  'invalid_period',
  'unknown_agency',
  'unknown_region',
  'duplicate_row',
] as const;
export type RowErrorCode = (typeof rowErrorCodes)[number];

/** What to do with a row whose key already has a figure from an earlier import. */
export const conflictChoices = ['replace', 'skip'] as const;
export type ConflictChoice = (typeof conflictChoices)[number];

/** Regions a figure may describe besides a city code: all of China, all of Xinjiang. */
export const wideRegions = ['CN', 'XJ'] as const;

/** Indicators the pages have labels for; any other indicator is kept as written. */
export const knownIndicators = [
  'new_employment_form_workers',
  'new_employment_share_of_workers',
  'new_employment_union_members',
  'service_stations',
  'ride_hailing_platforms',
  'ride_hailing_drivers',
  'ride_hailing_vehicles',
  'couriers',
  'incubated_enterprises',
  'ecommerce_certificates',
] as const;

/** A figure as the observatory reads it (contract: `GET /api/stats/supplied`). */
/** One figure as a sheet row states it, checked. */
export type Figure = {
  agency: Agency;
  indicator: string;
  /** 'CN', 'XJ' or a city code. */
  region: string;
  /** Canonical: '2025', '2025-H1', '2025-Q3' or '2025-07'. */
  period: string;
  periodFrom: string;
  periodTo: string;
  value: number;
  unit: string;
  note: string;
};

/** A stored figure as the dashboard reads it. */
export type SuppliedFigure = Figure & {
  id: string;
  importId: string;
  /** The import's source description, e.g. 新疆维吾尔自治区民政厅 2025年统计公报. */
  source: string;
  importedAt: string;
};

/** Largest sheet accepted (bytes) and most data rows in one sheet. */
export const AGENCY_MAX_BYTES = 10 * 1024 * 1024;
export const AGENCY_MAX_ROWS = 100_000;
