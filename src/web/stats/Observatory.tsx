import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, qs } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage, fieldMessage } from '../errors.ts';
import i18n from '../i18n/index.ts';
import { Alert, Loading, SelectField, TextField } from '../components/ui.tsx';
import { cities, platforms, workerKinds } from '../../shared/reference.ts';
import type { StatsFilter, StatsSection } from '../../shared/stats.ts';
import { SectionPanel, SuppliedPanel, TablePanel, filterQuery, useStatsWords, type SuppliedFigure } from './Panels.tsx';
import { MAP_METRICS, XinjiangMap, type MapMetric } from './XinjiangMap.tsx';
import type { Translate } from './model.ts';
import './stats.css';

// The shared module's values come with zod, whose start-up probe of eval the page's CSP reports; these three are small.
const statsSections = ['workers', 'stations', 'cases', 'oversight', 'parking', 'training', 'incubation', 'map'] as const;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const prefectureOf = (code: string) => `${code.slice(0, 4)}00`;

export type Filter = Partial<Pick<StatsFilter, 'from' | 'to' | 'city' | 'district' | 'kind' | 'platform'>>;
const KEYS = ['from', 'to', 'city', 'district', 'kind', 'platform'] as const;

/** The filter lives in the address, so a link, a reload or the report keeps it. */
export function useFilter() {
  const [params, setParams] = useSearchParams();
  const filter: Filter = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) (filter as Record<string, string>)[k] = v;
  }
  const setFilter = (f: Filter) => {
    const next = new URLSearchParams();
    for (const k of KEYS) if (f[k]) next.set(k, String(f[k]));
    setParams(next);
  };
  return { filter, setFilter };
}

export type Observation = { sections: StatsSection[]; supplied: SuppliedFigure[] };

/** Every section for the filter, and the supplied figures. */
export async function loadObservation(f: Filter): Promise<Observation> {
  const q = qs(filterQuery(f));
  const [sections, supplied] = await Promise.all([
    Promise.all(statsSections.map((s) => api<StatsSection>('GET', `/api/stats/dashboard/${s}${q}`))),
    api<{ figures: SuppliedFigure[] }>('GET', `/api/stats/supplied${qs({ from: f.from, to: f.to, city: f.city, district: f.district })}`)
      .then((r) => r.figures)
      .catch(() => [] as SuppliedFigure[]),
  ]);
  return { sections, supplied };
}

/** The API's refusal of a filter in the reader's language: the observatory's own words for its codes. */
export function filterError(t: Translate, err: unknown): string {
  if (err instanceof ApiError && err.details.length) {
    return err.details.map((d) => (i18n.exists(`stats.errors.${d.code}`) ? t(`stats.errors.${d.code}`) : fieldMessage(i18n.t, d))).join(' ');
  }
  return errorMessage(i18n.t, err);
}

/** A prefecture's code → the city the product records (Urumqi, Changji, Korla), if any. */
const cityOfPrefecture = (code: string) => cities.find((c) => prefectureOf(c.code) === code)?.code;

