import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, TOPICS, type Consultation, type LawyerSlot } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../errors.ts';
import { Alert, Choices, ErrorSummary, Loading, Ltr, TextAreaField } from '../components/ui.tsx';
import { DayLabel, detailCode } from './common.tsx';
import { stationDate, stationTime, stationToday } from './geo.ts';
import type { SectionProps } from './StationPage.tsx';

const DAYS_SHOWN = 4;

/** Free legal advice: the lawyers' duty slots for two weeks, and a booking form for one slot. */
export function LawyerSection({ stationId, isWorker, signedIn, signInLink }: SectionProps) {
  const { t } = useTranslation();
  const slots = useLoad(() => api<{ slots: LawyerSlot[] }>('GET', `/api/stations/${stationId}/lawyer-slots?days=14`).then((r) => r.slots), [stationId]);
  const [chosen, setChosen] = useState<LawyerSlot | null>(null);
  const [booked, setBooked] = useState<Consultation | null>(null);
  const [allDays, setAllDays] = useState(false);
  const today = stationToday();

  const byDay = new Map<string, LawyerSlot[]>();
  for (const s of slots.data ?? []) {
    const d = stationDate(s.startsAt);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const days = [...byDay.entries()];
  const shown = allDays ? days : days.slice(0, DAYS_SHOWN);

  return (
    <section id="lawyers" aria-labelledby="lawyers-title" className="station-section">
      <h2 id="lawyers-title">{t('station.lawyersTitle')}</h2>
      <p className="muted small">{t('lawyers.intro')}</p>
      {booked ? (
        <div className="alert alert-success" role="status" data-testid="consultation-booked">
          <p className="alert-title">{t('lawyers.bookedTitle')}</p>
          <p>
            <DayLabel date={stationDate(booked.startsAt)} today={today} /> <Ltr>{stationTime(booked.startsAt)}</Ltr> · <bdi>{booked.lawyerName}</bdi>
          </p>
          <p>
            <Link to="/me/stations">{t('lawyers.seeMine')}</Link>
          </p>
        </div>
      ) : null}
      {slots.loading && !slots.data ? <Loading /> : null}
      {slots.error ? <Alert>{errorMessage(t, slots.error)}</Alert> : null}
      {slots.data && !slots.data.length ? <p className="muted">{t('lawyers.noSlots')}</p> : null}
      {shown.map(([date, list]) => (
        <div key={date} className="slot-day">
          <h3>
            <DayLabel date={date} today={today} />
          </h3>
          <p className="small muted">
            {[...new Set(list.map((s) => `${s.lawyerName}${s.firmName ? ` · ${s.firmName}` : ''}`))].map((x, i, all) => (
              <span key={x}>
                <bdi>{x}</bdi>
                {i < all.length - 1 ? `${t('common.listSeparator')} ` : ''}
              </span>
            ))}
          </p>
          <div className="slot-grid" role="group" aria-label={t('lawyers.slotsOf')}>
            {list.map((s) => {
              const sel = chosen?.startsAt === s.startsAt && chosen.lawyerUserId === s.lawyerUserId;
              return (
                <button
                  key={`${s.lawyerUserId}@${s.startsAt}`}
                  type="button"
                  className={`slot${sel ? ' is-selected' : ''}`}
                  disabled={!s.available}
                  aria-pressed={sel}
                  data-starts-at={s.startsAt}
                  onClick={() => {
                    setChosen(s);
                    setBooked(null);
                  }}
                >
                  <Ltr>{stationTime(s.startsAt)}</Ltr>
                  {!s.available ? <span className="slot-taken">{t('lawyers.taken')}</span> : null}
                </button>
              );
            })}
          </div>
        </div>
      ))}
      {days.length > DAYS_SHOWN && !allDays ? (
        <button type="button" className="btn btn-link" onClick={() => setAllDays(true)}>
          {t('lawyers.moreDays')}
        </button>
      ) : null}
      {chosen ? (
        isWorker ? (
          <BookingForm
            stationId={stationId}
            slot={chosen}
            onBooked={(c) => {
              setBooked(c);
              setChosen(null);
              void slots.reload();
            }}
            onTaken={() => {
              setChosen(null);
              void slots.reload();
            }}
            onCancel={() => setChosen(null)}
          />
        ) : !signedIn ? (
          <Link className="btn btn-primary btn-block" to={signInLink}>
            {t('lawyers.signInToBook')}
          </Link>
        ) : (
          <p className="muted">{t('lawyers.workersOnly')}</p>
        )
      ) : null}
    </section>
  );
}

function BookingForm({ stationId, slot, onBooked, onTaken, onCancel }: { stationId: string; slot: LawyerSlot; onBooked: (c: Consultation) => void; onTaken: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [topic, setTopic] = useState('');
  const [question, setQuestion] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [taken, setTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    if (!topic) local.topic = issue('topic', 'required');
    if (!question.trim()) local.question = issue('question', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ consultation: Consultation }>('POST', '/api/consultations', { stationId, lawyerUserId: slot.lawyerUserId, startsAt: slot.startsAt, topic, question: question.trim() });
      onBooked(res.consultation);
    } catch (err) {
      const code = detailCode(err);
      if (err instanceof ApiError && (code === 'slot_taken' || code === 'not_a_slot')) {
        setTaken(true);
        onTaken();
      } else {
        setIssues(serverIssues(err));
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form panel booking-form" onSubmit={(e) => void submit(e)} noValidate data-testid="booking-form">
      <p className="panel-title">
        {t('lawyers.bookTitle')} <DayLabel date={stationDate(slot.startsAt)} today={stationToday()} />{' '}
        <bdi dir="ltr" className="nowrap">
          {stationTime(slot.startsAt)}–{stationTime(slot.endsAt)}
        </bdi>
      </p>
      <p className="small">
        <bdi>{slot.lawyerName}</bdi>
        {slot.firmName ? (
          <>
            {' · '}
            <bdi>{slot.firmName}</bdi>
          </>
        ) : null}
      </p>
      {taken ? <Alert kind="warning">{t('lawyers.slotTaken')}</Alert> : null}
      <Alert>{error && !Object.keys(errors).length ? errorMessage(t, error) : null}</Alert>
      <ErrorSummary title={t('form.fixThese')} errors={errors} />
      <Choices legend={t('fields.topic')} error={errors.topic}>
        <div className="option-list">
          {TOPICS.map((k) => (
            <label key={k} className="option">
              <input type="radio" name="topic" value={k} checked={topic === k} onChange={() => setTopic(k)} />
              <span>{t(`topics.${k}`)}</span>
            </label>
          ))}
        </div>
      </Choices>
      <TextAreaField label={t('fields.question')} hint={t('lawyers.questionHint')} name="question" rows={4} maxLength={1000} value={question} onChange={(e) => setQuestion(e.target.value)} error={errors.question} required />
      <p className="small muted">{t('lawyers.privacy')}</p>
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('lawyers.book')}
        </button>
        <button type="button" className="btn btn-secondary btn-block" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
