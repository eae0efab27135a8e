// Agency sheets, read and checked without any I/O: the file's kind by its bytes, CSV records, header names
// (Chinese or English), and each row's agency, region, period and value. The service stores what this decides.
import { cities } from '../../../../shared/reference.js';
import {
  agencies,
  agencyColumns,
  knownIndicators,
  requiredColumns,
  type Agency,
  type Figure,
  type AgencyColumn,
  type RowErrorCode,
} from '../../../../shared/agency.js';
import { csvRecords as allRecords } from '../../../platform/csv.js';

// ---- the file ------------------------------------------------------------------------------------

export type SheetFormat = 'csv' | 'xlsx';

/** Content types a browser or a script may send a sheet as; the bytes decide which kind it is. */
export const sheetContentTypes = [
  'text/csv',
  'text/plain',
  'application/csv',
  'text/x-csv',
  'application/vnd.ms-excel', // what Windows calls a .csv
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

export type FileVerdict = { ok: true; format: SheetFormat; text?: string } | { ok: false; code: 'unsupported_type' | 'not_utf8' | 'empty'; message: string };

/**
 * The kind of an uploaded sheet by its bytes: an .xlsx workbook is a ZIP (PK\3\4); anything else must be UTF-8
 * text without binary control characters (a BOM is dropped). Old .xls, PDFs and images are refused.
 */
export function sniffSheet(buf: Buffer): FileVerdict {
  if (buf.length === 0) return { ok: false, code: 'empty', message: 'The file is empty' };
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return { ok: true, format: 'xlsx' };
  if (buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    return { ok: false, code: 'unsupported_type', message: 'An old Excel .xls workbook: save it as .xlsx or as CSV (UTF-8)' };
  }
  const head = buf.subarray(0, 65_536);
  if (head.toString('latin1', 0, 5) === '%PDF-' || head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b)) {
    return { ok: false, code: 'unsupported_type', message: 'The file is neither a CSV sheet nor an .xlsx workbook' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { ok: false, code: 'not_utf8', message: 'The file is not UTF-8 text: save the CSV as "CSV UTF-8", or upload the .xlsx workbook' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, format: 'csv', text };
}

/**
 * RFC 4180 records (platform/csv). Every record is yielded, blank ones as [''], so the n-th record is row n
 * of the sheet as a spreadsheet program shows it.
 */
export function* csvRecords(text: string): Generator<string[]> {
  for (const r of allRecords(text)) yield r.fields;
}

/** A spreadsheet cell as text: numbers as written, a date on the 1st of a month as 'YYYY-MM', other dates 'YYYY-MM-DD'. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.slice(8, 19) === '01T00:00:00' ? iso.slice(0, 7) : iso.slice(0, 10);
  }
  return String(v);
}

// ---- the header ----------------------------------------------------------------------------------

const squash = (s: string) => s.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s_\-（）()]+/g, '');

/** Header names accepted for each column (compared without case, spaces, underscores or brackets). */
export const columnAliases: Record<AgencyColumn, string[]> = {
  agency: ['agency', 'source agency', '机构', '部门', '来源机构', '提供机构', '数据来源', '来源部门'],
  indicator: ['indicator', '指标', '指标名称', '统计指标'],
  region: ['region', 'region code', '地区', '区域', '地区代码', '行政区划'],
  period: ['period', '期间', '时期', '统计期', '统计时期', '统计期间', '时间'],
  value: ['value', '数值', '值', '指标值', '数据'],
  unit: ['unit', '单位', '计量单位'],
  note: ['note', 'notes', '备注', '说明'],
};
const aliasColumn = new Map<string, AgencyColumn>(Object.entries(columnAliases).flatMap(([col, names]) => names.map((n) => [squash(n), col as AgencyColumn] as const)));

export type HeaderCell = { title: string; column: AgencyColumn | null };
export type RowError = { row: number; column: AgencyColumn | null; code: RowErrorCode; message: string };

/** Which column each header cell names, and the header's problems (row 1). Unknown titles are ignored. */
export function readHeader(titles: string[]): { header: HeaderCell[]; errors: RowError[] } {
  const seen = new Set<AgencyColumn>();
  const errors: RowError[] = [];
  const header = titles.map((title): HeaderCell => {
    const column = aliasColumn.get(squash(title)) ?? null;
    if (column && seen.has(column)) {
      errors.push({ row: 1, column, code: 'duplicate_column', message: `Row 1: the column "${column}" appears twice` });
      return { title, column: null };
    }
    if (column) seen.add(column);
    return { title, column };
  });
  for (const c of requiredColumns) {
    if (!seen.has(c)) errors.push({ row: 1, column: c, code: 'missing_column', message: `Row 1: the header has no "${c}" column (${columnAliases[c].slice(0, 3).join(' / ')})` });
  }
  return { header, errors };
}

// ---- the cells -----------------------------------------------------------------------------------

/** Agency names in a sheet: the code, or a name containing one of these words (Chinese, English, Uyghur). */
const agencyWords: [Agency, RegExp][] = [
  ['civil_affairs', /民政|civil\s*affairs|خەلق ئىشلىرى/i],
  ['union_federation', /工会|trade\s*union|union\s*federation|federation\s*of\s*trade|acftu|ئىشچىلار ئۇيۇشمىسى/i],
  ['transport', /交通|transport|قاتناش/i],
  ['hrss', /人社|人力资源|社会保障|human\s*resources|social\s*security|ئادەم كۈچى/i],
  ['commerce', /商务|commerce|سودا/i],
];

export function parseAgency(s: string): Agency | null {
  const t = s.trim();
  if (!t) return null;
  const code = t.toLowerCase();
  if ((agencies as readonly string[]).includes(code)) return code as Agency;
  const hits = agencyWords.filter(([, re]) => re.test(t)).map(([a]) => a);
  return hits.length === 1 ? hits[0]! : null;
}

const regionNames = new Map<string, string>([
  ['cn', 'CN'],
  ['china', 'CN'],
  ['全国', 'CN'],
  ['中国', 'CN'],
  ['جۇڭگو', 'CN'],
  ['xj', 'XJ'],
  ['xinjiang', 'XJ'],
  ['新疆', 'XJ'],
  ['新疆维吾尔自治区', 'XJ'],
  ['自治区', 'XJ'],
  ['全区', 'XJ'],
  ['شىنجاڭ', 'XJ'],
  ['شىنجاڭ ئۇيغۇر ئاپتونوم رايونى', 'XJ'],
  ...cities.flatMap((c) => [
    [c.code, c.code],
    [c.nameZh, c.code],
    [c.nameZh.replace(/市$/, ''), c.code],
    [c.nameEn.toLowerCase(), c.code],
    [c.nameUg, c.code],
  ] as [string, string][]),
]);

/** 'CN', 'XJ' or a city code of reference.cities, from a code or a name. */
export function parseRegion(s: string): string | null {
  const t = s.trim().replace(/\s+/g, ' ');
  return regionNames.get(t) ?? regionNames.get(t.toLowerCase()) ?? null;
}

export type Period = { period: string; from: string; to: string };
const mm = (n: number) => String(n).padStart(2, '0');
const chineseDigit: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * A period as written in a sheet → its canonical form and months: `2025` (the year), `2025-H1`/`2025-H2`,
 * `2025-Q1`…`2025-Q4`, `2025-07`; also 2025年, 2025年上半年, 2025年第三季度, 2025年7月, 2025/07, 2025-7.
 */
export function parsePeriod(s: string): Period | null {
  const t = s.trim().replace(/\s+/g, '').replace(/[－—–]/g, '-');
  const year = (y: string) => {
    const n = Number(y);
    return n >= 1949 && n <= 2100 ? n : null;
  };
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(?:年度?)?$/.exec(t))) {
    const y = year(m[1]!);
    return y ? { period: `${y}`, from: `${y}-01`, to: `${y}-12` } : null;
  }
  if ((m = /^(\d{4})[-/.]?[Hh]([12])$/.exec(t)) || (m = /^(\d{4})年?(上|下)半年$/.exec(t))) {
    const y = year(m[1]!);
    const h = m[2] === '上' || m[2] === '1' ? 1 : 2;
    return y ? { period: `${y}-H${h}`, from: `${y}-${h === 1 ? '01' : '07'}`, to: `${y}-${h === 1 ? '06' : '12'}` } : null;
  }
  if ((m = /^(\d{4})[-/.]?[Qq]([1-4])$/.exec(t)) || (m = /^(\d{4})年?第?([一二三四1-4])季度?$/.exec(t))) {
    const y = year(m[1]!);
    const q = chineseDigit[m[2]!]!;
    return y ? { period: `${y}-Q${q}`, from: `${y}-${mm(q * 3 - 2)}`, to: `${y}-${mm(q * 3)}` } : null;
  }
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(t)) || (m = /^(\d{4})年(\d{1,2})月(?:份)?$/.exec(t))) {
    const y = year(m[1]!);
    const mo = Number(m[2]);
    return y && mo >= 1 && mo <= 12 ? { period: `${y}-${mm(mo)}`, from: `${y}-${mm(mo)}`, to: `${y}-${mm(mo)}` } : null;
  }
  return null;
}

