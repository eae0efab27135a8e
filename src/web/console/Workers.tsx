import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, type Reference, type WorkerRow } from '../api.ts';
import { useAuth, hasRole } from '../auth.tsx';
import { loadReference, useLoad } from '../data.ts';
import { nameOf } from '../i18n/index.ts';
import { bannerText, errorMessage, fieldErrors, issue, issueText, serverIssues, type Banner, type Issue } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';

type Filters = { q: string; kind: string; cityCode: string; platform: string; membership: string };
const EMPTY: Filters = { q: '', kind: '', cityCode: '', platform: '', membership: '' };
const PAGE_SIZE = 20;

export function Workers() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { user } = useAuth();
  const isChair = hasRole(user, 'union_chair');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const ref = useLoad(loadReference);
  const res = useLoad(
    () => api<{ items: WorkerRow[]; total: number }>('GET', `/api/workers${qs({ ...applied, page, pageSize: PAGE_SIZE })}`),
    [applied, page],
  );
  const searchErrors = fieldErrors(t, res.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setApplied({ ...draft, q: draft.q.trim() });
  };
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const reference = ref.data;
  const pages = res.data ? Math.max(1, Math.ceil(res.data.total / PAGE_SIZE)) : 1;

  return (
    <section>
      <h1 tabIndex={-1}>{t('workers.title')}</h1>
      <form className="form filters" onSubmit={submit} role="search" aria-label={t('workers.searchLabel')}>
        <TextField label={t('fields.q')} hint={t('workers.qHint')} type="search" name="q" value={draft.q} onChange={(e) => set('q', e.target.value)} maxLength={60} error={searchErrors.q} />
        <div className="filter-grid">
          <SelectField label={t('fields.kind')} name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('workers.any')}</option>
            {(reference?.workerKinds ?? []).map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('fields.cityCode')} name="cityCode" value={draft.cityCode} onChange={(e) => set('cityCode', e.target.value)}>
            <option value="">{t('workers.any')}</option>
            {(reference?.cities ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {nameOf(c, l)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('fields.platform')} name="platform" value={draft.platform} onChange={(e) => set('platform', e.target.value)}>
            <option value="">{t('workers.any')}</option>
            {(reference?.platforms ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {nameOf(p, l)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('fields.membership')} name="membership" value={draft.membership} onChange={(e) => set('membership', e.target.value)}>
            <option value="">{t('workers.any')}</option>
            <option value="member">{t('workers.members')}</option>
            <option value="nonmember">{t('workers.nonmembers')}</option>
          </SelectField>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
              setPage(1);
            }}
          >
            {t('workers.clear')}
          </button>
        </div>
      </form>
      <p className="muted small">{t('workers.scopeNote')}</p>
      {res.loading ? <Loading /> : null}
      {res.error ? <Alert>{errorMessage(t, res.error)}</Alert> : null}
      {res.data && !res.loading ? (
        <>
          <p role="status" className="result-count">
            {t('workers.found', { count: res.data.total })}
          </p>
          <ul className="cards">
            {res.data.items.map((w) => (
              <WorkerItem key={w.id} w={w} reference={reference} l={l} canUnmask={isChair} />
            ))}
          </ul>
          {pages > 1 ? (
            <nav className="pager" aria-label={t('common.pages')}>
              <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('common.prev')}
              </button>
              <span>
                <Ltr>
                  {page} / {pages}
                </Ltr>
              </span>
              <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('common.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function WorkerItem({ w, reference, l, canUnmask }: { w: WorkerRow; reference: Reference | null; l: string; canUnmask: boolean }) {
  const { t } = useTranslation();
  const city = reference?.cities.find((c) => c.code === w.cityCode);
  const district = city?.districts.find((d) => d.code === w.districtCode);
  return (
    <li className="item" data-worker-id={w.id}>
      <div className="item-head">
        <strong>{w.name}</strong>
        {w.membership ? <span className="badge badge-ok">{t('workers.member')}</span> : <span className="badge badge-muted">{t('workers.notMember')}</span>}
      </div>
      <p className="small">
        <Ltr>{w.phoneMasked}</Ltr> · {t(`kinds.${w.kind}`, { defaultValue: w.kind })}
      </p>
      <p className="muted small">
        {nameOf(city, l) || w.cityCode} · {nameOf(district, l) || w.districtCode}
        {w.platforms.length ? ` · ${w.platforms.map((c) => nameOf(reference?.platforms.find((p) => p.code === c), l) || c).join(t('common.listSeparator'))}` : ''}
      </p>
      {w.plates.length ? (
        <p className="small">
          {t('fields.plates')}:{' '}
          {w.plates.map((p, i) => (
            <span key={p}>
              {i > 0 ? t('common.listSeparator') : ''}
              <Ltr>{p}</Ltr>
            </span>
          ))}
        </p>
      ) : null}
      {w.membership ? (
        <p className="small">
          {w.membership.unionName} · <Ltr>{w.membership.membershipNo}</Ltr>
        </p>
      ) : null}
      {canUnmask ? <Unmask workerId={w.id} name={w.name} hasIdNumber={!!w.idNumberMasked} /> : null}
    </li>
  );
}

/** The chair may see a full number for a stated purpose; the server records who looked and why. */
function Unmask({ workerId, name, hasIdNumber }: { workerId: string; name: string; hasIdNumber: boolean }) {
  const { t } = useTranslation();
  const [field, setField] = useState<'phone' | 'idNumber' | null>(null);
  const [purpose, setPurpose] = useState('');
  const [purposeIssue, setPurposeIssue] = useState<Issue | undefined>(undefined);
  const [error, setError] = useState<Banner>(null);
  const [shown, setShown] = useState<{ phone?: string; idNumber?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!field) return;
    const p = purpose.trim();
    if (p.length < 4) {
      setPurposeIssue(issue('purpose', p ? 'too_short' : 'required'));
      return;
    }
    setBusy(true);
    setPurposeIssue(undefined);
    setError(null);
    try {
      const res = await api<{ value: string }>('POST', `/api/workers/${workerId}/unmask`, { field, purpose: p });
      setShown((s) => ({ ...s, [field]: res.value }));
      setField(null);
      setPurpose('');
    } catch (err) {
      setPurposeIssue(serverIssues(err).purpose);
      setError({ err });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="unmask">
      {shown.phone ? (
        <p className="revealed">
          {t('workers.fullPhone')}: <Ltr>{shown.phone}</Ltr>
        </p>
      ) : null}
      {shown.idNumber ? (
        <p className="revealed">
          {t('workers.fullId')}: <Ltr>{shown.idNumber}</Ltr>
        </p>
      ) : null}
      <Alert>{bannerText(t, error)}</Alert>
      {field ? (
        <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
          <TextField
            label={t('fields.purpose')}
            hint={t('workers.purposeHint')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            error={issueText(t, purposeIssue)}
            maxLength={200}
            required
            autoFocus
          />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {field === 'phone' ? t('workers.showPhone') : t('workers.showId')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setField(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          {!shown.phone ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setField('phone')} aria-label={`${t('workers.showPhone')}: ${name}`}>
              {t('workers.showPhone')}
            </button>
          ) : null}
          {hasIdNumber && !shown.idNumber ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setField('idNumber')} aria-label={`${t('workers.showId')}: ${name}`}>
              {t('workers.showId')}
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}
