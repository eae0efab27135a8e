import { useState, type ReactNode } from 'react';

import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { hasRole, useAuth } from '../../auth.tsx';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField } from '../../components/ui.tsx';
import { CaseCardHead, EscalationBadge, When } from '../../cases/common.tsx';
import { AGE_BUCKETS, type Aggregates, type Dashboard } from '../../cases/types.ts';

const PERIODS = [30, 90, 365] as const;

/** A count that may be suppressed: null reads "<5" (the analysts' minimum cell). */
export function Cell({ n, min }: { n: number | null; min?: number }) {
  const { t } = useTranslation();
  if (n === null) {
    return (
      <span className="suppressed" title={t('aggregates.suppressedTitle', { min: min ?? 5 })} data-suppressed="true">
        <bdi>{t('aggregates.suppressed', { min: min ?? 5 })}</bdi>
      </span>
    );
  }
  return <Ltr>{n}</Ltr>;
}

/** A horizontal bar in CSS (no chart library): the value as text, the bar for the eye, both in one row. */
export function Bar({ label, value, max, children }: { label: ReactNode; value: number | null; max: number; children?: ReactNode }) {
  const pct = value === null || max <= 0 ? 0 : Math.max(2, Math.round((value / max) * 100));
  return (
    <li className="bar-row">
      <span className="bar-label">{label}</span>
      <span className="bar-track" aria-hidden="true">
        <span className="bar-fill" style={{ inlineSize: `${pct}%` }} />
      </span>
      <span className="bar-value">{children}</span>
    </li>
  );
}

export function PeriodPicker({ days, onChange }: { days: number; onChange: (d: number) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField label={t('caseDash.period')} name="days" value={String(days)} onChange={(e) => onChange(Number(e.target.value))}>
      {PERIODS.map((d) => (
        <option key={d} value={d}>
          {t('caseDash.lastDays', { days: d })}
        </option>
      ))}
    </SelectField>
  );
}

