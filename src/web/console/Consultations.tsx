import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Consultation } from '../api.ts';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr, TextAreaField } from '../components/ui.tsx';
import { DayLabel } from '../stations/common.tsx';
import { stationDate, stationTime, stationToday } from '../stations/geo.ts';

const badge = (status: string) => (status === 'done' ? 'badge-ok' : status === 'cancelled' ? 'badge-muted' : 'badge-wait');

/** A lawyer's consultations: upcoming first, then the rest. */
export function Consultations() {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: Consultation[] }>('GET', '/api/consultations/assigned').then((r) => r.items));
  const now = Date.now();
  const upcoming = (list.data ?? []).filter((c) => c.status === 'booked' && Date.parse(c.endsAt) >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const rest = (list.data ?? []).filter((c) => !upcoming.includes(c));
  return (
    <section>
      <h1 tabIndex={-1}>{t('consultations.title')}</h1>
      <p className="muted">{t('consultations.intro')}</p>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      <h2>{t('consultations.upcoming')}</h2>
      {list.data && !upcoming.length ? <p className="muted">{t('consultations.noUpcoming')}</p> : null}
      <ConsultationList items={upcoming} />
      {rest.length ? (
        <>
          <h2>{t('consultations.past')}</h2>
          <ConsultationList items={rest} />
        </>
      ) : null}
    </section>
  );
}

function ConsultationList({ items }: { items: Consultation[] }) {
  const { t } = useTranslation();
  const today = stationToday();
  return (
    <ul className="cards" data-testid="consultations">
      {items.map((c) => (
        <li key={c.id} className="item" data-consultation-id={c.id}>
          <div className="item-head">
            <strong>
              <DayLabel date={stationDate(c.startsAt)} today={today} /> <Ltr>{stationTime(c.startsAt)}</Ltr>
            </strong>
            <span className={`badge ${badge(c.status)}`}>{t(`consultationStatus.${c.status}`, { defaultValue: c.status })}</span>
          </div>
          <p className="small">
            {c.workerName} · {t(`topics.${c.topic}`, { defaultValue: c.topic })}
          </p>
          <p className="small muted">{c.stationName}</p>
          {c.handoverAt ? <p className="badge badge-wait">{t('consultations.handedOver')}</p> : null}
          <Link className="btn btn-secondary btn-block" to={`/console/consultations/${c.id}`} aria-label={`${t('consultations.open')}: ${c.workerName}`}>
            {t('consultations.open')}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** One consultation: the question, confidential notes, done, hand over as a rights case. */
export function ConsultationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const one = useLoad(() => api<{ consultation: Consultation }>('GET', `/api/consultations/${id}`).then((r) => r.consultation), [id]);
  const [notes, setNotes] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (one.loading && !one.data) return <Loading />;
  if (!one.data) return <Alert>{errorMessage(t, one.error, { not_found: t('consultations.notFound') })}</Alert>;
  const c = one.data;
  const text = notes ?? c.notes ?? '';

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
      setNotice(ok);
      await one.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p className="back-link">
        <Link to="/console/consultations">{t('consultations.back')}</Link>
      </p>
      <h1 tabIndex={-1}>
        {t(`topics.${c.topic}`, { defaultValue: c.topic })} · {c.workerName}
      </h1>
      {notice ? (
        <Alert kind="success">
          <span data-testid="ops-notice">{notice}</span>
        </Alert>
      ) : null}
      <Alert>{error ? errorMessage(t, error, { conflict: t('consultations.conflict') }) : null}</Alert>
      <dl className="details">
        <div>
          <dt>{t('consultations.when')}</dt>
          <dd>
            <DayLabel date={stationDate(c.startsAt)} today={stationToday()} />{' '}
            <bdi dir="ltr" className="nowrap">
              {stationTime(c.startsAt)}–{stationTime(c.endsAt)}
            </bdi>
          </dd>
        </div>
        <div>
          <dt>{t('consultations.station')}</dt>
          <dd>{c.stationName}</dd>
        </div>
        <div>
          <dt>{t('consultations.status')}</dt>
          <dd>
            <span className={`badge ${badge(c.status)}`}>{t(`consultationStatus.${c.status}`, { defaultValue: c.status })}</span>
            {c.handoverAt ? (
              <>
                {' '}
                <span className="badge badge-wait">{t('consultations.handedOver')}</span> <Ltr>{formatDate(c.handoverAt, i18n.language, true)}</Ltr>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      <h2>{t('consultations.question')}</h2>
      <p className="prewrap panel" data-testid="question">
        {c.question}
      </p>
      <h2>{t('consultations.notesTitle')}</h2>
      <p className="small muted">{t('consultations.notesPrivacy')}</p>
      <TextAreaField label={t('fields.notes')} name="notes" rows={6} maxLength={5000} value={text} onChange={(e) => setNotes(e.target.value)} />
      <div className="actions">
        <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void run(() => api('PUT', `/api/consultations/${c.id}/notes`, { notes: text }), t('consultations.notesSaved'))}>
          {t('consultations.saveNotes')}
        </button>
        {c.status === 'booked' ? (
          <button type="button" className="btn btn-secondary btn-block" disabled={busy} onClick={() => void run(() => api('POST', `/api/consultations/${c.id}/status`, { status: 'done' }), t('consultations.markedDone'))}>
            {t('consultations.markDone')}
          </button>
        ) : null}
        {!c.handoverAt && c.status !== 'cancelled' ? (
          <button type="button" className="btn btn-secondary btn-block" disabled={busy} onClick={() => void run(() => api('POST', `/api/consultations/${c.id}/handover`), t('consultations.handedOverNotice'))}>
            {t('consultations.handover')}
          </button>
        ) : null}
      </div>
      <p className="small muted">{t('consultations.handoverHelp')}</p>
    </section>
  );
}
