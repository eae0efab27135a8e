import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiKey } from '../api.ts';
import { loadReference, useLoad } from '../data.ts';
import { formatDate, nameOf } from '../i18n/index.ts';
import { bannerText, errorMessage, issue, issuesText, serverIssues, type Banner, type Issues } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';

export function ApiKeys() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const keys = useLoad(() => api<{ items: ApiKey[] }>('GET', '/api/admin/api-keys').then((r) => r.items));
  const ref = useLoad(loadReference);
  const [platformCode, setPlatformCode] = useState('');
  const [label, setLabel] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [failure, setFailure] = useState<Banner>(null);
  const errors = issuesText(t, issues);
  const [created, setCreated] = useState<{ key: string; platform: string; label: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const platformName = (code: string) => nameOf(ref.data?.platforms.find((p) => p.code === code), l) || code;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const local: Issues = {};
    if (!platformCode) local.platformCode = issue('platformCode', 'required');
    if (!label.trim()) local.label = issue('label', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ id: string; key: string }>('POST', '/api/admin/api-keys', { platformCode, label: label.trim() });
      setCreated({ key: res.key, platform: platformCode, label: label.trim() });
      setCopied(false);
      setLabel('');
      setPlatformCode('');
      void keys.reload();
    } catch (err) {
      setIssues(serverIssues(err));
      setFailure({ err });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('apiKeys.title')}</h1>
      <p className="muted">{t('apiKeys.intro')}</p>
      {created ? (
        <div className="alert alert-warning" role="alert" data-testid="new-key">
          <p className="alert-title">{t('apiKeys.onceTitle')}</p>
          <p>{t('apiKeys.onceText', { platform: platformName(created.platform), label: created.label })}</p>
          <p className="secret">
            <Ltr>
              <code>{created.key}</code>
            </Ltr>
          </p>
          <div className="actions">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy()}>
              {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
            </button>
            <button type="button" className="btn btn-primary btn-small" onClick={() => setCreated(null)}>
              {t('apiKeys.stored')}
            </button>
          </div>
        </div>
      ) : null}
      <form className="form panel" onSubmit={(e) => void create(e)} noValidate aria-labelledby="new-key-title">
        <h2 id="new-key-title">{t('apiKeys.create')}</h2>
        <Alert>{bannerText(t, failure)}</Alert>
        <SelectField label={t('fields.platformCode')} value={platformCode} onChange={(e) => setPlatformCode(e.target.value)} error={errors.platformCode} required>
          <option value="">{t('form.choose')}</option>
          {(ref.data?.platforms ?? []).map((p) => (
            <option key={p.code} value={p.code}>
              {nameOf(p, l)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('fields.label')} hint={t('apiKeys.labelHint')} value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} error={errors.label} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('apiKeys.createSubmit')}
        </button>
      </form>
      <h2>{t('apiKeys.listTitle')}</h2>
      {keys.loading && !keys.data ? <Loading /> : null}
      {keys.error ? <Alert>{errorMessage(t, keys.error)}</Alert> : null}
      {keys.data ? (
        keys.data.length ? (
          <ul className="cards">
            {keys.data.map((k) => (
              <KeyItem key={k.id} k={k} platform={platformName(k.platformCode)} l={l} onRevoked={() => void keys.reload()} />
            ))}
          </ul>
        ) : (
          <p className="muted">{t('apiKeys.empty')}</p>
        )
      ) : null}
    </section>
  );
}

function KeyItem({ k, platform, l, onRevoked }: { k: ApiKey; platform: string; l: string; onRevoked: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Banner>(null);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', `/api/admin/api-keys/${k.id}`);
      onRevoked();
    } catch (err) {
      setError({ err });
      setBusy(false);
    }
  };
  return (
    <li className="item" data-key-id={k.id}>
      <div className="item-head">
        <strong>{platform}</strong>
        {k.revokedAt ? <span className="badge badge-bad">{t('apiKeys.revoked')}</span> : <span className="badge badge-ok">{t('apiKeys.active')}</span>}
      </div>
      <p className="small">{k.label}</p>
      <p className="muted small">
        <Ltr>
          <code>{k.prefix}…</code>
        </Ltr>{' '}
        · {t('apiKeys.createdOn')} <Ltr>{formatDate(k.createdAt, l)}</Ltr>
        {k.revokedAt ? (
          <>
            {' '}
            · {t('apiKeys.revokedOn')} <Ltr>{formatDate(k.revokedAt, l)}</Ltr>
          </>
        ) : null}
      </p>
      <Alert>{bannerText(t, error)}</Alert>
      {!k.revokedAt ? (
        confirming ? (
          <div className="actions">
            <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => void revoke()}>
              {t('apiKeys.confirmRevoke')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirming(true)} aria-label={`${t('apiKeys.revoke')}: ${k.label}`}>
            {t('apiKeys.revoke')}
          </button>
        )
      ) : null}
    </li>
  );
}
