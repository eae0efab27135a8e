// The licence registry's two CSV files, parsed and checked line by line without any I/O: the console's
// import and the `npm run oversight -- analyze --registry <dir>` command read them with this one parser.
//   driver_permits.csv   permit_no,holder_name,valid_from,valid_to,city_code
//   vehicle_permits.csv  plate,permit_no,valid_from,valid_to,registered_on,odometer_km
// Dates are YYYY-MM-DD, both ends inclusive. Reasons are codes the web app translates.
import { isPlate, normalisePlate } from '../../../shared/validation.js';
import { csvRecords as allRecords, isBlankRecord } from '../../platform/csv.js';

export type PermitKind = 'driver' | 'vehicle';
export const permitKinds = ['driver', 'vehicle'] as const;

export const permitHeaders = {
  driver: ['permit_no', 'holder_name', 'valid_from', 'valid_to', 'city_code'],
  vehicle: ['plate', 'permit_no', 'valid_from', 'valid_to', 'registered_on', 'odometer_km'],
} as const satisfies Record<PermitKind, readonly string[]>;

export type DriverPermitLine = { line: number; permit_no: string; holder_name: string; valid_from: string; valid_to: string; city_code: string };
export type VehiclePermitLine = { line: number; plate: string; permit_no: string; valid_from: string; valid_to: string; registered_on: string; odometer_km: number };
export type PermitLine<K extends PermitKind> = K extends 'driver' ? DriverPermitLine : VehiclePermitLine;

/** One refused line: its number in the file (the header is line 1), the column, and why. */
export type LineProblem = { line: number; field: string; reason: string };

/** Why a whole file was refused (nothing in it is used). */
export type FileProblem = { code: 'not_csv' | 'empty' | 'wrong_headers'; message: string; missing?: string[]; unexpected?: string[] };

export type ParsedPermits<K extends PermitKind> =
  | { ok: true; kind: K; rows: PermitLine<K>[]; problems: LineProblem[]; lines: number }
  | { ok: false; kind: K; error: FileProblem };

/** The reasons a line can be refused for (docs/api-oversight-registry.md; the web app translates them). */
export const lineReasons = ['wrong_column_count', 'required', 'too_long', 'invalid_permit_no', 'invalid_date', 'before_valid_from', 'invalid_city', 'invalid_plate', 'invalid_number', 'duplicate_line'] as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/** Permit numbers: letters, digits and hyphens (stored upper-case), at most 40. */
export const PERMIT_NO = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
export const normalisePermitNo = (s: string) => s.trim().toUpperCase();

/** The file's records with the line each starts on (platform/csv), blank lines skipped. */
export function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  for (const r of allRecords(text)) if (!isBlankRecord(r.fields)) yield r;
}

/** Text that is no CSV: binary bytes (NUL, control characters) or bytes that were not UTF-8. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 65_536);
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(head);
}

/**
 * Parses one registry file. A file that is not CSV, is empty, or lacks the kind's headers is refused as a
 * whole; otherwise every line is checked and either kept (`rows`) or reported (`problems`, every bad
 * field of the line). A later line with the same key as an earlier one — (permit_no, valid_from) for
 * drivers, (plate, valid_from) for vehicles — is reported as `duplicate_line`. Columns may come in any order.
 */
