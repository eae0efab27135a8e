import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr } from '../../components/ui.tsx';
import { CellText, IndicatorName, PrincipleBadge, usePlatformName } from './common.tsx';
import { RulesTable } from './Scorecard.tsx';
import { pct, type Scorecard } from './types.ts';

/** The month's report for print (A4, the site's header and menus hidden): the union, the figures, their sources. */
export function Report() {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const [params] = useSearchParams();
  const month = params.get('month') ?? '';
  const card = useLoad(() => api<Scorecard>('GET', `/api/oversight/scorecard${qs({ month, trend: 0 })}`), [month]);
  const c = card.data;
  return (
    <article className="ovs-report" data-testid="report">
      <p className="no-print">
        <Link to={`/console/scorecard${qs({ month })}`}>{t('oversight.backToScorecard')}</Link>{' '}
        <button type="button" className="btn btn-primary btn-small" onClick={() => window.print()}>
          {t('oversight.print')}
        </button>
      </p>
      {card.error ? <Alert>{errorMessage(t, card.error)}</Alert> : null}
      {card.loading && !c ? <Loading /> : null}
      {c ? (
        <>
          <header className="ovs-report-head">
            <p className="ovs-report-union">{c.union?.name ?? t('oversight.reportNoUnion')}</p>
            <h1 tabIndex={-1}>{t('oversight.reportTitle', { month: c.month })}</h1>
            <p className="small">
              {t('oversight.reportMeta', { orders: c.run.orders, completed: c.run.completed, at: c.run.analysedAt.slice(0, 10) })} · {t('oversight.doubleCompliance')}: <Ltr>{pct(c.doubleComplianceRate, 2)}</Ltr>
            </p>
          </header>
          <h2>{t('oversight.byPlatform')}</h2>
          <table className="table ovs-table ovs-report-table">
            <thead>
              <tr>
                <th scope="col">{t('oversight.indicator')}</th>
                {c.platforms.map((p) => (
                  <th key={p.code} scope="col">
                    {platformName(p.code, p.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.indicators.map((ind) => (
                <tr key={ind.id}>
                  <th scope="row">
                    <IndicatorName id={ind.id} />
                  </th>
                  {c.platforms.map((p) => (
                    <td key={p.code} className="num">
                      <CellText c={p.indicators[ind.id]} unit={ind.rateUnit} min={c.minCell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('oversight.fairworkTitle')}</h2>
          <table className="table">
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
                <tr key={p.code}>
                  <th scope="row">{platformName(p.code, p.name)}</th>
                  {p.fairwork.map((f) => (
                    <td key={f.principle}>
                      <PrincipleBadge status={f.status} />
                    </td>
                  ))}
                  <td className="num">
                    <Ltr>{`${p.points} / 6`}</Ltr>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <RulesTable rules={c.rules} />
          <p className="small">{t('oversight.reportMethod')}</p>
        </>
      ) : null}
    </article>
  );
}
