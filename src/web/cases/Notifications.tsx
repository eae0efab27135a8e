import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, type Me } from '../api.ts';
import { hasRole, isStaff, useAuth } from '../auth.tsx';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { fsi, ltr, marks, withLtr } from '../stations/common.tsx';
import { NOTIFICATIONS_EVENT, useNotifications, type NotificationList } from './hooks.ts';
import { When } from './common.tsx';
import type { Notification } from './types.ts';

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One notification in the reader's words (the server sends a kind and data, never text). */
export function notificationText(t: TFunction, n: Notification, lang: string, no = ltr(s(n.data.caseNo))): string {
  const d = n.data;
  switch (n.kind) {
    case 'case_new':
      return t('notify.case_new', { category: t(`categories.${s(d.category)}.name`, { defaultValue: s(d.category) }) });
    case 'case_update':
      if (d.status) return t('notify.case_status', { no, status: t(`caseStatus.${s(d.status)}`, { defaultValue: s(d.status) }) });
      return t('notify.case_step', { no, step: t(`notify.step.${s(d.step)}`, { defaultValue: t('notify.step.other') }) });
    case 'case_message':
      return t('notify.case_message', { no });
    case 'case_file':
      return t('notify.case_file', { no });
    case 'case_overdue':
      return t(Number(d.level) >= 2 ? 'notify.case_overdue_federation' : 'notify.case_overdue', { no });
    case 'rule_changed':
      return t('notify.rule_changed', { title: fsi(s(d.title)), by: fsi(s(d.changedBy)), date: ltr(formatDate(s(d.effectiveOn), lang)) });
    case 'training_update':
      return t('notify.training_update', { status: t(`training.status.${s(d.status)}`, { defaultValue: s(d.status) }) });
    case 'training_certificate':
      return t('notify.training_certificate', { level: ltr(s(d.level)) });
    case 'jobs.recommended':
      return t('notify.jobs_recommended', { title: fsi(s(d.orderTitle)), employer: fsi(s(d.employer)) });
    case 'jobs.interview':
      return t('notify.jobs_interview', { title: fsi(s(d.orderTitle)), at: ltr(formatDate(s(d.at), lang, true)) });
    case 'jobs.hired':
      return t('notify.jobs_hired', { title: fsi(s(d.orderTitle)), employer: fsi(s(d.employer)), date: ltr(formatDate(s(d.startedOn), lang)) });
    case 'jobs.declined':
      return t('notify.jobs_declined', { title: fsi(s(d.orderTitle)), reason: fsi(s(d.reason)) });
    case 'jobs.withdrawn':
      return t('notify.jobs_withdrawn', { title: fsi(s(d.orderTitle)) });
    case 'policy_submitted':
    case 'policy_decided':
    case 'policy_paid': {
      const scheme = t(`policy.kind.${s(d.schemeKind)}`, { defaultValue: s(d.scheme) });
      if (n.kind === 'policy_submitted') return t('notify.policy_submitted', { scheme });
      if (n.kind === 'policy_paid') return t('notify.policy_paid', { scheme, amount: ltr((Number(d.amountFen) / 100).toFixed(2)) });
      return t('notify.policy_decided', { scheme, status: t(`policy.status.${s(d.status)}`, { defaultValue: s(d.status) }) });
    }
    case 'campaign_assigned':
    case 'campaign_overdue':
      return t(`notify.${n.kind}`, { title: s(d.title), deadline: ltr(s(d.deadline)) });
    default:
      return t('notify.other');
  }
}

/** Where a notification leads: the worker's own page for it (case, training, jobs, support), or the staff's. */
export function notificationLink(u: Me | null, n: Notification): string | null {
  if (n.kind === 'training_update' || n.kind === 'training_certificate') return '/me/training';
  if (n.kind.startsWith('jobs.')) return '/me/jobs';
  if (n.kind === 'policy_submitted') return typeof n.data.applicationId === 'string' ? `/console/policy/${n.data.applicationId}` : '/console/policy';
  if (n.kind === 'policy_decided' || n.kind === 'policy_paid') return '/me/support';
  if (n.kind.startsWith('campaign_')) return typeof n.data.problemId === 'string' ? `/console/campaign/problems/${n.data.problemId}` : '/console/campaign';
  const caseId = typeof n.data.caseId === 'string' ? n.data.caseId : null;
  if (!caseId) return null;
  if (n.kind === 'case_new' || n.kind === 'case_overdue') return `/console/cases/${caseId}`;
  if (u?.workerId && !isStaff(u)) return `/me/cases/${caseId}`;
  if (hasRole(u, 'union_officer', 'union_chair')) return `/console/cases/${caseId}`;
  if (hasRole(u, 'lawyer')) return `/console/legal/${caseId}`;
  return u?.workerId ? `/me/cases/${caseId}` : null;
}

/** The bell in the header: the unread count, and a link to the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const data = useNotifications(user?.id ?? null, pathname);
  if (!user) return null;
  const unread = data?.unread ?? 0;
  return (
    <Link to="/notifications" className="bell" data-testid="bell" data-unread={unread} aria-label={unread ? t('notify.bellUnread', { count: unread }) : t('notify.bell')}>
      <svg className="icon" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9 M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread ? (
        <span className="bell-count" dir="ltr">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const list = useLoad(() => api<NotificationList>('GET', '/api/notifications/me'));
  const [error, setError] = useState<unknown>(null);
  const mark = async (body: { ids: string[] } | { all: true }) => {
    setError(null);
    try {
      await api('POST', '/api/notifications/read', body);
      window.dispatchEvent(new CustomEvent(NOTIFICATIONS_EVENT));
      await list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const open = async (n: Notification, to: string) => {
    if (!n.read) await mark({ ids: [n.id] });
    navigate(to);
  };
  const items = list.data?.items ?? [];
  return (
    <section className="notifications">
      <h1 tabIndex={-1}>{t('notify.title')}</h1>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {list.data ? (
        <p className="row-between">
          <span className="muted" role="status">
            {t('notify.unread', { count: list.data.unread })}
          </span>
          {list.data.unread ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void mark({ all: true })}>
              {t('notify.markAll')}
            </button>
          ) : null}
        </p>
      ) : null}
      {list.data && !items.length ? <p className="muted">{t('notify.empty')}</p> : null}
      <ul className="cards notification-list" data-testid="notifications">
        {items.map((n) => {
          const to = notificationLink(user, n);
          // The case number as one unbreakable left-to-right piece inside the sentence.
          const text = withLtr(notificationText(t, n, i18n.language, marks('no').no), { no: <span className="case-no">{s(n.data.caseNo)}</span> });
          return (
            <li key={n.id} className={`item notification${n.read ? '' : ' is-unread'}`} data-kind={n.kind} data-case-id={s(n.data.caseId)} data-read={n.read}>
              <p className="notification-text">
                {!n.read ? <span className="dot" aria-label={t('notify.new')} /> : null}
                {to ? (
                  <a
                    href={to}
                    onClick={(e) => {
                      e.preventDefault();
                      void open(n, to);
                    }}
                  >
                    {text}
                  </a>
                ) : (
                  <span>{text}</span>
                )}
              </p>
              {n.kind === 'rule_changed' && n.data.summary ? <p dir="auto" className="small prewrap">{s(n.data.summary)}</p> : null}
              <p className="small muted">
                <When iso={n.createdAt} />
              </p>
              {!n.read && !to ? (
                <button type="button" className="btn btn-link" onClick={() => void mark({ ids: [n.id] })}>
                  {t('notify.markRead')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