/** A number as written: thousands separators and spaces are ignored; a trailing % is allowed (the unit becomes %). */
export function parseValue(s: string): { value: number; percent: boolean } | null {
  let t = s.trim().replace(/[\s,，_]/g, '');
  const percent = t.endsWith('%') || t.endsWith('％');
  if (percent) t = t.slice(0, -1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const value = Number(t);
  return Number.isFinite(value) ? { value, percent } : null;
}

/** Indicator labels that map to a known code (the code itself is accepted in any case). */
const indicatorNames = new Map<string, string>([
  ['新就业形态劳动者', 'new_employment_form_workers'],
  ['新就业形态劳动者人数', 'new_employment_form_workers'],
  ['new employment form workers', 'new_employment_form_workers'],
  ['新就业形态劳动者工会会员', 'new_employment_union_members'],
  ['新就业形态劳动者入会人数', 'new_employment_union_members'],
  ['服务站点', 'service_stations'],
  ['暖新驿站', 'service_stations'],
  ['网约车平台', 'ride_hailing_platforms'],
  ['网约车司机', 'ride_hailing_drivers'],
  ['网约车驾驶员', 'ride_hailing_drivers'],
  ['网约车车辆', 'ride_hailing_vehicles'],
  ['快递员', 'couriers'],
  ['孵化企业', 'incubated_enterprises'],
  ['电子商务师五级证书', 'ecommerce_certificates'],
]);

/** The indicator's code when it is a known one (by code or label), else the text as written (spaces collapsed). */
export function normaliseIndicator(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  if ((knownIndicators as readonly string[]).includes(lower)) return lower;
  return indicatorNames.get(t) ?? indicatorNames.get(lower) ?? t;
}

// ---- the rows ------------------------------------------------------------------------------------

export const LIMITS: Record<'indicator' | 'unit' | 'note' | 'cell', number> = { indicator: 100, unit: 20, note: 500, cell: 1000 };

/** A row as read: its number in the sheet (the header is row 1) and its cells by column. */
export type SheetRow = { row: number; cells: Partial<Record<AgencyColumn, string>> };

export type { Figure };

/** The key two figures may not share (within a sheet, and among the figures in force). */
export const figureKey = (f: Pick<Figure, 'agency' | 'indicator' | 'region' | 'period'>) => `${f.agency}|${f.indicator}|${f.region}|${f.period}`;

export type CheckedRow = SheetRow & { figure: Figure | null; key: string | null; errors: RowError[] };

/** Checks one row on its own; `present` are the columns the header has. */
export function checkRow(r: SheetRow, present: ReadonlySet<AgencyColumn>): CheckedRow {
  const errors: RowError[] = [];
  const bad = (column: AgencyColumn, code: RowErrorCode, message: string) => errors.push({ row: r.row, column, code, message: `Row ${r.row}, ${column}: ${message}` });
  const cell = (c: AgencyColumn) => (r.cells[c] ?? '').trim();
  for (const c of requiredColumns) if (present.has(c) && !cell(c)) bad(c, 'required', 'empty');
  for (const c of agencyColumns) if (cell(c).length > LIMITS.cell) bad(c, 'too_long', `longer than ${LIMITS.cell} characters`);

  const agencyText = cell('agency');
  const agency = agencyText ? parseAgency(agencyText) : null;
  if (agencyText && !agency && agencyText.length <= LIMITS.cell) bad('agency', 'unknown_agency', `"${agencyText.slice(0, 60)}" is not one of ${agencies.join(', ')}`);
  const indicator = normaliseIndicator(cell('indicator'));
  if (indicator.length > LIMITS.indicator && cell('indicator').length <= LIMITS.cell) bad('indicator', 'too_long', `longer than ${LIMITS.indicator} characters`);
  const regionText = cell('region');
  const region = regionText ? parseRegion(regionText) : null;
  if (regionText && !region && regionText.length <= LIMITS.cell) bad('region', 'unknown_region', `"${regionText.slice(0, 60)}" is not CN, XJ or a city code`);
  const periodText = cell('period');
  const period = periodText ? parsePeriod(periodText) : null;
  if (periodText && !period && periodText.length <= LIMITS.cell) bad('period', 'invalid_period', `"${periodText.slice(0, 60)}" is not a period (2025, 2025-H1, 2025-Q1, 2025-07)`);
  const valueText = cell('value');
  const value = valueText ? parseValue(valueText) : null;
  if (valueText && !value && valueText.length <= LIMITS.cell) bad('value', 'not_a_number', `"${valueText.slice(0, 60)}" is not a number`);
  let unit = cell('unit').replace(/\s+/g, ' ');
  if (unit.length > LIMITS.unit && unit.length <= LIMITS.cell) bad('unit', 'too_long', `longer than ${LIMITS.unit} characters`);
  if (value?.percent && !unit) unit = '%';
  const note = cell('note');
  if (note.length > LIMITS.note && note.length <= LIMITS.cell) bad('note', 'too_long', `longer than ${LIMITS.note} characters`);

  const ok = !errors.length && agency && region && period && value && indicator && [...requiredColumns].every((c) => present.has(c));
  const figure: Figure | null = ok ? { agency, indicator, region, period: period.period, periodFrom: period.from, periodTo: period.to, value: value.value, unit, note } : null;
  return { ...r, figure, key: figure ? figureKey(figure) : null, errors };
}

/** Checks every row; a later row with the key of an earlier valid row is a `duplicate_row` (the first one stands). */
export function checkRows(rows: SheetRow[], present: ReadonlySet<AgencyColumn>): CheckedRow[] {
  const firstByKey = new Map<string, number>();
  return rows.map((r) => {
    const c = checkRow(r, present);
    if (!c.key) return c;
    const first = firstByKey.get(c.key);
    if (first === undefined) {
      firstByKey.set(c.key, r.row);
      return c;
    }
    return { ...c, figure: null, key: null, errors: [{ row: r.row, column: null, code: 'duplicate_row', message: `Row ${r.row} repeats row ${first} (same agency, indicator, region and period)` }] };
  });
}

/** Splits a sheet (rows of cells, the first being the header) into the header and data rows; blank rows are dropped but counted. */
export function sheetRows(records: Iterable<string[]>): { titles: string[]; rows: SheetRow[]; header: HeaderCell[]; headerErrors: RowError[] } | null {
  let titles: string[] | null = null;
  let header: HeaderCell[] = [];
  let headerErrors: RowError[] = [];
  const rows: SheetRow[] = [];
  let n = 0;
  for (const rec of records) {
    n++;
    if (rec.every((c) => !c.trim())) {
      if (!titles) n--; // blank lines before the header do not count
      continue;
    }
    if (!titles) {
      titles = rec.map((c) => c.trim());
      ({ header, errors: headerErrors } = readHeader(titles));
      continue;
    }
    const cells: Partial<Record<AgencyColumn, string>> = {};
    header.forEach((h, i) => {
      if (h.column) cells[h.column] = rec[i] ?? '';
    });
    rows.push({ row: n, cells });
  }
  if (!titles) return null;
  return { titles, rows, header, headerErrors };
}
