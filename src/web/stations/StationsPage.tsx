import { Fragment, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs, type Menu, type NearbyStation } from '../api.ts';
import { useLoad, useReference } from '../data.ts';
import { nameOf } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { CITY_CENTRES, amapUrl, baiduUrl, stationToday } from './geo.ts';
import { Distance, FeatureList, Money, OpenBadge, fsi, ltr } from './common.tsx';
import { Icon } from './icons.tsx';
import { usePosition, type Position } from './position.ts';
import { StationMap } from './StationMap.tsx';

/** The quick filters a courier needs most: amenities, and the meal service. */
const AMENITY_CHIPS = ['hot_water', 'phone_charging', 'microwave', 'umbrellas', 'air_pump', 'toilet'] as const;
const SERVICE_CHIPS = ['meals'] as const;
/** The amenities a list card names; the station page lists them all. */
const CARD_AMENITIES = ['hot_water', 'phone_charging', 'microwave', 'umbrellas', 'air_pump', 'toilet', 'ebike_charging', 'first_aid'];
/** Today's meal is fetched for this many of the nearest stations that serve meals. */
const MEALS_FOR = 3;
const LIMIT = 10;

export function StationsPage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [params, setParams] = useSearchParams();
  const { position, status, locate, chooseCity } = usePosition();
  const reference = useReference();

  const openOnly = params.get('open') !== '0';
  const filters = (params.get('f') ?? '').split(',').filter((f) => (AMENITY_CHIPS as readonly string[]).includes(f) || (SERVICE_CHIPS as readonly string[]).includes(f));
  const view = params.get('view') === 'map' ? 'map' : 'list';
  const setParam = (k: string, v: string | null) =>
    setParams(
      (old) => {
        const p = new URLSearchParams(old);
        if (v === null || v === '') p.delete(k);
        else p.set(k, v);
        return p;
      },
      { replace: true },
    );
  const toggleFilter = (f: string) => setParam('f', (filters.includes(f) ? filters.filter((x) => x !== f) : [...filters, f]).join(','));

  const amenity = filters.filter((f) => (AMENITY_CHIPS as readonly string[]).includes(f)).join(',');
  const service = filters.filter((f) => (SERVICE_CHIPS as readonly string[]).includes(f)).join(',');
  const lat = position?.lat;
  const lng = position?.lng;
  const nearby = useLoad(
    async () =>
      lat === undefined || lng === undefined
        ? null
        : (await api<{ items: NearbyStation[] }>('GET', `/api/stations/nearby${qs({ lat, lng, limit: LIMIT, openNow: openOnly ? 'true' : 'false', amenity, service })}`)).items,
    [lat, lng, openOnly, amenity, service],
  );
  const items = nearby.data ?? null;

  // Today's meal for the few nearest stations with a meal service.
  const mealIds = (items ?? []).filter((s) => s.services.includes('meals')).slice(0, MEALS_FOR).map((s) => s.id);
  const meals = useLoad(async () => {
    const today = stationToday();
    const out: Record<string, Menu['items']> = {};
    await Promise.all(
      mealIds.map(async (id) => {
        try {
          const m = await api<Menu>('GET', `/api/stations/${id}/meals${qs({ days: 1 })}`);
          out[id] = m.items.filter((x) => x.date === (m.today ?? today));
        } catch {
          // the list still shows the station; its meal line just stays empty
        }
      }),
    );
    return out;
  }, [mealIds.join(',')]);

  const [selected, setSelected] = useState<string | null>(null);
  const [picker, setPicker] = useState(false);
  useEffect(() => {
    if (items && !items.some((s) => s.id === selected)) setSelected(items[0]?.id ?? null);
  }, [items, selected]);

  const tileUrl = reference.data?.map?.tileUrl ?? null;
  const cityName = (code: string | null) => nameOf(reference.data?.cities.find((c) => c.code === code), l) || code || '';
  const failed = status === 'denied' || status === 'unavailable' || status === 'timeout' || status === 'unsupported';

  return (
    <section className="stations-page">
      <h1 tabIndex={-1}>{t('stations.title')}</h1>

      <div className="locate-bar" data-testid="locate-bar" data-source={position?.source ?? 'none'}>
        <div className="locate-row">
          <p className="locate-status" role="status">
            <Icon name="locate" size={20} />{' '}
            <span>
              {status === 'locating' && !position
                ? t('stations.locating')
                : position?.source === 'gps'
                  ? t('stations.fromHere')
                  : position?.source === 'city'
                    ? t('stations.fromCity', { city: fsi(cityName(position.cityCode)) })
                    : t('stations.noPosition')}
            </span>
          </p>
          {position?.source === 'gps' && !picker ? (
            <button type="button" className="btn btn-link btn-small" onClick={() => setPicker(true)} aria-expanded={false}>
              {t('stations.changeCity')}
            </button>
          ) : null}
        </div>
        {failed ? <Alert kind="warning">{t(`stations.locate.${status}`)}</Alert> : null}
        {picker || position?.source !== 'gps' ? <CityPicker position={position} onChoose={(c) => { chooseCity(c); setPicker(false); }} cityName={cityName} emphasised={failed && !position} /> : null}
        {position?.source !== 'gps' && status !== 'locating' && status !== 'unsupported' ? (
          <button type="button" className="btn btn-secondary btn-small btn-block" onClick={locate}>
            <Icon name="locate" size={20} /> {t('stations.useMyLocation')}
          </button>
        ) : null}
      </div>

      <div className="filter-row">
        <label className="switch">
          <input type="checkbox" name="openNow" checked={openOnly} onChange={(e) => setParam('open', e.target.checked ? null : '0')} />
          <span>{t('stations.openOnly')}</span>
        </label>
        <div className="tabs tabs-2 view-toggle" role="group" aria-label={t('stations.viewLabel')}>
          <button type="button" aria-pressed={view === 'list'} onClick={() => setParam('view', null)} data-view="list">
            <Icon name="list" size={18} /> {t('stations.listView')}
          </button>
          <button type="button" aria-pressed={view === 'map'} onClick={() => setParam('view', 'map')} data-view="map">
            <Icon name="map" size={18} /> {t('stations.mapView')}
          </button>
        </div>
      </div>
      <div className="chips chips-scroll" role="group" aria-label={t('stations.filtersLabel')}>
        {[...AMENITY_CHIPS.map((c) => ['amenity', c] as const), ...SERVICE_CHIPS.map((c) => ['service', c] as const)].map(([kind, c]) => (
          <button key={c} type="button" className="chip" aria-pressed={filters.includes(c)} data-filter={c} onClick={() => toggleFilter(c)}>
            <Icon name={c} size={20} />
            <span>{t(`${kind}.${c}`)}</span>
          </button>
        ))}
      </div>

      {!position ? null : nearby.loading && !items ? (
        <Loading />
      ) : nearby.error ? (
        <Alert>{errorMessage(t, nearby.error)}</Alert>
      ) : items && !items.length ? (
        <div className="panel" data-testid="no-stations">
          <p>{openOnly ? t('stations.noneOpen') : t('stations.none')}</p>
          {openOnly ? (
            <button type="button" className="btn btn-secondary btn-block" onClick={() => setParam('open', '0')}>
              {t('stations.showClosedToo')}
            </button>
          ) : null}
        </div>
      ) : items ? (
        <>
          <p className="result-count" aria-live="polite">
            {openOnly ? t('stations.countOpen', { n: ltr(items.length) }) : t('stations.count', { n: ltr(items.length) })}
          </p>
          {view === 'map' ? (
            <>
              <StationMap origin={position} stations={items} selectedId={selected} onSelect={setSelected} tileUrl={tileUrl} />
              {items
                .map((s, i) => ({ s, i }))
                .filter(({ s }) => s.id === selected)
                .map(({ s, i }) => (
                  <div key={s.id} className="map-selected" data-testid="map-selected">
                    <StationCard s={s} n={i + 1} meals={meals.data?.[s.id]} />
                  </div>
                ))}
            </>
          ) : (
            <ol className="cards station-list" data-testid="station-list">
              {items.map((s, i) => (
                <li key={s.id}>
                  <StationCard s={s} n={i + 1} meals={meals.data?.[s.id]} />
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}

function CityPicker({ position, onChoose, cityName, emphasised }: { position: Position | null; onChoose: (code: string) => void; cityName: (c: string) => string; emphasised: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset className={`city-picker${emphasised ? ' is-emphasised' : ''}`}>
      <legend>{emphasised ? t('stations.chooseCity') : t('stations.orChooseCity')}</legend>
      <div className="city-buttons">
        {CITY_CENTRES.map((c) => (
          <button
            key={c.code}
            type="button"
            className="btn btn-secondary"
            aria-pressed={position?.source === 'city' && position.cityCode === c.code}
            data-city={c.code}
            onClick={() => onChoose(c.code)}
          >
            {cityName(c.code)}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** One station in the list (or under the map): what a courier decides by, and the way there. */
export function StationCard({ s, n, meals }: { s: NearbyStation; n: number; meals: Menu['items'] | undefined }) {
  const { t } = useTranslation();
  const shown = useMemo(() => CARD_AMENITIES.filter((a) => s.amenities.includes(a)), [s.amenities]);
  const more = s.amenities.length - shown.length;
  return (
    <article className="station-card" data-station-id={s.id} data-distance-m={s.distanceM} data-open={String(s.openNow)} aria-labelledby={`st-${s.id}`}>
      <div className="sc-head">
        <span className={`sc-num${s.openNow ? ' is-open' : ''}`} aria-hidden="true">
          {n}
        </span>
        <h2 id={`st-${s.id}`}>
          <Link to={`/stations/${s.id}`}>
            <bdi>{s.name}</bdi>
          </Link>
        </h2>
      </div>
      <p className="sc-meta">
        <Distance m={s.distanceM} /> <OpenBadge open={s.openNow} />
        {s.is24h ? <span className="badge badge-muted badge-inline">{t('stations.is24h')}</span> : null}
      </p>
      <p className="sc-address small muted">
        <bdi>{s.address}</bdi>
      </p>
      <FeatureList codes={shown} kind="amenity" className="compact" />
      {more > 0 ? <p className="small muted">{t('stations.moreAmenities', { n: ltr(more) })}</p> : null}
      {s.services.includes('meals') ? (
        <div className="sc-meal" data-testid="today-meal">
          <Icon name="meals" size={20} />
          {meals === undefined ? (
            <span className="muted">{t('stations.mealService')}</span>
          ) : meals.length ? (
            <span>
              {t('stations.todayMeal')}{' '}
              {meals.map((m, i) => (
                <Fragment key={m.id}>
                  <span className="nowrap">
                    <bdi>
                      {m.dish} <strong>
                        <Money fen={m.workerPriceFen} />
                      </strong>
                    </bdi>
                    {m.servingsLeft === 0 ? <span className="badge badge-bad badge-inline">{t('meals.soldOut')}</span> : null}
                    {i < meals.length - 1 ? t('common.listSeparator').trim() : ''}
                  </span>{' '}
                </Fragment>
              ))}
            </span>
          ) : (
            <span className="muted">{t('stations.noMealToday')}</span>
          )}
        </div>
      ) : null}
      <div className="sc-actions">
        <a className="btn btn-primary" href={amapUrl(s)} target="_blank" rel="noopener noreferrer" data-nav="amap">
          <Icon name="navigate" size={20} /> {t('go.amap')}
        </a>
        <a className="btn btn-secondary" href={baiduUrl(s)} target="_blank" rel="noopener noreferrer" data-nav="baidu">
          <Icon name="navigate" size={20} /> {t('go.baidu')}
        </a>
      </div>
      <Link className="sc-more" to={`/stations/${s.id}`}>
        {t('stations.details')}
      </Link>
    </article>
  );
}