export function parsePermitsCsv<K extends PermitKind>(text: string, kind: K): ParsedPermits<K> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (looksBinary(body)) return { ok: false, kind, error: { code: 'not_csv', message: 'The file is not CSV text (binary content or not UTF-8)' } };
  const records = csvRecords(body);
  const first = records.next();
  if (first.done) return { ok: false, kind, error: { code: 'empty', message: 'The file is empty' } };
  const expected: readonly string[] = permitHeaders[kind];
  const header = first.value.fields.map((h) => h.trim().toLowerCase());
  const missing = expected.filter((h) => !header.includes(h));
  const unexpected = header.filter((h) => !expected.includes(h));
  const doubled = header.filter((h, i) => header.indexOf(h) !== i);
  if (missing.length || unexpected.length || doubled.length) {
    return {
      ok: false,
      kind,
      error: { code: 'wrong_headers', message: `The first line must be the headers ${expected.join(',')}`, missing, unexpected: [...unexpected, ...doubled] },
    };
  }
  const at = Object.fromEntries(expected.map((h) => [h, header.indexOf(h)])) as Record<string, number>;
  const rows: PermitLine<K>[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  let lines = 0;
  for (const { line, fields } of records) {
    lines++;
    if (fields.length !== header.length) {
      problems.push({ line, field: '', reason: 'wrong_column_count' });
      continue;
    }
    const get = (h: string) => fields[at[h]!]!.trim();
    const bad: LineProblem[] = [];
    const need = (h: string, max: number) => {
      const v = get(h);
      if (!v) bad.push({ line, field: h, reason: 'required' });
      else if (v.length > max) bad.push({ line, field: h, reason: 'too_long' });
      return v;
    };
    const date = (h: string) => {
      const v = need(h, 10);
      if (v && !bad.some((b) => b.field === h) && !isIsoDate(v)) bad.push({ line, field: h, reason: 'invalid_date' });
      return v;
    };
    const permitNo = normalisePermitNo(need('permit_no', 40));
    if (permitNo && !bad.length && !PERMIT_NO.test(permitNo)) bad.push({ line, field: 'permit_no', reason: 'invalid_permit_no' });
    const validFrom = date('valid_from');
    const validTo = date('valid_to');
    if (isIsoDate(validFrom) && isIsoDate(validTo) && validTo < validFrom) bad.push({ line, field: 'valid_to', reason: 'before_valid_from' });
    let key: string;
    let row: DriverPermitLine | VehiclePermitLine;
    if (kind === 'driver') {
      const holder = need('holder_name', 60);
      const city = get('city_code');
      if (!city) bad.push({ line, field: 'city_code', reason: 'required' });
      else if (!/^\d{6}$/.test(city)) bad.push({ line, field: 'city_code', reason: 'invalid_city' });
      row = { line, permit_no: permitNo, holder_name: holder, valid_from: validFrom, valid_to: validTo, city_code: city };
      key = `${permitNo}|${validFrom}`;
    } else {
      const rawPlate = need('plate', 20);
      const plate = normalisePlate(rawPlate);
      if (rawPlate && !bad.some((b) => b.field === 'plate') && !isPlate(plate)) bad.push({ line, field: 'plate', reason: 'invalid_plate' });
      const registeredOn = date('registered_on');
      const odo = get('odometer_km');
      const km = Number(odo);
      if (!odo) bad.push({ line, field: 'odometer_km', reason: 'required' });
      else if (!/^\d{1,8}$/.test(odo) || !Number.isSafeInteger(km)) bad.push({ line, field: 'odometer_km', reason: 'invalid_number' });
      row = { line, plate, permit_no: permitNo, valid_from: validFrom, valid_to: validTo, registered_on: registeredOn, odometer_km: km };
      key = `${plate}|${validFrom}`;
    }
    if (!bad.length && seen.has(key)) bad.push({ line, field: kind === 'driver' ? 'permit_no' : 'plate', reason: 'duplicate_line' });
    if (bad.length) {
      // In the order of the file's columns, as a reader scans the line.
      problems.push(...bad.sort((x, y) => (at[x.field] ?? -1) - (at[y.field] ?? -1)));
      continue;
    }
    seen.add(key);
    rows.push(row as PermitLine<K>);
  }
  return { ok: true, kind, rows, problems, lines };
}

/** Whether a permit row covers a date (YYYY-MM-DD): both ends inclusive. */
export const coversDate = (p: { valid_from: string; valid_to: string }, day: string) => p.valid_from <= day && day <= p.valid_to;
