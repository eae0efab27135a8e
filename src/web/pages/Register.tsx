import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Me } from '../api.ts';
import { useAuth, homeFor } from '../auth.tsx';
import { useReference } from '../data.ts';
import { currentLocale } from '../i18n/index.ts';
import { bannerText, errorMessage, serverIssues, type Banner, type Issues } from '../errors.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { WorkerForm, emptyWorker, type WorkerValues } from '../components/WorkerForm.tsx';

export function Register() {
  const { t } = useTranslation();
  const { user, ready, signedIn } = useAuth();
  const navigate = useNavigate();
  const ref = useReference();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Banner>(null);
  const [issues, setIssues] = useState<Issues>({});
  const [initial] = useState(() => emptyWorker(currentLocale()));

  if (ready && user && !busy) return <Navigate to={homeFor(user)} replace />;

  const onSubmit = async (v: WorkerValues) => {
    setBusy(true);
    setFailure(null);
    setIssues({});
    const body = {
      phone: v.phone,
      password: v.password,
      name: v.name,
      ...(v.idNumber ? { idNumber: v.idNumber } : {}),
      kind: v.kind,
      cityCode: v.cityCode,
      districtCode: v.districtCode,
      platforms: v.platforms,
      employmentCategory: v.employmentCategory,
      plates: v.plates,
      locale: v.locale,
    };
    try {
      const res = await api<{ user: Me }>('POST', '/api/workers/register', body);
      signedIn(res.user);
      navigate('/me/union?welcome=1', { replace: true });
    } catch (err) {
      const fe = serverIssues(err);
      if (err instanceof ApiError && err.code === 'conflict') fe.phone = { path: 'phone', key: 'register.phoneTaken' };
      setIssues(fe);
      setFailure({ err, overrides: { conflict: 'register.phoneTaken', bad_request: 'form.fixBelow' } });
      setBusy(false);
      window.scrollTo({ top: 0 });
    }
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('register.title')}</h1>
      <p className="lead">{t('register.intro')}</p>
      <Alert>{bannerText(t, failure)}</Alert>
      {ref.loading ? <Loading /> : null}
      {ref.error ? <Alert>{errorMessage(t, ref.error)}</Alert> : null}
      {ref.data ? (
        <WorkerForm mode="register" reference={ref.data} initial={initial} serverIssues={issues} busy={busy} submitLabel={t('register.submit')} onSubmit={(v) => void onSubmit(v)} />
      ) : null}
      <p>
        {t('register.haveAccount')} <Link to="/login">{t('register.signInLink')}</Link>
      </p>
    </section>
  );
}
