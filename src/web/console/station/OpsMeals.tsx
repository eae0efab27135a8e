import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs, type Meal, type MealDay, type Menu } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, ErrorSummary, Loading, Ltr, TextField } from '../../components/ui.tsx';
import { DayLabel, Money, detailCode, fsi, ltr } from '../../stations/common.tsx';
import { parseYuan, stationToday } from '../../stations/geo.ts';

/** Menu management: add a dish for a day, change its servings, and serve the day's reservations. */
export function OpsMeals() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const today = stationToday();
  const [date, setDate] = useState(today);
  const day = useLoad(() => api<MealDay>('GET', `/api/stations/${id}/meals/day${qs({ date })}`), [id, date]);
  const menu = useLoad(() => api<Menu>('GET', `/api/stations/${id}/meals${qs({ from: date, days: 1 })}`), [id, date]);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = () => {
    void day.reload();
    void menu.reload();
  };
  const mealOf = (mealId: string) => menu.data?.items.find((m) => m.id === mealId);

  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.meals.title')}</h1>
      <TextField label={t('fields.date')} type="date" name="day" value={date} min={today} onChange={(e) => e.target.value && setDate(e.target.value)} />
      <p className="muted small">
        <DayLabel date={date} today={today} />
      </p>
      {notice ? (
        <Alert kind="success">
          <span data-testid="ops-notice">{notice}</span>
        </Alert>
      ) : null}
      <AddDish
        stationId={id}
        date={date}
        onAdded={(m) => {
          setNotice(t('ops.meals.added', { dish: fsi(m.dish) }));
          if (m.date !== date) setDate(m.date);
          reload();
        }}
      />
      <h2>{t('ops.meals.dayTitle')}</h2>
      {day.loading && !day.data ? <Loading /> : null}
      {day.error ? <Alert>{errorMessage(t, day.error)}</Alert> : null}
      {day.data && !day.data.dishes.length ? <p className="muted">{t('ops.meals.noDishes')}</p> : null}
      <ul className="cards" data-testid="day-dishes">
        {(day.data?.dishes ?? []).map((d) => (
          <DishItem key={d.id} dish={d} meal={mealOf(d.id)} onChange={reload} />
        ))}
      </ul>
    </section>
  );
}

