import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs, ITEM_KINDS, type LendItem, type LoggedDonation, type Loan } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { formatDate } from '../../i18n/index.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, ErrorSummary, Loading, Ltr, SelectField, TextField } from '../../components/ui.tsx';
import { detailCode, fsi, ltr, statusOf } from '../../stations/common.tsx';
import { isMobile } from '../../../shared/validation.ts';

type LoanFilter = 'open' | 'overdue' | 'all';

/** Lending: the things to lend, a loan recorded for a worker by phone, open and overdue loans, returns. */
export function OpsLending() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const items = useLoad(() => api<{ items: LendItem[] }>('GET', `/api/stations/${id}/items`).then((r) => r.items), [id]);
  const [filter, setFilter] = useState<LoanFilter>('open');
  const loans = useLoad(
    () => api<{ items: Loan[] }>('GET', `/api/stations/${id}/loans${qs({ open: filter === 'open' ? 'true' : undefined, overdue: filter === 'overdue' ? 'true' : undefined })}`).then((r) => r.items),
    [id, filter],
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () => {
    void items.reload();
    void loans.reload();
  };
  const giveBack = async (l: Loan) => {
    setError(null);
    setNotice(null);
    try {
      await api('POST', `/api/loans/${l.id}/return`);
      setNotice(t('ops.lending.returnedNotice', { item: fsi(l.itemName), name: fsi(l.workerName) }));
    } catch (err) {
      setError(err);
    }
    reload();
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.lending.title')}</h1>
      {notice ? (
        <Alert kind="success">
          <span data-testid="ops-notice">{notice}</span>
        </Alert>
      ) : null}
      <Alert>{error ? (detailCode(error) === 'already_returned' ? t('mine.alreadyReturned') : errorMessage(t, error)) : null}</Alert>

      <h2>{t('ops.lending.itemsTitle')}</h2>
      {items.loading && !items.data ? <Loading /> : null}
      {items.error ? <Alert>{errorMessage(t, items.error)}</Alert> : null}
      {items.data && !items.data.length ? <p className="muted">{t('lending.none')}</p> : null}
      <ul className="cards" data-testid="ops-items">
        {(items.data ?? []).map((i) => (
          <li key={i.id} className="item" data-item-id={i.id}>
            <div className="item-head">
              <strong>{i.name}</strong>
              <span className="badge badge-muted">{t(`itemKinds.${i.kind}`, { defaultValue: i.kind })}</span>
            </div>
            <p className="small" data-testid="stock">
              {t('lending.available')} <Ltr>{`${i.stockAvailable}/${i.stockTotal}`}</Ltr> · {t('lending.loanDays', { n: ltr(i.loanDays) })}
            </p>
          </li>
        ))}
      </ul>

      <RecordLoan
        items={items.data ?? []}
        onDone={(msg) => {
          setNotice(msg);
          reload();
        }}
      />

      <h2>{t('ops.lending.loansTitle')}</h2>
      <div className="tabs" role="group" aria-label={t('ops.lending.loansTitle')}>
        {(['open', 'overdue', 'all'] as const).map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)} data-filter={f}>
            {t(`ops.lending.filter.${f}`)}
          </button>
        ))}
      </div>
      {loans.loading && !loans.data ? <Loading /> : null}
      {loans.error ? <Alert>{errorMessage(t, loans.error)}</Alert> : null}
      {loans.data && !loans.data.length ? <p className="muted">{t('ops.lending.noLoans')}</p> : null}
      <ul className="cards" data-testid="ops-loans">
        {(loans.data ?? []).map((l) => (
          <li key={l.id} className="item" data-loan-id={l.id}>
            <div className="item-head">
              <strong>{l.itemName}</strong>
              <span className={`badge ${l.returnedAt ? 'badge-muted' : l.overdue ? 'badge-bad' : 'badge-wait'}`}>
                {l.returnedAt ? t('loans.returned') : l.overdue ? t('loans.overdue') : t('loans.out')}
              </span>
            </div>
            <p className="small">
              <bdi>{l.workerName}</bdi> · <Ltr>{l.phoneMasked}</Ltr>
            </p>
            <p className="small muted">
              {l.returnedAt ? (
                <>
                  {t('loans.returnedOn')} <Ltr>{formatDate(l.returnedAt, i18n.language, true)}</Ltr>
                </>
              ) : (
                <>
                  {t('loans.dueAt')} <Ltr>{formatDate(l.dueAt, i18n.language, true)}</Ltr>
                </>
              )}
            </p>
            {!l.returnedAt ? (
              <button type="button" className="btn btn-primary btn-block" onClick={() => void giveBack(l)} aria-label={`${t('ops.lending.markReturned')}: ${l.itemName} · ${l.workerName}`}>
                {t('ops.lending.markReturned')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>

      <AddItem stationId={id} onAdded={(name) => {
        setNotice(t('ops.lending.itemAdded', { item: fsi(name) }));
        reload();
      }} />
    </section>
  );
}

function RecordLoan({ items, onDone }: { items: LendItem[]; onDone: (msg: string) => void }) {
  const { t, i18n } = useTranslation();
  const [itemId, setItemId] = useState('');
  const [phone, setPhone] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    const p = phone.replace(/\s+/g, '');
    if (!itemId) local.itemId = issue('itemId', 'required');
    if (!p) local.workerPhone = issue('workerPhone', 'required');
    else if (!isMobile(p)) local.workerPhone = issue('workerPhone', 'invalid_phone');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ loan: { itemName: string; dueAt: string } }>('POST', `/api/items/${itemId}/loans`, { workerPhone: p });
      setPhone('');
      onDone(t('ops.lending.loanNotice', { item: fsi(res.loan.itemName), due: ltr(formatDate(res.loan.dueAt, i18n.language, true)) }));
    } catch (err) {
      setIssues(serverIssues(err));
      setError(detailCode(err) === 'out_of_stock' ? t('lending.outOfStock') : statusOf(err) === 404 ? t('ops.noWorker') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} noValidate data-testid="record-loan" aria-labelledby="loan-title">
      <h2 id="loan-title">{t('ops.lending.recordTitle')}</h2>
      {error ? <Alert>{error}</Alert> : null}
      <SelectField label={t('fields.itemId')} name="itemId" value={itemId} onChange={(e) => setItemId(e.target.value)} error={errors.itemId} required>
        <option value="">{t('form.choose')}</option>
        {items.map((i) => (
          <option key={i.id} value={i.id} disabled={i.stockAvailable <= 0}>
            {i.name} ({i.stockAvailable}/{i.stockTotal})
          </option>
        ))}
      </SelectField>
      <TextField label={t('fields.workerPhone')} name="workerPhone" type="tel" inputMode="numeric" dir="ltr" autoComplete="off" maxLength={13} value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.workerPhone} required />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('common.working') : t('ops.lending.record')}
      </button>
    </form>
  );
}

