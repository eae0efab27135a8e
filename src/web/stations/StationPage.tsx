import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Station } from '../api.ts';
import { useLoad } from '../data.ts';
import { useAuth } from '../auth.tsx';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { amapUrl, baiduUrl, haversine, weekdayOf } from './geo.ts';
import { DayLabel, Distance, FeatureList, OpenBadge, fsi, marks, withLtr } from './common.tsx';
import { Icon } from './icons.tsx';
import { savedPosition } from './position.ts';
import { MenuSection } from './MenuSection.tsx';
import { LawyerSection } from './LawyerSection.tsx';
import { ClassroomSection } from './ClassroomSection.tsx';
import { DonationsSection, LendingSection } from './LendingSection.tsx';

export function StationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const station = useLoad(() => api<{ station: Station }>('GET', `/api/stations/${encodeURIComponent(id)}`).then((r) => r.station), [id]);

  if (station.loading && !station.data) return <Loading />;
  if (!station.data) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('station.notFoundTitle')}</h1>
        <Alert>{errorMessage(t, station.error, { not_found: t('station.notFound') })}</Alert>
        <Link className="btn btn-primary" to="/stations">
          {t('stations.title')}
        </Link>
      </section>
    );
  }
  return <StationView s={station.data} />;
}

/** What the station offers, in the order a courier looks for it: open?, the way there, what is in, food. */
function StationView({ s }: { s: Station }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const here = savedPosition();
  const distance = here ? haversine(here, s) : null;
  const has = (svc: string) => s.services.includes(svc);
  const signInLink = `/login?next=${encodeURIComponent(pathname)}`;
  const ctx = { stationId: s.id, isWorker: !!user?.workerId, signedIn: !!user, signInLink };

  const sections = [
    has('meals') && ['menu', t('station.menuTitle')],
    has('legal_consultation') && ['lawyers', t('station.lawyersTitle')],
    has('lending') && ['lending', t('station.lendingTitle')],
    has('child_classroom') && ['classroom', t('station.classroomTitle')],
    has('donation_point') && ['donations', t('station.donationsTitle')],
    ['hours', t('station.hoursTitle')],
  ].filter((x): x is [string, string] => !!x);

  return (
    <article className="station-page" data-station-id={s.id}>
      <p className="back-link">
        <Link to="/stations">{t('station.back')}</Link>
      </p>
      <h1 tabIndex={-1}>
        <bdi>{s.name}</bdi>
      </h1>
      <TodayStatus s={s} />
      {distance !== null ? (
        <p className="small muted">
          {here?.source === 'gps' ? t('station.distanceFromYou') : t('station.distanceFromCity')} <Distance m={distance} />
        </p>
      ) : null}
      <p className="station-address">
        <Icon name="pin" size={20} /> <bdi>{s.address}</bdi>
      </p>

      <div className="nav-buttons" role="group" aria-label={t('station.navigateLabel')}>
        <a className="btn btn-primary" href={amapUrl(s)} target="_blank" rel="noopener noreferrer" data-nav="amap">
          <Icon name="navigate" /> {t('go.amapLong')}
        </a>
        <a className="btn btn-primary" href={baiduUrl(s)} target="_blank" rel="noopener noreferrer" data-nav="baidu">
          <Icon name="navigate" /> {t('go.baiduLong')}
        </a>
        {s.phone ? (
          <a className="btn btn-secondary" href={`tel:${s.phone.replace(/[^\d+]/g, '')}`} data-nav="tel">
            <Icon name="phone" /> {t('station.call')} <Ltr>{s.phone}</Ltr>
          </a>
        ) : null}
      </div>

      <h2>{t('station.amenitiesTitle')}</h2>
      {s.amenities.length ? <FeatureList codes={s.amenities} kind="amenity" className="grid" /> : <p className="muted">{t('station.noAmenities')}</p>}
      {s.services.length ? (
        <>
          <h2>{t('station.servicesTitle')}</h2>
          <FeatureList codes={s.services} kind="service" className="grid" />
        </>
      ) : null}

      {sections.length > 2 ? (
        <nav className="jump-links" aria-label={t('station.jumpLabel')}>
          {sections.map(([hash, label]) => (
            <a key={hash} href={`#${hash}`}>
              {label}
            </a>
          ))}
        </nav>
      ) : null}

      {has('meals') ? <MenuSection {...ctx} /> : null}
      {has('legal_consultation') ? <LawyerSection {...ctx} /> : null}
      {has('lending') ? <LendingSection {...ctx} /> : null}
      {has('child_classroom') ? <ClassroomSection {...ctx} /> : null}
      {has('donation_point') ? <DonationsSection {...ctx} /> : null}

      <WeekHours s={s} />

      <h2>{t('station.aboutTitle')}</h2>
      <dl className="details">
        <div>
          <dt>{t('station.operator')}</dt>
          <dd>
            <bdi>{s.operatorName}</bdi> <span className="muted small">({t(`operatorKind.${s.operatorKind}`, { defaultValue: s.operatorKind })})</span>
          </dd>
        </div>
        <div>
          <dt>{t('station.address')}</dt>
          <dd>
            <bdi>{s.address}</bdi>
          </dd>
        </div>
        {s.phone ? (
          <div>
            <dt>{t('station.phone')}</dt>
            <dd>
              <a href={`tel:${s.phone.replace(/[^\d+]/g, '')}`}>
                <Ltr>{s.phone}</Ltr>
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

export type SectionProps = { stationId: string; isWorker: boolean; signedIn: boolean; signInLink: string };

function TodayStatus({ s }: { s: Station }) {
  const { t } = useTranslation();
  const d = s.today;
  let line: ReactNode;
  if (s.is24h && d.openNow && d.ranges.length === 1 && d.ranges[0]!.opens === '00:00' && d.ranges[0]!.closes === '24:00') line = t('station.open24h');
  else if (d.openNow && d.closesAt) line = withLtr(t('station.closesAt', marks('time')), { time: d.closesAt });
  else if (d.opensAt) line = withLtr(t('station.opensAt', marks('time')), { time: d.opensAt });
  else if (d.ranges.length) line = t('station.closedForToday');
  else line = t('station.closedToday');
  return (
    <div className={`today-status ${d.openNow ? 'is-open' : 'is-closed'}`} data-testid="today-status" data-open={String(d.openNow)}>
      <OpenBadge open={d.openNow} /> <span>{line}</span>
      {d.exception ? (
        <p className="today-exception">
          {t('station.todayNote', { note: fsi(d.exception) })}
        </p>
      ) : null}
    </div>
  );
}

function WeekHours({ s }: { s: Station }) {
  const { t } = useTranslation();
  const todayWd = weekdayOf(s.today.date);
  return (
    <section id="hours" aria-labelledby="hours-title">
      <h2 id="hours-title">{t('station.hoursTitle')}</h2>
      {s.is24h ? <p className="badge badge-ok">{t('station.open24h')}</p> : null}
      {!s.is24h ? (
        <table className="hours-table">
          <tbody>
            {[1, 2, 3, 4, 5, 6, 7].map((wd) => {
              const ranges = s.hours.filter((h) => h.weekday === wd);
              return (
                <tr key={wd} className={wd === todayWd ? 'is-today' : ''}>
                  <th scope="row">
                    {t(`weekdays.${wd}`)}
                    {wd === todayWd ? <span className="visually-hidden"> ({t('day.today')})</span> : null}
                  </th>
                  <td>
                    {ranges.length
                      ? ranges.map((r, i) => (
                          <span key={i} className="nowrap">
                            <bdi dir="ltr" className="nowrap">
                              {r.opens}–{r.closes}
                            </bdi>
                            {i < ranges.length - 1 ? `${t('common.listSeparator')} ` : ''}
                          </span>
                        ))
                      : t('station.closedDay')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {s.exceptions.length ? (
        <>
          <h3>{t('station.exceptionsTitle')}</h3>
          <ul className="plain-list" data-testid="exceptions">
            {s.exceptions.map((e) => (
              <li key={e.date}>
                <strong>
                  <DayLabel date={e.date} today={s.today.date} />
                </strong>
                {': '}
                {e.closed ? (
                  t('station.closedDay')
                ) : (
                  <bdi dir="ltr" className="nowrap">
                    {e.opens}–{e.closes}
                  </bdi>
                )}
                {e.note ? ` · ${e.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
