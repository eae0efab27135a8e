import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuditRecord, type AuditVerify } from '../api.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, errorMessage, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { useLoad } from '../data.ts';

const PAGE = 50;

export function Audit() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const first = useLoad(() => api<{ items: AuditRecord[] }>('GET', `/api/audit?limit=${PAGE}`).then((r) => r.items));
  const [older, setOlder] = useState<AuditRecord[]>([]);
  const [noMore, setNoMore] = useState(false);
  const [moreError, setMoreError] = useState<Banner>(null);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifyError, setVerifyError] = useState<Banner>(null);
  const [verifying, setVerifying] = useState(false);

  const rows = [...(first.data ?? []), ...older];
  const loadOlder = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    setMoreError(null);
    try {
      const res = await api<{ items: AuditRecord[] }>('GET', `/api/audit?limit=${PAGE}&before=${last.seq}`);
      setOlder((o) => [...o, ...res.items]);
      if (res.items.length < PAGE) setNoMore(true);
    } catch (err) {
      setMoreError({ err });
    }
  };
  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await api<AuditVerify>('GET', '/api/audit/verify'));
    } catch (err) {
      setVerifyError({ err });
    } finally {
      setVerifying(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <button type="button" className="btn btn-primary btn-block" onClick={() => void runVerify()} disabled={verifying}>
        {verifying ? t('common.working') : t('audit.verify')}
      </button>
      <Alert>{bannerText(t, verifyError)}</Alert>
      {verify ? (
        <div className={`verify-result ${verify.ok ? 'verify-ok' : 'verify-bad'}`} role="status" data-ok={String(verify.ok)}>
          <p className="verify-verdict">{verify.ok ? t('audit.chainOk') : t('audit.chainBroken')}</p>
          <p>
            {t('audit.checked', { count: verify.checked })}
            {verify.firstBadSeq !== null ? (
              <>
                {' '}
                {t('audit.firstBad')} <Ltr>#{verify.firstBadSeq}</Ltr>
              </>
            ) : null}
          </p>
          {verify.problem && l === 'en' ? <p className="small">{verify.problem}</p> : null}
        </div>
      ) : null}
      <h2>{t('audit.logTitle')}</h2>
      {first.loading ? <Loading /> : null}
      {first.error ? <Alert>{errorMessage(t, first.error)}</Alert> : null}
      {first.data ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('audit.logTitle')}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.seq}>
                    <td>
                      <Ltr>{r.seq}</Ltr>
                    </td>
                    <td className="nowrap">
                      <Ltr>{formatDate(r.at, l, true)}</Ltr>
                    </td>
                    <td>
                      {t(`audit.actions.${r.action.replace(/\./g, '_')}`, { defaultValue: r.action })}
                      <br />
                      <code className="muted small">
                        <Ltr>{r.action}</Ltr>
                      </code>
                    </td>
                    <td>
                      {t(`audit.actorKinds.${r.actorKind}`, { defaultValue: r.actorKind })}
                      {r.actorId ? (
                        <>
                          <br />
                          <code className="muted small">
                            <Ltr>{r.actorId.slice(0, 8)}</Ltr>
                          </code>
                        </>
                      ) : null}
                      {r.ip ? (
                        <>
                          <br />
                          <code className="muted small">
                            <Ltr>{r.ip}</Ltr>
                          </code>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <Ltr>
                        {r.targetType}
                        {r.targetId ? ` ${r.targetId.slice(0, 8)}` : ''}
                      </Ltr>
                    </td>
                    <td className="details-cell">
                      {r.details && typeof r.details === 'object' && Object.keys(r.details).length ? (
                        <code dir="ltr">{JSON.stringify(r.details)}</code>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Alert>{bannerText(t, moreError)}</Alert>
          {!noMore && rows.length >= PAGE ? (
            <button type="button" className="btn btn-secondary btn-block" onClick={() => void loadOlder()}>
              {t('audit.older')}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
