import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { stationTime } from './geo.ts';
import { fsi } from './common.tsx';

type Visit = { stationId: string; stationName: string; at: string };

/** Opened by scanning a station's poster: records the visit (a second scan within 30 minutes is the same). */
export function VisitPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [visit, setVisit] = useState<Visit | null>(null);
  const [error, setError] = useState<unknown>(null);
  const sent = useRef<string | null>(null);

  useEffect(() => {
    if (sent.current === token) return;
    sent.current = token;
    api<{ visit: Visit }>('POST', '/api/visits', { token }).then(
      (r) => setVisit(r.visit),
      (e: unknown) => setError(e),
    );
  }, [token]);

  if (error) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('visit.failedTitle')}</h1>
        <Alert>{errorMessage(t, error, { not_found: t('visit.unknownCode'), bad_request: t('visit.unknownCode') })}</Alert>
        <Link className="btn btn-primary btn-block" to="/stations">
          {t('stations.title')}
        </Link>
      </section>
    );
  }
  if (!visit) return <Loading />;
  return (
    <section className="visit-welcome" data-testid="visit-welcome">
      <h1 tabIndex={-1}>{t('visit.welcome', { station: fsi(visit.stationName) })}</h1>
      <p className="lead">
        {t('visit.checkedIn')} <Ltr>{stationTime(visit.at)}</Ltr>
      </p>
      <div className="stack">
        <Link className="btn btn-primary btn-block" to={`/stations/${visit.stationId}`}>
          {t('visit.whatIsHere')}
        </Link>
        <Link className="btn btn-secondary btn-block" to="/me/stations">
          {t('mine.title')}
        </Link>
      </div>
    </section>
  );
}
