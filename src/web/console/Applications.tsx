import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Application } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, errorMessage, issue, issueText, noticeText, serverIssues, type Banner, type Issue, type Notice } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextAreaField } from '../components/ui.tsx';
import { StatusBadge } from '../pages/MyUnion.tsx';
import { unionsOf } from './modules.ts';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

export function Applications() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const unions = unionsOf(user);
  const [unionId, setUnionId] = useState(unions[0]?.id ?? '');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const [notice, setNotice] = useState<Notice>(null);
  const list = useLoad(() => api<{ items: Application[] }>('GET', `/api/unions/${unionId}/applications?status=${status}`).then((r) => r.items), [unionId, status]);

  return (
    <section>
      <h1 tabIndex={-1}>{t('applications.title')}</h1>
      {unions.length > 1 ? (
        <SelectField label={t('fields.union')} value={unionId} onChange={(e) => setUnionId(e.target.value)}>
          {unions.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      ) : (
        <p className="muted">{unions[0]?.name}</p>
      )}
      <div className="tabs" role="group" aria-label={t('applications.filter')}>
        {STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={status === s} className={status === s ? 'active' : ''} onClick={() => setStatus(s)}>
            {t(`status.${s}`)}
          </button>
        ))}
      </div>
      {notice ? <Alert kind="success">{noticeText(t, notice)}</Alert> : null}
      {list.loading ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.loading ? (
        list.data.length ? (
          <ul className="cards">
            {list.data.map((a) => (
              <ApplicationItem
                key={a.id}
                a={a}
                l={i18n.language}
                onDecided={(msg) => {
                  setNotice(msg);
                  void list.reload();
                }}
              />
            ))}
          </ul>
        ) : (
          <p className="muted">{t('applications.empty')}</p>
        )
      ) : null}
    </section>
  );
}

function ApplicationItem({ a, l, onDecided }: { a: Application; l: string; onDecided: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonIssue, setReasonIssue] = useState<Issue | undefined>(undefined);
  const [error, setError] = useState<Banner>(null);
  const [busy, setBusy] = useState(false);

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/applications/${a.id}/approve`);
      onDecided({ key: 'applications.approvedNotice', params: { name: a.workerName } });
    } catch (err) {
      setError({ err, overrides: { conflict: 'applications.alreadyDecided' } });
      setBusy(false);
    }
  };
  const reject = async () => {
    const r = reason.trim();
    if (r.length < 2) {
      setReasonIssue(issue('reason', r ? 'too_short' : 'required'));
      return;
    }
    setBusy(true);
    setError(null);
    setReasonIssue(undefined);
    try {
      await api('POST', `/api/applications/${a.id}/reject`, { reason: r });
      onDecided({ key: 'applications.rejectedNotice', params: { name: a.workerName } });
    } catch (err) {
      setReasonIssue(serverIssues(err).reason);
      setError({ err, overrides: { conflict: 'applications.alreadyDecided' } });
      setBusy(false);
    }
  };

  return (
    <li className="item" data-application-id={a.id}>
      <div className="item-head">
        <strong>{a.workerName}</strong>
        <StatusBadge status={a.status} />
      </div>
      <p className="small">
        <Ltr>{a.phoneMasked}</Ltr> · {t(`kinds.${a.kind}`, { defaultValue: a.kind })}
      </p>
      <p className="muted small">
        {a.transferFromUnionId ? t('union.transferRequest') : t('union.joinRequest')} · {t('union.appliedOn')} <Ltr>{formatDate(a.createdAt, l, true)}</Ltr>
      </p>
      {a.note ? (
        <p className="small">
          {t('fields.note')}: {a.note}
        </p>
      ) : null}
      {a.reason ? (
        <p className="reason">
          {t('union.rejectedReason')}: {a.reason}
        </p>
      ) : null}
      <Alert>{bannerText(t, error)}</Alert>
      {a.status === 'pending' ? (
        rejecting ? (
          <div className="inline-form">
            <TextAreaField label={t('fields.reason')} hint={t('applications.reasonHint')} value={reason} rows={2} maxLength={500} onChange={(e) => setReason(e.target.value)} error={issueText(t, reasonIssue)} required />
            <div className="actions">
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void reject()}>
                {t('applications.confirmReject')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setRejecting(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void approve()} aria-label={`${t('applications.approve')}: ${a.workerName}`}>
              {t('applications.approve')}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setRejecting(true)} aria-label={`${t('applications.reject')}: ${a.workerName}`}>
              {t('applications.reject')}
            </button>
          </div>
        )
      ) : null}
    </li>
  );
}
