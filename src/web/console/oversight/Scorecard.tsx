import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField } from '../../components/ui.tsx';
import { Chart } from './Chart.tsx';
import { CellText, IndicatorName, PrincipleBadge, RuleClass, usePlatformName } from './common.tsx';
import { INDICATORS, pct, type IndicatorId, type MonthItem, type Scorecard as Card } from './types.ts';

export const findingsLink = (month: string, indicator?: string, platform?: string) => `/console/scorecard/findings${qs({ month, indicator, platform })}`;
export const csvLink = (month: string, indicator?: string, platform?: string) => `/api/oversight/findings/export${qs({ month, indicator, platform })}`;

/** Months analysed, and the one chosen (in the address, so a link or a reload keeps it). */
export function useMonth() {
  const [params, setParams] = useSearchParams();
  const months = useLoad(() => api<{ items: MonthItem[] }>('GET', '/api/oversight/months').then((r) => r.items), []);
  const month = params.get('month') ?? months.data?.[0]?.month ?? '';
  const setMonth = (m: string) => {
    const next = new URLSearchParams(params);
    next.set('month', m);
    setParams(next, { replace: true });
  };
  return { months, month, setMonth };
}

export function MonthPicker({ months, month, onChange }: { months: MonthItem[]; month: string; onChange: (m: string) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField label={t('oversight.month')} name="month" value={month} onChange={(e) => onChange(e.target.value)}>
      {months.map((m) => (
        <option key={m.month} value={m.month}>
          {m.month}
        </option>
      ))}
    </SelectField>
  );
}

/** The platform scorecard of a month: every indicator per platform, charts, principles, fairness, rules. */
export function Scorecard() {
  const { t } = useTranslation();
  const { months, month, setMonth } = useMonth();
  const card = useLoad(() => (month ? api<Card>('GET', `/api/oversight/scorecard${qs({ month })}`) : Promise.resolve(null)), [month]);
  return (
    <section className="ovs-scorecard" data-month={month}>
      <h1 tabIndex={-1}>{t('oversight.title')}</h1>
      <p className="muted">{t('oversight.intro')}</p>
      {months.loading && !months.data ? <Loading /> : null}
      {months.error ? <Alert>{errorMessage(t, months.error)}</Alert> : null}
      {months.data && !months.data.length ? <Alert kind="info">{t('oversight.noRuns')}</Alert> : null}
      {months.data?.length ? (
        <div className="ovs-toolbar">
          <MonthPicker months={months.data} month={month} onChange={setMonth} />
          <Link className="btn btn-ghost btn-small" to={`/console/scorecard/report${qs({ month })}`} data-testid="report-link">
            {t('oversight.printReport')}
          </Link>
          <a className="btn btn-ghost btn-small" href={csvLink(month)} download data-testid="csv-link">
            {t('oversight.exportCsv')}
          </a>
        </div>
      ) : null}
      {card.error ? <Alert>{errorMessage(t, card.error)}</Alert> : null}
      {card.data ? <ScorecardBody c={card.data} /> : card.loading && month ? <Loading /> : null}
    </section>
  );
}