function DishItem({ dish: d, meal, onChange }: { dish: MealDay['dishes'][number]; meal: Meal | undefined; onChange: () => void }) {
  const { t } = useTranslation();
  const [servings, setServings] = useState(String(d.servingsTotal));
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reserved = d.servingsTotal - d.servingsLeft;

  const save = async () => {
    const n = Number(servings);
    if (!/^\d{1,5}$/.test(servings.trim())) return setError(t('errors.field.invalid_value', { field: t('fields.servings') }));
    setBusy(true);
    setError(null);
    try {
      await api('PATCH', `/api/meals/${d.id}`, { servings: n });
      setEditing(false);
      onChange();
    } catch (err) {
      setError(detailCode(err) === 'below_reserved' ? t('ops.meals.belowReserved', { n: ltr(reserved) }) : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const serve = async (rid: string) => {
    setError(null);
    try {
      await api('POST', `/api/meal-reservations/${rid}/serve`);
    } catch (err) {
      setError(errorMessage(t, err, { conflict: t('ops.meals.notReserved') }));
    }
    onChange();
  };

  return (
    <li className="item" data-dish-id={d.id}>
      <div className="item-head">
        <strong>
          <bdi>{d.dish}</bdi>
        </strong>
        {meal ? (
          <span>
            <Money fen={meal.workerPriceFen} /> <span className="muted small">/ <Money fen={meal.normalPriceFen} /></span>
          </span>
        ) : null}
      </div>
      <p className="small">
        {t('ops.meals.servings')} <Ltr>{d.servingsTotal}</Ltr> · {t('ops.meals.reservedCount')} <Ltr>{reserved}</Ltr> · {t('ops.meals.servedCount')} <Ltr>{d.served}</Ltr> · {t('meals.left')}{' '}
        <Ltr>{d.servingsLeft}</Ltr>
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {editing ? (
        <div className="inline-row">
          <TextField label={t('fields.servings')} name="servings" inputMode="numeric" dir="ltr" value={servings} onChange={(e) => setServings(e.target.value)} />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
            {t('common.save')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)} aria-label={`${t('ops.meals.editServings')}: ${d.dish}`}>
          {t('ops.meals.editServings')}
        </button>
      )}
      {d.reservations.length ? (
        <ul className="plain-list reservations" data-testid="reservations">
          {d.reservations.map((r) => (
            <li key={r.id} className="row-between" data-reservation-id={r.id}>
              <span>
                <bdi>{r.name}</bdi> <span className={`badge ${r.status === 'served' ? 'badge-ok' : 'badge-wait'}`}>{t(`mealStatus.${r.status}`, { defaultValue: r.status })}</span>
              </span>
              {r.status === 'reserved' ? (
                <button type="button" className="btn btn-primary btn-small" onClick={() => void serve(r.id)} aria-label={`${t('ops.meals.serve')}: ${r.name}`}>
                  {t('ops.meals.serve')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('ops.meals.noReservations')}</p>
      )}
    </li>
  );
}

function AddDish({ stationId, date, onAdded }: { stationId: string; date: string; onAdded: (m: Meal) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ dish: '', description: '', worker: '', normal: '', servings: '30' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    const worker = parseYuan(v.worker);
    const normal = parseYuan(v.normal);
    if (!v.dish.trim()) local.dish = issue('dish', 'required');
    if (!v.worker.trim()) local.workerPriceFen = issue('workerPriceFen', 'required');
    else if (worker === null) local.workerPriceFen = issue('workerPriceFen', 'invalid_value');
    if (!v.normal.trim()) local.normalPriceFen = issue('normalPriceFen', 'required');
    else if (normal === null) local.normalPriceFen = issue('normalPriceFen', 'invalid_value');
    if (worker !== null && normal !== null && worker > normal) local.workerPriceFen = issue('workerPriceFen', 'above_normal_price');
    if (!/^\d{1,5}$/.test(v.servings.trim())) local.servings = issue('servings', 'invalid_value');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ meal: Meal }>('POST', `/api/stations/${stationId}/meals`, {
        date,
        dish: v.dish.trim(),
        ...(v.description.trim() ? { description: v.description.trim() } : {}),
        workerPriceFen: worker,
        normalPriceFen: normal,
        servings: Number(v.servings),
      });
      setV((o) => ({ ...o, dish: '', description: '', worker: '', normal: '' }));
      onAdded(res.meal);
    } catch (err) {
      setIssues(serverIssues(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel add-panel" open>
      <summary>{t('ops.meals.addTitle')}</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="add-dish">
        <Alert>{error && !Object.keys(issues).length ? errorMessage(t, error) : null}</Alert>
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <p className="small">
          {t('ops.meals.addFor')} <strong>
            <DayLabel date={date} today={stationToday()} />
          </strong>
        </p>
        <TextField label={t('fields.dish')} name="dish" maxLength={60} value={v.dish} onChange={set('dish')} error={errors.dish} required />
        <TextField label={t('fields.description')} name="description" optional maxLength={200} value={v.description} onChange={set('description')} error={errors.description} />
        <div className="two-col">
          <TextField label={t('fields.workerPriceFen')} name="workerPrice" inputMode="decimal" dir="ltr" placeholder="12.00" value={v.worker} onChange={set('worker')} error={errors.workerPriceFen} required />
          <TextField label={t('fields.normalPriceFen')} name="normalPrice" inputMode="decimal" dir="ltr" placeholder="20.00" value={v.normal} onChange={set('normal')} error={errors.normalPriceFen} required />
        </div>
        <TextField label={t('fields.servings')} name="servingsTotal" inputMode="numeric" dir="ltr" value={v.servings} onChange={set('servings')} error={errors.servings} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('ops.meals.add')}
        </button>
      </form>
    </details>
  );
}
