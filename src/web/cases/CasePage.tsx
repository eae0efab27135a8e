import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLoad, useReference } from '../data.ts';
import { nameOf } from '../i18n/index.ts';
import { errorMessage, issueText, serverIssues } from '../errors.ts';
import { Alert, Loading, TextAreaField } from '../components/ui.tsx';
import { autoDir, CaseHeader, CaseNo, Deadline, EvidencePicker, FileLinks, fileProblem, isOpen, outcomeText, RatingInput, Timeline, When } from './common.tsx';
import { NOTIFICATIONS_EVENT, useOutbox } from './hooks.ts';
import { removeEntry } from './outbox.ts';
import { fsi, ltr } from '../stations/common.tsx';
import type { CaseDetail } from './types.ts';

export const loadCase = (id: string) => api<{ case: CaseDetail }>('GET', `/api/cases/${id}`).then((r) => r.case);

/** Marks the notifications about this case read once the reader has opened it (one request; the bell reloads if any were). */
export function useReadNotificationsOf(caseId: string) {
  useEffect(() => {
    let live = true;
    api<{ marked: number }>('POST', '/api/notifications/read', { caseId })
      .then((r) => {
        if (r.marked > 0 && live) window.dispatchEvent(new CustomEvent(NOTIFICATIONS_EVENT));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [caseId]);
}

/** The worker's case: where it stands, the deadline, the steps, messages, evidence, and the answer to a proposed closure. */
export function CasePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const location = useLocation();
  const one = useLoad(() => loadCase(id), [id]);
  const ref = useReference();
  const outbox = useOutbox(user?.id ?? null);
  useReadNotificationsOf(id);
  const filed = (location.state as { filed?: boolean } | null)?.filed;

  if (one.loading && !one.data) return <Loading />;
  if (!one.data) return <Alert>{errorMessage(t, one.error, { not_found: t('cases.notFound') })}</Alert>;
  const c = one.data;
  const left = outbox.find((e) => e.caseId === c.id);
  const platform = ref.data?.platforms.find((p) => p.code === c.platformCode);
  const setCase = (next: CaseDetail) => one.setData(next);

  return (
    <section className="case-page" data-case-id={c.id} data-status={c.status}>
      <CaseHeader c={c} back="/me/cases" backLabel={t('cases.backToMine')} />
      {filed ? (
        <Alert kind="success">
          <span data-testid="filed-notice">{t('cases.filedNotice', { union: fsi(c.union.name) })}</span>
        </Alert>
      ) : null}
      {left ? (
        <div className="alert alert-warning" role="alert" data-testid="draft-file-problems">
          <p className="alert-title">{left.files.some((f) => f.state === 'waiting') ? t('cases.filesWaiting') : t('cases.filesNotAttached')}</p>
          <ul>
            {left.files
              .filter((f) => f.state !== 'sent')
              .map((f) => (
                <li key={f.id} data-file-state={f.state}>
                  <bdi>{f.name}</bdi>: {f.state === 'waiting' ? t('cases.waitingToSend') : fileProblem(t, f.error)}
                </li>
              ))}
          </ul>
          {!left.files.some((f) => f.state === 'waiting') ? (
            <button type="button" className="btn btn-secondary" onClick={() => void removeEntry(user!.id, left.clientRef)}>
              {t('cases.dismiss')}
            </button>
          ) : null}
        </div>
      ) : null}

      <Deadline sla={c.sla} status={c.status} audience="worker" />
      {c.status === 'waiting_worker' ? <WaitingOnYou c={c} /> : null}
      {c.status === 'proposed_closed' ? <AnswerClosure c={c} onDone={setCase} /> : null}
      {c.status === 'appealed' ? <p className="panel">{t('cases.appealedNote')}</p> : null}
      {c.status === 'closed' && c.outcome ? (
        <div className="panel outcome-panel" data-testid="outcome">
          <p className="panel-title">{t('cases.outcomeTitle')}</p>
          <p>{outcomeText(t, c.outcome)}</p>
          {c.outcome.note ? <p dir="auto" className="prewrap">{c.outcome.note}</p> : null}
          {c.rating ? <p className="small">{t('cases.yourRating', { rating: ltr(c.rating) })}</p> : null}
        </div>
      ) : null}

      <nav className="jump-links" aria-label={t('cases.jumpLabel')}>
        <a href="#case-steps">{t('cases.stepsTitle')}</a>
        {isOpen(c) ? <a href="#case-message">{t('cases.messageTitle')}</a> : null}
        <a href="#case-evidence">{t('cases.evidenceTitle')}</a>
        <a href="#case-details">{t('cases.detailsTitle')}</a>
      </nav>

      <section id="case-steps" aria-labelledby="case-steps-title" className="station-section">
        <h2 id="case-steps-title">{t('cases.stepsTitle')}</h2>
        <Timeline entries={c.timeline} audience="worker" />
      </section>

      {isOpen(c) ? <MessageForm c={c} onSent={setCase} /> : null}

      <section id="case-evidence" aria-labelledby="case-evidence-title" className="station-section">
        <h2 id="case-evidence-title">{t('cases.evidenceTitle')}</h2>
        <FileLinks caseId={c.id} files={c.files} />
        {isOpen(c) ? <EvidencePicker caseId={c.id} onAdded={() => void one.reload()} /> : null}
        {c.letters.filter((l) => l.sentAt).length ? (
          <>
            <h3>{t('cases.lettersTitle')}</h3>
            <ul className="file-list">
              {c.letters
                .filter((l) => l.sentAt)
                .map((l) => (
                  <li key={l.id}>
                    <a href={`/api/cases/${c.id}/letters/${l.id}/pdf`} target="_blank" rel="noopener">
                      <bdi>{l.subject}</bdi>
                    </a>{' '}
                    <span className="small muted">
                      <CaseNo no={l.letterNo} /> · <When iso={l.sentAt} time={false} />
                    </span>
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </section>

      <section id="case-details" aria-labelledby="case-details-title" className="station-section">
        <h2 id="case-details-title">{t('cases.detailsTitle')}</h2>
        <dl className="details">
          <div>
            <dt>{t('fields.category')}</dt>
            <dd>{t(`categories.${c.category}.name`, { defaultValue: c.category })}</dd>
          </div>
          <div>
            <dt>{t('cases.union')}</dt>
            <dd>
              <bdi>{c.union.name}</bdi>
            </dd>
          </div>
          {c.occurredOn ? (
            <div>
              <dt>{t('fields.occurredOn')}</dt>
              <dd>
                <When iso={c.occurredOn} time={false} />
              </dd>
            </div>
          ) : null}
          {c.place ? (
            <div>
              <dt>{t('fields.place')}</dt>
              <dd>
                <bdi>{c.place}</bdi>
              </dd>
            </div>
          ) : null}
          {c.respondent.name ? (
            <div>
              <dt>{t('cases.against')}</dt>
              <dd>
                <bdi>{c.respondent.name}</bdi> · {t(`respondentKinds.${c.respondent.kind}`, { defaultValue: c.respondent.kind })}
              </dd>
            </div>
          ) : null}
          {platform ? (
            <div>
              <dt>{t('fields.platform')}</dt>
              <dd>{nameOf(platform, i18n.language)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('cases.identity')}</dt>
            <dd>{c.identityShown ? t('cases.identityShownYes') : t('cases.identityShownNo')}</dd>
          </div>
          {c.officer ? (
            <div>
              <dt>{t('cases.officer')}</dt>
              <dd>{t('cases.officerAssigned')}</dd>
            </div>
          ) : null}
          {c.lawyer ? (
            <div>
              <dt>{t('cases.lawyer')}</dt>
              <dd>
                <bdi>{c.lawyer.name}</bdi>
              </dd>
            </div>
          ) : null}
        </dl>
        <h3>{t('cases.q.description')}</h3>
        <p dir="auto" className="prewrap panel">{c.description}</p>
        {c.allowedActions.includes('withdraw') ? <Withdraw c={c} onDone={setCase} /> : null}
      </section>
    </section>
  );
}

/** What the union asked of the worker when it paused the clock on them. */
function WaitingOnYou({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const ask = [...c.timeline].reverse().find((e) => e.kind === 'status_waiting_worker');
  return (
    <div className="panel panel-attention" data-testid="waiting-on-you">
      <p className="panel-title">{t('cases.unionAsks')}</p>
      {ask?.body ? <p dir="auto" className="prewrap">{ask.body}</p> : null}
      <p className="small">
        <a href="#case-message">{t('cases.answerBelow')}</a>
      </p>
    </div>
  );
}

/** The union proposes to close: confirm with a rating, or reject and the union chair reviews it. */
function AnswerClosure({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState<number | null>(null);
  const [mode, setMode] = useState<'confirm' | 'reject'>('confirm');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const canAppeal = c.appealCount < 1;
  const send = async (action: 'confirm' | 'reject') => {
    if (action === 'confirm' && !rating) return setMissing(true);
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action };
      if (action === 'confirm') body.rating = rating;
      if (note.trim()) body.note = note.trim();
      const r = await api<{ case: CaseDetail }>('POST', `/api/cases/${c.id}/actions`, body);
      onDone(r.case);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = serverIssues(error);
  const code = error instanceof ApiError ? error.details[0]?.code : undefined;
  return (
    <div className="panel panel-attention closure-panel" data-testid="closure-proposal">
      <p className="panel-title">{t('cases.proposedTitle')}</p>
      {c.outcome ? (
        <p>
          <strong>{outcomeText(t, c.outcome)}</strong>
        </p>
      ) : null}
      {c.outcome?.note ? <p dir="auto" className="prewrap">{c.outcome.note}</p> : null}
      {c.appealUntil ? (
        <p className="small" data-testid="appeal-until">
          {t('cases.answerUntil')} <When iso={c.appealUntil} />
        </p>
      ) : null}
      <p className="small muted">{t('cases.silenceCloses')}</p>
      {mode === 'confirm' ? (
        <>
          <RatingInput value={rating} onChange={(n) => (setRating(n), setMissing(false))} />
          {missing ? <p className="field-error">{t('cases.rateFirst')}</p> : null}
          {rating !== null && rating <= 2 ? <p className="small">{canAppeal ? t('cases.lowRatingAppeals') : t('cases.appealUsed')}</p> : null}
          <div className="actions">
            <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void send('confirm')} data-testid="confirm-close">
              {t('cases.confirmClose')}
            </button>
            {canAppeal ? (
              <button type="button" className="btn btn-secondary btn-block" onClick={() => setMode('reject')} data-testid="start-reject">
                {t('cases.notSolved')}
              </button>
            ) : null}
          </div>
        </>
      ) : (
        <>
          <TextAreaField label={t('cases.rejectWhy')} hint={t('cases.rejectHint')} optional name="rejectNote" rows={3} maxLength={2000} value={note} dir={autoDir(note)} onChange={(e) => setNote(e.target.value)} error={issueText(t, field.note)} />
          <div className="actions">
            <button type="button" className="btn btn-danger btn-block" disabled={busy} onClick={() => void send('reject')} data-testid="reject-close">
              {t('cases.rejectClose')}
            </button>
            <button type="button" className="btn btn-secondary btn-block" onClick={() => setMode('confirm')}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
      {error ? <Alert>{code && ['appeal_window_passed', 'appeal_used'].includes(code) ? t(`cases.${code}`) : errorMessage(t, error, { conflict: t('cases.changedMeanwhile') })}</Alert> : null}
    </div>
  );
}

export function MessageForm({ c, onSent, staff = false }: { c: CaseDetail; onSent: (c: CaseDetail) => void; staff?: boolean }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return setEmpty(true);
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const r = await api<{ case: CaseDetail }>('POST', `/api/cases/${c.id}/messages`, staff && internal ? { body: body.trim(), internal: true } : { body: body.trim() });
      setBody('');
      setSent(staff && internal ? t('caseOps.noteSaved') : t('cases.messageSent'));
      onSent(r.case);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section id="case-message" aria-labelledby="case-message-title" className="station-section">
      <h2 id="case-message-title">{staff ? t('caseOps.messageTitle') : t('cases.messageTitle')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextAreaField
          label={staff && internal ? t('caseOps.noteLabel') : staff ? t('caseOps.messageLabel') : t('cases.messageLabel')}
          hint={staff ? (internal ? t('caseOps.noteHint') : t('caseOps.messageHint')) : t('cases.messageHint')}
          name="message"
          rows={3}
          maxLength={4000}
          value={body} dir={autoDir(body)}
          onChange={(e) => (setBody(e.target.value), setEmpty(false))}
          error={empty ? t('errors.field.required', { field: t('fields.body') }) : issueText(t, serverIssues(error).body)}
        />
        {staff ? (
          <label className="switch">
            <input type="checkbox" name="internal" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
            <span>{t('caseOps.internalSwitch')}</span>
          </label>
        ) : null}
        {sent ? (
          <Alert kind="success">
            <span data-testid="message-sent">{sent}</span>
          </Alert>
        ) : null}
        {error ? <Alert>{errorMessage(t, error, { conflict: t('cases.changedMeanwhile') })}</Alert> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {staff && internal ? t('caseOps.saveNote') : t('cases.sendMessage')}
        </button>
      </form>
    </section>
  );
}

function Withdraw({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    try {
      const r = await api<{ case: CaseDetail }>('POST', `/api/cases/${c.id}/actions`, { action: 'withdraw' });
      onDone(r.case);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="withdraw">
      {confirm ? (
        <div className="panel">
          <p>{t('cases.withdrawExplain')}</p>
          <div className="actions">
            <button type="button" className="btn btn-danger" onClick={() => void go()}>
              {t('cases.withdrawConfirm')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirm(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn btn-link" onClick={() => setConfirm(true)}>
          {t('cases.withdraw')}
        </button>
      )}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
    </div>
  );
}
