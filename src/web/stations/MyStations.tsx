import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Consent, type Consultation, type HealthReading, type Loan, type MealReservation, type MyEnrolment } from '../api.ts';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { DayLabel, Money } from './common.tsx';
import { stationDate, stationTime, stationToday } from './geo.ts';

/** A worker's own station activity: meals, consultations, children, loans, health readings and consent. */
export function MyStations() {
  const { t } = useTranslation();
  return (
    <section className="my-stations">
      <h1 tabIndex={-1}>{t('mine.title')}</h1>
      <p className="muted">{t('mine.intro')}</p>
      <nav className="jump-links" aria-label={t('station.jumpLabel')}>
        <a href="#my-meals">{t('mine.mealsTitle')}</a>
        <a href="#my-consultations">{t('mine.consultationsTitle')}</a>
        <a href="#my-children">{t('mine.childrenTitle')}</a>
        <a href="#my-loans">{t('mine.loansTitle')}</a>
        <a href="#my-health">{t('mine.healthTitle')}</a>
      </nav>
      <MyMeals />
      <MyConsultations />
      <MyChildren />
      <MyLoans />
      <MyHealth />
      <p>
        <Link className="btn btn-secondary btn-block" to="/stations">
          {t('stations.title')}
        </Link>
      </p>
    </section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="station-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function resBadge(status: string) {
  return status === 'served' || status === 'done' || status === 'enrolled' ? 'badge-ok' : status === 'cancelled' || status === 'withdrawn' ? 'badge-muted' : 'badge-wait';
}

function MyMeals() {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: MealReservation[] }>('GET', '/api/meal-reservations/me').then((r) => r.items));
  const [error, setError] = useState<unknown>(null);
  const today = stationToday();
  const cancel = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/meal-reservations/${id}/cancel`);
    } catch (err) {
      setError(err);
    }
    void list.reload();
  };
  return (
    <Section id="my-meals" title={t('mine.mealsTitle')}>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      <Alert>{error ? errorMessage(t, error, { conflict: t('mine.cannotCancel') }) : null}</Alert>
      {list.data && !list.data.length ? <p className="muted">{t('mine.noMeals')}</p> : null}
      <ul className="cards" data-testid="my-meals">
        {(list.data ?? []).map((r) => (
          <li key={r.id} className="item" data-reservation-id={r.id}>
            <div className="item-head">
              <strong>
                <bdi>{r.dish}</bdi>
              </strong>
              <span className={`badge ${resBadge(r.status)}`}>{t(`mealStatus.${r.status}`, { defaultValue: r.status })}</span>
            </div>
            <p className="small">
              <DayLabel date={r.date} today={today} /> · <Money fen={r.workerPriceFen} />
            </p>
            <p className="small muted">
              <Link to={`/stations/${r.stationId}`}>
                <bdi>{r.stationName}</bdi>
              </Link>
            </p>
            {r.status === 'reserved' && r.date >= today ? (
              <button type="button" className="btn btn-secondary" onClick={() => void cancel(r.id)} aria-label={`${t('mine.cancelMeal')}: ${r.dish}`}>
                {t('mine.cancelMeal')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MyConsultations() {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: Consultation[] }>('GET', '/api/consultations/me').then((r) => r.items));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Section id="my-consultations" title={t('mine.consultationsTitle')}>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.data.length ? <p className="muted">{t('mine.noConsultations')}</p> : null}
      <ul className="cards" data-testid="my-consultations">
        {(list.data ?? []).map((c) => (
          <li key={c.id} className="item" data-consultation-id={c.id}>
            <div className="item-head">
              <strong>{t(`topics.${c.topic}`, { defaultValue: c.topic })}</strong>
              <span className={`badge ${resBadge(c.status)}`}>{t(`consultationStatus.${c.status}`, { defaultValue: c.status })}</span>
            </div>
            <p className="small">
              <DayLabel date={stationDate(c.startsAt)} today={stationToday()} /> <Ltr>{stationTime(c.startsAt)}</Ltr> · <bdi>{c.lawyerName}</bdi>
            </p>
            <p className="small muted">
              <bdi>{c.stationName}</bdi>
            </p>
            {c.handoverAt ? <p className="badge badge-wait">{t('consultations.handedOver')}</p> : null}
            {open === c.id ? (
              <ConsultationDetail id={c.id} onChange={() => void list.reload()} onClose={() => setOpen(null)} />
            ) : (
              <button type="button" className="btn btn-secondary" onClick={() => setOpen(c.id)} aria-label={`${t('mine.openConsultation')}: ${t(`topics.${c.topic}`, { defaultValue: c.topic })}`}>
                {t('mine.openConsultation')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ConsultationDetail({ id, onChange, onClose }: { id: string; onChange: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const one = useLoad(() => api<{ consultation: Consultation }>('GET', `/api/consultations/${id}`).then((r) => r.consultation), [id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/consultations/${id}/${path}`);
      await one.reload();
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (one.loading && !one.data) return <Loading />;
  if (!one.data) return <Alert>{errorMessage(t, one.error)}</Alert>;
  const c = one.data;
  return (
    <div className="inline-form" data-testid="consultation-detail">
      <h3>{t('consultations.question')}</h3>
      <p className="prewrap">{c.question}</p>
      <h3>{t('consultations.lawyerNotes')}</h3>
      {c.notes ? <p className="prewrap" data-testid="lawyer-notes">{c.notes}</p> : <p className="muted">{t('consultations.noNotes')}</p>}
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      <div className="actions">
        {c.status === 'booked' ? (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('cancel')}>
            {t('mine.cancelConsultation')}
          </button>
        ) : null}
        {!c.handoverAt && c.status !== 'cancelled' ? (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('handover')}>
            {t('consultations.handover')}
          </button>
        ) : null}
        <button type="button" className="btn btn-link" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}

