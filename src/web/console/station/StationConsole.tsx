import { Suspense, useEffect } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs, type Station, type StationDay } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr } from '../../components/ui.tsx';
import { OpenBadge, shortDate } from '../../stations/common.tsx';
import { stationsOf } from '../modules.ts';

/** The station's sections in the console, in the order of a day at the counter. */
export const STATION_TABS = ['', 'meals', 'classroom', 'lending', 'donations', 'lawyers', 'health', 'details', 'poster'] as const;
const tabKey: Record<(typeof STATION_TABS)[number], string> = {
  '': 'ops.tabs.today',
  meals: 'ops.tabs.meals',
  classroom: 'ops.tabs.classroom',
  lending: 'ops.tabs.lending',
  donations: 'ops.tabs.donations',
  lawyers: 'ops.tabs.lawyers',
  health: 'ops.tabs.health',
  details: 'ops.tabs.details',
  poster: 'ops.tabs.poster',
};

/** /console/stations: straight to the station when the operator runs one, else a choice. */
export function StationPicker() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const mine = stationsOf(user);
  if (mine.length === 1) return <Navigate to={`/console/stations/${mine[0]!.id}`} replace />;
  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.chooseTitle')}</h1>
      <p className="muted">{t('ops.chooseIntro')}</p>
      <ul className="module-list" data-testid="my-stations">
        {mine.map((s) => (
          <li key={s.id}>
            <Link className="module-link" to={`/console/stations/${s.id}`} data-station-id={s.id}>
              <strong>{s.name}</strong>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A station's console: which station (switchable), its sections, then the section. */
export function StationConsoleLayout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { id = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const mine = stationsOf(user);
  const current = mine.find((s) => s.id === id);
  const section = pathname.split('/')[4] ?? '';

  useEffect(() => {
    document.querySelector('.station-tabs a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);

  if (!current) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('ops.notYoursTitle')}</h1>
        <p>{t('ops.notYours')}</p>
        <Link className="btn btn-primary" to="/console/stations">
          {t('ops.chooseTitle')}
        </Link>
      </section>
    );
  }
  return (
    <div className="station-console" data-station-id={id}>
      <div className="station-switch">
        {mine.length > 1 ? (
          <label>
            <span className="small muted">{t('ops.station')}</span>
            <select value={id} onChange={(e) => navigate(`/console/stations/${e.target.value}${section ? `/${section}` : ''}`)} name="station">
              {mine.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="station-switch-name">{current.name}</p>
        )}
      </div>
      <nav className="console-nav station-tabs" aria-label={t('ops.tabsLabel')}>
        {STATION_TABS.map((tab) => (
          <NavLink key={tab || 'today'} to={`/console/stations/${id}${tab ? `/${tab}` : ''}`} end>
            {t(tabKey[tab])}
          </NavLink>
        ))}
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}

/** Today at my station: counts of the day, and whether the station shows as open. */
export function StationToday() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const day = useLoad(() => api<StationDay>('GET', `/api/stations/${id}/day${qs({})}`), [id]);
  const station = useLoad(() => api<{ station: Station }>('GET', `/api/stations/${id}`).then((r) => r.station), [id]);
  const tiles: [keyof StationDay, string, string][] = [
    ['visits', 'ops.day.visits', ''],
    ['mealsReserved', 'ops.day.mealsReserved', 'meals'],
    ['mealsServed', 'ops.day.mealsServed', 'meals'],
    ['loansOut', 'ops.day.loansOut', 'lending'],
    ['returns', 'ops.day.returns', 'lending'],
    ['consultations', 'ops.day.consultations', 'lawyers'],
    ['classroomCheckIns', 'ops.day.classroomCheckIns', 'classroom'],
  ];
  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.todayTitle')}</h1>
      {station.data ? (
        <p>
          <OpenBadge open={station.data.today.openNow} />{' '}
          {station.data.today.ranges.length ? (
            station.data.today.ranges.map((r, i) => (
              <span key={i} className="nowrap">
                <bdi dir="ltr" className="nowrap">
                  {r.opens}–{r.closes}
                </bdi>
                {i < station.data!.today.ranges.length - 1 ? `${t('common.listSeparator')} ` : ''}
              </span>
            ))
          ) : (
            <span>{t('station.closedToday')}</span>
          )}
        </p>
      ) : null}
      {day.loading && !day.data ? <Loading /> : null}
      {day.error ? <Alert>{errorMessage(t, day.error)}</Alert> : null}
      {day.data ? (
        <>
          <p className="muted small">
            <Ltr>{shortDate(day.data.date, i18n.language)}</Ltr>
          </p>
          <ul className="stat-grid" data-testid="day-stats">
            {tiles.map(([k, label, tab]) => (
              <li key={k} data-stat={k}>
                <Link to={`/console/stations/${id}${tab ? `/${tab}` : ''}`}>
                  <span className="stat-value">
                    <Ltr>{day.data![k]}</Ltr>
                  </span>
                  <span className="stat-label">{t(label)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <button type="button" className="btn btn-secondary btn-block" onClick={() => void day.reload()}>
        {t('ops.refresh')}
      </button>
    </section>
  );
}
