// Platform order records: one line of NDJSON or CSV checked and parsed into an Order, the same way for
// the HTTP ingest and the `npm run oversight` command. Timestamps must carry their offset; days are then
// counted in Beijing time by the analysis. Reasons are codes (pages translate them) with the field.

export type Order = {
  order_id: string;
  platform: string;
  driver_id: string;
  driver_permit_no: string;
  plate: string;
  city_code: string;
  accept: number; // epoch ms
  start: number;
  finish: number;
  tzMin: number; // accept_ts's offset, minutes east of UTC
  fare_paid: number; // fen
  driver_pay: number; // fen
  distance_m: number;
  completed: boolean;
  origin_lat: number | null;
  origin_lng: number | null;
  dest_lat: number | null;
  dest_lng: number | null;
};

export type Problem = { line: number; field: string; reason: string };

export const orderFields = [
  'order_id',
  'platform',
  'driver_id',
  'driver_permit_no',
  'plate',
  'city_code',
  'accept_ts',
  'start_ts',
  'finish_ts',
  'fare_paid',
  'driver_pay',
  'distance_m',
  'status',
  'origin_lat',
  'origin_lng',
  'dest_lat',
  'dest_lng',
] as const;
const required = ['order_id', 'platform', 'driver_id', 'plate', 'city_code', 'accept_ts', 'start_ts', 'finish_ts', 'fare_paid', 'driver_pay', 'distance_m', 'status'];

class Bad extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const daysBefore = (y: number, m: number, d: number) => {
  // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const dig = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};

/** ISO 8601 date-time with an offset (Z, ±HH:MM or ±HHMM): epoch ms and the offset, or null. */
export function parseTimestamp(s: string): { ms: number; tzMin: number } | null {
  if (s.length < 20) return null;
  const y = dig(s, 0) * 1000 + dig(s, 1) * 100 + dig(s, 2) * 10 + dig(s, 3);
  const mo = dig(s, 5) * 10 + dig(s, 6);
  const d = dig(s, 8) * 10 + dig(s, 9);
  const h = dig(s, 11) * 10 + dig(s, 12);
  const mi = dig(s, 14) * 10 + dig(s, 15);
  const se = dig(s, 17) * 10 + dig(s, 18);
  if (s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== ' ' && s[10] !== 't') || s[13] !== ':' || s[16] !== ':') return null;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
  if (d > (mo === 2 && leap(y) ? 29 : monthDays[mo - 1]!)) return null;
  let i = 19;
  let frac = 0;
  if (s[i] === '.' || s[i] === ',') {
    i++;
    let scale = 100;
    const from = i;
    while (i < s.length && dig(s, i) >= 0) {
      frac += dig(s, i) * scale;
      scale /= 10;
      i++;
    }
    if (i === from) return null;
    frac = Math.floor(frac);
  }
  let tzMin: number;
  const z = s[i];
  if ((z === 'Z' || z === 'z') && i + 1 === s.length) tzMin = 0;
  else if (z === '+' || z === '-') {
    const th = dig(s, i + 1) * 10 + dig(s, i + 2);
    let tm: number;
    if (s[i + 3] === ':' && i + 6 === s.length) tm = dig(s, i + 4) * 10 + dig(s, i + 5);
    else if (i + 5 === s.length) tm = dig(s, i + 3) * 10 + dig(s, i + 4);
    else return null;
    if (th < 0 || th > 18 || tm < 0 || tm > 59) return null;
    tzMin = (z === '-' ? -1 : 1) * (th * 60 + tm);
  } else return null;
  const ms = ((daysBefore(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + se * 1000 + frac - tzMin * 60_000;
  return { ms, tzMin };
}

const intOf = (v: unknown, field: string): number => {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Bad(field, 'not_integer');
    return v;
  }
  if (typeof v !== 'string' || v === '') throw new Bad(field, v === undefined || v === '' || v === null ? 'missing' : 'not_integer');
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  if (i === v.length || v.length > 16) throw new Bad(field, 'not_integer');
  let n = 0;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new Bad(field, 'not_integer');
    n = n * 10 + c;
  }
  return v.charCodeAt(0) === 45 ? -n : n;
};
const coordOf = (v: unknown, field: string, max: number): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || Math.abs(n) > max) throw new Bad(field, 'out_of_range');
  return n;
};
const textOf = (v: unknown, field: string, max: number, optional = false): string => {
  if (v === undefined || v === null || v === '') {
    if (optional) return '';
    throw new Bad(field, 'missing');
  }
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  if (s === null) throw new Bad(field, 'not_text');
  if (s.length > max) throw new Bad(field, 'too_long');
  return s;
};
const timeOf = (v: unknown, field: string) => {
  if (v === undefined || v === null || v === '') throw new Bad(field, 'missing');
  const t = typeof v === 'string' ? parseTimestamp(v) : null;
  if (!t) throw new Bad(field, 'timestamp_needs_offset'); // ISO 8601 with Z or ±HH:MM, a real date
  return t;
};

const PLATFORM_CODE = /^[A-Za-z0-9_.-]{1,32}$/;