function ScorecardBody({ c }: { c: Card }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const [chosen, setChosen] = useState<IndicatorId>('R1');
  const unitOf = (id: IndicatorId) => c.indicators.find((i) => i.id === id)?.rateUnit ?? 'per_1000_orders';
  const names = c.platforms.map((p) => platformName(p.code, p.name));
  const bar = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', name: t(`oversight.rateUnit.${unitOf(chosen)}`) },
      series: [{ type: 'bar', name: chosen, data: c.platforms.map((p) => p.indicators[chosen].rate), itemStyle: { color: '#c0392b' } }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [c, chosen, names.join('|')],
  );
  const line = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: c.trend.map((m) => m.month) },
      yAxis: { type: 'value', name: t(`oversight.rateUnit.${unitOf(chosen)}`) },
      series: c.platforms.map((p, i) => ({ type: 'line', name: names[i], connectNulls: false, data: c.trend.map((m) => m.platforms[p.code]?.[chosen] ?? null) })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [c, chosen, names.join('|')],
  );
  return (
    <>
      {c.masked ? <Alert kind="info">{t('oversight.maskedNote', { min: c.minCell ?? 5 })}</Alert> : null}
      <ul className="stat-grid stat-static" data-testid="ovs-stats">
        <li>
          <span className="stat-value">
            <Ltr>{c.run.completed.toLocaleString()}</Ltr>
          </span>
          <span className="stat-label">{t('oversight.completedOrders')}</span>
        </li>
        <li>
          <span className="stat-value">
            <Ltr>{pct(c.doubleComplianceRate, 2)}</Ltr>
          </span>
          <span className="stat-label">{t('oversight.doubleCompliance')}</span>
        </li>
        <li>
          <span className="stat-value">
            <Ltr>{c.platforms.length}</Ltr>
          </span>
          <span className="stat-label">{t('oversight.platforms')}</span>
        </li>
        <li>
          <span className="stat-value">
            <Ltr>{c.rules.length}</Ltr>
          </span>
          <span className="stat-label">{t('oversight.ruleVersions')}</span>
        </li>
      </ul>

      <h2>{t('oversight.byPlatform')}</h2>
      <p className="small muted">{t('oversight.drillHint')}</p>
      <div className="table-scroll">
        <table className="table ovs-table" data-testid="score-table">
          <caption className="visually-hidden">{t('oversight.byPlatform')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('oversight.indicator')}</th>
              {c.platforms.map((p) => (
                <th key={p.code} scope="col" data-platform={p.code}>
                  {platformName(p.code, p.name)}
                </th>
              ))}
              <th scope="col">{t('oversight.crossPlatform')}</th>
            </tr>
          </thead>
          <tbody>
            {c.indicators.map((ind) => (
              <tr key={ind.id} data-indicator={ind.id}>
                <th scope="row">
                  <IndicatorName id={ind.id} />
                  <span className="small muted ovs-desc">{t(`oversight.ind.${ind.id}.desc`)}</span>
                </th>
                {c.platforms.map((p) => {
                  const cell = p.indicators[ind.id];
                  return (
                    <td key={p.code} className={`num${cell.count ? ' ovs-has' : ''}`}>
                      {cell.count ? (
                        <Link to={findingsLink(c.month, ind.id, p.code)} data-indicator={ind.id} data-platform={p.code} className="ovs-drill">
                          <CellText c={cell} unit={ind.rateUnit} min={c.minCell} />
                        </Link>
                      ) : (
                        <CellText c={cell} unit={ind.rateUnit} min={c.minCell} />
                      )}
                    </td>
                  );
                })}
                <td className="num">
                  {ind.crossPlatform ? (
                    <Link to={findingsLink(c.month, ind.id, 'cross')} data-indicator={ind.id} data-platform="cross" className="ovs-drill">
                      <Ltr>{ind.crossPlatform}</Ltr>
                    </Link>
                  ) : (
                    <Ltr>{ind.crossPlatform ?? '–'}</Ltr>
                  )}
                </td>
              </tr>
            ))}
            <tr data-indicator="double-compliance">
              <th scope="row">{t('oversight.doubleCompliance')}</th>
              {c.platforms.map((p) => (
                <td key={p.code} className="num">
                  <Ltr>{pct(p.doubleComplianceRate, 2)}</Ltr>
                </td>
              ))}
              <td className="num">–</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2>{t('oversight.compareTitle')}</h2>
      <SelectField label={t('oversight.indicator')} name="chartIndicator" value={chosen} onChange={(e) => setChosen(e.target.value as IndicatorId)}>
        {INDICATORS.map((id) => (
          <option key={id} value={id}>
            {id} {t(`oversight.ind.${id}.name`)}
          </option>
        ))}
      </SelectField>
      <div className="ovs-charts">
        <figure>
          <figcaption>{t('oversight.compareCaption', { indicator: chosen, month: c.month })}</figcaption>
          <Chart option={bar} testId="chart-compare" />
        </figure>
        <figure>
          <figcaption>{t('oversight.trendCaption', { indicator: chosen })}</figcaption>
          <Chart option={line} testId="chart-trend" />
        </figure>
      </div>

      <h2>{t('oversight.fairworkTitle')}</h2>
      <p className="small muted">{t('oversight.fairworkIntro')}</p>
      <div className="table-scroll">
        <table className="table" data-testid="fairwork">
          <thead>
            <tr>
              <th scope="col">{t('oversight.platform')}</th>
              <th scope="col">{t('oversight.principle.fair_pay')}</th>
              <th scope="col">{t('oversight.principle.fair_conditions')}</th>
              <th scope="col">{t('oversight.principle.legal_operation')}</th>
              <th scope="col">{t('oversight.points')}</th>
            </tr>
          </thead>
          <tbody>
            {c.platforms.map((p) => (
              <tr key={p.code} data-platform={p.code}>
                <th scope="row">{platformName(p.code, p.name)}</th>
                {p.fairwork.map((f) => (
                  <td key={f.principle} data-principle={f.principle}>
                    <PrincipleBadge status={f.status} />
                    {f.failing.length ? (
                      <span className="small muted">
                        {' '}
                        <Ltr>{f.failing.join(' ')}</Ltr>
                      </span>
                    ) : null}
                  </td>
                ))}
                <td className="num">
                  <Ltr>{`${p.points} / 6`}</Ltr>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('oversight.fairnessTitle')}</h2>
      <p className="small muted">{t('oversight.fairnessIntro')}</p>
      {c.fairness.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="fairness">
            <thead>
              <tr>
                <th scope="col">{t('oversight.platform')}</th>
                <th scope="col">{t('oversight.meanGini')}</th>
                <th scope="col">{t('oversight.maxGini')}</th>
                <th scope="col">{t('oversight.members')}</th>
                <th scope="col">{t('oversight.nonMembers')}</th>
              </tr>
            </thead>
            <tbody>
              {c.fairness.map((f) => (
                <tr key={f.platform}>
                  <th scope="row">{platformName(f.platform, f.name)}</th>
                  <td className="num">
                    <Ltr>{f.meanGini}</Ltr>
                  </td>
                  <td className="num">
                    <Ltr>{`${f.maxGini} (${f.maxGiniDay})`}</Ltr>
                  </td>
                  <td className="num">
                    <Ltr>{f.members ? f.members.ordersPerDriver : '–'}</Ltr>
                  </td>
                  <td className="num">
                    <Ltr>{f.nonMembers ? f.nonMembers.ordersPerDriver : '–'}</Ltr>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('oversight.noFairness')}</p>
      )}

      <RulesTable rules={c.rules} />
      <p className="small muted">{t('oversight.analysedAt', { at: c.run.analysedAt.slice(0, 16).replace('T', ' ') })}</p>
    </>
  );
}

export function RulesTable({ rules }: { rules: Card['rules'] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('oversight.rulesTitle')}</h2>
      <div className="table-scroll">
        <table className="table" data-testid="rules">
          <thead>
            <tr>
              <th scope="col">{t('oversight.rule')}</th>
              <th scope="col">{t('oversight.value')}</th>
              <th scope="col">{t('oversight.class')}</th>
              <th scope="col">{t('oversight.source')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {t(`oversight.rules.${r.rule}`, { defaultValue: r.rule })}
                  <span className="small muted">
                    {' '}
                    <Ltr>{`${r.scope} · v${r.version}`}</Ltr>
                  </span>
                </th>
                <td className="num">
                  <Ltr>{`${r.value}${r.unit ? ` ${r.unit}` : ''}`}</Ltr>
                </td>
                <td>
                  <RuleClass c={r.class} />
                </td>
                <td dir="auto">{r.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
