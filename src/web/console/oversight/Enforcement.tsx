import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n/index.ts';
import { api, ApiError } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, TextAreaField, TextField } from '../../components/ui.tsx';
import type { Action, Referral, WatchItem } from './types.ts';
import './oversight.css';

/** A server field problem in the reader's language, with this page's own field names. */
function issueText(t: TFunction, path: string, code: string) {
  const field = t(`oversight.fields.${path.split('.')[0]}`, { defaultValue: t('fields.unknown') });
  if (i18n.exists(`oversight.errors.${code}`)) return t(`oversight.errors.${code}`, { field });
  return t(`errors.field.${i18n.exists(`errors.field.${code}`) ? code : 'invalid_value'}`, { field });
}
const issuesOf = (t: TFunction, err: unknown) => {
  const out: Record<string, string> = {};
  if (err instanceof ApiError) for (const d of err.details) out[d.path.split('.')[0]!] ??= issueText(t, d.path, d.code);
  return out;
};

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Illegal operation: the watchlist, the joint-operation log and its form, referrals to the transport authority. */
export function Enforcement() {
  const { t } = useTranslation();
  const watch = useLoad(() => api<{ items: WatchItem[] }>('GET', '/api/oversight/watchlist').then((r) => r.items), []);
  const log = useLoad(() => api<{ total: number; items: Action[] }>('GET', '/api/oversight/enforcement'), []);
  const refs = useLoad(() => api<{ items: Referral[] }>('GET', '/api/oversight/referrals').then((r) => r.items), []);
  const [banner, setBanner] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function refer(w: WatchItem) {
    setBanner(null);
    try {
      await api('POST', '/api/oversight/referrals', { subjectKind: w.kind, subject: w.subject });
      setBanner({ kind: 'success', text: t('oversight.referred', { subject: w.subject }) });
      await Promise.all([watch.reload(), refs.reload()]);
    } catch (e) {
      const code = e instanceof ApiError ? e.details[0]?.code : undefined;
      setBanner({ kind: 'error', text: code && i18n.exists(`oversight.errors.${code}`) ? t(`oversight.errors.${code}`, { field: w.subject }) : errorMessage(t, e) });
    }
  }
  async function move(r: Referral, status: string) {
    setBanner(null);
    try {
      await api('PATCH', `/api/oversight/referrals/${r.id}`, { status });
      await Promise.all([watch.reload(), refs.reload()]);
    } catch (e) {
      setBanner({ kind: 'error', text: errorMessage(t, e) });
    }
  }

  return (
    <section className="ovs-enforcement">
      <h1 tabIndex={-1}>{t('oversight.enforcementTitle')}</h1>
      <p className="muted">{t('oversight.enforcementIntro')}</p>
      {banner ? <Alert kind={banner.kind}>{banner.text}</Alert> : null}

      <h2>{t('oversight.watchlistTitle')}</h2>
      <p className="small muted">{t('oversight.watchlistIntro')}</p>
      {watch.error ? <Alert>{errorMessage(t, watch.error)}</Alert> : null}
      {watch.loading && !watch.data ? <Loading /> : null}
      {watch.data && !watch.data.length ? <p className="muted">{t('oversight.watchlistEmpty')}</p> : null}
      {watch.data?.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="watchlist">
            <thead>
              <tr>
                <th scope="col">{t('oversight.subject')}</th>
                <th scope="col">{t('oversight.daysSeen')}</th>
                <th scope="col">{t('oversight.lastSeen')}</th>
                <th scope="col">{t('oversight.checkedInActions')}</th>
                <th scope="col">{t('oversight.referral')}</th>
              </tr>
            </thead>
            <tbody>
              {watch.data.map((w) => (
                <tr key={`${w.kind}|${w.subject}`} data-subject={w.subject}>
                  <th scope="row">
                    <span className="badge badge-muted">{t(`oversight.kind.${w.kind}`)}</span> <Ltr>{w.subject}</Ltr>
                  </th>
                  <td className="num">
                    <Ltr>{w.days}</Ltr>
                  </td>
                  <td>
                    <Ltr>{w.lastSeen}</Ltr>
                  </td>
                  <td className="num">
                    <Ltr>{w.checkedInActions}</Ltr>
                  </td>
                  <td>
                    {w.referral && w.referral.status !== 'closed' ? (
                      <span className="badge badge-wait">{t(`oversight.refStatus.${w.referral.status}`)}</span>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => void refer(w)} data-testid="refer">
                        {t('oversight.refer')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h2>{t('oversight.logTitle')}</h2>
      <ActionForm onSaved={() => void Promise.all([log.reload(), watch.reload()])} />
      {log.error ? <Alert>{errorMessage(t, log.error)}</Alert> : null}
      {log.data ? (
        log.data.items.length ? (
          <ul className="cards" data-testid="action-log">
            {log.data.items.map((a) => (
              <li key={a.id} className="item" data-action-id={a.id}>
                <p>
                  <strong>
                    <Ltr>{a.heldOn}</Ltr>
                  </strong>{' '}
                  <span dir="auto">{a.place}</span>
                </p>
                <p className="small">
                  {t('oversight.checkedFound', { checked: a.platesChecked, found: a.plates.length })}
                  {a.plates.length ? (
                    <>
                      {': '}
                      <Ltr>{a.plates.join(', ')}</Ltr>
                    </>
                  ) : null}
                </p>
                <p dir="auto">{a.outcome}</p>
                {a.partners ? (
                  <p className="small muted">
                    {t('oversight.fields.partners')}: <span dir="auto">{a.partners}</span>
                  </p>
                ) : null}
                <p className="small muted">{t('oversight.loggedBy', { name: a.createdBy ?? '–' })}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('oversight.logEmpty')}</p>
        )
      ) : null}

      <h2>{t('oversight.referralsTitle')}</h2>
      {refs.data?.length ? (
        <ul className="cards" data-testid="referrals">
          {refs.data.map((r) => (
            <li key={r.id} className="item" data-referral-id={r.id} data-status={r.status}>
              <p>
                <span className="badge badge-muted">{t(`oversight.kind.${r.subjectKind}`)}</span> <Ltr>{r.subject}</Ltr> → {r.toName}{' '}
                <span className={`badge ${r.status === 'closed' ? 'badge-ok' : 'badge-wait'}`}>{t(`oversight.refStatus.${r.status}`)}</span>
              </p>
              <p className="small muted">{t('oversight.evidenceCount', { n: r.evidenceCount })}</p>
              {r.next.length ? (
                <p className="actions">
                  {r.next.map((s) => (
                    <button key={s} type="button" className="btn btn-ghost btn-small" onClick={() => void move(r, s)}>
                      {t(`oversight.refMove.${s}`)}
                    </button>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('oversight.referralsEmpty')}</p>
      )}
    </section>
  );
}

function ActionForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const empty = { heldOn: today(), place: '', platesChecked: '', plates: '', outcome: '', partners: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const plates = v.plates.split(/[\s,，、;；]+/).filter(Boolean);
    const local: Record<string, string> = {};
    if (!v.place.trim()) local.place = issueText(t, 'place', 'required');
    if (!/^\d+$/.test(v.platesChecked.trim())) local.platesChecked = issueText(t, 'platesChecked', 'required');
    if (!v.outcome.trim()) local.outcome = issueText(t, 'outcome', 'required');
    if (!local.platesChecked && plates.length > Number(v.platesChecked)) local.plates = issueText(t, 'plates', 'more_than_checked');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api('POST', '/api/oversight/enforcement', { heldOn: v.heldOn, place: v.place, platesChecked: Number(v.platesChecked), plates, outcome: v.outcome, ...(v.partners.trim() ? { partners: v.partners } : {}) });
      setV(empty);
      setDone(true);
      onSaved();
    } catch (err) {
      const e2 = issuesOf(t, err);
      setErrors(Object.keys(e2).length ? e2 : { form: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="panel ovs-form" onSubmit={(e) => void submit(e)} noValidate data-testid="action-form">
      <p className="panel-title">{t('oversight.logNew')}</p>
      {done ? <Alert kind="success">{t('oversight.logged')}</Alert> : null}
      {errors.form ? <Alert>{errors.form}</Alert> : null}
      <TextField label={t('oversight.fields.heldOn')} name="heldOn" type="date" value={v.heldOn} onChange={set('heldOn')} error={errors.heldOn} required />
      <TextField label={t('oversight.fields.place')} name="place" value={v.place} onChange={set('place')} error={errors.place} dir="auto" required />
      <TextField label={t('oversight.fields.platesChecked')} name="platesChecked" type="number" inputMode="numeric" min={0} value={v.platesChecked} onChange={set('platesChecked')} error={errors.platesChecked} required />
      <TextAreaField label={t('oversight.fields.plates')} hint={t('oversight.platesHint')} name="plates" value={v.plates} onChange={set('plates')} error={errors.plates} optional rows={2} dir="ltr" />
      <TextAreaField label={t('oversight.fields.outcome')} name="outcome" value={v.outcome} onChange={set('outcome')} error={errors.outcome} rows={3} dir="auto" required />
      <TextField label={t('oversight.fields.partners')} hint={t('oversight.partnersHint')} name="partners" value={v.partners} onChange={set('partners')} error={errors.partners} optional dir="auto" />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('oversight.logSubmit')}
      </button>
    </form>
  );
}
