import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type VerifyResult } from '../api.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, issue, issueText, type Banner, type Issue } from '../errors.ts';
import { Alert, Ltr, TextField } from '../components/ui.tsx';

/** A card's code, or the whole link its QR code holds (…/console/verify/<code>). */
export function tokenFrom(input: string): string {
  const s = input.trim();
  const m = /\/verify\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/.exec(s);
  return m?.[1] ?? s;
}
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;

export function Verify() {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const [input, setInput] = useState(params.token ?? '');
  const [fieldIssue, setFieldIssue] = useState<Issue | undefined>(undefined);
  const [error, setError] = useState<Banner>(null);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (raw: string) => {
    const token = tokenFrom(raw);
    setResult(null);
    setError(null);
    if (!token) return setFieldIssue(issue('token', 'required'));
    if (!TOKEN.test(token)) return setFieldIssue(issue('token', 'invalid_value'));
    setFieldIssue(undefined);
    setBusy(true);
    try {
      setResult(await api<VerifyResult>('GET', `/api/memberships/verify/${encodeURIComponent(token)}`));
    } catch (err) {
      setError({ err, overrides: { not_found: 'verify.notFound' } });
    } finally {
      setBusy(false);
    }
  };

  // Opened from a scanned QR code: check at once.
  useEffect(() => {
    if (params.token) void check(params.token);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.token]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (params.token && tokenFrom(input) !== params.token) navigate('/console/verify', { replace: true });
    void check(input);
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('verify.title')}</h1>
      <p className="muted">{t('verify.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label={t('fields.token')} hint={t('verify.tokenHint')} name="token" dir="ltr" autoComplete="off" autoCapitalize="off" spellCheck={false} value={input} onChange={(e) => setInput(e.target.value)} error={issueText(t, fieldIssue)} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('verify.submit')}
        </button>
      </form>
      <Alert>{bannerText(t, error)}</Alert>
      {result ? (
        <div className={`verify-result ${result.valid ? 'verify-ok' : 'verify-bad'}`} role="status" data-valid={String(result.valid)}>
          <p className="verify-verdict">{result.valid ? t('verify.valid') : t('verify.invalid')}</p>
          <dl className="details">
            <div>
              <dt>{t('fields.name')}</dt>
              <dd>{result.nameMasked}</dd>
            </div>
            <div>
              <dt>{t('fields.union')}</dt>
              <dd>{result.unionName}</dd>
            </div>
            <div>
              <dt>{t('card.number')}</dt>
              <dd>
                <Ltr>{result.membershipNo}</Ltr>
              </dd>
            </div>
            <div>
              <dt>{t('card.since')}</dt>
              <dd>
                <Ltr>{formatDate(result.since, i18n.language)}</Ltr>
              </dd>
            </div>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
