import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr } from '../components/ui.tsx';
import { yuan } from '../../shared/incubator.ts';
import type { EnterpriseDetail, TeamDetail } from './types.ts';
import './incubator.css';

/** /me/enterprise: the entrepreneur's enterprise on the phone — stage, space, mentors, services, teams. */
export function MyEnterprise() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<(EnterpriseDetail & { baseName: string; isFounder: boolean })[] | null>(null);
  const [error, setError] = useState<Banner>(null);
  useEffect(() => void api<{ items: NonNullable<typeof items> }>('GET', '/api/me/enterprise').then((r) => setItems(r.items), (err: unknown) => (setError({ err }), setItems([]))), []);
  if (!items) return <Loading />;
  const l = i18n.language;
  return (
    <section>
      <h1 tabIndex={-1}>{t('incubator.me.title')}</h1>
      <p className="lead">{t('incubator.me.lead')}</p>
      <Alert>{bannerText(t, error)}</Alert>
      {!items.length ? <p>{t('incubator.me.none')}</p> : null}
      {items.map((d) => {
        const e = d.enterprise;
        const space = d.spaces.find((s) => s.current);
        return (
          <article key={e.id} className="inc-card" data-testid="my-enterprise">
            <h2 dir="auto">{e.name}</h2>
            <p className="inc-meta">
              <span className="badge badge-inline">{t(`incubator.stages.${e.stage}`)}</span>
              <span>{t(`incubator.sectors.${e.sector}`)}</span>
            </p>
            <p className="muted small" dir="auto">
              {t('incubator.me.base')}: {d.baseName}
            </p>
            <p className="muted small">
              {[e.foundedOn && t('incubator.detail.founded', { date: formatDate(e.foundedOn, l) }), e.enteredOn && t('incubator.detail.entered', { date: formatDate(e.enteredOn, l) })].filter(Boolean).join(' · ')}
            </p>
            <h3>{t('incubator.detail.founders')}</h3>
            <ul>
              {d.founders.map((f) => (
                <li key={f.id} dir="auto">
                  {f.name} {f.isLead ? <span className="badge badge-inline">{t('incubator.detail.lead')}</span> : null}
                </li>
              ))}
            </ul>
            <h3>{t('incubator.detail.space')}</h3>
            {space ? (
              <p>
                <Ltr>{space.code}</Ltr> · {t(`incubator.spaceKinds.${space.kind}`)}
                {space.rentFreeUntil ? ` · ${t('incubator.detail.rentFree', { date: formatDate(space.rentFreeUntil, l) })}` : ''}
              </p>
            ) : (
              <p className="muted">{t('incubator.detail.noSpace')}</p>
            )}
            <h3>{t('incubator.detail.mentors')}</h3>
            {d.mentors.length ? (
              <ul>
                {d.mentors.map((m) => (
                  <li key={m.id} dir="auto">
                    {m.name} · {m.expertise}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('incubator.detail.noMentors')}</p>
            )}
            <h3>{t('incubator.detail.services')}</h3>
            {d.services.length ? (
              <ul>
                {d.services.map((s) => (
                  <li key={s.id}>
                    <strong>{t(`incubator.services.${s.kind}`)}</strong> · {formatDate(s.servedOn, l)} <span dir="auto">{s.note}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('incubator.detail.noServices')}</p>
            )}
            <h3>{t('incubator.detail.teams')}</h3>
            {d.teams.map((tm) => (
              <p key={tm.id}>
                <Link className="btn btn-secondary btn-block" to={`/incubator/teams/${tm.id}`}>
                  {tm.name} · {t('incubator.me.openTeam')}
                </Link>
              </p>
            ))}
            {d.isFounder ? (
              <p>
                <Link className="btn btn-primary btn-block" to="/me/support">
                  {t('incubator.me.support')}
                </Link>
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

/** /incubator/teams/:id: a live-stream team's members and its shortlist (commission and stock of each product). */
export function TeamPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<TeamDetail | null>(null);
  const [error, setError] = useState<Banner>(null);
  const load = useCallback(async () => {
    try {
      setD(await api<TeamDetail>('GET', `/api/incubator/teams/${id}`));
    } catch (err) {
      setError({ err });
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  if (!d) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  const l = i18n.language;
  return (
    <section>
      <h1 tabIndex={-1} dir="auto">
        {d.team.name}
      </h1>
      <p className="muted" dir="auto">
        {t('incubator.team.enterprise')}: {d.enterprise.name}
      </p>
      <Alert>{bannerText(t, error)}</Alert>
      <h2>{t('incubator.team.members')}</h2>
      <ul>
        {d.team.members.map((m) => (
          <li key={m.id} dir="auto">
            {m.name} · {t(`incubator.memberRoles.${m.role}`)} {m.isLead ? <span className="badge badge-inline">{t('incubator.detail.lead')}</span> : null}
          </li>
        ))}
      </ul>
      <h2>{t('incubator.team.shortlist')}</h2>
      {d.shortlist.length ? (
        <ul className="inc-cards" data-testid="team-shortlist">
          {d.shortlist.map((s) => (
            <li key={s.id} className="inc-card">
              <h3 dir="auto">{s.name}</h3>
              <p className="inc-meta">
                <span>{t('incubator.team.streamOn', { date: formatDate(s.streamOn, l) })}</span>
                <span>
                  {t('incubator.products.price')} <Ltr>{t('incubator.yuan', { yuan: yuan(s.priceFen) })}</Ltr>
                </span>
                <span>
                  {t('incubator.products.commission')}{' '}
                  <span className="inc-money">
                    <Ltr>{t('incubator.yuan', { yuan: yuan(s.commissionFen) })}</Ltr>
                  </span>
                </span>
                <span>{s.stock > 0 ? t('incubator.products.stockCount', { count: s.stock }) : t('incubator.products.outOfStock')}</span>
              </p>
              {s.note ? <p dir="auto">{s.note}</p> : null}
              <button
                type="button"
                className="btn btn-link"
                onClick={() =>
                  void api('DELETE', `/api/incubator/shortlist/${s.id}`).then(
                    () => load(),
                    (err: unknown) => setError({ err }),
                  )
                }
              >
                {t('incubator.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('incubator.team.noShortlist')}</p>
      )}
    </section>
  );
}
