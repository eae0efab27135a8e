import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type ClassSession, type Enrolment } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../errors.ts';
import { Alert, ErrorSummary, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';
import { formatDate } from '../i18n/index.ts';
import type { SectionProps } from './StationPage.tsx';

/** The children's classroom: sessions with places left, and enrolment with the guardian's separate consent. */
export function ClassroomSection({ stationId, isWorker, signedIn, signInLink }: SectionProps) {
  const { t } = useTranslation();
  const sessions = useLoad(() => api<{ items: ClassSession[] }>('GET', `/api/stations/${stationId}/classroom`).then((r) => r.items), [stationId]);
  return (
    <section id="classroom" aria-labelledby="classroom-title" className="station-section">
      <h2 id="classroom-title">{t('station.classroomTitle')}</h2>
      <p className="muted small">{t('classroom.intro')}</p>
      {sessions.loading && !sessions.data ? <Loading /> : null}
      {sessions.error ? <Alert>{errorMessage(t, sessions.error)}</Alert> : null}
      {sessions.data && !sessions.data.length ? <p className="muted">{t('classroom.none')}</p> : null}
      <ul className="cards">
        {(sessions.data ?? []).map((s) => (
          <SessionItem key={s.id} s={s} isWorker={isWorker} signedIn={signedIn} signInLink={signInLink} onEnrolled={() => void sessions.reload()} />
        ))}
      </ul>
    </section>
  );
}

export function SessionSummary({ s }: { s: ClassSession }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  return (
    <>
      <p className="small">
        <span className="badge badge-muted">{t(`sessionKinds.${s.kind}`, { defaultValue: s.kind })}</span>{' '}
        <Ltr>{formatDate(s.startsOn, l)}</Ltr> – <Ltr>{formatDate(s.endsOn, l)}</Ltr>
      </p>
      <p className="small">
        {s.weekdays.map((w) => t(`weekdaysShort.${w}`)).join(t('common.listSeparator'))} ·{' '}
        <bdi dir="ltr" className="nowrap">
          {s.opens}–{s.closes}
        </bdi>
      </p>
      <p className="small" data-testid="spots">
        {s.spotsLeft > 0 ? (
          <>
            {t('classroom.spotsLeft')} <Ltr>{`${s.spotsLeft}/${s.capacity}`}</Ltr>
          </>
        ) : (
          <span className="badge badge-wait">{t('classroom.full')}</span>
        )}
      </p>
    </>
  );
}

function SessionItem({ s, isWorker, signedIn, signInLink, onEnrolled }: { s: ClassSession; isWorker: boolean; signedIn: boolean; signInLink: string; onEnrolled: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<Enrolment | null>(null);
  return (
    <li className="item" data-session-id={s.id}>
      <strong>
        <bdi>{s.title}</bdi>
      </strong>
      <SessionSummary s={s} />
      {result ? (
        <PickupCode enrolment={result} />
      ) : open ? (
        <EnrolForm
          sessionId={s.id}
          full={s.spotsLeft <= 0}
          onDone={(e) => {
            setResult(e);
            setOpen(false);
            onEnrolled();
          }}
          onCancel={() => setOpen(false)}
        />
      ) : isWorker ? (
        <button type="button" className="btn btn-primary btn-block" onClick={() => setOpen(true)} aria-label={`${t('classroom.enrol')}: ${s.title}`}>
          {s.spotsLeft > 0 ? t('classroom.enrol') : t('classroom.joinWaitlist')}
        </button>
      ) : !signedIn ? (
        <Link className="btn btn-secondary btn-block" to={signInLink}>
          {t('classroom.signInToEnrol')}
        </Link>
      ) : null}
    </li>
  );
}

/** The code is shown once: the server keeps only its hash. */
function PickupCode({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useTranslation();
  const code = enrolment.pickupCode;
  return (
    <div className="pickup-code" role="alert" data-testid="pickup-code">
      <p className="alert-title">{enrolment.status === 'enrolled' ? t('classroom.enrolled') : t('classroom.waitlisted')}</p>
      <p>{t('classroom.codeIntro')}</p>
      <p className="pickup-digits" aria-label={code.split('').join(' ')}>
        <Ltr>
          {code.slice(0, 3)} {code.slice(3)}
        </Ltr>
      </p>
      <p className="small">
        <strong>{t('classroom.codeOnce')}</strong>
      </p>
    </div>
  );
}

function EnrolForm({ sessionId, full, onDone, onCancel }: { sessionId: string; full: boolean; onDone: (e: Enrolment) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [childName, setChildName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [consent, setConsent] = useState(false);
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 16 }, (_, i) => thisYear - 2 - i).filter((y) => y >= 2005);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    if (!childName.trim()) local.childName = issue('childName', 'required');
    if (!birthYear) local.birthYear = issue('birthYear', 'required');
    if (!consent) local.consent = issue('consent', 'consent_required');
    setIssues(local);
    if (Object.keys(local).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.enrol-form [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const res = await api<{ enrolment: Enrolment }>('POST', `/api/classroom/${sessionId}/enrolments`, { childName: childName.trim(), birthYear: Number(birthYear), consent: true });
      onDone(res.enrolment);
    } catch (err) {
      setIssues(serverIssues(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form inline-form enrol-form" onSubmit={(e) => void submit(e)} noValidate data-testid="enrol-form">
      {full ? <Alert kind="info">{t('classroom.fullNote')}</Alert> : null}
      <Alert>{error && !Object.keys(errors).length ? errorMessage(t, error) : null}</Alert>
      <ErrorSummary title={t('form.fixThese')} errors={errors} />
      <TextField label={t('fields.childName')} name="childName" autoComplete="off" maxLength={40} value={childName} onChange={(e) => setChildName(e.target.value)} error={errors.childName} required />
      <SelectField label={t('fields.birthYear')} name="birthYear" value={birthYear} onChange={(e) => setBirthYear(e.target.value)} error={errors.birthYear} required>
        <option value="">{t('form.choose')}</option>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </SelectField>
      <div className={`consent-box${errors.consent ? ' field-invalid' : ''}`}>
        <p className="panel-title">{t('classroom.consentTitle')}</p>
        <ul className="small">
          <li>{t('classroom.consentWhat')}</li>
          <li>{t('classroom.consentWhy')}</li>
          <li>{t('classroom.consentWho')}</li>
          <li>{t('classroom.consentWhen')}</li>
        </ul>
        <label className="option option-explained">
          <input type="checkbox" name="consent" checked={consent} onChange={(e) => setConsent(e.target.checked)} aria-invalid={errors.consent ? true : undefined} aria-describedby={errors.consent ? 'consent-error' : undefined} />
          <span>
            <strong>{t('classroom.consentAgree')}</strong>
          </span>
        </label>
        {errors.consent ? (
          <p className="field-error" id="consent-error">
            {errors.consent}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : full ? t('classroom.joinWaitlist') : t('classroom.enrol')}
        </button>
        <button type="button" className="btn btn-secondary btn-block" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
