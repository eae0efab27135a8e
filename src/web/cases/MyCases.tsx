import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, NETWORK } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLoad } from '../data.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { backToDraft, draftHasContent, flush, loadDraft, removeEntry, type OutboxEntry } from './outbox.ts';
import { CaseCardHead, When } from './common.tsx';
import { CASES_SENT_EVENT, useOnline, useOutbox } from './hooks.ts';
import type { MyCase } from './types.ts';

/** The worker's cases: what waits on the phone first, then the union's list, newest first. */
export function MyCases() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const location = useLocation();
  const navigate = useNavigate();
  const online = useOnline();
  const list = useLoad(() => api<{ items: MyCase[] }>('GET', '/api/cases/mine').then((r) => r.items));
  const outbox = useOutbox(userId);
  const waiting = outbox.filter((e) => !e.caseId);
  const [draftOpen] = useState(() => (userId ? draftHasContent(loadDraft(userId)) : false));
  const queued = (location.state as { queued?: string } | null)?.queued;
  const { reload } = list;

  // A case sent from the outbox (network back) joins the list.
  useEffect(() => {
    const again = () => void reload();
    window.addEventListener(CASES_SENT_EVENT, again);
    return () => window.removeEventListener(CASES_SENT_EVENT, again);
  }, [reload]);
  // Back online: fetched again (not on opening: the list is already on its way).
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) void reload();
    wasOnline.current = online;
  }, [online, reload]);

  const offlineError = list.error instanceof ApiError && list.error.code === NETWORK;
  return (
    <section className="my-cases">
      <h1 tabIndex={-1}>{t('cases.mineTitle')}</h1>
      <p className="muted">{t('cases.mineIntro')}</p>
      <Link className="btn btn-primary btn-block" to="/me/cases/new" data-testid="new-case">
        {draftOpen ? t('cases.continueDraft') : t('cases.newCase')}
      </Link>
      {queued && waiting.some((e) => e.clientRef === queued) ? (
        <Alert kind="info">
          <span data-testid="queued-notice">{t('cases.queuedNotice')}</span>
        </Alert>
      ) : null}
      {waiting.length ? (
        <>
          <h2>{t('cases.onPhoneTitle')}</h2>
          <ul className="cards" data-testid="outbox">
            {waiting.map((e) => (
              <OutboxItem key={e.clientRef} entry={e} userId={userId!} onEdit={() => navigate('/me/cases/new')} />
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('cases.sentTitle')}</h2>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert kind={offlineError ? 'info' : 'error'}>{offlineError ? t('cases.offlineList') : errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.data.length ? <p className="muted">{t('cases.noCases')}</p> : null}
      <ul className="cards" data-testid="my-cases">
        {(list.data ?? []).map((c) => (
          <li key={c.id} className="item case-card" data-case-id={c.id} data-status={c.status}>
            <CaseCardHead c={c} to={`/me/cases/${c.id}`} />
            <p className="small muted">
              {t('cases.filedOn')} <When iso={c.submittedAt} time={false} />
              {c.updatedAt && c.updatedAt !== c.submittedAt ? (
                <>
                  {' · '}
                  {t('cases.updatedOn')} <When iso={c.updatedAt} />
                </>
              ) : null}
            </p>
            {c.status === 'proposed_closed' ? <p className="badge badge-wait">{t('cases.yourAnswerNeeded')}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OutboxItem({ entry, userId, onEdit }: { entry: OutboxEntry; userId: string; onEdit: () => void }) {
  const { t } = useTranslation();
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const failed = entry.state === 'failed';
  const retry = async () => {
    setBusy(true);
    setProblem(null);
    const [r] = await flush(userId, entry.clientRef);
    if (r?.result === 'network') setProblem(t('cases.stillOffline'));
    if (r?.result === 'sent') window.dispatchEvent(new CustomEvent(CASES_SENT_EVENT));
    setBusy(false);
  };
  const edit = () => {
    if (draftHasContent(loadDraft(userId))) return setProblem(t('cases.finishDraftFirst'));
    if (backToDraft(userId, entry.clientRef)) onEdit();
  };
  return (
    <li className="item case-card is-waiting" data-client-ref={entry.clientRef} data-state={entry.state}>
      <div className="item-head">
        <strong>
          <bdi>{entry.payload.title}</bdi>
        </strong>
        <span className={`badge ${failed ? 'badge-bad' : 'badge-wait'}`} data-testid="waiting-badge">
          {failed ? t('cases.notAccepted') : t('cases.waitingToSend')}
        </span>
      </div>
      <p className="small">
        {t(`categories.${entry.payload.category}.name`)}
        {entry.files.length ? ` · ${t('cases.filesCount', { count: entry.files.length })}` : ''}
      </p>
      <p className="small muted">
        {failed ? errorMessage(t, new ApiError(entry.error?.status ?? 500, entry.error?.code ?? 'internal', '')) : online ? t('cases.sendingSoon') : t('cases.waitingExplained')}
      </p>
      {problem ? <p className="field-error">{problem}</p> : null}
      <div className="actions">
        {failed ? (
          <button type="button" className="btn btn-secondary" onClick={edit}>
            {t('cases.editAndSend')}
          </button>
        ) : (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void retry()}>
            {busy ? t('cases.sending') : t('cases.sendNow')}
          </button>
        )}
        {confirmDelete ? (
          <>
            <button type="button" className="btn btn-danger" onClick={() => void removeEntry(userId, entry.clientRef)}>
              {t('cases.deleteConfirm')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-link" onClick={() => setConfirmDelete(true)}>
            {t('cases.deleteFromPhone')}
          </button>
        )}
      </div>
    </li>
  );
}
