import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr, TextAreaField } from '../components/ui.tsx';
import { encodeText, qrSvgPath } from '../stations/qr.ts';
import type { Cohort, CohortPage as CohortData, MyCertificate, MyEnrolment, Verified } from './types.ts';
import { yuan } from './types.ts';
import './training.css';

const statusBadge: Record<string, string> = { applied: 'badge-wait', accepted: 'badge-ok', completed: 'badge-ok', declined: 'badge-bad', dropped: 'badge-bad', withdrawn: 'badge-muted' };
/** Class times are Beijing times (the schedule says so), whatever the phone's time zone. */
const bj = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
export const bjDay = (iso: string) => bj(iso).slice(0, 10);
export const bjClock = (iso: string) => bj(iso).slice(11, 16);

function Cost({ c }: { c: Cohort }) {
  const { t } = useTranslation();
  return c.traineePaysFen === 0 ? <span className="badge badge-ok">{t('training.free')}</span> : <span className="badge badge-wait">{t('training.traineePays', { yuan: yuan(c.traineePaysFen) })}</span>;
}

/** /training: the classes taking applications, for anyone (phone first). */
export function TrainingList() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const list = useLoad(() => api<{ items: Cohort[] }>('GET', '/api/training/cohorts'), []);
  return (
    <section className="tr-page">
      <h1 tabIndex={-1}>{t('training.title')}</h1>
      <p className="lead">{t('training.lead')}</p>
      {list.error ? <Alert>{bannerText(t, { err: list.error })}</Alert> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !list.data.items.length ? <p className="muted">{t('training.none')}</p> : null}
      <ul className="list tr-cohorts">
        {list.data?.items.map((c) => (
          <li key={c.id} className="item" data-testid="training-cohort">
            <div className="item-head">
              <strong dir="auto">{c.programmeName}</strong>
              <Cost c={c} />
            </div>
            <p dir="auto">{c.name}</p>
            <p className="muted" dir="auto">{c.schoolName}</p>
            <p>{t('training.dates', { from: formatDate(c.startsOn, l), to: formatDate(c.endsOn, l) })}</p>
            <p dir="auto">{c.schedule}</p>
            <p>{t('training.seatsLeft', { count: c.seatsLeft })}</p>
            <Link className="btn btn-primary btn-block" to={`/training/${c.id}`}>
              {t('training.seeCohort')}
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/me/training">{t('training.me.title')}</Link>
      </p>
    </section>
  );
}

/** /training/:id: a class's schedule, place, seats left, who pays, and the Apply button within thumb's reach. */
export function CohortPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { user } = useAuth();
  const page = useLoad(() => api<CohortData>('GET', `/api/training/cohorts/${id}`), [id]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Banner>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/training/cohorts/${id}/applications`, { note: note.trim() });
      setDone(true);
      void page.reload();
    } catch (err) {
      setError({ err, overrides: reasonOverride(err, 'training.apply') });
    } finally {
      setBusy(false);
    }
  };

  if (page.error) return <Alert>{bannerText(t, { err: page.error })}</Alert>;
  if (!page.data) return <Loading />;
  const { cohort: c, courses, sessions, description } = page.data;
  return (
    <section className="tr-page">
      <h1 tabIndex={-1} dir="auto">
        {c.programmeName}
      </h1>
      <p className="lead" dir="auto">
        {c.name} · <span className="badge badge-muted">{t(`training.cohortStatus.${c.status}`)}</span>
      </p>
      <dl className="tr-facts">
        <div>
          <dt>{t('training.school')}</dt>
          <dd dir="auto">{c.schoolName}</dd>
        </div>
        <div>
          <dt>{t('training.period')}</dt>
          <dd>{t('training.dates', { from: formatDate(c.startsOn, l), to: formatDate(c.endsOn, l) })}</dd>
        </div>
        <div>
          <dt>{t('training.when')}</dt>
          <dd dir="auto">{c.schedule}</dd>
        </div>
        <div>
          <dt>{t('training.place')}</dt>
          <dd dir="auto">{c.place}</dd>
        </div>
        <div>
          <dt>{t('training.seats')}</dt>
          <dd data-testid="training-seats">{t('training.seatsOf', { left: c.seatsLeft, capacity: c.capacity })}</dd>
        </div>
        <div>
          <dt>{t('training.whoPays')}</dt>
          <dd>
            <Cost c={c} />{' '}
            <span dir="auto">{t('training.paidBy', { funder: c.funderName || t(`training.funding.${c.fundingSource}`), yuan: yuan(c.costPerTraineeFen) })}</span>
          </dd>
        </div>
      </dl>
      <div className="tr-apply panel">
        <h2 className="panel-title">{t('training.apply.title')}</h2>
        {done ? (
          <>
            <Alert kind="success">{t('training.apply.done')}</Alert>
            <Link className="btn btn-secondary btn-block" to="/me/training">
              {t('training.apply.mine')}
            </Link>
          </>
        ) : !user ? (
          <Link className="btn btn-primary btn-block" to={`/login?next=${encodeURIComponent(`/training/${c.id}`)}`}>
            {t('training.apply.signIn')}
          </Link>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Alert>{bannerText(t, error)}</Alert>
            <TextAreaField label={t('training.apply.note')} hint={t('training.apply.noteHint')} optional value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || c.status !== 'open' || c.seatsLeft <= 0}>
              {t('training.apply.submit')}
            </button>
          </form>
        )}
      </div>
      {description ? <p dir="auto">{description}</p> : null}
      <h2>{t('training.courses')}</h2>
      <ul className="tr-courses">
        {courses.map((k) => (
          <li key={k.id}>
            <span dir="auto">{k.name}</span> <span className="muted">{t('training.hours', { count: k.hours })}</span>
          </li>
        ))}
      </ul>
      <h2>{t('training.schedule')}</h2>
      {sessions.length ? (
        <ul className="tr-sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <Ltr>{`${formatDate(bjDay(s.startsAt), l)} ${bjClock(s.startsAt)}–${bjClock(s.endsAt)}`}</Ltr> <span dir="auto">{s.topic}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('training.noSessions')}</p>
      )}
    </section>
  );
}

/** A 409's reason as this page's words, when the page has words for it. */
export function reasonOverride(err: unknown, prefix: string): Record<string, string> {
  const reason = err instanceof ApiError ? ((err.extra.reason as string | undefined) ?? err.details[0]?.code) : undefined;
  return reason ? { conflict: `${prefix}.${reason}` } : {};
}

/** /me/training: my applications and their status, attendance, results, and certificates with a QR code. */
export function MyTraining() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const mine = useLoad(() => api<{ enrolments: MyEnrolment[]; certificates: MyCertificate[] }>('GET', '/api/training/me'), []);
  const [error, setError] = useState<Banner>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/training/enrolments/${id}/withdraw`);
      await mine.reload();
    } catch (err) {
      setError({ err });
    }
  };
  if (mine.error) return <Alert>{bannerText(t, { err: mine.error })}</Alert>;
  if (!mine.data) return <Loading />;
  return (
    <section className="tr-page">
      <h1 tabIndex={-1}>{t('training.me.title')}</h1>
      <nav className="tr-links" aria-label={t('nav.growthLinks')}>
        <Link to="/training">{t('training.me.browse')}</Link>
        <Link to="/me/jobs">{t('nav.jobs')}</Link>
        <Link to="/me/support">{t('nav.support')}</Link>
        <Link to="/me/enterprise">{t('nav.enterprise')}</Link>
        <Link to="/products">{t('nav.products')}</Link>
      </nav>
      <Alert>{bannerText(t, error)}</Alert>
      <h2>{t('training.me.certificates')}</h2>
      {mine.data.certificates.length ? (
        mine.data.certificates.map((c) => <CertificateCard key={c.id} c={c} l={l} />)
      ) : (
        <p className="muted">{t('training.me.noCertificates')}</p>
      )}
      <h2>{t('training.me.applications')}</h2>
      {!mine.data.enrolments.length ? (
        <p className="muted">
          {t('training.me.none')} <Link to="/training">{t('training.me.browse')}</Link>
        </p>
      ) : null}
      <ul className="list">
        {mine.data.enrolments.map((e) => {
          const present = e.attendance.filter((a) => a.status === 'present').length;
          return (
            <li key={e.id} className="item" data-testid="training-enrolment">
              <div className="item-head">
                <strong dir="auto">{e.cohort.programmeName}</strong>
                <span className={`badge ${statusBadge[e.status] ?? 'badge-muted'}`} data-status={e.status}>
                  {t(`training.status.${e.status}`)}
                </span>
              </div>
              <p dir="auto">
                {e.cohort.name} · {e.cohort.schoolName}
              </p>
              <p>{t('training.dates', { from: formatDate(e.cohort.startsOn, l), to: formatDate(e.cohort.endsOn, l) })}</p>
              {e.reason ? <p className="reason">{t('training.me.reason', { reason: e.reason })}</p> : null}
              {e.attendance.length ? <p>{t('training.me.attended', { present, total: e.attendance.length })}</p> : null}
              {e.results.map((r, i) => (
                <p key={i}>
                  {t('training.me.results')}: {t('training.me.scores', { theory: r.theoryScore, practice: r.practiceScore })}{' '}
                  <span className={`badge ${r.passed ? 'badge-ok' : 'badge-bad'}`}>{r.passed ? t('training.me.passed') : t('training.me.failed')}</span>
                </p>
              ))}
              {e.status === 'applied' || e.status === 'accepted' ? (
                <button type="button" className="btn btn-secondary btn-block" onClick={() => void withdraw(e.id)}>
                  {t('training.me.withdraw')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p>
        <Link to="/training">{t('training.me.browse')}</Link>
      </p>
    </section>
  );
}

export const verifyUrl = (number: string) => `${window.location.origin}/certificates/${encodeURIComponent(number)}`;

function Qr({ text, label }: { text: string; label: string }) {
  const { d, viewBox } = useMemo(() => qrSvgPath(encodeText(text, 'M')), [text]);
  return (
    <svg className="tr-qr" viewBox={viewBox} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="certificate-qr" data-url={text}>
      <rect width="100%" height="100%" fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** The printable certificate, with a QR code that opens its public verify page. */
function CertificateCard({ c, l }: { c: MyCertificate; l: string }) {
  const { t } = useTranslation();
  const url = verifyUrl(c.number);
  return (
    <article className="tr-cert" data-testid="training-certificate">
      <p className="tr-cert-kicker">{t('training.cert.heading')}</p>
      <p className="tr-cert-title" dir="auto">
        {t(`training.occupations.${c.occupation}`, { defaultValue: c.occupation })} · {t('training.level', { level: c.level })}
      </p>
      <div className="tr-cert-body">
        <dl>
          <div>
            <dt>{t('training.cert.holder')}</dt>
            <dd dir="auto">{c.holderName}</dd>
          </div>
          <div>
            <dt>{t('training.cert.number')}</dt>
            <dd>
              <Ltr>{c.number}</Ltr>
            </dd>
          </div>
          <div>
            <dt>{t('training.cert.issuedOn')}</dt>
            <dd>{formatDate(c.issuedOn, l)}</dd>
          </div>
          <div>
            <dt>{t('training.cert.issuer')}</dt>
            <dd dir="auto">{c.schoolName}</dd>
          </div>
        </dl>
        <Link to={`/certificates/${encodeURIComponent(c.number)}`} className="tr-qr-link">
          <Qr text={url} label={t('training.cert.qrAlt')} />
        </Link>
      </div>
      <p className="muted">{t('training.me.scanToVerify')}</p>
      {!c.valid ? <p className="badge badge-bad">{t('training.cert.revoked')}</p> : null}
      <div className="tr-buttons no-print">
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          {t('training.me.print')}
        </button>
        <a className="btn btn-secondary" href={`/api/training/certificates/${c.id}/pdf`} data-testid="certificate-pdf">
          {t('training.me.pdf')}
        </a>
      </div>
    </article>
  );
}

/** /certificates/:number: the public check anyone reaches from the QR code. */
export function CertificateVerify() {
  const { number = '' } = useParams();
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const v = useLoad(() => api<Verified>('GET', `/api/certificates/verify/${encodeURIComponent(number)}`), [number]);
  const notFound = v.error instanceof ApiError && v.error.status === 404;
  return (
    <section className="tr-page">
      <h1 tabIndex={-1}>{t('training.cert.verifyTitle')}</h1>
      {v.loading && !v.data ? <Loading /> : null}
      {notFound ? (
        <Alert kind="warning">
          <span data-testid="certificate-not-found">{t('training.cert.notFound')}</span>
        </Alert>
      ) : v.error ? (
        <Alert>{bannerText(t, { err: v.error })}</Alert>
      ) : null}
      {v.data ? (
        <article className="tr-cert" data-testid="certificate-verified" data-valid={v.data.valid ? 'true' : 'false'}>
          <p className={`badge ${v.data.valid ? 'badge-ok' : 'badge-bad'}`}>{v.data.valid ? t('training.cert.valid') : t('training.cert.revoked')}</p>
          {v.data.revokedOn ? <p>{t('training.cert.revokedOn', { date: formatDate(v.data.revokedOn, l) })}</p> : null}
          <p className="muted">{t('training.cert.verifyLead')}</p>
          <p className="tr-cert-kicker">{t('training.cert.heading')}</p>
          <dl className="tr-facts">
            <div>
              <dt>{t('training.cert.holder')}</dt>
              <dd data-testid="certificate-holder" dir="auto">
                {v.data.holderMasked}
              </dd>
            </div>
            <div>
              <dt>{t('training.occupation')}</dt>
              <dd dir="auto">{t(`training.occupations.${v.data.occupation}`, { defaultValue: v.data.occupation })}</dd>
            </div>
            <div>
              <dt>{t('training.levelName')}</dt>
              <dd data-testid="certificate-level">{t('training.level', { level: v.data.level })}</dd>
            </div>
            <div>
              <dt>{t('training.cert.number')}</dt>
              <dd>
                <Ltr>{v.data.number}</Ltr>
              </dd>
            </div>
            <div>
              <dt>{t('training.cert.issuedOn')}</dt>
              <dd>{formatDate(v.data.issuedOn, l)}</dd>
            </div>
            <div>
              <dt>{t('training.cert.issuer')}</dt>
              <dd dir="auto">{v.data.schoolName}</dd>
            </div>
          </dl>
        </article>
      ) : null}
    </section>
  );
}