function MyChildren() {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: MyEnrolment[] }>('GET', '/api/classroom/enrolments/me').then((r) => r.items));
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/classroom/enrolments/${id}/withdraw`);
    } catch (err) {
      setError(err);
    }
    setConfirm(null);
    void list.reload();
  };
  return (
    <Section id="my-children" title={t('mine.childrenTitle')}>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      {list.data && !list.data.length ? <p className="muted">{t('mine.noChildren')}</p> : null}
      <ul className="cards" data-testid="my-children">
        {(list.data ?? []).map((e) => (
          <li key={e.id} className="item" data-enrolment-id={e.id}>
            <div className="item-head">
              <strong>
                <bdi>{e.childName}</bdi>
              </strong>
              <span className={`badge ${resBadge(e.status)}`}>{t(`enrolmentStatus.${e.status}`, { defaultValue: e.status })}</span>
            </div>
            <p className="small">
              <bdi>{e.sessionTitle}</bdi>
            </p>
            <p className="small muted">
              <bdi>{e.stationName}</bdi>
            </p>
            {e.status === 'enrolled' ? (
              <p className="small" data-testid="today-attendance">
                {t('mine.todayStatus', { status: e.checkedOutToday ? t('mine.pickedUp') : e.checkedInToday ? t('mine.inClass') : t('mine.notArrived') })}
              </p>
            ) : null}
            {e.status === 'enrolled' || e.status === 'waitlisted' ? (
              confirm === e.id ? (
                <div className="actions">
                  <button type="button" className="btn btn-danger" onClick={() => void withdraw(e.id)}>
                    {t('mine.confirmWithdraw')}
                  </button>
                  <button type="button" className="btn btn-secondary" onClick={() => setConfirm(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" className="btn btn-secondary" onClick={() => setConfirm(e.id)}>
                  {t('mine.withdraw')}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MyLoans() {
  const { t, i18n } = useTranslation();
  const list = useLoad(() => api<{ items: Loan[] }>('GET', '/api/loans/me').then((r) => r.items));
  const [error, setError] = useState<unknown>(null);
  const giveBack = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/loans/${id}/return`);
    } catch (err) {
      setError(err);
    }
    void list.reload();
  };
  return (
    <Section id="my-loans" title={t('mine.loansTitle')}>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      <Alert>{error ? errorMessage(t, error, { conflict: t('mine.alreadyReturned') }) : null}</Alert>
      {list.data && !list.data.length ? <p className="muted">{t('mine.noLoans')}</p> : null}
      <ul className="cards" data-testid="my-loans">
        {(list.data ?? []).map((l) => (
          <li key={l.id} className="item" data-loan-id={l.id}>
            <div className="item-head">
              <strong>
                <bdi>{l.itemName}</bdi>
              </strong>
              <span className={`badge ${l.returnedAt ? 'badge-muted' : l.overdue ? 'badge-bad' : 'badge-wait'}`}>
                {l.returnedAt ? t('loans.returned') : l.overdue ? t('loans.overdue') : t('loans.out')}
              </span>
            </div>
            {l.stationName ? (
              <p className="small muted">
                <bdi>{l.stationName}</bdi>
              </p>
            ) : null}
            <p className="small">
              {l.returnedAt ? (
                <>
                  {t('loans.returnedOn')} <Ltr>{formatDate(l.returnedAt, i18n.language, true)}</Ltr>
                </>
              ) : (
                <>
                  {t('loans.dueAt')} <Ltr>{formatDate(l.dueAt, i18n.language, true)}</Ltr>
                </>
              )}
            </p>
            {!l.returnedAt ? (
              <button type="button" className="btn btn-secondary" onClick={() => void giveBack(l.id)} aria-label={`${t('loans.giveBack')}: ${l.itemName}`}>
                {t('loans.giveBack')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MyHealth() {
  const { t, i18n } = useTranslation();
  const consents = useLoad(() => api<{ items: Consent[] }>('GET', '/api/consents/me').then((r) => r.items));
  const readings = useLoad(() => api<{ items: HealthReading[] }>('GET', '/api/health-readings/me').then((r) => r.items));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The switch moves at once; it moves back if the server refuses.
  const [pending, setPending] = useState<boolean | null>(null);
  const health = consents.data?.find((c) => c.category === 'health');
  const toggle = async (granted: boolean) => {
    setBusy(true);
    setPending(granted);
    setError(null);
    try {
      const res = await api<{ items: Consent[] }>('PUT', '/api/consents/me/health', { granted });
      consents.setData(res.items);
    } catch (err) {
      setError(err);
    } finally {
      setPending(null);
      setBusy(false);
    }
  };
  return (
    <Section id="my-health" title={t('mine.healthTitle')}>
      <div className="panel consent-panel">
        <label className="switch switch-block">
          <input type="checkbox" name="healthConsent" checked={pending ?? !!health?.granted} aria-busy={busy} disabled={!consents.data} onChange={(e) => !busy && void toggle(e.target.checked)} />
          <span>{t('mine.healthConsent')}</span>
        </label>
        <p className="small muted">{t('mine.healthConsentHelp')}</p>
        {health?.granted && health.grantedAt ? (
          <p className="small">
            {t('mine.consentSince')} <Ltr>{formatDate(health.grantedAt, i18n.language, true)}</Ltr>
          </p>
        ) : health?.withdrawnAt ? (
          <p className="small">
            {t('mine.consentWithdrawn')} <Ltr>{formatDate(health.withdrawnAt, i18n.language, true)}</Ltr>
          </p>
        ) : null}
        <Alert>{error ? errorMessage(t, error) : null}</Alert>
      </div>
      {readings.loading && !readings.data ? <Loading /> : null}
      {readings.data && !readings.data.length ? <p className="muted">{t('mine.noReadings')}</p> : null}
      <ul className="cards" data-testid="my-readings">
        {(readings.data ?? []).map((r) => (
          <li key={r.id} className="item">
            <div className="item-head">
              <strong>
                <Ltr>
                  {r.systolic}/{r.diastolic}
                </Ltr>{' '}
                <span className="small">mmHg</span>
              </strong>
              <span className={`badge ${r.flag === 'normal' ? 'badge-ok' : r.flag === 'high' ? 'badge-bad' : 'badge-wait'}`}>{t(`bp.${r.flag}`, { defaultValue: r.flag })}</span>
            </div>
            <p className="small">
              {r.pulse ? (
                <>
                  {t('fields.pulse')} <Ltr>{r.pulse}</Ltr> ·{' '}
                </>
              ) : null}
              <Ltr>{formatDate(r.recordedAt, i18n.language, true)}</Ltr> · <bdi>{r.stationName}</bdi>
            </p>
          </li>
        ))}
      </ul>
      {readings.data?.some((r) => r.flag !== 'normal') ? <p className="small muted">{t('mine.bpAdvice')}</p> : null}
    </Section>
  );
}
