import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { formatDate } from '../../i18n/index.ts';
import { errorMessage, fieldMessage } from '../../errors.ts';
import { parseYuan, yuan } from '../../stations/geo.ts';
import { Alert, Loading, TextAreaField, TextField } from '../../components/ui.tsx';
import { Decision, Money, StatusBadge, VerdictList, factText, nameIn, type Application, type Status } from '../../policy/common.tsx';
import '../../policy/policy.css';

type Figure = { schemeId: string; schemeCode: string; schemeKind: string; year: number; applications: number; approved: number; rejected: number; waiting: number; grantedFen: number; disbursedFen: number };
const FILTERS: (Status | 'all')[] = ['submitted', 'approved', 'rejected', 'all'];

/** The approver's queue: their agency's applications by status, and the figures per scheme and year. */
export function PolicyQueue() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [status, setStatus] = useState<Status | 'all'>('submitted');
  const data = useLoad(
    () => Promise.all([api<{ items: Application[] }>('GET', `/api/policy/applications${status === 'all' ? '' : `?status=${status}`}`).then((r) => r.items), api<{ items: Figure[] }>('GET', '/api/policy/figures').then((r) => r.items)]),
    [status],
  );
  return (
    <section data-testid="policy-console">
      <h1 tabIndex={-1}>{t('policy.console.title')}</h1>
      <div className="chips chips-scroll" role="group" aria-label={t('policy.console.filter')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className={`chip${f === status ? ' is-active' : ''}`} aria-pressed={f === status} onClick={() => setStatus(f)} data-filter={f}>
            {f === 'all' ? t('policy.console.all') : t(`policy.status.${f}`)}
          </button>
        ))}
      </div>
      {data.loading && !data.data ? <Loading /> : null}
      {data.error ? <Alert>{errorMessage(t, data.error)}</Alert> : null}
      {data.data ? (
        <>
          {data.data[0].length ? (
            <ul className="cards" data-testid="policy-queue">
              {data.data[0].map((a) => (
                <li key={a.id} className="item" data-id={a.id} data-status={a.status}>
                  <div className="item-head row-between">
                    <strong>{nameIn(a.schemeName, l)}</strong>
                    <StatusBadge status={a.status} />
                  </div>
                  <p className="small">
                    {t('policy.console.applicant', { name: a.applicantName })}
                    {a.enterpriseName ? ` · ${a.enterpriseName}` : a.cohortName ? ` · ${a.cohortName}` : ''}
                  </p>
                  <p className="small muted">{t('policy.detail.applied', { date: formatDate(a.createdAt, l) })}</p>
                  <Link className="btn btn-secondary btn-block" to={`/console/policy/${a.id}`}>
                    {t('policy.console.open')}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('policy.console.empty')}</p>
          )}
          <h2>{t('policy.console.figures')}</h2>
          <ul className="plain-list" data-testid="policy-figures">
            {data.data[1].map((f) => (
              <li key={`${f.schemeId}-${f.year}`}>
                <strong>{t(`policy.kind.${f.schemeKind}`)}</strong>{' '}
                {t('policy.console.figuresRow', { year: f.year, applications: f.applications, approved: f.approved, rejected: f.rejected, waiting: f.waiting, granted: yuan(f.grantedFen), paid: yuan(f.disbursedFen) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** One application: what was entered, the rules checked at submission, the decision, and payments. */
export function PolicyApplication() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { id = '' } = useParams();
  const data = useLoad(() => api<Application>('GET', `/api/policy/applications/${id}`), [id]);
  const [amount, setAmount] = useState('');
  const [months, setMonths] = useState('');
  const [startsOn, setStartsOn] = useState(today());
  const [reason, setReason] = useState('');
  const [paidOn, setPaidOn] = useState(today());
  const [payAmount, setPayAmount] = useState('');
  const [reference, setReference] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert>{errorMessage(t, data.error)}</Alert>;
  const a = data.data;
  const rent = a.schemeKind === 'rent_free';
  const errText = (e: unknown) => {
    if (!(e instanceof ApiError)) return errorMessage(t, e);
    const code = e.details[0]?.code;
    if (code && i18n.exists(`policy.errors.${code}`)) return t(`policy.errors.${code}`);
    if (e.details[0]) return fieldMessage(t, e.details[0]);
    return errorMessage(t, e);
  };
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      await fn();
      setNotice(done);
      await data.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const approve = (e: FormEvent) => {
    e.preventDefault();
    const body = rent ? { months: Number(months), startsOn, ...(reason.trim() ? { reason: reason.trim() } : {}) } : { amountFen: parseYuan(amount) ?? -1, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    void run(() => api('POST', `/api/policy/applications/${a.id}/approve`, body), 'policy.console.approvedNow');
  };
  const reject = () => void run(() => api('POST', `/api/policy/applications/${a.id}/reject`, { reason: reason.trim() }), 'policy.console.rejectedNow');
  const pay = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', `/api/policy/applications/${a.id}/disbursements`, { paidOn, amountFen: parseYuan(payAmount) ?? -1, reference: reference.trim() });
      setPayAmount('');
      setReference('');
    }, 'policy.console.paidNow');
  };
  const entered = Object.entries(a.inputs).filter(([k]) => k !== 'bank');

  return (
    <section data-testid="policy-application" data-status={a.status}>
      <Link className="back-link" to="/console/policy">
        {t('policy.console.back')}
      </Link>
      <h1 tabIndex={-1}>{nameIn(a.schemeName, l)}</h1>
      <p>
        <StatusBadge status={a.status} /> <span className="small muted">{t('policy.console.version', { v: a.schemeVersion })}</span>
      </p>
      <p className="small">
        {t('policy.console.applicant', { name: a.applicantName })}
        {a.enterpriseName ? ` · ${t('policy.detail.forEnterprise', { name: a.enterpriseName })}` : a.cohortName ? ` · ${t('policy.detail.forCohort', { name: a.cohortName })}` : ''}
      </p>
      <p className="small muted">{t('policy.detail.applied', { date: formatDate(a.createdAt, l, true) })}</p>
      {entered.length ? (
        <>
          <h2>{t('policy.console.inputs')}</h2>
          <ul className="plain-list" data-testid="inputs">
            {entered.map(([k, v]) => (
              <li key={k}>
                {t(`policy.form.${k === 'principalFen' ? 'principal' : k === 'termMonths' ? 'term' : k === 'rateBp' ? 'rate' : 'months'}`)}: <bdi dir="ltr">{factText(t, `input.${k}`, v as number)}</bdi>
              </li>
            ))}
            {a.inputs.bank ? (
              <li>
                {t('policy.form.bank')}: <bdi>{a.inputs.bank}</bdi>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      <h2>{t('policy.console.verdicts')}</h2>
      <VerdictList verdicts={a.verdicts} />
      {!rent ? (
        <p data-testid="max">
          {t('policy.console.maxAmount', { amount: '' })}
          <Money fen={a.maxAmountFen} />
        </p>
      ) : null}
      <Decision a={a} l={l} />
      {notice ? <Alert kind="success">{t(notice)}</Alert> : null}
      {error ? <Alert>{errText(error)}</Alert> : null}

      {a.status === 'submitted' && a.mayReview ? (
        <form className="form panel" onSubmit={approve} noValidate data-testid="decide">
          <p className="panel-title">{t('policy.console.decide')}</p>
          {rent ? (
            <>
              <TextField label={t('policy.console.months')} name="months" inputMode="numeric" dir="ltr" value={months} onChange={(e) => setMonths(e.target.value.replace(/\D/g, ''))} />
              <TextField label={t('policy.console.startsOn')} name="startsOn" type="date" dir="ltr" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
            </>
          ) : (
            <TextField label={t('policy.console.amount')} name="amount" inputMode="decimal" dir="ltr" value={amount} onChange={(e) => setAmount(e.target.value)} hint={<>{t('policy.console.maxAmount', { amount: yuan(a.maxAmountFen) })}</>} />
          )}
          <TextAreaField label={`${t('policy.console.reason')} / ${t('policy.console.rejectReason')}`} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="approve">
              {t('policy.console.approve')}
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={reject} data-testid="reject">
              {t('policy.console.reject')}
            </button>
          </div>
        </form>
      ) : null}

      {a.status === 'approved' && !rent && a.mayReview ? (
        <form className="form panel" onSubmit={pay} noValidate data-testid="disburse">
          <p className="panel-title">{t('policy.console.disburse')}</p>
          <p className="small" data-testid="remaining">
            {t('policy.console.remaining', { amount: '' })}
            <Money fen={(a.approvedAmountFen ?? 0) - a.disbursedFen} />
          </p>
          <TextField label={t('policy.console.paidOn')} name="paidOn" type="date" dir="ltr" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} />
          <TextField label={t('policy.console.payAmount')} name="payAmount" inputMode="decimal" dir="ltr" value={payAmount} onChange={(e) => setPayAmount(e.target.value)} />
          <TextField label={t('policy.console.reference')} name="reference" dir="ltr" value={reference} onChange={(e) => setReference(e.target.value)} />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="record-payment">
            {t('policy.console.record')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
