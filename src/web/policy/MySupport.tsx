import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { useLoad } from '../data.ts';
import { formatDate } from '../i18n/index.ts';
import { errorMessage } from '../errors.ts';
import { parseYuan } from '../stations/geo.ts';
import { Alert, Loading, SelectField, TextField } from '../components/ui.tsx';
import { Decision, Money, StatusBadge, VerdictList, nameIn, type Application, type Check, type Inputs, type Scheme } from './common.tsx';
import './policy.css';

type Options = {
  enterprises: { id: string; name: string; stage: string }[];
  cohorts: { id: string; name: string; status: string; fundingSource: string }[];
};

const loadSchemes = () => api<{ items: Scheme[] }>('GET', '/api/policy/schemes').then((r) => r.items);

/** The applicant's phone page: the schemes, and their applications with what was decided and paid. */
export function MySupport() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [params] = useSearchParams();
  const data = useLoad(() => Promise.all([loadSchemes(), api<{ items: Application[] }>('GET', '/api/policy/applications/mine').then((r) => r.items)]));
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert>{errorMessage(t, data.error)}</Alert>;
  const [schemes, mine] = data.data;
  return (
    <section data-testid="my-support">
      <h1 tabIndex={-1}>{t('policy.title')}</h1>
      {params.get('submitted') ? <Alert kind="success">{t('policy.form.submitted')}</Alert> : null}
      <p className="lead">{t('policy.intro')}</p>
      <h2>{t('policy.mine')}</h2>
      {mine.length ? (
        <ul className="cards" data-testid="my-policy-applications">
          {mine.map((a) => (
            <li key={a.id} className="item" data-id={a.id} data-scheme={a.schemeCode} data-status={a.status}>
              <div className="item-head row-between">
                <strong>{nameIn(a.schemeName, l)}</strong>
                <StatusBadge status={a.status} />
              </div>
              <p className="small muted">
                {a.enterpriseName ? t('policy.detail.forEnterprise', { name: a.enterpriseName }) : a.cohortName ? t('policy.detail.forCohort', { name: a.cohortName }) : null}
                {' · '}
                {t('policy.detail.applied', { date: formatDate(a.createdAt, l) })}
              </p>
              <Decision a={a} l={l} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('policy.noneMine')}</p>
      )}
      <h2>{t('policy.schemes')}</h2>
      <ul className="cards" data-testid="schemes">
        {schemes.map((s) => (
          <li key={s.id} className="item" data-code={s.code}>
            <div className="item-head">
              <strong>{nameIn(s.name, l)}</strong>
            </div>
            <p className="small muted">{t('policy.agency', { name: s.agencyName })}</p>
            <Link className="btn btn-primary btn-block" to={`/me/support/apply/${s.code}`}>
              {t('policy.apply')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The form for one scheme: the answer to "do I qualify, and why" updates as the applicant types. */
export function ApplyPage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const data = useLoad(() => Promise.all([loadSchemes(), api<Options>('GET', '/api/policy/options')]), [code]);
  const [target, setTarget] = useState('');
  const [principal, setPrincipal] = useState('');
  const [term, setTerm] = useState('');
  const [rate, setRate] = useState('');
  const [bank, setBank] = useState('');
  const [months, setMonths] = useState('12');
  const [check, setCheck] = useState<Check | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const scheme = data.data?.[0].find((s) => s.code === code);
  const options = data.data?.[1];
  const choices = scheme?.applicant === 'school' ? (options?.cohorts ?? []) : (options?.enterprises ?? []);
  useEffect(() => {
    if (!target && choices[0]) setTarget(choices[0].id);
  }, [choices, target]);

  const inputs = (): Inputs | null => {
    if (!scheme) return null;
    if (scheme.kind === 'loan_subsidy') {
      const p = principal ? parseYuan(principal) : undefined;
      const tm = term ? Number(term) : undefined;
      const r = rate ? Math.round(Number(rate) * 100) : undefined;
      if (p === null || (tm !== undefined && !Number.isInteger(tm)) || (r !== undefined && !Number.isFinite(r))) return null;
      return { ...(p ? { principalFen: p } : {}), ...(tm ? { termMonths: tm } : {}), ...(r !== undefined ? { rateBp: r } : {}), ...(bank.trim().length >= 2 ? { bank: bank.trim() } : {}) };
    }
    if (scheme.kind === 'rent_free') {
      const m = Number(months);
      return Number.isInteger(m) && m >= 1 && m <= 120 ? { months: m } : null;
    }
    return {};
  };
  const body = () => {
    const i = inputs();
    if (!i || !scheme || !target) return null;
    return scheme.applicant === 'school' ? { cohortId: target, inputs: i } : { enterpriseId: target, inputs: i };
  };
  const key = JSON.stringify(body());

  // The live check: shortly after the last change, the server says which rules pass.
  useEffect(() => {
    const b = body();
    if (!b || !scheme) {
      setCheck(null);
      return;
    }
    const mine = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api<Check>('POST', `/api/policy/schemes/${scheme.id}/check`, b).then(
        (c) => {
          if (seq.current !== mine) return;
          setCheck(c);
          setError(null);
          setChecking(false);
        },
        (e: unknown) => {
          if (seq.current !== mine) return;
          setCheck(null);
          setError(e);
          setChecking(false);
        },
      );
    }, 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, scheme?.id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const b = body();
    if (!b || !scheme) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/policy/schemes/${scheme.id}/applications`, b);
      navigate('/me/support?submitted=1');
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.extra.verdicts)) setCheck({ qualifies: false, verdicts: err.extra.verdicts as Check['verdicts'], maxAmountFen: 0 });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert>{errorMessage(t, data.error)}</Alert>;
  if (!scheme) return <Alert>{errorMessage(t, new ApiError(404, 'not_found', ''))}</Alert>;
  const bad = inputs() === null;
  const errText = error instanceof ApiError && error.details[0] && i18n.exists(`policy.errors.${error.details[0].code}`) ? t(`policy.errors.${error.details[0].code}`) : error && !(error instanceof ApiError && error.status === 422) ? errorMessage(t, error) : '';

  return (
    <section data-testid="apply" data-scheme={scheme.code}>
      <Link className="back-link" to="/me/support">
        {t('policy.title')}
      </Link>
      <h1 tabIndex={-1}>{nameIn(scheme.name, l)}</h1>
      <p className="small muted">{t('policy.agency', { name: scheme.agencyName })}</p>
      {!choices.length ? (
        <Alert kind="info">{scheme.applicant === 'school' ? t('policy.form.noCohort') : t('policy.form.noEnterprise')}</Alert>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <SelectField label={scheme.applicant === 'school' ? t('policy.form.cohort') : t('policy.form.enterprise')} value={target} onChange={(e) => setTarget(e.target.value)} name="target">
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          {scheme.kind === 'loan_subsidy' ? (
            <>
              <TextField label={t('policy.form.principal')} name="principal" inputMode="decimal" dir="ltr" value={principal} onChange={(e) => setPrincipal(e.target.value)} error={principal && parseYuan(principal) === null ? t('policy.form.badNumber') : undefined} />
              <TextField label={t('policy.form.term')} name="term" inputMode="numeric" dir="ltr" value={term} onChange={(e) => setTerm(e.target.value.replace(/\D/g, ''))} />
              <TextField label={t('policy.form.rate')} name="rate" inputMode="decimal" dir="ltr" value={rate} onChange={(e) => setRate(e.target.value.replace(/[^\d.]/g, ''))} />
              <TextField label={t('policy.form.bank')} name="bank" value={bank} onChange={(e) => setBank(e.target.value)} optional />
            </>
          ) : null}
          {scheme.kind === 'rent_free' ? <TextField label={t('policy.form.months')} name="months" inputMode="numeric" dir="ltr" value={months} onChange={(e) => setMonths(e.target.value.replace(/\D/g, ''))} error={bad ? t('policy.form.badNumber') : undefined} /> : null}

          <div className="policy-answer" data-testid="eligibility" data-qualifies={check ? String(check.qualifies) : 'unknown'} aria-live="polite">
            {check ? (
              <>
                <p className="answer-title">{check.qualifies ? t('policy.form.qualifies') : t('policy.form.notQualifies')}</p>
                {check.qualifies && scheme.kind !== 'rent_free' ? (
                  <p data-testid="max-amount">
                    {t('policy.form.maxAmount', { amount: '' })}
                    <Money fen={check.maxAmountFen} />
                  </p>
                ) : null}
                <VerdictList verdicts={check.verdicts} />
              </>
            ) : (
              <p className="muted">{checking ? t('policy.form.checking') : t('policy.form.fillIn')}</p>
            )}
          </div>
          {errText ? <Alert>{errText}</Alert> : null}
          <div className="policy-submit">
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || checking || !check?.qualifies} data-testid="submit">
              {t('policy.form.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