/** One record's fields (by name) checked into an Order; throws Bad with the field and reason. */
function toOrder(v: readonly unknown[], knownPlatform: (code: string) => boolean): Order {
  const platform = textOf(v[1] /* platform */, 'platform', 32);
  if (!PLATFORM_CODE.test(platform) || !knownPlatform(platform)) throw new Bad('platform', 'unknown_platform');
  const city = textOf(v[5] /* city_code */, 'city_code', 6);
  if (city.length !== 6 || !/^\d{6}$/.test(city)) throw new Bad('city_code', 'not_six_digits');
  const status = v[12] /* status */;
  if (status !== 'completed' && status !== 'cancelled') throw new Bad('status', status === undefined || status === '' ? 'missing' : 'not_completed_or_cancelled');
  const accept = timeOf(v[6] /* accept_ts */, 'accept_ts');
  const start = timeOf(v[7] /* start_ts */, 'start_ts');
  const finish = timeOf(v[8] /* finish_ts */, 'finish_ts');
  if (finish.ms < accept.ms) throw new Bad('finish_ts', 'before_accept');
  if (finish.ms < start.ms) throw new Bad('finish_ts', 'before_start');
  const fare = intOf(v[9] /* fare_paid */, 'fare_paid');
  if (fare < 0) throw new Bad('fare_paid', 'negative');
  const pay = intOf(v[10] /* driver_pay */, 'driver_pay');
  const distance = intOf(v[11] /* distance_m */, 'distance_m');
  if (distance < 0) throw new Bad('distance_m', 'negative');
  return {
    order_id: textOf(v[0] /* order_id */, 'order_id', 64),
    platform,
    driver_id: textOf(v[2] /* driver_id */, 'driver_id', 64),
    driver_permit_no: textOf(v[3] /* driver_permit_no */, 'driver_permit_no', 64, true),
    plate: textOf(v[4] /* plate */, 'plate', 16),
    city_code: city,
    accept: accept.ms,
    start: start.ms,
    finish: finish.ms,
    tzMin: accept.tzMin,
    fare_paid: fare,
    driver_pay: pay,
    distance_m: distance,
    completed: status === 'completed',
    origin_lat: coordOf(v[13] /* origin_lat */, 'origin_lat', 90),
    origin_lng: coordOf(v[14] /* origin_lng */, 'origin_lng', 180),
    dest_lat: coordOf(v[15] /* dest_lat */, 'dest_lat', 90),
    dest_lng: coordOf(v[16] /* dest_lng */, 'dest_lng', 180),
  };
}

/** Splits one CSV line (RFC 4180 quoting within the line). Null if a quote is left open. */
export function splitCsv(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i === line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

export type Format = 'ndjson' | 'csv';

/**
 * A line-by-line reader of order records: `push` lines in order (line numbers from 1, the CSV header
 * included), get Orders back, and the problems of the lines that were not orders. Blank lines are skipped.
 */
export class OrderReader {
  private columns: Map<string, number> | null = null;
  /** Each of orderFields' column in the CSV (-1: absent), and the values of the line being read. */
  private at: number[] | null = null;
  private readonly values: unknown[] = new Array(orderFields.length);
  readonly problems: Problem[] = [];
  rejected = 0;
  constructor(
    readonly format: Format,
    private readonly knownPlatform: (code: string) => boolean,
    private readonly maxProblems = 10_000,
  ) {}

  private problem(line: number, field: string, reason: string) {
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({ line, field, reason });
  }

  /** The order on this line, or null (blank, the header, or a problem recorded). */
  read(line: string, n: number): Order | null {
    if (line.length && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (!line.trim()) return null;
    if (this.format === 'ndjson') {
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        this.problem(n, '', 'malformed_json');
        return null;
      }
      if (!o || typeof o !== 'object' || Array.isArray(o)) {
        this.problem(n, '', 'not_an_object');
        return null;
      }
      const rec = o as Record<string, unknown>;
      try {
        return toOrder(orderFields.map((f) => rec[f]), this.knownPlatform);
      } catch (e) {
        if (e instanceof Bad) this.problem(n, e.field, e.reason);
        else throw e;
        return null;
      }
    }
    const cells = splitCsv(line);
    if (!this.columns) {
      // The first non-blank line is the header: the columns by name, in any order.
      const names = (cells ?? []).map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
      const missing = required.filter((f) => !names.includes(f));
      if (missing.length) throw new HeaderError(missing);
      this.columns = new Map(names.map((name, i) => [name, i]));
      this.at = orderFields.map((f) => this.columns!.get(f) ?? -1);
      return null;
    }
    if (!cells || cells.length !== this.columns.size) {
      this.problem(n, '', cells ? 'wrong_number_of_fields' : 'unclosed_quote');
      return null;
    }
    const at = this.at!;
    const v = this.values;
    for (let k = 0; k < at.length; k++) v[k] = at[k]! < 0 ? undefined : cells[at[k]!];
    try {
      return toOrder(v, this.knownPlatform);
    } catch (e) {
      if (e instanceof Bad) this.problem(n, e.field, e.reason);
      else throw e;
      return null;
    }
  }
}

/** A CSV whose header lacks required columns: the whole file is refused (nothing is read). */
export class HeaderError extends Error {
  constructor(readonly missing: string[]) {
    super(`The CSV header lacks ${missing.join(', ')}`);
  }
}

/** NDJSON or CSV, from the first non-blank character: `{` starts a JSON object. */
export const sniffFormat = (head: string): Format => (head.trimStart().startsWith('{') ? 'ndjson' : 'csv');

/** Calls `onLine(line, n)` for each line of a stream of text chunks; line numbers from 1. */
export async function forEachLine(chunks: AsyncIterable<string> | Iterable<string>, onLine: (line: string, n: number) => void): Promise<number> {
  let rest = '';
  let n = 0;
  for await (const chunk of chunks) {
    let text = rest + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      onLine(text.slice(from, nl), ++n);
      from = nl + 1;
    }
    rest = text.slice(from);
    text = '';
  }
  if (rest.length) onLine(rest, ++n);
  return n;
}
