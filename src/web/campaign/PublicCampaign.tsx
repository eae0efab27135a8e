import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { areas, type Area, type CampaignStatus, type ProblemStatus } from '../../shared/campaign.ts';
import { cityByCode } from '../../shared/reference.ts';
import '../console/campaign/campaign.css';

type PublicCampaignRow = {
  id: string;
  name: string;
  description: string;
  leadOrgName: string;
  regions: string[];
  startsOn: string;
  endsOn: string;
  status: CampaignStatus;
  counts: { total: number; open: number; inProgress: number; closed: number; overdue: number };
};
type PublicProblem = { id: string; area: Area; summary: string; ownerAgency: string; deadline: string; target: string; status: ProblemStatus; overdue: boolean; progressCount: number; lastUpdateOn: string | null; closedOn: string | null };

function Head({ c }: { c: PublicCampaignRow }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const regions = c.regions.length ? c.regions.map((code) => { const x = cityByCode.get(code); return x ? (l === 'ug' ? x.nameUg : l === 'en' ? x.nameEn : x.nameZh) : code; }).join('、') : t('campaign.allRegions');
  return (
    <>
      <p className="muted small">
        {t('campaign.lead', { name: c.leadOrgName })} · <Ltr>{t('campaign.period', { from: formatDate(c.startsOn, l), to: formatDate(c.endsOn, l) })}</Ltr> · {t(`campaign.campaignStatus.${c.status}`)}
      </p>
      <p className="muted small">{t('campaign.regions', { list: regions })}</p>
      <p>
        {t('campaign.counts', { total: c.counts.total, open: c.counts.open, inProgress: c.counts.inProgress, closed: c.counts.closed })}
        {c.counts.overdue ? <strong className="cp-late"> · {t('campaign.overdueCount', { count: c.counts.overdue })}</strong> : null}
      </p>
    </>
  );
}

/** The public list of campaigns (no sign-in). */
export function PublicCampaigns() {
  const { t } = useTranslation();
  const [items, setItems] = useState<PublicCampaignRow[] | null>(null);
  const [error, setError] = useState<Banner>(null);
  useEffect(() => {
    api<{ items: PublicCampaignRow[] }>('GET', '/api/public/campaigns').then(
      (r) => setItems(r.items),
      (err: unknown) => {
        setError({ err });
        setItems([]);
      },
    );
  }, []);
  if (!items) return <Loading />;
  return (
    <section>
      <h1 tabIndex={-1}>{t('campaign.public.title')}</h1>
      <p className="lead">{t('campaign.public.intro')}</p>
      <Alert>{bannerText(t, error)}</Alert>
      {items.length ? null : <p className="muted">{t('campaign.public.none')}</p>}
      <ul className="plain-list cp-cards">
        {items.map((c) => (
          <li key={c.id} className="panel">
            <h2 dir="auto">
              <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
            </h2>
            <Head c={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A campaign's public progress: problems by area, the owner agency (never a person), deadline, state. */
export function PublicCampaign() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const l = i18n.language;
  const [data, setData] = useState<{ campaign: PublicCampaignRow; problems: PublicProblem[] } | null>(null);
  const [error, setError] = useState<Banner>(null);
  useEffect(() => {
    api<{ campaign: PublicCampaignRow; problems: PublicProblem[] }>('GET', `/api/public/campaigns/${id}`).then(setData, (err: unknown) => setError({ err }));
  }, [id]);
  if (!data) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  const c = data.campaign;
  return (
    <section data-testid="public-campaign">
      <Link className="back-link" to="/campaigns">
        {t('campaign.public.title')}
      </Link>
      <h1 tabIndex={-1} dir="auto">
        {c.name}
      </h1>
      {c.description ? (
        <p className="lead" dir="auto">
          {c.description}
        </p>
      ) : null}
      <Head c={c} />
      {areas.map((a) => {
        const ps = data.problems.filter((p) => p.area === a);
        if (!ps.length) return null;
        return (
          <div key={a} className="cp-area" data-testid={`public-area-${a}`}>
            <h2>
              {t(`campaign.area.${a}`)} <span className="muted small">{t('campaign.public.problems', { count: ps.length })}</span>
            </h2>
            <ul className="plain-list cp-cards">
              {ps.map((p) => (
                <li key={p.id} className={`panel cp-public-problem${p.overdue ? ' cp-problem is-late' : ''}`} data-testid="public-problem">
                  <p dir="auto">{p.summary}</p>
                  <p className="small" dir="auto">
                    {t('campaign.problem.target', { target: p.target })}
                  </p>
                  <p className="small">
                    <span className={`badge ${p.status === 'closed' ? 'badge-ok' : p.status === 'in_progress' ? 'badge-wait' : ''}`}>{t(`campaign.status.${p.status}`)}</span>
                    {p.overdue ? <span className="badge badge-bad"> {t('campaign.overdue')}</span> : null} {t('campaign.board.owner', { org: p.ownerAgency })}
                  </p>
                  <p className="small muted">
                    <Ltr>{t('campaign.board.deadline', { date: formatDate(p.deadline, l) })}</Ltr> · {p.progressCount ? t('campaign.public.updates', { count: p.progressCount }) : t('campaign.public.noUpdate')}
                    {p.lastUpdateOn ? ` · ${t('campaign.board.lastUpdate', { date: formatDate(p.lastUpdateOn, l) })}` : ''}
                    {p.closedOn ? ` · ${t('campaign.public.closedOn', { date: formatDate(p.closedOn, l) })}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
