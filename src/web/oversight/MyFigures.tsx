import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api.ts';
import { useLoad } from '../data.ts';
import { errorMessage } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField } from '../components/ui.tsx';
import { IndicatorName, RuleClass, usePlatformName } from '../console/oversight/common.tsx';
import { hhmm, pct, yuan, type Finding, type Order } from '../console/oversight/types.ts';

type Day = { day: string; orders: number; platforms: string[]; minutesWorked: number; hoursWorked: number; payFen: number; fareFen: number; payPerHourFen: number | null; commission: number | null };
type Figures = {
  linked: boolean;
  permits: string[];
  plates: string[];
  month: string;
  months: string[];
  analysed: boolean;
  truncated: boolean;
  totals: { orders: number; minutesWorked: number; payFen: number; fareFen: number };
  days: Day[];
  orders: (Order & { day: string; platformName: string })[];
  findings: Finding[];
};
type Filed = { created: boolean; case: { id: string; caseNo: string } };

const categoryOf = (indicator: string) => (indicator.startsWith('P') ? 'pay_arrears' : 'platform_penalty');

/** A driver's own figures: hours, pay per hour, commission per order, findings; each can become a case. */
export function MyFigures() {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const f = useLoad(() => api<Figures>('GET', `/api/oversight/me/figures${qs({ month })}`), [month]);
  const [filed, setFiled] = useState<Record<string, Filed>>({});
  const [err, setErr] = useState<unknown>(null);
  const [openDay, setOpenDay] = useState<string | null>(null);

  async function toCase(key: string, body: object) {
    setErr(null);
    try {
      const r = await api<Filed>('POST', '/api/oversight/me/cases', body);
      setFiled({ ...filed, [key]: r });
    } catch (e) {
      setErr(e);
    }
  }
  const d = f.data;
  return (
    <section className="ovs-mine" data-testid="my-figures">
      <h1 tabIndex={-1}>{t('oversight.mine.title')}</h1>
      <p className="muted">{t('oversight.mine.intro')}</p>
      {f.error ? <Alert>{errorMessage(t, f.error)}</Alert> : null}
      {f.loading && !d ? <Loading /> : null}
      {err ? <Alert>{errorMessage(t, err)}</Alert> : null}
      {d && !d.linked ? <Alert kind="info">{t('oversight.mine.notLinked')}</Alert> : null}
      {d && d.linked ? (
        <>
          {d.months.length ? (
            <SelectField label={t('oversight.month')} name="month" value={d.month} onChange={(e) => setMonth(e.target.value)}>
              {(d.months.includes(d.month) ? d.months : [d.month, ...d.months]).map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </SelectField>
          ) : null}
          <ul className="stat-grid stat-static" data-testid="my-totals">
            <li>
              <span className="stat-value">
                <Ltr>{d.totals.orders}</Ltr>
              </span>
              <span className="stat-label">{t('oversight.mine.orders')}</span>
            </li>
            <li>
              <span className="stat-value">
                <Ltr>{(d.totals.minutesWorked / 60).toFixed(1)}</Ltr>
              </span>
              <span className="stat-label">{t('oversight.mine.hours')}</span>
            </li>
            <li>
              <span className="stat-value">
                <Ltr>{yuan(d.totals.payFen)}</Ltr>
              </span>
              <span className="stat-label">{t('oversight.mine.pay')}</span>
            </li>
            <li>
              <span className="stat-value">
                <Ltr>{d.totals.minutesWorked ? yuan(Math.round(d.totals.payFen / (d.totals.minutesWorked / 60))) : '–'}</Ltr>
              </span>
              <span className="stat-label">{t('oversight.mine.perHour')}</span>
            </li>
          </ul>

          {d.findings.length ? (
            <>
              <h2>{t('oversight.mine.findingsTitle')}</h2>
              <ul className="cards" data-testid="my-findings">
                {d.findings.map((x) => (
                  <li key={x.id} className="item" data-finding-id={x.id} data-indicator={x.indicator}>
                    <p>
                      <IndicatorName id={x.indicator} /> · <Ltr>{x.day}</Ltr>
                    </p>
                    <p className="small">
                      {t('oversight.value')} <Ltr>{x.value ?? '–'}</Ltr> · {t('oversight.limit')} <Ltr>{x.limit ?? '–'}</Ltr>
                    </p>
                    {x.rule ? (
                      <p className="small muted">
                        <RuleClass c={x.rule.class} /> <span dir="auto">{x.rule.source}</span>
                      </p>
                    ) : null}
                    <CaseButton done={filed[x.id]} onClick={() => void toCase(x.id, { month: d.month, findingId: x.id, category: categoryOf(x.indicator) })} />
                  </li>
                ))}
              </ul>
            </>
          ) : d.analysed ? (
            <p className="muted">{t('oversight.mine.noFindings')}</p>
          ) : null}

          <h2>{t('oversight.mine.daysTitle')}</h2>
          {d.days.length ? (
            <ul className="cards" data-testid="my-days">
              {d.days.map((day) => (
                <li key={day.day} className="item" data-day={day.day}>
                  <p>
                    <strong>
                      <Ltr>{day.day}</Ltr>
                    </strong>{' '}
                    <span className="small muted">{day.platforms.map((p) => platformName(p)).join(' · ')}</span>
                  </p>
                  <p className="small">{t('oversight.mine.dayLine', { orders: day.orders, hours: day.hoursWorked, pay: yuan(day.payFen), perHour: yuan(day.payPerHourFen), commission: pct(day.commission) })}</p>
                  <p className="actions">
                    <button type="button" className="btn btn-ghost btn-small" aria-expanded={openDay === day.day} onClick={() => setOpenDay(openDay === day.day ? null : day.day)}>
                      {t('oversight.mine.showOrders')}
                    </button>
                    <CaseButton done={filed[day.day]} onClick={() => void toCase(day.day, { month: d.month, day: day.day, category: 'pay_arrears' })} />
                  </p>
                  {openDay === day.day ? (
                    <div className="table-scroll">
                      <table className="table ovs-orders">
                        <thead>
                          <tr>
                            <th scope="col">{t('oversight.time')}</th>
                            <th scope="col">{t('oversight.fare')}</th>
                            <th scope="col">{t('oversight.pay')}</th>
                            <th scope="col">{t('oversight.commission')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {d.orders
                            .filter((o) => o.day === day.day)
                            .map((o) => (
                              <tr key={`${o.platform}|${o.orderId}`}>
                                <td>
                                  <Ltr>{`${hhmm(o.acceptAt)}–${hhmm(o.finishAt)}`}</Ltr>
                                </td>
                                <td className="num">
                                  <Ltr>{yuan(o.farePaidFen)}</Ltr>
                                </td>
                                <td className="num">
                                  <Ltr>{yuan(o.driverPayFen)}</Ltr>
                                </td>
                                <td className="num">
                                  <Ltr>{pct(o.commission)}</Ltr>
                                </td>
                              </tr>
                            ))}
                        </tbody>
                      </table>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('oversight.mine.noOrders')}</p>
          )}
        </>
      ) : null}
    </section>
  );
}

function CaseButton({ done, onClick }: { done: Filed | undefined; onClick: () => void }) {
  const { t } = useTranslation();
  if (done) {
    return (
      <Link className="btn btn-small" to={`/me/cases/${done.case.id}`} data-testid="case-link">
        {t('oversight.mine.openCase', { no: done.case.caseNo })}
      </Link>
    );
  }
  return (
    <button type="button" className="btn btn-small" onClick={onClick} data-testid="to-case">
      {t('oversight.mine.toCase')}
    </button>
  );
}
