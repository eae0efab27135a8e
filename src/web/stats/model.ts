/**
 * How the observatory turns a table of codes and numbers into words, formatted cells and a chart: pure
 * functions of the table and a translate function, shared by the dashboard, the printable report page
 * and the server's report PDF (which passes its own `t` over the same messages), so the three say the
 * same thing.
 */
import { cities, cityByCode, platformByCode, type Locale } from '../../shared/reference.ts';
import type { StatsColumn, StatsSource, StatsTable } from '../../shared/stats.ts';

export type Translate = (key: string, opts?: Record<string, unknown>) => string;
export type Has = (key: string) => boolean;

const districts = new Map(cities.flatMap((c) => c.districts.map((d) => [d.code, d] as const)));
const nameOf = (n: { nameZh: string; nameUg: string; nameEn: string }, lang: Locale) => (lang === 'ug' ? n.nameUg : lang === 'en' ? n.nameEn : n.nameZh);
const NUMERIC = new Set(['count', 'number', 'rate', 'hours', 'fen']);
export const isNumeric = (c: StatsColumn) => NUMERIC.has(c.type);

/** Number formats by language (Uyghur uses Western digits, as the product does everywhere). */
const numberLocale: Record<Locale, string> = { zh: 'zh-CN', ug: 'en-US', en: 'en-US' };

/** "byKind" → "by kind": the last resort for a name no locale has. */
const humanise = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();

