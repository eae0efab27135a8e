import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, apiUpload, qs } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { formatDate } from '../../i18n/index.ts';
import { bannerText, noticeText, type Banner, type Notice } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { areas, campaignStatuses, problemStatuses, type Area, type ProblemStatus, type ProblemStep } from '../../../shared/campaign.ts';
import { platformByCode, cityByCode } from '../../../shared/reference.ts';
import type { Campaign, Owner, Problem, ProblemDetail, Proposal } from './types.ts';
import './campaign.css';

const named = (l: string, n: { nameZh: string; nameUg: string; nameEn: string } | undefined, code: string) => (n ? (l === 'ug' ? n.nameUg : l === 'en' ? n.nameEn : n.nameZh) : code);
const platformName = (l: string, code: string) => named(l, platformByCode.get(code), code);
const regionList = (t: TFunction, l: string, regions: string[]) => (regions.length ? regions.map((c) => named(l, cityByCode.get(c), c)).join('、') : t('campaign.allRegions'));
/** A server error as text, with this module's own wording for its codes. */
const errText = (t: TFunction, b: Banner) => {
  const err = b?.err as { details?: { path: string; code: string }[] } | undefined;
  const d = err?.details?.[0];
  if (d && (d.path === 'evidence' || ['before_campaign_start', 'not_staff_of_owner', 'not_offered'].includes(d.code))) return t(`campaign.errors.${d.path === 'evidence' ? 'evidence' : d.code}`);
  return bannerText(t, b);
};