function AddItem({ stationId, onAdded }: { stationId: string; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ kind: 'umbrella', name: '', stock: '10', loanDays: '3' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    if (!v.name.trim()) local.name = issue('name', 'required');
    if (!/^\d{1,4}$/.test(v.stock)) local.stock = issue('stock', 'invalid_value');
    if (!/^\d{1,2}$/.test(v.loanDays) || Number(v.loanDays) < 1 || Number(v.loanDays) > 90) local.loanDays = issue('loanDays', 'invalid_value');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api('POST', `/api/stations/${stationId}/items`, { kind: v.kind, name: v.name.trim(), stock: Number(v.stock), loanDays: Number(v.loanDays) });
      onAdded(v.name.trim());
      setV({ ...v, name: '' });
    } catch (err) {
      setIssues(serverIssues(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel add-panel">
      <summary>{t('ops.lending.addTitle')}</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="add-item">
        <Alert>{error && !Object.keys(issues).length ? errorMessage(t, error) : null}</Alert>
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <SelectField label={t('fields.itemKind')} name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
          {ITEM_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`itemKinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('fields.itemName')} name="name" maxLength={60} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={errors.name} required />
        <div className="two-col">
          <TextField label={t('fields.stock')} name="stock" inputMode="numeric" dir="ltr" value={v.stock} onChange={(e) => setV({ ...v, stock: e.target.value })} error={errors.stock} required />
          <TextField label={t('fields.loanDays')} name="loanDays" inputMode="numeric" dir="ltr" value={v.loanDays} onChange={(e) => setV({ ...v, loanDays: e.target.value })} error={errors.loanDays} required />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('ops.lending.add')}
        </button>
      </form>
    </details>
  );
}

/** Donations: log what came in; the station's log shows each one's donor, what is left and who claimed. */
export function OpsDonations() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const list = useLoad(() => api<{ items: LoggedDonation[] }>('GET', `/api/stations/${id}/donations/log`).then((r) => r.items), [id]);
  const [v, setV] = useState({ description: '', quantity: '1', donor: '' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const local: Issues = {};
    if (!v.description.trim()) local.description = issue('description', 'required');
    if (!/^\d{1,5}$/.test(v.quantity) || Number(v.quantity) < 1) local.quantity = issue('quantity', 'invalid_value');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api('POST', `/api/stations/${id}/donations`, { description: v.description.trim(), quantity: Number(v.quantity), ...(v.donor.trim() ? { donor: v.donor.trim() } : {}) });
      setNotice(t('ops.donations.logged', { what: fsi(v.description.trim()) }));
      setV({ description: '', quantity: '1', donor: '' });
      void list.reload();
    } catch (err) {
      setIssues(serverIssues(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.donations.title')}</h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <form className="form panel" onSubmit={(e) => void submit(e)} noValidate data-testid="log-donation">
        <p className="panel-title">{t('ops.donations.logTitle')}</p>
        <Alert>{error && !Object.keys(issues).length ? errorMessage(t, error) : null}</Alert>
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <TextField label={t('fields.donationDescription')} name="description" maxLength={200} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} error={errors.description} required />
        <TextField label={t('fields.quantity')} name="quantity" inputMode="numeric" dir="ltr" value={v.quantity} onChange={(e) => setV({ ...v, quantity: e.target.value })} error={errors.quantity} required />
        <TextField label={t('fields.donor')} hint={t('ops.donations.donorHint')} name="donor" optional maxLength={60} value={v.donor} onChange={(e) => setV({ ...v, donor: e.target.value })} error={errors.donor} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('ops.donations.log')}
        </button>
      </form>
      <h2>{t('ops.donations.listTitle')}</h2>
      <p className="small muted">{t('ops.donations.listNote')}</p>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.data.length ? <p className="muted">{t('ops.donations.none')}</p> : null}
      <ul className="cards" data-testid="ops-donations">
        {(list.data ?? []).map((d) => (
          <li key={d.id} className="item" data-donation-id={d.id}>
            <div className="item-head">
              <strong>
                <bdi>{d.description}</bdi>
              </strong>
              <span className={`badge ${d.quantityLeft > 0 ? 'badge-ok' : 'badge-muted'}`} data-testid="donation-left">
                {d.quantityLeft > 0 ? (
                  <>
                    {t('ops.donations.left')} <Ltr>{`${d.quantityLeft}/${d.quantity}`}</Ltr>
                  </>
                ) : (
                  t('ops.donations.allClaimed')
                )}
              </span>
            </div>
            <p className="small muted">
              <Ltr>{formatDate(d.createdAt, i18n.language, true)}</Ltr>
              {d.donor ? (
                <>
                  {' · '}
                  {t('ops.donations.donor', { donor: fsi(d.donor) })}
                </>
              ) : null}
            </p>
            {d.claims.length ? (
              <details className="claims">
                <summary>{t('ops.donations.claimsTitle', { n: ltr(d.claims.length) })}</summary>
                <ul className="plain-list" data-testid="donation-claims">
                  {d.claims.map((c) => (
                    <li key={c.id} className="small">
                      <bdi>{c.workerName}</bdi> · <Ltr>{c.phoneMasked}</Ltr> · × <Ltr>{c.quantity}</Ltr> · <Ltr>{formatDate(c.claimedAt, i18n.language, true)}</Ltr>
                    </li>
                  ))}
                </ul>
              </details>
            ) : (
              <p className="small muted">{t('ops.donations.noClaims')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
