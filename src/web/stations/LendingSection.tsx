import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Donation, type LendItem } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage } from '../errors.ts';
import { formatDate } from '../i18n/index.ts';
import { Alert, Loading, Ltr, SelectField } from '../components/ui.tsx';
import { Icon } from './icons.tsx';
import { detailCode, ltr } from './common.tsx';
import type { SectionProps } from './StationPage.tsx';

const kindIcon: Record<string, string> = { umbrella: 'umbrellas', raincoat: 'umbrellas', power_bank: 'phone_charging', tool: 'repair_tools', other: 'lending' };

/** Umbrellas, raincoats, power banks and tools to borrow, with how many are in. */
export function LendingSection({ stationId, isWorker, signedIn, signInLink }: SectionProps) {
  const { t } = useTranslation();
  const items = useLoad(() => api<{ items: LendItem[] }>('GET', `/api/stations/${stationId}/items`).then((r) => r.items), [stationId]);
  return (
    <section id="lending" aria-labelledby="lending-title" className="station-section">
      <h2 id="lending-title">{t('station.lendingTitle')}</h2>
      <p className="muted small">{t('lending.intro')}</p>
      {items.loading && !items.data ? <Loading /> : null}
      {items.error ? <Alert>{errorMessage(t, items.error)}</Alert> : null}
      {items.data && !items.data.length ? <p className="muted">{t('lending.none')}</p> : null}
      <ul className="cards">
        {(items.data ?? []).map((i) => (
          <BorrowItem key={i.id} item={i} isWorker={isWorker} onChange={() => void items.reload()} />
        ))}
      </ul>
      {!signedIn && items.data?.length ? (
        <Link className="btn btn-secondary btn-block" to={signInLink}>
          {t('lending.signInToBorrow')}
        </Link>
      ) : null}
    </section>
  );
}

function BorrowItem({ item: i, isWorker, onChange }: { item: LendItem; isWorker: boolean; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [dueAt, setDueAt] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const borrow = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const res = await api<{ loan: { dueAt: string } }>('POST', `/api/items/${i.id}/loans`, {});
      setDueAt(res.loan.dueAt);
      onChange();
    } catch (err) {
      setProblem(err);
      onChange();
    } finally {
      setBusy(false);
    }
  };
  const none = i.stockAvailable <= 0;
  return (
    <li className="item lend-item" data-item-id={i.id}>
      <div className="item-head">
        <strong>
          <Icon name={kindIcon[i.kind] ?? 'lending'} size={20} /> <bdi>{i.name}</bdi>
        </strong>
        <span className={`badge ${none ? 'badge-bad' : 'badge-ok'}`}>
          {none ? (
            t('lending.allOut')
          ) : (
            <>
              {t('lending.available')} <Ltr>{`${i.stockAvailable}/${i.stockTotal}`}</Ltr>
            </>
          )}
        </span>
      </div>
      <p className="small muted">{t('lending.loanDays', { n: ltr(i.loanDays) })}</p>
      {dueAt ? (
        <Alert kind="success">
          {t('lending.borrowed')} <Ltr>{formatDate(dueAt, i18n.language, true)}</Ltr>
        </Alert>
      ) : null}
      {problem ? <Alert>{detailCode(problem) === 'out_of_stock' ? t('lending.outOfStock') : errorMessage(t, problem)}</Alert> : null}
      {isWorker && !dueAt ? (
        <button type="button" className="btn btn-secondary btn-block" disabled={busy || none} onClick={() => void borrow()} aria-label={`${t('lending.borrow')}: ${i.name}`}>
          {busy ? t('common.working') : t('lending.borrow')}
        </button>
      ) : null}
    </li>
  );
}

/** At most this many in one claim from the app (the station can hand out more at the counter). */
const MAX_CLAIM = 10;
const claimProblem: Record<string, string> = { already_claimed: 'donations.alreadyClaimed', not_enough_left: 'donations.notEnoughLeft' };

/** Donated things waiting for someone who needs them (the donor is not shown publicly). */
export function DonationsSection({ stationId, isWorker }: SectionProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ items: Donation[] }>('GET', `/api/stations/${stationId}/donations`).then((r) => r.items), [stationId]);
  const [claimed, setClaimed] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [howMany, setHowMany] = useState<Record<string, number>>({});
  const claim = async (id: string) => {
    setProblem(null);
    setClaimed(null);
    try {
      await api('POST', `/api/donations/${id}/claim`, { quantity: howMany[id] ?? 1 });
      setClaimed(id);
      setHowMany((o) => ({ ...o, [id]: 1 }));
    } catch (err) {
      setProblem(err);
    } finally {
      void list.reload();
    }
  };
  const code = detailCode(problem);
  return (
    <section id="donations" aria-labelledby="donations-title" className="station-section">
      <h2 id="donations-title">{t('station.donationsTitle')}</h2>
      <p className="muted small">{t('donations.intro')}</p>
      {claimed ? <Alert kind="success">{t('donations.claimed')}</Alert> : null}
      {problem ? <Alert>{problem instanceof ApiError && code && claimProblem[code] ? t(claimProblem[code]) : errorMessage(t, problem)}</Alert> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !list.data.length ? <p className="muted">{t('donations.none')}</p> : null}
      <ul className="cards">
        {(list.data ?? []).map((d) => (
          <li key={d.id} className="item" data-donation-id={d.id}>
            <div className="item-head">
              <strong>
                <bdi>{d.description}</bdi>
              </strong>
              <span className="badge badge-muted" data-testid="donation-left">
                × <Ltr>{d.quantityLeft}</Ltr>
              </span>
            </div>
            {isWorker && d.quantityLeft > 1 ? (
              <SelectField label={t('fields.quantity')} name="quantity" value={String(howMany[d.id] ?? 1)} onChange={(e) => setHowMany((o) => ({ ...o, [d.id]: Number(e.target.value) }))}>
                {Array.from({ length: Math.min(d.quantityLeft, MAX_CLAIM) }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {isWorker ? (
              <button type="button" className="btn btn-secondary btn-block" onClick={() => void claim(d.id)} aria-label={`${t('donations.claim')}: ${d.description}`}>
                {t('donations.claim')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
