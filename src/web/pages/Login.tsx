import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api.ts';
import { useAuth, homeFor } from '../auth.tsx';
import { Alert, ErrorSummary, TextField } from '../components/ui.tsx';
import { bannerText, issue, issuesText, serverIssues, type Banner, type Issues } from '../errors.ts';
import { isMobile } from '../../shared/validation.ts';

/** Only same-site paths are followed after sign-in. */
const safeNext = (s: string | null) => (s && s.startsWith('/') && !s.startsWith('//') ? s : null);

export function Login() {
  const { t } = useTranslation();
  const { user, ready, signedIn, sessionEnded } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [failure, setFailure] = useState<Banner>(null);
  const [busy, setBusy] = useState(false);

  const errors = issuesText(t, issues);
  const banner = bannerText(t, failure);

  if (ready && user && !busy) return <Navigate to={safeNext(params.get('next')) ?? homeFor(user)} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const local: Issues = {};
    const p = phone.replace(/\s+/g, '');
    if (!p) local.phone = issue('phone', 'required');
    else if (!isMobile(p)) local.phone = issue('phone', 'invalid_phone');
    if (!password) local.password = issue('password', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ user: Me }>('POST', '/api/auth/login', { phone: p, password });
      signedIn(res.user);
      navigate(safeNext(params.get('next')) ?? homeFor(res.user), { replace: true });
    } catch (err) {
      setIssues(serverIssues(err));
      setFailure({ err, overrides: { unauthenticated: 'login.wrong', locked: 'login.locked', rate_limited: 'login.tooMany' } });
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      {sessionEnded && !banner ? <Alert kind="info">{t('login.sessionEnded')}</Alert> : null}
      <Alert>{banner}</Alert>
      <ErrorSummary title={t('form.fixThese')} errors={banner ? {} : errors} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <TextField
          label={t('fields.phone')}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          dir="ltr"
          maxLength={13}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.phone}
          required
        />
        <TextField
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          dir="ltr"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? t('common.working') : t('login.submit')}
        </button>
      </form>
      <p>
        {t('login.noAccount')} <Link to="/register">{t('login.registerLink')}</Link>
      </p>
    </section>
  );
}