export function labels(t: Translate, has: Has, lang: Locale) {
  const num = new Intl.NumberFormat(numberLocale[lang], { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(numberLocale[lang], { style: 'percent', maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(numberLocale[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /** A prefecture, city or district code in the reader's language. */
  const place = (code: string): string => {
    const city = cityByCode.get(code);
    if (city) return nameOf(city, lang);
    const d = districts.get(code);
    if (d) return nameOf(d, lang);
    if (has(`stats.prefectures.${code}`)) return t(`stats.prefectures.${code}`);
    if (has(`stats.regions.${code}`)) return t(`stats.regions.${code}`);
    return code;
  };

  /** Where a dimension's codes are named: by section and column, then by column alone. */
  const dimNamespaces: Record<string, string> = {
    'workers.category': 'employment',
    'incubation.category': 'incubator.categories',
    'training.stage': 'stats.codes.funnel',
    'incubation.stage': 'incubator.stages',
    'supplied.indicator': 'stats.indicators',
    'map.id': 'stats.headline',
    kind: 'kinds',
    workerKind: 'kinds',
    category: 'categories',
    outcome: 'outcomes',
    linkKind: 'linkKinds',
    employment: 'employment',
    employmentCategory: 'employment',
    indicator: 'oversight.ind',
    reason: 'parking.reasons',
    sector: 'incubator.sectors',
    occupation: 'training.occupations',
    scheme: 'policy.kind',
    status: 'policy.status',
    activity: 'stats.codes.activity',
    source: 'stats.modules',
    agency: 'stats.agencies',
  };

  /** A dimension cell's code as a label (`section` picks the vocabulary where a column name is shared). */
  const dim = (key: string, code: string | number | null, section = ''): string => {
    if (code === null) return '';
    const c = String(code);
    if (key === 'city' || key === 'district' || key === 'region' || key === 'prefecture') return place(c);
    if (key === 'platform') {
      const p = platformByCode.get(c);
      return p ? nameOf(p, lang) : c;
    }
    if (key === 'band' && /^\d+(\.\d+)?$/.test(c)) {
      // A commission band: its lower bound as a fraction; bands are 5 points wide.
      const lo = Math.round(Number(c) * 100);
      return `${lo}–${lo + 5}%`;
    }
    if (key === 'level' && has('stats.codes.level')) return t('stats.codes.level', { level: c });
    const ns = dimNamespaces[`${section}.${key}`] ?? dimNamespaces[key];
    if (ns && has(`${ns}.${c}`)) return t(`${ns}.${c}`);
    // Some vocabularies carry a name (or a short name) and a help text per code.
    if (ns && has(`${ns}.${c}.short`)) return t(`${ns}.${c}.short`);
    if (ns && has(`${ns}.${c}.name`)) return t(`${ns}.${c}.name`);
    return c;
  };

  const column = (key: string) => (has(`stats.columns.${key}`) ? t(`stats.columns.${key}`) : humanise(key));

  /** One cell as text; a suppressed numeric cell is "<5" (the threshold the server used). */
  const cell = (col: StatsColumn, v: string | number | null, minCell: number, section = ''): string => {
    if (isNumeric(col)) {
      if (v === null || v === undefined) return `<${minCell}`;
      const n = Number(v);
      if (col.type === 'rate') return pct.format(n);
      if (col.type === 'fen') return money.format(n / 100);
      return num.format(n);
    }
    if (typeof v === 'boolean') return t(`stats.values.${v}`);
    if (col.type === 'month') return v === null ? '' : String(v);
    return dim(col.key, v, section);
  };

  const source = (s: StatsSource) =>
    s.kind === 'module'
      ? t('stats.source.module', { name: has(`stats.modules.${s.module}`) ? t(`stats.modules.${s.module}`) : s.module })
      : t('stats.source.agency', { agency: has(`stats.agencies.${s.agency}`) ? t(`stats.agencies.${s.agency}`) : s.agency });

  const period = (p: { from: string; to: string }) => t('stats.period', p);

  /** The table's title: a written one when the locale has it, else made from its columns. */
  const tableTitle = (section: string, table: Pick<StatsTable, 'id' | 'columns'>) => {
    const key = `stats.tables.${section}.${table.id}`;
    if (has(key)) return t(key);
    const dims = table.columns.filter((c) => !isNumeric(c)).map((c) => column(c.key));
    const nums = table.columns.filter(isNumeric).map((c) => column(c.key));
    const sep = lang === 'zh' ? '、' : lang === 'ug' ? '، ' : ', ';
    const by = lang === 'zh' ? '：' : ': ';
    return dims.length ? `${dims.join(sep)}${by}${nums.join(sep)}` : nums.join(sep);
  };

  return { place, dim, column, cell, source, period, tableTitle, number: (n: number) => num.format(n) };
}
export type Labels = ReturnType<typeof labels>;

/** What to draw for a table: a line over months, or bars over its first dimension. */
export type ChartSpec = {
  kind: 'line' | 'bar';
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  /** The values are fractions 0..1 (show as percentages). */
  percent: boolean;
  /** The values are fen (show as yuan). */
  fen: boolean;
};

/** Unit classes that can share one axis. */
const unitOf = (c: StatsColumn) => (c.type === 'count' || c.type === 'number' ? 'n' : c.type);

/**
 * A chart for a table, or null when it has nothing to chart (no numeric column, or no rows). Series are
 * the numeric columns sharing the first numeric column's unit (at most `maxSeries`); categories are the
 * months (a line) or the first dimension's labels (bars); a table without dimensions charts its columns.
 */
export function chartSpec(table: StatsTable, l: Labels, section = '', maxSeries = 4): ChartSpec | null {
  const c = anyChart(table, l, section, maxSeries);
  // Every value withheld or missing: nothing to draw; the table says why.
  return c && c.series.some((s) => s.values.some((v) => v !== null)) ? c : null;
}

function anyChart(table: StatsTable, l: Labels, section: string, maxSeries: number): ChartSpec | null {
  const nums = table.columns.filter(isNumeric);
  const first = nums[0];
  if (!first || table.rows.length === 0) return null;
  const same = nums.filter((c) => unitOf(c) === unitOf(first)).slice(0, maxSeries);
  const month = table.columns.find((c) => c.type === 'month');
  const dims = table.columns.filter((c) => c.type === 'dim');
  const percent = first.type === 'rate';
  const fen = first.type === 'fen';
  const val = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  if (!month && dims.length === 0) {
    const row = table.rows[0]!;
    return { kind: 'bar', categories: same.map((c) => l.column(c.key)), series: [{ name: '', values: same.map((c) => val(row[c.key])) }], percent, fen };
  }
  if (month && dims.length === 0) {
    const rows = [...table.rows].sort((a, b) => String(a[month.key]).localeCompare(String(b[month.key])));
    return { kind: 'line', categories: rows.map((r) => String(r[month.key])), series: same.map((c) => ({ name: l.column(c.key), values: rows.map((r) => val(r[c.key])) })), percent, fen };
  }
  if (month && dims.length > 0) {
    // A month × dimension table: one line per value of the dimension, for the first measure.
    const d = dims[0]!;
    const months = [...new Set(table.rows.map((r) => String(r[month.key])))].sort();
    const keys = [...new Set(table.rows.map((r) => String(r[d.key])))].slice(0, 6);
    return {
      kind: 'line',
      categories: months,
      series: keys.map((k) => ({
        name: l.dim(d.key, k, section),
        values: months.map((m) => val(table.rows.find((r) => String(r[month.key]) === m && String(r[d.key]) === k)?.[first.key])),
      })),
      percent,
      fen,
    };
  }
  const d = dims[0]!;
  const rows = table.rows.slice(0, 20);
  return {
    kind: 'bar',
    categories: rows.map((r) => l.dim(d.key, r[d.key] ?? null, section)),
    series: same.map((c) => ({ name: l.column(c.key), values: rows.map((r) => val(r[c.key])) })),
    percent,
    fen,
  };
}
