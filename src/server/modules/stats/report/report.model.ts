// The report as words and numbers, ready to lay out: titles, every table's cells as text in the reader's
// language, each table's source and period, its chart, and the supplied figures marked as supplied. Pure:
// the PDF (report.pdf.ts) only draws what this decides.
import type { Locale } from '../../../../shared/reference.js';
import type { StatsObservation, StatsTable } from '../../../../shared/stats.js';
import type { SuppliedFigure } from '../../../../shared/agency.js';
import { chartSpec, isNumeric, type ChartSpec } from '../../../../web/stats/model.js';
import { wordsFor } from './report.words.js';


export type ReportTable = {
  title: string;
  source: string;
  period: string;
  supplied: boolean;
  chart: ChartSpec | null;
  head: string[];
  /** Which columns hold numbers (right-aligned in left-to-right languages). */
  numeric: boolean[];
  rows: string[][];
  /** Rows left out of the printed table (the CSV has them all). */
  more: number;
  note: string;
};

export type ReportMap = {
  metric: string;
  legend: string;
  values: Map<string, number | null>;
  names: Map<string, string>;
  stations: { lat: number; lng: number; is24h: boolean }[];
};

export type ReportModel = {
  lang: Locale;
  rtl: boolean;
  title: string;
  subtitle: string;
  generated: string;
  method: string;
  footer: string;
  pageLabel: (n: number) => string;
  sections: { title: string; tables: ReportTable[] }[];
  map: ReportMap | null;
};

/** The 14 prefecture-level divisions the map labels. */
const PREFECTURES = ['650100', '650200', '650400', '650500', '652300', '652700', '652800', '652900', '653000', '653100', '653200', '654000', '654200', '654300'];

/** Rows printed per table; a longer table says how many more are in the download. */
export const MAX_ROWS = 25;

const beijing = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');

export function reportModel(obs: StatsObservation, supplied: SuppliedFigure[], lang: Locale, now: Date): ReportModel {
  const { t, l } = wordsFor(lang);
  const f = obs.filter;
  const region = f.district ? l.place(f.district) : f.city ? l.place(f.city) : t('stats.filters.allXinjiang');
  const table = (section: string, tb: StatsTable): ReportTable => {
    const unfiltered = tb.unfiltered?.length ? t('stats.unfiltered', { fields: tb.unfiltered.map((k) => t(`stats.filters.${k === 'period' ? 'from' : k}`)).join(lang === 'zh' ? '、' : ', ') }) : '';
    const withheld = tb.suppressed ? t('stats.suppressedCount', { count: tb.suppressed }) : '';
    return {
      title: l.tableTitle(section, tb),
      source: l.source(tb.source),
      period: l.period(tb.period),
      supplied: tb.source.kind === 'agency',
      chart: tb.id === 'headline' ? null : chartSpec(tb, l, section),
      head: tb.columns.map((c) => l.column(c.key)),
      numeric: tb.columns.map(isNumeric),
      rows: tb.rows.slice(0, MAX_ROWS).map((r) =>
        tb.columns.map((c) =>
          // The headline's values mix counts and rates; a rate's id says so.
          tb.id === 'headline' && c.key === 'value' && String(r.id).endsWith('_rate') ? l.cell({ key: 'value', type: 'rate' }, r.value ?? null, obs.minCell) : l.cell(c, r[c.key] ?? null, obs.minCell, section),
        ),
      ),
      more: Math.max(0, tb.rows.length - MAX_ROWS),
      note: [tb.rows.length ? '' : t('stats.empty'), withheld, unfiltered].filter(Boolean).join(' · '),
    };
  };
  // The map section is drawn as the map; of its tables only the article's headline figures are printed.
  // It comes first, under the map.
  const sections = [...obs.sections]
    .sort((a, b) => Number(b.section === 'map') - Number(a.section === 'map'))
    .map((s) => ({ title: t(`stats.sections.${s.section}`), tables: s.tables.filter((tb) => s.section !== 'map' || tb.id === 'headline').map((tb) => table(s.section, tb)) }))
    .filter((s) => s.tables.length);

  if (supplied.length) {
    sections.push({
      title: t('stats.sections.supplied'),
      tables: [
        {
          title: t('stats.supplied.title'),
          source: t('stats.supplied.intro'),
          period: l.period({ from: f.from, to: f.to }),
          supplied: true,
          chart: null,
          head: ['agency', 'indicator', 'region', 'period', 'value'].map((k) => t(`stats.supplied.${k}`)),
          numeric: [false, false, false, false, true],
          rows: supplied.map((s) => [
            l.dim('agency', s.agency),
            l.dim('indicator', s.indicator, 'supplied'),
            l.place(s.region),
            s.period,
            `${l.number(s.value)} ${unitWord(t, s.unit)}`.trim(),
          ]),
          more: 0,
          note: '',
        },
      ],
    });
  }

  const mapSection = obs.sections.find((s) => s.section === 'map');
  const byCity = mapSection?.tables.find((x) => x.id === 'byCity');
  const stationsTable = mapSection?.tables.find((x) => x.id === 'stations');
  let map: ReportMap | null = null;
  if (byCity) {
    const metric = byCity.columns.find((c) => c.key === 'workers') ?? byCity.columns.find(isNumeric);
    if (metric) {
      const values = new Map<string, number | null>();
      const names = new Map<string, string>();
      for (const r of byCity.rows) {
        const code = String(r.city);
        values.set(code, r[metric.key] === null || r[metric.key] === undefined ? null : Number(r[metric.key]));
      }
      const metricName = t(`stats.map.metrics.${metric.key}`);
      map = {
        metric: metricName,
        legend: t('stats.map.legend', { metric: metricName }),
        values,
        names,
        stations: (stationsTable?.rows ?? [])
          .filter((r) => typeof r.lat === 'number' && typeof r.lng === 'number')
          .map((r) => ({ lat: Number(r.lat), lng: Number(r.lng), is24h: r.is24h === 1 || r.is24h === 'true' || (r.is24h as unknown) === true })),
      };
      for (const code of PREFECTURES) names.set(code, t(`stats.prefectureShort.${code}`));
    }
  }

  const asOf = beijing(obs.asOf);
  return {
    lang,
    rtl: lang === 'ug',
    title: t('stats.report.title', { region }),
    subtitle: t('stats.report.subtitle', { from: f.from, to: f.to }),
    generated: t('stats.report.generated', { at: beijing(now.toISOString()), asOf }),
    method: t('stats.report.method', { n: obs.minCell }),
    footer: t('stats.report.footer'),
    pageLabel: (n) => t('stats.report.page', { n }),
    sections,
    map,
  };
}

function unitWord(t: (k: string) => string, unit: string): string {
  const key = `stats.units.${unit}`;
  const w = t(key);
  return w === key ? unit : w;
}
