import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { qs } from '../api.ts';
import { useLoad } from '../data.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { isLocale } from '../i18n/index.ts';
import { SectionPanel, SuppliedPanel, TablePanel, filterQuery, useStatsWords } from './Panels.tsx';
import { XinjiangMap } from './XinjiangMap.tsx';
import { filterError, loadObservation, useFilter } from './Observatory.tsx';
import './stats.css';

/**
 * The period's "big-data observation" for a region, for print (A4; the site's header and menus hidden;
 * charts are SVG): the same sections, sources and periods as the dashboard, in the language the link
 * names (`lang`), whatever the page's own language is.
 */
export function ObservatoryReport() {
  const [params] = useSearchParams();
  const asked = params.get('lang');
  const { t, l, lang, rtl } = useStatsWords(isLocale(asked) ? asked : undefined);
  const { filter } = useFilter();
  const data = useLoad(() => loadObservation(filter), [JSON.stringify(filter)]);
  const sections = data.data?.sections ?? [];
  const map = sections.find((s) => s.section === 'map');
  const minCell = sections[0]?.minCell ?? 5;
  const region = filter.district ? l.place(filter.district) : filter.city ? l.place(filter.city) : t('stats.filters.allXinjiang');
  const period = sections[0]?.filter ?? { from: filter.from ?? '', to: filter.to ?? '' };
  const now = useMemo(() => new Date(), []);
  const stamp = (d: Date) => d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' });
  return (
    <article className="obs-report" dir={rtl ? 'rtl' : 'ltr'} lang={lang === 'zh' ? 'zh-CN' : lang} data-testid="observatory-report">
      <p className="no-print obs-actions">
        <Link to={`/console/observatory${qs(filterQuery(filter))}`}>{t('stats.report.back')}</Link>{' '}
        <button type="button" className="btn btn-primary btn-small" onClick={() => window.print()}>
          {t('stats.report.print')}
        </button>{' '}
        <a className="btn btn-ghost btn-small" href={`/api/stats/report.pdf${qs({ ...filterQuery(filter), lang })}`} download>
          {t('stats.report.pdf')}
        </a>
      </p>
      {data.error ? <Alert>{filterError(t, data.error)}</Alert> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data ? (
        <>
          <header className="obs-report-head">
            <h1 tabIndex={-1}>{t('stats.report.title', { region })}</h1>
            <p className="obs-report-sub">{t('stats.report.subtitle', { from: period.from, to: period.to })}</p>
            <p className="small muted">{t('stats.report.generated', { at: stamp(now), asOf: sections[0]?.asOf ? stamp(new Date(sections[0].asOf)) : '—' })}</p>
            <p className="small">{t('stats.report.method', { n: minCell })}</p>
          </header>
          <section className="obs-panel" aria-label={t('stats.map.title')}>
            <h2>{t('stats.map.legend', { metric: t('stats.map.metrics.workers') })}</h2>
            <XinjiangMap
              byCity={map?.tables.find((x) => x.id === 'byCity')}
              stations={map?.tables.find((x) => x.id === 'stations')}
              metric="workers"
              selected={null}
              minCell={minCell}
              t={t}
              l={l}
              rtl={rtl}
              onPick={() => undefined}
            />
            {map?.tables
              .filter((x) => x.id === 'headline')
              .map((x) => (
                <TablePanel key={x.id} section="map" table={x} filter={filter} minCell={minCell} t={t} l={l} rtl={rtl} links={false} chart={false} />
              ))}
          </section>
          {sections
            .filter((s) => s.section !== 'map')
            .map((s) => (
              <SectionPanel key={s.section} s={s} filter={filter} t={t} l={l} rtl={rtl} links={false} />
            ))}
          <SuppliedPanel figures={data.data.supplied} t={t} l={l} />
          <p className="small muted obs-report-foot">{t('stats.report.footer')}</p>
        </>
      ) : null}
    </article>
  );
}
