import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs, type Meal, type MealReservation, type Menu } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { DayLabel, Money, detailCode } from './common.tsx';
import type { SectionProps } from './StationPage.tsx';

const conflictKey: Record<string, string> = { sold_out: 'meals.soldOutNow', already_reserved: 'meals.alreadyReserved', meal_past: 'meals.mealPast' };

/** Today and tomorrow open; the rest of the week folded away. */
const DAYS_OPEN = 2;

/** The week's menu: worker price against the normal price, servings left, and a reserve button. */
export function MenuSection({ stationId, isWorker, signedIn, signInLink }: SectionProps) {
  const { t } = useTranslation();
  const menu = useLoad(() => api<Menu>('GET', `/api/stations/${stationId}/meals${qs({ days: 7 })}`), [stationId]);
  const mine = useLoad(
    async () => (isWorker ? (await api<{ items: MealReservation[] }>('GET', '/api/meal-reservations/me')).items : []),
    [isWorker],
  );
  const reservedIds = new Set((mine.data ?? []).filter((r) => r.status === 'reserved' || r.status === 'served').map((r) => r.mealId));

  const days = new Map<string, Meal[]>();
  for (const m of menu.data?.items ?? []) days.set(m.date, [...(days.get(m.date) ?? []), m]);

  const renderDay = (date: string, meals: Meal[]) => (
    <div key={date} className="menu-day" data-date={date} data-today={String(date === menu.data?.today)}>
      <h3>
        <DayLabel date={date} today={menu.data?.today ?? ''} />
      </h3>
      <ul className="cards">
        {meals.map((m) => (
          <MealItem
            key={m.id}
            meal={m}
            reserved={reservedIds.has(m.id)}
            isWorker={isWorker}
            onChange={() => {
              void menu.reload();
              void mine.reload();
            }}
          />
        ))}
      </ul>
    </div>
  );

  return (
    <section id="menu" aria-labelledby="menu-title" className="station-section">
      <h2 id="menu-title">{t('station.menuTitle')}</h2>
      <p className="muted small">{t('meals.intro')}</p>
      {menu.loading && !menu.data ? <Loading /> : null}
      {menu.error ? <Alert>{errorMessage(t, menu.error)}</Alert> : null}
      {menu.data && !menu.data.items.length ? <p className="muted">{t('meals.none')}</p> : null}
      {!signedIn && menu.data?.items.length ? (
        <Link className="btn btn-secondary btn-block" to={signInLink}>
          {t('meals.signInToReserve')}
        </Link>
      ) : null}
      {[...days.entries()].slice(0, DAYS_OPEN).map(([date, meals]) => renderDay(date, meals))}
      {days.size > DAYS_OPEN ? (
        <details className="more-days">
          <summary>{t('meals.laterDays')}</summary>
          {[...days.entries()].slice(DAYS_OPEN).map(([date, meals]) => renderDay(date, meals))}
        </details>
      ) : null}
    </section>
  );
}

function MealItem({ meal: m, reserved, isWorker, onChange }: { meal: Meal; reserved: boolean; isWorker: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reserve = async () => {
    setBusy(true);
    setProblem(null);
    setError(null);
    try {
      await api('POST', `/api/meals/${m.id}/reservations`);
      setDone(true);
      onChange();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // 409 `sold_out`, `already_reserved` (this worker holds one) or `meal_past` (the day has gone by).
        const code = detailCode(err);
        if (code && code in conflictKey) {
          setProblem(conflictKey[code]!);
          onChange();
        } else setError(err);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const soldOut = m.servingsLeft <= 0;
  return (
    <li className="item meal-item" data-meal-id={m.id}>
      <div className="item-head">
        <strong className="meal-dish">
          <bdi>{m.dish}</bdi>
        </strong>
        <strong className="meal-price">
          <Money fen={m.workerPriceFen} />
        </strong>
      </div>
      {m.description ? (
        <p className="small">
          <bdi>{m.description}</bdi>
        </p>
      ) : null}
      <p className="small muted">
        {t('meals.workerPrice')} <Money fen={m.workerPriceFen} /> · {t('meals.normalPrice')} <Money fen={m.normalPriceFen} />
      </p>
      <p className="small">
        {soldOut ? (
          <span className="badge badge-bad">{t('meals.soldOut')}</span>
        ) : (
          <span data-testid="servings-left">
            {t('meals.left')} <Ltr>{`${m.servingsLeft}/${m.servingsTotal}`}</Ltr>
          </span>
        )}
      </p>
      {problem ? <Alert kind="warning">{t(problem)}</Alert> : null}
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      {reserved || done ? (
        <p className="badge badge-ok" data-testid="reserved">
          {t('meals.reserved')}
        </p>
      ) : isWorker ? (
        <button type="button" className="btn btn-primary btn-block" disabled={busy || soldOut} onClick={() => void reserve()} aria-label={`${t('meals.reserve')}: ${m.dish}`}>
          {busy ? t('common.working') : t('meals.reserve')}
        </button>
      ) : null}
    </li>
  );
}