export function Observatory() {
  const { t, l, lang, rtl } = useStatsWords();
  const { filter, setFilter } = useFilter();
  const data = useLoad(() => loadObservation(filter), [JSON.stringify(filter)]);
  const [metric, setMetric] = useState<MapMetric>('workers');
  const [mapNote, setMapNote] = useState('');
  const sections = data.data?.sections ?? [];
  const map = sections.find((s) => s.section === 'map');
  const minCell = sections[0]?.minCell ?? 5;
  const asOf = sections[0]?.asOf;
  const pick = (prefecture: string) => {
    const city = cityOfPrefecture(prefecture);
    if (!city) {
      setMapNote(t('stats.map.noRecords', { name: l.place(prefecture) }));
      return;
    }
    setMapNote('');
    setFilter({ ...filter, city, district: undefined });
  };
  const region = filter.district ? l.place(filter.district) : filter.city ? l.place(filter.city) : t('stats.filters.allXinjiang');
  const reportQuery = qs({ ...filterQuery(filter), lang });
  return (
    <section className="obs" data-testid="observatory" data-lang={lang}>
      <h1 tabIndex={-1}>{t('stats.title')}</h1>
      <p className="muted">{t('stats.intro', { n: minCell })}</p>
      <Filters key={JSON.stringify(filter)} filter={filter} onApply={setFilter} t={t} />
      <p className="obs-current" data-testid="current-filter">
        {t('stats.filters.current', { what: region })}
        {asOf ? <span className="muted small"> · {t('stats.asOf', { at: new Date(asOf).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</span> : null}
      </p>
      <p className="obs-actions">
        <Link className="btn btn-primary" to={`/console/observatory/report${reportQuery}`} data-testid="report-page">
          {t('stats.report.open')}
        </Link>
        <a className="btn btn-ghost" href={`/api/stats/report.pdf${reportQuery}`} download data-testid="report-pdf">
          {t('stats.report.pdf')}
        </a>
      </p>
      {data.error ? (
        <Alert>
          <span data-testid="filter-error">{filterError(t, data.error)}</span>
        </Alert>
      ) : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data ? (
        <>
          {!asOf ? <Alert kind="info">{t('stats.notYet')}</Alert> : null}
          <section className="obs-panel" data-testid="map-panel" aria-labelledby="obs-map">
            <h2 id="obs-map">{t('stats.map.title')}</h2>
            <SelectField label={t('stats.map.metric')} name="metric" value={metric} onChange={(e) => setMetric(e.target.value as MapMetric)}>
              {MAP_METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`stats.map.metrics.${m}`)}
                </option>
              ))}
            </SelectField>
            <XinjiangMap
              byCity={map?.tables.find((x) => x.id === 'byCity')}
              stations={map?.tables.find((x) => x.id === 'stations')}
              metric={metric}
              selected={filter.city ? prefectureOf(filter.city) : null}
              minCell={minCell}
              t={t}
              l={l}
              rtl={rtl}
              onPick={pick}
            />
            <p className="muted small">{t('stats.map.hint')}</p>
            {mapNote ? <Alert kind="info">{mapNote}</Alert> : null}
            {map?.tables
              .filter((x) => x.id !== 'stations')
              .map((x) => (
                <TablePanel key={x.id} section="map" table={x} filter={filter} minCell={minCell} t={t} l={l} rtl={rtl} chart={x.id !== 'headline'} />
              ))}
          </section>
          <div className="obs-sections">
            {sections
              .filter((s) => s.section !== 'map')
              .map((s) => (
                <SectionPanel key={s.section} s={s} filter={filter} t={t} l={l} rtl={rtl} />
              ))}
          </div>
          <SuppliedPanel figures={data.data.supplied} t={t} l={l} />
        </>
      ) : null}
    </section>
  );
}

function Filters({ filter, onApply, t }: { filter: Filter; onApply: (f: Filter) => void; t: Translate }) {
  const { l } = useStatsWords();
  const [f, setF] = useState<Filter>(filter);
  const [problem, setProblem] = useState<Record<string, string>>({});
  const set = (k: keyof Filter, v: string) => setF((x) => ({ ...x, [k]: v || undefined, ...(k === 'city' ? { district: undefined } : {}) }));
  const city = cities.find((c) => c.code === f.city);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    for (const k of ['from', 'to'] as const) if (f[k] && !monthPattern.test(f[k]!)) p[k] = t('stats.filters.badMonth');
    if (!p.from && !p.to && f.from && f.to && f.from > f.to) p.from = t('stats.filters.inverted');
    setProblem(p);
    if (!Object.keys(p).length) onApply(f);
  };
  return (
    <form className="obs-filters" onSubmit={submit} noValidate data-testid="filters" aria-label={t('stats.filters.title')}>
      <TextField label={t('stats.filters.from')} type="month" name="from" value={f.from ?? ''} onChange={(e) => set('from', e.target.value)} error={problem.from} optional />
      <TextField label={t('stats.filters.to')} type="month" name="to" value={f.to ?? ''} onChange={(e) => set('to', e.target.value)} error={problem.to} optional />
      <SelectField label={t('stats.filters.city')} name="city" value={f.city ?? ''} onChange={(e) => set('city', e.target.value)}>
        <option value="">{t('stats.filters.allXinjiang')}</option>
        {cities.map((c) => (
          <option key={c.code} value={c.code}>
            {l.place(c.code)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('stats.filters.district')} name="district" value={f.district ?? ''} onChange={(e) => set('district', e.target.value)} disabled={!city}>
        <option value="">{t('stats.filters.all')}</option>
        {city?.districts.map((d) => (
          <option key={d.code} value={d.code}>
            {l.place(d.code)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('stats.filters.kind')} name="kind" value={f.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
        <option value="">{t('stats.filters.all')}</option>
        {workerKinds.map((k) => (
          <option key={k} value={k}>
            {l.dim('kind', k)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('stats.filters.platform')} name="platform" value={f.platform ?? ''} onChange={(e) => set('platform', e.target.value)}>
        <option value="">{t('stats.filters.all')}</option>
        {platforms.map((p) => (
          <option key={p.code} value={p.code}>
            {l.dim('platform', p.code)}
          </option>
        ))}
      </SelectField>
      <div className="obs-filter-buttons">
        <button type="submit" className="btn btn-primary" data-testid="apply">
          {t('stats.filters.apply')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => onApply({})}>
          {t('stats.filters.reset')}
        </button>
      </div>
    </form>
  );
}
