import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField } from '../../components/ui.tsx';
import { IndicatorName, RuleClass, usePlatformName } from './common.tsx';
import { csvLink } from './Scorecard.tsx';
import { hhmm, pct, yuan, type Finding, type FindingsPage } from './types.ts';

const PAGE = 20;

/** The drill-down: the findings behind one figure (indicator × platform × month) and their orders. */
export function Findings() {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? '';
  const indicator = params.get('indicator') ?? undefined;
  const platform = params.get('platform') ?? undefined;
  const sort = params.get('sort') ?? 'day';
  const dir = params.get('dir') ?? 'asc';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const page = useLoad(() => api<FindingsPage>('GET', `/api/oversight/findings${qs({ month, indicator, platform, sort, dir, limit: PAGE, offset })}`), [month, indicator, platform, sort, dir, offset]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    if (k !== 'offset') next.delete('offset');
    setParams(next, { replace: true });
  };
  const d = page.data;
  return (
    <section className="ovs-findings" data-testid="findings">
      <p className="small">
        <Link to={`/console/scorecard${qs({ month })}`}>{t('oversight.backToScorecard')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('oversight.findingsTitle')}</h1>
      <p className="lead">
        {indicator ? <IndicatorName id={indicator} /> : t('oversight.allIndicators')} · {platform ? platformName(platform) : t('oversight.allPlatforms')} · <Ltr>{month}</Ltr>
      </p>
      {indicator ? <p className="small muted">{t(`oversight.ind.${indicator}.desc`, { defaultValue: '' })}</p> : null}
      <div className="ovs-toolbar">
        <SelectField label={t('oversight.sortBy')} name="sort" value={sort} onChange={(e) => set('sort', e.target.value)}>
          {(['day', 'value', 'driver', 'plate'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`oversight.sort.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('oversight.order')} name="dir" value={dir} onChange={(e) => set('dir', e.target.value)}>
          <option value="asc">{t('oversight.asc')}</option>
          <option value="desc">{t('oversight.desc')}</option>
        </SelectField>
        <a className="btn btn-ghost btn-small" href={csvLink(month, indicator, platform)} download data-testid="csv-link">
          {t('oversight.exportCsv')}
        </a>
      </div>
      {page.error ? <Alert>{errorMessage(t, page.error)}</Alert> : null}
      {page.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          {d.masked ? <Alert kind="info">{t('oversight.maskedFindings')}</Alert> : null}
          <p className="muted" data-testid="findings-total">
            {t('oversight.findingsCount', { n: d.total })}
          </p>
          <ul className="cards ovs-finding-list">
            {d.items.map((f) => (
              <FindingCard key={f.id} f={f} />
            ))}
          </ul>
          <nav className="ovs-pager" aria-label={t('oversight.pages')}>
            <button type="button" className="btn btn-ghost btn-small" disabled={d.offset === 0} onClick={() => set('offset', String(Math.max(0, d.offset - PAGE)))}>
              {t('oversight.prev')}
            </button>
            <span className="small">
              <Ltr>{`${d.total ? d.offset + 1 : 0}–${d.offset + d.items.length} / ${d.total}`}</Ltr>
            </span>
            <button type="button" className="btn btn-ghost btn-small" disabled={d.offset + d.items.length >= d.total} onClick={() => set('offset', String(d.offset + PAGE))}>
              {t('oversight.next')}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}

export function FindingCard({ f }: { f: Finding }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  return (
    <li className="item ovs-finding" data-finding-id={f.id} data-indicator={f.indicator}>
      <p className="ovs-finding-head">
        <IndicatorName id={f.indicator} short /> · <Ltr>{f.day}</Ltr> · {platformName(f.platform)}
      </p>
      <dl className="ovs-facts">
        <div>
          <dt>{t('oversight.driver')}</dt>
          <dd>
            <Ltr>{f.driverKey}</Ltr>
          </dd>
        </div>
        <div>
          <dt>{t('oversight.plate')}</dt>
          <dd>
            <Ltr>{f.plate || '–'}</Ltr>
          </dd>
        </div>
        <div>
          <dt>{t('oversight.value')}</dt>
          <dd>
            <Ltr>{f.value ?? '–'}</Ltr> {f.limit !== null ? <span className="muted">({t('oversight.limit')} <Ltr>{f.limit}</Ltr>)</span> : null}
          </dd>
        </div>
      </dl>
      {f.rule ? (
        <p className="small ovs-rule" data-testid="finding-rule">
          <RuleClass c={f.rule.class} /> {t(`oversight.rules.${f.rule.rule ?? ''}`, { defaultValue: f.rule.rule ?? '' })}{' '}
          <Ltr>{`v${f.rule.version ?? '?'} = ${f.rule.value ?? ''}${f.rule.unit ? ` ${f.rule.unit}` : ''}`}</Ltr> — <span dir="auto">{f.rule.source}</span>
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="table ovs-orders" data-testid="finding-orders">
          <thead>
            <tr>
              <th scope="col">{t('oversight.orderId')}</th>
              <th scope="col">{t('oversight.time')}</th>
              <th scope="col">{t('oversight.fare')}</th>
              <th scope="col">{t('oversight.pay')}</th>
              <th scope="col">{t('oversight.commission')}</th>
            </tr>
          </thead>
          <tbody>
            {f.orders.map((o) => (
              <tr key={`${o.platform}|${o.orderId}`} data-order-id={o.orderId}>
                <td>
                  <Ltr>{o.orderId}</Ltr>
                </td>
                {o.missing ? (
                  <td colSpan={4} className="muted">
                    {t('oversight.orderMissing')}
                  </td>
                ) : (
                  <>
                    <td>
                      <Ltr>{`${o.acceptAt?.slice(5, 10)} ${hhmm(o.acceptAt)}–${hhmm(o.finishAt)}`}</Ltr>
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
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </li>
  );
}
