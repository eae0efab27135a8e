import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError, qs } from '../../api.ts';
import { hasRole, useAuth } from '../../auth.tsx';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, SelectField } from '../../components/ui.tsx';
import { CaseCardHead, EscalationBadge, When } from '../../cases/common.tsx';
import { CATEGORIES, PAUSED, type QueueItem } from '../../cases/types.ts';

const SCOPES = ['unassigned', 'mine', 'all'] as const;
type Scope = (typeof SCOPES)[number];
type Page = { items: QueueItem[]; nextCursor: string | null };

/** The union's intake queue and the officer's own cases: soonest deadline first, overdue in red. */
export function CaseQueue() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>('unassigned');
  const [category, setCategory] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [more, setMore] = useState<QueueItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [takeError, setTakeError] = useState<{ id: string; err: unknown } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const query = (c?: string | null) => `/api/cases/queue${qs({ scope, category, overdue: overdue ? 'true' : undefined, cursor: c ?? undefined })}`;
  const list = useLoad(async () => {
    const r = await api<Page>('GET', query());
    setMore([]);
    setCursor(r.nextCursor);
    return r;
  }, [scope, category, overdue]);
  const items = [...(list.data?.items ?? []), ...more];

  const loadMore = async () => {
    if (!cursor) return;
    const r = await api<Page>('GET', query(cursor));
    setMore((m) => [...m, ...r.items]);
    setCursor(r.nextCursor);
  };

  const take = async (c: QueueItem) => {
    setBusy(c.id);
    setTakeError(null);
    try {
      await api('POST', `/api/cases/${c.id}/actions`, { action: 'take' });
      navigate(`/console/cases/${c.id}`);
    } catch (err) {
      setTakeError({ id: c.id, err });
      void list.reload();
    } finally {
      setBusy(null);
    }
  };
  // Only the owner and the union chair open a case; other officers see the summary here.
  const canOpen = (c: QueueItem) => c.officer?.userId === user?.id || hasRole(user, 'union_chair');

  return (
    <section className="case-queue">
      <h1 tabIndex={-1}>{t('caseOps.queueTitle')}</h1>
      <p className="muted">{t('caseOps.queueIntro')}</p>
      <div className="tabs" role="group" aria-label={t('caseOps.scopeLabel')}>
        {SCOPES.map((s) => (
          <button key={s} type="button" aria-pressed={scope === s} onClick={() => setScope(s)} data-scope={s}>
            {t(`caseOps.scope.${s}`)}
          </button>
        ))}
      </div>
      <div className="filter-row queue-filters">
        <SelectField label={t('caseOps.categoryFilter')} name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('caseOps.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}.name`)}
            </option>
          ))}
        </SelectField>
        <label className="switch">
          <input type="checkbox" name="overdue" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
          <span>{t('caseOps.overdueOnly')}</span>
        </label>
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !items.length ? <p className="muted">{t(`caseOps.empty.${scope}`)}</p> : null}
      <ul className="cards" data-testid="queue">
        {items.map((c) => {
          const firstPending = c.firstResponseDue && c.status === 'submitted';
          const due = firstPending ? c.firstResponseDue : c.resolutionDue;
          return (
            <li key={c.id} className={`item case-card${c.overdue ? ' is-overdue' : ''}`} data-case-id={c.id} data-status={c.status} data-overdue={c.overdue}>
              <CaseCardHead c={c}>
                {c.priority !== 'normal' ? (
                  <>
                    {' '}
                    <span className="badge badge-wait">{t(`priority.${c.priority}`, { defaultValue: c.priority })}</span>
                  </>
                ) : null}
              </CaseCardHead>
              {c.place ? (
                <p className="small muted">
                  <bdi>{c.place}</bdi>
                </p>
              ) : null}
              <p className={`small due${c.overdue ? ' is-overdue' : ''}`} data-testid="queue-due">
                {PAUSED.includes(c.status) || c.paused ? (
                  t('caseOps.clockPaused')
                ) : due ? (
                  <>
                    {t(firstPending ? 'caseOps.firstDue' : 'caseOps.resolveDue')} <When iso={due} />
                  </>
                ) : null}
                {c.overdue ? (
                  <>
                    {' '}
                    <span className="badge badge-bad">{t('cases.overdue')}</span>
                  </>
                ) : null}{' '}
                <EscalationBadge level={c.escalation} />
              </p>
              <p className="small muted">
                {t('caseOps.filed')} <When iso={c.submittedAt} /> · {c.officer ? <bdi>{c.officer.name}</bdi> : t('caseOps.noOwner')}
              </p>
              {takeError?.id === c.id ? <Alert>{takeMessage(t, takeError.err)}</Alert> : null}
              <div className="actions">
                {c.status === 'submitted' && !c.officer ? (
                  <button type="button" className="btn btn-primary" disabled={busy === c.id} onClick={() => void take(c)} aria-label={`${t('caseOps.take')}: ${c.caseNo}`} data-testid="take">
                    {t('caseOps.take')}
                  </button>
                ) : null}
                {canOpen(c) ? (
                  <Link className="btn btn-secondary" to={`/console/cases/${c.id}`} aria-label={`${t('caseOps.open')}: ${c.caseNo}`}>
                    {t('caseOps.open')}
                  </Link>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {takeError && !items.some((c) => c.id === takeError.id) ? <Alert>{takeMessage(t, takeError.err)}</Alert> : null}
      {cursor ? (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => void loadMore()}>
          {t('caseOps.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

/** A take that lost: someone else took the case a moment earlier (409 already_taken, or the case has moved on). */
function takeMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.status === 409) return t('caseOps.alreadyTaken');
  return errorMessage(t, err);
}