/** Open cases by category and age: a table, readable by a screen reader and on a phone (scrolls sideways). */
export function AgeTable({ rows, min }: { rows: { category: string; open: number | null; ages: Record<string, number | null> }[]; min?: number }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table age-table" data-testid="age-table">
        <caption className="visually-hidden">{t('caseDash.byCategory')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caseDash.category')}</th>
            <th scope="col">{t('caseDash.open')}</th>
            {AGE_BUCKETS.map((b) => (
              <th key={b} scope="col">
                {t(`caseDash.age.${b}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.category} data-category={r.category}>
              <th scope="row">{t(`categories.${r.category}.name`, { defaultValue: r.category })}</th>
              <td className="num">
                <Cell n={r.open} min={min} />
              </td>
              {AGE_BUCKETS.map((b) => (
                <td key={b} className={`num${b === 'over_30d' && (r.ages[b] ?? 0) > 0 ? ' is-old' : ''}`}>
                  <Cell n={r.ages[b] ?? null} min={min} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Hours({ label, h }: { label: string; h: { median: number | null; p90: number | null; n: number } | null }) {
  const { t } = useTranslation();
  return (
    <div className="stat-card">
      <p className="stat-label">{label}</p>
      {h ? (
        <p>
          <span className="stat-value small-value">
            <Ltr>{h.median ?? '–'}</Ltr>
          </span>{' '}
          <span className="small">{t('caseDash.hoursMedian')}</span>
          <br />
          <span className="small">
            {t('caseDash.p90')} <Ltr>{h.p90 ?? '–'}</Ltr> · n = <Ltr>{h.n}</Ltr>
          </span>
        </p>
      ) : (
        <p className="suppressed">{t('aggregates.hidden')}</p>
      )}
    </div>
  );
}

/** The union's dashboard: what is open and how old, what is overdue, how fast, how satisfied, how it ended. */
export function CaseDashboard() {
  const { t } = useTranslation();
  const [days, setDays] = useState(365);
  const d = useLoad(() => api<Dashboard>('GET', `/api/cases/dashboard${qs({ days })}`), [days]);
  return (
    <section className="case-dashboard">
      <h1 tabIndex={-1}>{t('caseDash.title')}</h1>
      <PeriodPicker days={days} onChange={setDays} />
      {d.loading && !d.data ? <Loading /> : null}
      {d.error ? <Alert>{errorMessage(t, d.error)}</Alert> : null}
      {d.data ? <DashboardBody d={d.data} /> : null}
    </section>
  );
}

function DashboardBody({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  // Only the case's officer and the union chair can open a case; the others see its line here.
  const opens = (officerUserId: string | null) => hasRole(user, 'union_chair') || officerUserId === user?.id;
  const maxOutcome = Math.max(1, ...d.outcomes.map((o) => o.count));
  const maxRating = Math.max(1, ...d.satisfaction.distribution);
  return (
    <>
      <ul className="stat-grid stat-static" data-testid="dash-stats">
        <li data-stat="open">
          <span className="stat-value">
            <Ltr>{d.open}</Ltr>
          </span>
          <span className="stat-label">{t('caseDash.openNow')}</span>
        </li>
        <li data-stat="overdue" className={d.overdueCount ? 'is-bad' : ''}>
          <span className="stat-value">
            <Ltr>{d.overdueCount}</Ltr>
          </span>
          <span className="stat-label">{t('caseDash.overdueNow')}</span>
        </li>
        <li data-stat="total">
          <span className="stat-value">
            <Ltr>{d.total}</Ltr>
          </span>
          <span className="stat-label">{t('caseDash.total')}</span>
        </li>
        <li data-stat="satisfaction">
          <span className="stat-value">
            <Ltr>{d.satisfaction.average ?? '–'}</Ltr>
          </span>
          <span className="stat-label">{t('caseDash.satisfactionAvg', { n: d.satisfaction.n })}</span>
        </li>
      </ul>

      <h2>{t('caseDash.byCategory')}</h2>
      <AgeTable rows={d.byCategory} />

      <h2>{t('caseDash.overdueTitle')}</h2>
      {d.overdue.length ? (
        <ul className="cards" data-testid="dash-overdue">
          {d.overdue.map((c) => (
            <li key={c.id} className="item case-card is-overdue" data-case-id={c.id}>
              <CaseCardHead c={c} to={opens(c.officerUserId) ? `/console/cases/${c.id}` : undefined}>
                {' '}
                <EscalationBadge level={c.escalation} />
              </CaseCardHead>
              <p className="small due is-overdue">
                {t('caseOps.resolveDue')} <When iso={c.resolutionDue ?? c.firstResponseDue} />
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('caseDash.noOverdue')}</p>
      )}

      <h2>{t('caseDash.speedTitle')}</h2>
      <div className="stat-cards">
        <Hours label={t('caseDash.firstResponse')} h={d.firstResponseHours} />
        <Hours label={t('caseDash.resolution')} h={d.resolutionHours} />
      </div>

      <h2>{t('caseDash.satisfactionTitle')}</h2>
      <ul className="bars" data-testid="ratings">
        {d.satisfaction.distribution.map((n, i) => (
          <Bar key={i} label={<Ltr>{`${i + 1} ★`}</Ltr>} value={n} max={maxRating}>
            <Ltr>{n}</Ltr>
          </Bar>
        ))}
      </ul>

      <h2>{t('caseDash.outcomesTitle')}</h2>
      <ul className="bars" data-testid="outcomes">
        {d.outcomes.map((o) => (
          <Bar key={o.outcome} label={t(`outcomes.${o.outcome}`, { defaultValue: o.outcome })} value={o.count} max={maxOutcome}>
            <Ltr>{o.count}</Ltr>
          </Bar>
        ))}
      </ul>
    </>
  );
}

/** The analysts' view: the same figures over every union, never a case, small cells shown as "<5". */
export function CaseAggregates() {
  const { t } = useTranslation();
  const [days, setDays] = useState(365);
  const a = useLoad(() => api<Aggregates>('GET', `/api/cases/aggregates${qs({ days })}`), [days]);
  const d = a.data;
  const counts = d ? d.outcomes.map((o) => o.count ?? 0) : [];
  const maxOutcome = Math.max(1, ...counts);
  return (
    <section className="case-dashboard">
      <h1 tabIndex={-1}>{t('aggregates.title')}</h1>
      <p className="muted">{t('aggregates.intro', { min: d?.minCell ?? 5 })}</p>
      <PeriodPicker days={days} onChange={setDays} />
      {a.loading && !d ? <Loading /> : null}
      {a.error ? <Alert>{errorMessage(t, a.error)}</Alert> : null}
      {d ? (
        <>
          <ul className="stat-grid stat-static" data-testid="agg-stats">
            <li data-stat="open">
              <span className="stat-value">
                <Cell n={d.open} min={d.minCell} />
              </span>
              <span className="stat-label">{t('caseDash.openNow')}</span>
            </li>
            <li data-stat="overdue">
              <span className="stat-value">
                <Cell n={d.overdueCount} min={d.minCell} />
              </span>
              <span className="stat-label">{t('caseDash.overdueNow')}</span>
            </li>
            <li data-stat="total">
              <span className="stat-value">
                <Cell n={d.total} min={d.minCell} />
              </span>
              <span className="stat-label">{t('caseDash.total')}</span>
            </li>
            <li data-stat="satisfaction">
              <span className="stat-value">{d.satisfaction ? <Ltr>{d.satisfaction.average ?? '–'}</Ltr> : <Cell n={null} min={d.minCell} />}</span>
              <span className="stat-label">{t('caseDash.satisfactionAvg', { n: d.satisfaction?.n ?? '–' })}</span>
            </li>
          </ul>
          <h2>{t('caseDash.byCategory')}</h2>
          <AgeTable rows={d.byCategory} min={d.minCell} />
          <h2>{t('caseDash.speedTitle')}</h2>
          <div className="stat-cards">
            <Hours label={t('caseDash.firstResponse')} h={d.firstResponseHours} />
            <Hours label={t('caseDash.resolution')} h={d.resolutionHours} />
          </div>
          <h2>{t('caseDash.outcomesTitle')}</h2>
          <ul className="bars" data-testid="agg-outcomes">
            {d.outcomes.map((o) => (
              <Bar key={o.outcome} label={t(`outcomes.${o.outcome}`, { defaultValue: o.outcome })} value={o.count} max={maxOutcome}>
                <Cell n={o.count} min={d.minCell} />
              </Bar>
            ))}
          </ul>
          <p className="small muted">{t('aggregates.note')}</p>
        </>
      ) : null}
    </section>
  );
}