function StatusBadge({ status, overdue }: { status: ProblemStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  const kind = status === 'closed' ? 'badge-ok' : status === 'dismissed' ? 'badge-muted' : status === 'in_progress' ? 'badge-wait' : 'badge';
  return (
    <span className="cp-badges">
      <span className={`badge ${kind}`}>{t(`campaign.status.${status}`)}</span>
      {overdue ? <span className="badge badge-bad" data-testid="overdue">{t('campaign.overdue')}</span> : null}
    </span>
  );
}

function CampaignHead({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  return (
    <>
      <p className="muted small">
        {t('campaign.lead', { name: c.leadOrgName })} · <Ltr>{t('campaign.period', { from: formatDate(c.startsOn, l), to: formatDate(c.endsOn, l) })}</Ltr> · {t(`campaign.campaignStatus.${c.status}`)}
      </p>
      <p className="muted small">{t('campaign.regions', { list: regionList(t, l, c.regions) })}</p>
      <p>
        {t('campaign.counts', { total: c.counts.total - c.counts.dismissed, open: c.counts.open, inProgress: c.counts.in_progress, closed: c.counts.closed })}
        {c.counts.overdue ? <strong className="cp-late"> · {t('campaign.overdueCount', { count: c.counts.overdue })}</strong> : null}
      </p>
    </>
  );
}

/** The campaigns the user takes part in (analysts: all); a manager sets up a new one for their agency. */
export function CampaignList() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [adding, setAdding] = useState(false);
  const managed = (user?.roles ?? []).filter((r) => r.role === 'union_chair' || r.role === 'policy_officer');
  const [v, setV] = useState({ name: '', description: '', leadOrgId: '', startsOn: '', endsOn: '', regions: [] as string[], status: 'planned' });
  const load = useCallback(() => {
    api<{ items: Campaign[] }>('GET', '/api/campaigns').then(
      (r) => setItems(r.items),
      (err: unknown) => {
        setError({ err });
        setItems([]);
      },
    );
  }, []);
  useEffect(() => load(), [load]);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/campaigns', { ...v, leadOrgId: v.leadOrgId || managed[0]?.orgId });
      setAdding(false);
      load();
    } catch (err) {
      setError({ err });
    }
  }
  if (!items) return <Loading />;
  const l = i18n.language;
  return (
    <section>
      <h1 tabIndex={-1}>{t('campaign.title')}</h1>
      <p className="lead">{t('campaign.intro')}</p>
      <Alert>{bannerText(t, error)}</Alert>
      {managed.length ? (
        <button type="button" className="btn btn-secondary" onClick={() => setAdding((x) => !x)} aria-expanded={adding}>
          {t('campaign.newCampaign')}
        </button>
      ) : null}
      {adding ? (
        <form className="form panel" onSubmit={(e) => void create(e)} data-testid="campaign-form">
          <TextField label={t('campaign.form.name')} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} required maxLength={120} dir="auto" />
          <TextAreaField label={t('campaign.form.campaignDescription')} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} maxLength={4000} dir="auto" optional />
          {managed.length > 1 ? (
            <SelectField label={t('campaign.form.leadOrg')} value={v.leadOrgId} onChange={(e) => setV({ ...v, leadOrgId: e.target.value })}>
              {managed.map((r) => (
                <option key={r.orgId} value={r.orgId}>
                  {r.orgName ?? r.orgId}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField label={t('campaign.form.startsOn')} type="date" value={v.startsOn} onChange={(e) => setV({ ...v, startsOn: e.target.value })} required />
          <TextField label={t('campaign.form.endsOn')} type="date" value={v.endsOn} onChange={(e) => setV({ ...v, endsOn: e.target.value })} required />
          <fieldset className="cp-filters">
            <legend>{t('campaign.form.regions')}</legend>
            {[...cityByCode.values()].map((c) => (
              <label key={c.code} className="switch">
                <input type="checkbox" checked={v.regions.includes(c.code)} onChange={(e) => setV({ ...v, regions: e.target.checked ? [...v.regions, c.code] : v.regions.filter((x) => x !== c.code) })} /> {named(l, c, c.code)}
              </label>
            ))}
          </fieldset>
          <SelectField label={t('campaign.form.status')} value={v.status} onChange={(e) => setV({ ...v, status: e.target.value })}>
            {campaignStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`campaign.campaignStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="btn btn-primary btn-block">
            {t('campaign.form.save')}
          </button>
        </form>
      ) : null}
      {items.length ? null : <p className="muted">{t('campaign.none')}</p>}
      <ul className="plain-list cp-cards" data-testid="campaigns">
        {items.map((c) => (
          <li key={c.id} className="panel">
            <h2 dir="auto">
              <Link to={`/console/campaign/${c.id}`}>{c.name}</Link>
            </h2>
            <CampaignHead c={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The campaign board: problems by area and status, overdue highlighted, with filters. */
export function CampaignBoard() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const l = i18n.language;
  const [filter, setFilter] = useState<{ area: string; status: string; overdue: boolean; mine: boolean }>({ area: '', status: '', overdue: false, mine: false });
  const [data, setData] = useState<{ campaign: Campaign; items: Problem[] } | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [adding, setAdding] = useState(false);
  const load = useCallback(async () => {
    try {
      setData(await api('GET', `/api/campaigns/${id}/problems${qs({ area: filter.area || undefined, status: filter.status || undefined, overdue: filter.overdue ? 'true' : undefined, mine: filter.mine ? 'true' : undefined })}`));
    } catch (err) {
      setError({ err });
    }
  }, [id, filter]);
  useEffect(() => void load(), [load]);
  if (!data) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  const c = data.campaign;
  const byArea = areas.map((a) => [a, data.items.filter((p) => p.area === a)] as const).filter(([, ps]) => ps.length);
  return (
    <section>
      <Link className="back-link" to="/console/campaign">
        {t('campaign.board.back')}
      </Link>
      <h1 tabIndex={-1} dir="auto">
        {c.name}
      </h1>
      <CampaignHead c={c} />
      <p className="cp-actions">
        <Link className="btn btn-secondary" to={`/console/campaign/${id}/proposals`}>
          {t('campaign.board.proposals')}
        </Link>
        <Link className="btn btn-ghost" to={`/campaigns/${id}`}>
          {t('campaign.board.publicPage')}
        </Link>
        {c.canManage ? (
          <button type="button" className="btn btn-secondary" onClick={() => setAdding((x) => !x)} aria-expanded={adding}>
            {t('campaign.board.add')}
          </button>
        ) : null}
      </p>
      <Alert>{bannerText(t, error)}</Alert>
      {c.canManage ? (
        <SelectField
          label={t('campaign.form.status')}
          value={c.status}
          onChange={(e) => {
            void api('PATCH', `/api/campaigns/${id}`, { status: e.target.value }).then(load, (err: unknown) => setError({ err }));
          }}
        >
          {campaignStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`campaign.campaignStatus.${s}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      {adding ? (
        <ProblemForm
          campaignId={id}
          onDone={() => {
            setAdding(false);
            void load();
          }}
        />
      ) : null}
      <fieldset className="cp-filters">
        <legend>{t('campaign.board.filters')}</legend>
        <SelectField label={t('campaign.form.area')} value={filter.area} onChange={(e) => setFilter({ ...filter, area: e.target.value })} data-testid="filter-area">
          <option value="">{t('campaign.board.anyArea')}</option>
          {areas.map((a) => (
            <option key={a} value={a}>
              {t(`campaign.area.${a}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('campaign.board.anyStatus')} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">{t('campaign.board.anyStatus')}</option>
          {problemStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`campaign.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <label className="switch">
          <input type="checkbox" checked={filter.overdue} onChange={(e) => setFilter({ ...filter, overdue: e.target.checked })} /> {t('campaign.board.onlyOverdue')}
        </label>
        <label className="switch">
          <input type="checkbox" checked={filter.mine} onChange={(e) => setFilter({ ...filter, mine: e.target.checked })} /> {t('campaign.board.onlyMine')}
        </label>
      </fieldset>
      <h2>{t('campaign.board.problems')}</h2>
      {data.items.length ? null : <p className="muted">{t('campaign.board.empty')}</p>}
      {byArea.map(([area, ps]) => (
        <div key={area} className="cp-area" data-testid={`area-${area}`}>
          <h3>{t(`campaign.area.${area}`)}</h3>
          <ul className="plain-list cp-cards">
            {ps.map((p) => (
              <li key={p.id} className={`panel cp-problem${p.overdue ? ' is-late' : ''}`} data-testid="problem">
                <div className="row-between">
                  <Link to={`/console/campaign/problems/${p.id}`} dir="auto">
                    <strong>{p.title}</strong>
                  </Link>
                  <StatusBadge status={p.status} overdue={p.overdue} />
                </div>
                <p className="muted small">
                  {t('campaign.board.owner', { org: p.ownerOrgName })}
                  {p.ownerUserName ? ` · ${t('campaign.board.ownerPerson', { name: p.ownerUserName })}` : ''}
                </p>
                <p className="small">
                  <Ltr>{t('campaign.board.deadline', { date: formatDate(p.deadline, l) })}</Ltr> · {t('campaign.board.progress', { count: p.progressCount })}
                  {p.lastProgressOn ? ` · ${t('campaign.board.lastUpdate', { date: formatDate(p.lastProgressOn, l) })}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The fields of a new problem (or an accepted proposal): area, texts, owner, deadline, target. */
function ProblemForm({ campaignId, proposal, editing, onDone }: { campaignId: string; proposal?: Proposal; editing?: Problem; onDone: () => void }) {
  const { t } = useTranslation();
  const [owners, setOwners] = useState<Owner[]>([]);
  const [v, setV] = useState({
    area: (editing?.area ?? proposal?.area ?? 'pay') as Area,
    title: editing?.title ?? proposal?.title ?? '',
    description: editing?.description ?? (proposal ? proposal.title : ''),
    publicSummary: editing?.publicSummary ?? '',
    ownerOrgId: editing?.ownerOrgId ?? '',
    ownerUserId: editing?.ownerUserId ?? '',
    deadline: editing?.deadline ?? '',
    target: editing?.target ?? '',
    targetValue: editing?.targetValue === null || editing?.targetValue === undefined ? '' : String(editing.targetValue),
    cases: '',
  });
  const [error, setError] = useState<Banner>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ items: Owner[] }>('GET', `/api/campaigns/${campaignId}/owners`).then(
      (r) => setOwners(r.items),
      (err: unknown) => setError({ err }),
    );
  }, [campaignId]);
  const staff = owners.find((o) => o.id === v.ownerOrgId)?.staff ?? [];
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      area: v.area,
      title: v.title,
      description: v.description,
      publicSummary: v.publicSummary,
      ownerOrgId: v.ownerOrgId,
      ownerUserId: v.ownerUserId || null,
      deadline: v.deadline,
      target: v.target,
      ...(v.targetValue ? { targetValue: Number(v.targetValue) } : {}),
    };
    try {
      if (editing) await api('PATCH', `/api/campaign-problems/${editing.id}`, { ...body, targetValue: v.targetValue ? Number(v.targetValue) : null });
      else if (proposal) await api('POST', `/api/campaigns/${campaignId}/proposals/accept`, { key: proposal.key, ...body });
      else {
        const cases = v.cases.split(/\s+/).filter(Boolean);
        await api('POST', `/api/campaigns/${campaignId}/problems`, { ...body, ...(cases.length ? { links: { cases } } : {}) });
      }
      onDone();
    } catch (err) {
      setError({ err });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} data-testid="problem-form">
      <Alert>{errText(t, error)}</Alert>
      <SelectField label={t('campaign.form.area')} value={v.area} onChange={set('area')} name="area">
        {areas.map((a) => (
          <option key={a} value={a}>
            {t(`campaign.area.${a}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('campaign.form.title')} value={v.title} onChange={set('title')} name="title" required maxLength={200} dir="auto" />
      <TextAreaField label={t('campaign.form.description')} value={v.description} onChange={set('description')} name="description" required maxLength={4000} dir="auto" />
      <TextAreaField label={t('campaign.form.publicSummary')} value={v.publicSummary} onChange={set('publicSummary')} name="publicSummary" required maxLength={1000} dir="auto" />
      <SelectField label={t('campaign.form.ownerOrg')} value={v.ownerOrgId} onChange={(e) => setV({ ...v, ownerOrgId: e.target.value, ownerUserId: '' })} name="ownerOrgId" required>
        <option value="" />
        {owners.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('campaign.form.ownerUser')} value={v.ownerUserId} onChange={set('ownerUserId')} name="ownerUserId">
        <option value="">{t('campaign.form.noOwnerUser')}</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({t(`roles.${s.role}`)})
          </option>
        ))}
      </SelectField>
      <TextField label={t('campaign.form.deadline')} type="date" value={v.deadline} onChange={set('deadline')} name="deadline" required />
      <TextField label={t('campaign.form.target')} value={v.target} onChange={set('target')} name="target" required maxLength={500} dir="auto" />
      <TextField label={t('campaign.form.targetValue')} type="number" inputMode="decimal" value={v.targetValue} onChange={set('targetValue')} name="targetValue" optional />
      {proposal || editing ? null : <TextAreaField label={t('campaign.form.cases')} value={v.cases} onChange={set('cases')} name="cases" optional dir="ltr" />}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {proposal ? t('campaign.proposals.accept') : t('campaign.form.save')}
      </button>
    </form>
  );
}

/** Proposals: case clusters and rising violation trends, each accepted or dismissed with a reason. */
export function CampaignProposals() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const l = i18n.language;
  const [items, setItems] = useState<Proposal[] | null>(null);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [open, setOpen] = useState<{ key: string; mode: 'accept' | 'dismiss' } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const load = useCallback(async () => {
    try {
      const [c, p] = await Promise.all([api<{ campaign: Campaign }>('GET', `/api/campaigns/${id}`), api<{ items: Proposal[] }>('GET', `/api/campaigns/${id}/proposals`)]);
      setCampaign(c.campaign);
      setItems(p.items);
    } catch (err) {
      setError({ err });
      setItems([]);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  async function dismiss(e: FormEvent, key: string) {
    e.preventDefault();
    try {
      await api('POST', `/api/campaigns/${id}/proposals/dismiss`, { key, reason });
      setOpen(null);
      setReason('');
      setNotice({ key: 'campaign.proposals.dismissed' });
      await load();
    } catch (err) {
      setError({ err });
    }
  }
  if (!items) return <Loading />;
  return (
    <section>
      <Link className="back-link" to={`/console/campaign/${id}`}>
        {t('campaign.problem.back')}
      </Link>
      <h1 tabIndex={-1}>{t('campaign.proposals.title')}</h1>
      <p className="muted">{t('campaign.proposals.intro')}</p>
      <Alert>{errText(t, error)}</Alert>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      {items.length ? null : <p className="muted">{t('campaign.proposals.none')}</p>}
      <ul className="plain-list cp-cards" data-testid="proposals">
        {items.map((p) => (
          <li key={p.key} className="panel" data-testid="proposal" data-key={p.key}>
            <div className="row-between">
              <strong dir="auto">{p.title}</strong>
              <span className="badge">{t(`campaign.area.${p.area}`)}</span>
            </div>
            {p.kind === 'case_cluster' ? (
              <>
                <p className="small">
                  {t('campaign.proposals.cluster', { count: p.size })} · {t(`categories.${p.category}.name`)}
                  {p.platform ? ` · ${platformName(l, p.platform)}` : ''}
                  {p.respondent ? ` · ${p.respondent}` : ''}
                </p>
                <p className="small muted">
                  <Ltr>{p.cases.map((c) => c.caseNo).join(', ')}</Ltr>
                </p>
              </>
            ) : (
              <p className="small">
                {t('campaign.proposals.trend', { from: `${p.months[0]?.month} ${p.months[0]?.findings}`, to: `${p.months[1]?.month} ${p.months[1]?.findings}` })} · <Ltr>{p.indicator}</Ltr> · {platformName(l, p.platform ?? '')}
              </p>
            )}
            {p.dismissedBefore ? <p className="small muted">{t('campaign.proposals.before', { size: p.dismissedBefore.size })}</p> : null}
            {campaign?.canManage ? (
              <p className="cp-actions">
                <button type="button" className="btn btn-primary btn-small" onClick={() => setOpen({ key: p.key, mode: 'accept' })}>
                  {t('campaign.proposals.accept')}
                </button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen({ key: p.key, mode: 'dismiss' })}>
                  {t('campaign.proposals.dismiss')}
                </button>
              </p>
            ) : null}
            {open?.key === p.key && open.mode === 'accept' ? (
              <ProblemForm
                campaignId={id}
                proposal={p}
                onDone={() => {
                  setOpen(null);
                  setNotice({ key: 'campaign.proposals.accepted' });
                  void load();
                }}
              />
            ) : null}
            {open?.key === p.key && open.mode === 'dismiss' ? (
              <form className="form" onSubmit={(e) => void dismiss(e, p.key)}>
                <TextField label={t('campaign.proposals.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} dir="auto" />
                <button type="submit" className="btn btn-secondary">
                  {t('campaign.proposals.dismiss')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One problem: details, what it covers, the progress timeline with evidence, progress and closing. */
export function CampaignProblem() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const l = i18n.language;
  const [d, setD] = useState<ProblemDetail | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [body, setBody] = useState('');
  const [link, setLink] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const load = useCallback(async () => {
    try {
      setD(await api<ProblemDetail>('GET', `/api/campaign-problems/${id}`));
    } catch (err) {
      setError({ err });
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  async function post(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ id: string }>('POST', `/api/campaign-problems/${id}/progress`, { body, ...(link ? { link } : {}) });
      if (file) await apiUpload(`/api/campaign-problems/${id}/progress/${res.id}/files${qs({ name: file.name })}`, file, file.type || 'application/octet-stream');
      setBody('');
      setLink('');
      setFile(null);
      (e.target as HTMLFormElement).reset();
      setNotice({ key: 'campaign.problem.posted' });
      await load();
    } catch (err) {
      setError({ err });
      await load();
    } finally {
      setBusy(false);
    }
  }
  async function step(s: ProblemStep) {
    setBusy(true);
    setError(null);
    try {
      setD(await api<ProblemDetail>('POST', `/api/campaign-problems/${id}/steps`, { step: s, ...(note ? { note } : {}) }));
      setNote('');
      setNotice(null);
    } catch (err) {
      setError({ err });
    } finally {
      setBusy(false);
    }
  }

  if (!d) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  const p = d.problem;
  const finished = p.status === 'closed' || p.status === 'dismissed';
  return (
    <section>
      <Link className="back-link" to={`/console/campaign/${d.campaign.id}`}>
        {t('campaign.problem.back')}
      </Link>
      <p className="muted small" dir="auto">
        {d.campaign.name}
      </p>
      <h1 tabIndex={-1} dir="auto">
        {p.title}
      </h1>
      <p>
        <span className="badge">{t(`campaign.area.${p.area}`)}</span> <StatusBadge status={p.status} overdue={p.overdue} />
      </p>
      <Alert>{errText(t, error)}</Alert>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      <div className="panel">
        <p className="panel-title">{t('campaign.problem.details')}</p>
        <p className="prewrap" dir="auto">
          {p.description}
        </p>
        <p className="small">
          {t('campaign.board.owner', { org: p.ownerOrgName })}
          {p.ownerUserName ? ` · ${t('campaign.board.ownerPerson', { name: p.ownerUserName })}` : ''}
        </p>
        <p className="small">
          <Ltr>{t('campaign.board.deadline', { date: formatDate(p.deadline, l) })}</Ltr>
        </p>
        <p className="small" dir="auto">
          {t('campaign.problem.target', { target: p.target })}
        </p>
        {p.status === 'closed' ? <p className="small" dir="auto">{t('campaign.problem.closedNote', { note: p.closingNote })}</p> : null}
        {p.status === 'dismissed' ? <p className="small" dir="auto">{t('campaign.problem.dismissedNote', { note: p.dismissReason })}</p> : null}
        {d.may.edit ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing((x) => !x)} aria-expanded={editing}>
            {t('campaign.problem.edit')}
          </button>
        ) : null}
      </div>
      {editing ? (
        <ProblemForm
          campaignId={d.campaign.id}
          editing={p}
          onDone={() => {
            setEditing(false);
            setNotice({ key: 'campaign.form.saved' });
            void load();
          }}
        />
      ) : null}

      <h2>{t('campaign.problem.links')}</h2>
      {d.links.cases.length + d.links.systemicIssues.length + d.links.violations.length + d.links.findings.length === 0 ? <p className="muted">{t('campaign.problem.noLinks')}</p> : null}
      {d.links.cases.length ? (
        <>
          <h3>{t('campaign.problem.cases')}</h3>
          <ul className="plain-list cp-links" data-testid="linked-cases">
            {d.links.cases.map((c) => (
              <li key={c.caseNo}>
                <Ltr>{c.caseNo}</Ltr> · {t(`categories.${c.category}.name`)} · {t(`caseStatus.${c.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.links.systemicIssues.length ? (
        <>
          <h3>{t('campaign.problem.systemic')}</h3>
          <ul className="plain-list cp-links">
            {d.links.systemicIssues.map((s) => (
              <li key={s.id} dir="auto">
                {s.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.links.violations.length ? (
        <>
          <h3>{t('campaign.problem.violations')}</h3>
          <ul className="plain-list cp-links" data-testid="linked-violations">
            {d.links.violations.map((v) => (
              <li key={`${v.indicator}${v.platform}${v.month}`}>{t('campaign.problem.violation', { indicator: v.indicator, platform: platformName(l, v.platform), month: v.month, count: v.findings })}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('campaign.problem.timeline')}</h2>
      {d.progress.length ? null : <p className="muted">{t('campaign.problem.noProgress')}</p>}
      <ol className="plain-list cp-timeline" data-testid="timeline">
        {d.progress.map((x) => (
          <li key={x.id}>
            <p className="small muted">{x.by ? t('campaign.problem.by', { name: x.by, date: formatDate(x.onDate, l) }) : formatDate(x.onDate, l)}</p>
            <p className="prewrap" dir="auto">
              {x.body}
            </p>
            {x.evidence.length ? (
              <ul className="plain-list small">
                {x.evidence.map((e) => (
                  <li key={e.id}>
                    {e.kind === 'link' ? (
                      <a href={e.link ?? '#'} rel="noopener noreferrer" target="_blank" dir="auto">
                        {e.name}
                      </a>
                    ) : d.may.evidence ? (
                      <a href={`/api/campaign-problems/${p.id}/files/${e.id}`} target="_blank" rel="noopener" dir="auto">
                        📎 {e.name}
                      </a>
                    ) : (
                      <span dir="auto">📎 {e.name}</span>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="small muted">{t('campaign.problem.evidenceCount', { count: d.evidenceCount })}</p>

      {d.may.progress && !finished ? (
        <form className="form panel" onSubmit={(e) => void post(e)} data-testid="progress-form">
          <p className="panel-title">{t('campaign.problem.addProgress')}</p>
          <TextAreaField label={t('campaign.problem.body')} value={body} onChange={(e) => setBody(e.target.value)} name="body" required maxLength={4000} dir="auto" />
          <TextField label={t('campaign.problem.link')} value={link} onChange={(e) => setLink(e.target.value)} name="link" optional dir="ltr" inputMode="url" />
          <div className="field">
            <label htmlFor="cp-file">{t('campaign.problem.file')}</label>
            <input id="cp-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {t('campaign.problem.post')}
          </button>
        </form>
      ) : null}

      {d.may.steps.length ? (
        <div className="panel" data-testid="steps">
          <p className="panel-title">{t('campaign.problem.closeTitle')}</p>
          {d.may.steps.includes('close') ? <p className="small muted">{t('campaign.problem.closeNeeds')}</p> : null}
          {d.may.steps.some((s) => s === 'close' || s === 'dismiss') ? (
            <TextAreaField label={t('campaign.problem.note')} value={note} onChange={(e) => setNote(e.target.value)} name="note" maxLength={2000} dir="auto" />
          ) : null}
          <p className="cp-actions">
            {d.may.steps.map((s) => (
              <button key={s} type="button" className={`btn ${s === 'close' ? 'btn-primary' : 'btn-secondary'}`} disabled={busy} onClick={() => void step(s)} data-step={s}>
                {t(`campaign.step.${s}`)}
              </button>
            ))}
          </p>
        </div>
      ) : null}
    </section>
  );
}
