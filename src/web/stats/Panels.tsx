import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n/index.ts';
import { qs } from '../api.ts';
import type { Locale } from '../../shared/reference.ts';
import type { StatsFilter, StatsSection, StatsTable } from '../../shared/stats.ts';
import type { SuppliedFigure } from '../../shared/agency.ts';
import { chartSpec, isNumeric, labels, type ChartSpec, type Labels, type Translate } from './model.ts';
import { SpecChart } from './StatsChart.tsx';

export type { SuppliedFigure } from '../../shared/agency.ts';

/** Words and labels for the observatory in one language (`lang` fixes it, e.g. for the report page). */
export function useStatsWords(lang?: Locale) {
  const { t: pageT, i18n: inst } = useTranslation();
  const current = (lang ?? inst.language) as Locale;
  return useMemo(() => {
    const t = (lang ? i18n.getFixedT(lang) : pageT) as unknown as Translate;
    // i18next also "has" a key that names a group of keys: only a string is a label.
    const has = (k: string) => i18n.exists(k, { lng: current }) && typeof i18n.t(k, { lng: current, returnObjects: true }) === 'string';
    return { t, l: labels(t, has, current), lang: current, rtl: current === 'ug' };
  }, [pageT, lang, current]);
}

/** The filter as query parameters (only what is set). */
export const filterQuery = (f: Partial<StatsFilter>) => ({ from: f.from, to: f.to, city: f.city, district: f.district, kind: f.kind, platform: f.platform });

export const tableLink = (section: string, table: string, f: Partial<StatsFilter>, format: 'csv' | 'json') =>
  `/api/stats/dashboard/${section}/${table}${qs({ ...filterQuery(f), format })}`;

export function formatterFor(spec: ChartSpec, l: Labels) {
  return (v: number) => (spec.percent ? `${Math.round(v * 1000) / 10}%` : spec.fen ? l.number(Math.round(v / 100)) : l.number(v));
}

/** One table of figures: its title, source and period, its chart, the table (scrolls sideways on a phone) and its downloads. */
export function TablePanel(props: {
  section: string;
  table: StatsTable;
  filter: Partial<StatsFilter>;
  minCell: number;
  t: Translate;
  l: Labels;
  rtl: boolean;
  links?: boolean;
  chart?: boolean;
}) {
  const { section, table, filter, minCell, t, l, rtl, links = true } = props;
  const spec = useMemo(() => (props.chart === false ? null : chartSpec(table, l, section)), [table, l, section, props.chart]);
  const format = useMemo(() => (spec ? formatterFor(spec, l) : (v: number) => String(v)), [spec, l]);
  const title = l.tableTitle(section, table);
  const supplied = table.source.kind === 'agency';
  const why = t('stats.suppressedWhy', { n: minCell });
  return (
    <figure className="obs-table" data-testid={`table-${section}-${table.id}`} data-section={section} data-table={table.id}>
      <figcaption>
        <h3>{title}</h3>
        <p className="obs-meta">
          {supplied ? <span className="badge obs-supplied">{t('stats.source.supplied')}</span> : null} <span data-testid="source">{l.source(table.source)}</span> ·{' '}
          <span data-testid="period">{l.period(table.period)}</span>
        </p>
      </figcaption>
      {spec ? <SpecChart spec={spec} rtl={rtl} format={format} testId={`chart-${section}-${table.id}`} /> : null}
      {table.rows.length ? (
        <div className="table-scroll obs-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="table obs-grid">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.key} scope="col" className={isNumeric(c) ? 'num' : undefined}>
                    {l.column(c.key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {table.columns.map((c) => {
                    const v = r[c.key] ?? null;
                    if (isNumeric(c) && v === null)
                      return (
                        <td key={c.key} className="num obs-suppressed" title={why} data-suppressed="true">
                          <abbr title={why} dir="ltr">{`<${minCell}`}</abbr>
                        </td>
                      );
                    const text =
                      table.id === 'headline' && c.key === 'value' && String(r.id).endsWith('_rate') ? l.cell({ key: 'value', type: 'rate' }, v, minCell) : l.cell(c, v, minCell, section);
                    return (
                      <td key={c.key} className={isNumeric(c) ? 'num' : undefined}>
                        {isNumeric(c) || c.type === 'month' ? <bdi>{text}</bdi> : text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('stats.empty')}</p>
      )}
      <p className="obs-foot small">
        {table.suppressed ? <span>{t('stats.suppressedCount', { count: table.suppressed })}</span> : null}
        {table.unfiltered?.length ? <span>{t('stats.unfiltered', { fields: table.unfiltered.map((k) => t(`stats.filters.${k === 'period' ? 'from' : k}`)).join(', ') })}</span> : null}
        {links ? (
          <span className="obs-links no-print">
            {t('stats.download')}:{' '}
            <a href={tableLink(section, table.id, filter, 'csv')} download data-testid="csv">
              CSV
            </a>{' '}
            <a href={tableLink(section, table.id, filter, 'json')} download data-testid="json">
              JSON
            </a>
          </span>
        ) : null}
      </p>
    </figure>
  );
}

/** The figures agencies supplied for the period and region, beside the computed ones, marked as supplied. */
export function SuppliedPanel({ figures, t, l }: { figures: SuppliedFigure[]; t: Translate; l: Labels }) {
  return (
    <section className="obs-panel" data-testid="supplied" aria-labelledby="obs-supplied">
      <h2 id="obs-supplied">
        {t('stats.supplied.title')} <span className="badge obs-supplied">{t('stats.source.supplied')}</span>
      </h2>
      <p className="muted small">{t('stats.supplied.intro')}</p>
      {figures.length ? (
        <div className="table-scroll obs-scroll" tabIndex={0} role="region" aria-label={t('stats.supplied.title')}>
          <table className="table obs-grid">
            <thead>
              <tr>
                <th scope="col">{t('stats.supplied.indicator')}</th>
                <th scope="col" className="num">
                  {t('stats.supplied.value')}
                </th>
                <th scope="col">{t('stats.supplied.region')}</th>
                <th scope="col">{t('stats.supplied.period')}</th>
                <th scope="col">{t('stats.supplied.agency')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr key={f.id} data-testid="supplied-figure">
                  <td>{l.dim('indicator', f.indicator, 'supplied')}</td>
                  <td className="num">
                    <bdi>{l.number(f.value)}</bdi> {i18n.exists(`stats.units.${f.unit}`) ? t(`stats.units.${f.unit}`) : f.unit}
                  </td>
                  <td>{l.place(f.region)}</td>
                  <td>
                    <bdi>{f.period}</bdi>
                  </td>
                  <td>
                    {l.dim('agency', f.agency)} <span className="badge obs-supplied">{t('stats.source.supplied')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('stats.supplied.none')}</p>
      )}
    </section>
  );
}

/** A section of the dashboard: its heading and one panel per table. */
export function SectionPanel({ s, filter, t, l, rtl, links = true }: { s: StatsSection; filter: Partial<StatsFilter>; t: Translate; l: Labels; rtl: boolean; links?: boolean }) {
  return (
    <section className="obs-panel" id={`obs-${s.section}`} data-testid={`section-${s.section}`} aria-labelledby={`obs-h-${s.section}`}>
      <h2 id={`obs-h-${s.section}`}>{t(`stats.sections.${s.section}`)}</h2>
      <div className="obs-tables">
        {s.tables.map((tb) => (
          <TablePanel key={tb.id} section={s.section} table={tb} filter={filter} minCell={s.minCell} t={t} l={l} rtl={rtl} links={links} />
        ))}
      </div>
    </section>
  );
}
