import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useLoad, useReference } from '../../data.ts';
import { formatDate, nameOf } from '../../i18n/index.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Choices, Loading, Ltr, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { jobPositions, jobSkills, payBands } from '../../../shared/jobs.ts';
import { jobFieldErrors, PayRange, Reasons, StageBadge, toFen } from '../../jobs/common.tsx';
import type { Candidate, CohortOption, Figure, JobOrder, Match, Placement } from '../../jobs/types.ts';

const statusClass = { open: 'badge-ok', filled: 'badge-wait', closed: 'badge-muted' } as const;

function useRoles() {
  const { user } = useAuth();
  const has = (r: string) => !!user?.roles.some((g) => g.role === r);
  return { employer: has('employer'), trainer: has('trainer') };
}

function OrderCard({ t, o }: { t: TFunction; o: JobOrder }) {
  return (
    <li className="jb-card" data-testid="job-order" data-order-id={o.id}>
      <div className="row-between">
        <h3 dir="auto">
          <Link to={`/console/jobs/${o.id}`}>{o.title}</Link>
        </h3>
        <span className={`badge ${statusClass[o.status]}`}>{t(`jobs.status.${o.status}`)}</span>
      </div>
      <p className="jb-meta">
        <span dir="auto">{o.orgName}</span>
        <span>{t(`jobs.positions.${o.position}`)}</span>
        <PayRange t={t} min={o.payMinFen} max={o.payMaxFen} />
        <span>{t('jobs.hiredOf', { hired: o.hired, headcount: o.headcount })}</span>
        <span>{o.minLevel ? t('jobs.level', { level: o.minLevel }) : t('jobs.anyLevel')}</span>
      </p>
      {o.cohortName ? (
        <p className="small" dir="auto">
          {t('jobs.linked', { name: o.cohortName })}
        </p>
      ) : null}
    </li>
  );
}

/** Job orders (an employer's own, or every order for a school), a new order, follow-ups, figures. */
export function JobsConsole() {
  const { t } = useTranslation();
  const roles = useRoles();
  const orders = useLoad(() => api<{ items: JobOrder[] }>('GET', '/api/jobs/orders').then((r) => r.items));
  const placements = useLoad(() => api<{ items: Placement[] }>('GET', '/api/jobs/placements').then((r) => r.items));
  const figures = useLoad(() => api<{ items: Figure[] }>('GET', '/api/jobs/figures').then((r) => r.items));
  const list = roles.employer ? orders.data : orders.data?.filter((o) => o.status === 'open');
  return (
    <section data-testid="jobs-console">
      <h1 tabIndex={-1}>{t('jobs.console.title')}</h1>
      <p className="muted">{t('jobs.console.intro')}</p>
      {roles.employer ? <NewOrder onPosted={orders.reload} /> : null}
      <h2>{t('jobs.console.orders')}</h2>
      <Alert>{orders.error ? errorMessage(t, orders.error) : null}</Alert>
      {!list ? <Loading /> : list.length ? <ul className="jb-list">{list.map((o) => <OrderCard key={o.id} t={t} o={o} />)}</ul> : <p className="muted">{t('jobs.console.noOrders')}</p>}
      <h2>{t('jobs.console.placements')}</h2>
      {placements.data ? <Placements items={placements.data} onChange={placements.reload} /> : <Loading />}
      <h2>{t('jobs.console.figures')}</h2>
      {figures.data ? <Figures items={figures.data} /> : <Loading />}
    </section>
  );
}

function NewOrder({ onPosted }: { onPosted: () => unknown }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const ref = useReference();
  const cohorts = useLoad(() => api<{ items: CohortOption[] }>('GET', '/api/jobs/cohorts').then((r) => r.items));
  const [f, setF] = useState({ title: '', position: 'live_host', minLevel: '5', headcount: '1', payMin: '', payMax: '', cityCode: '652801', districtCode: '', place: '', description: '', cohortId: '' });
  const [skills, setSkills] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const payMinFen = toFen(f.payMin);
    const payMaxFen = toFen(f.payMax);
    const local: Record<string, string> = {};
    if (payMinFen === null) local.payMinFen = t('jobs.err.invalid');
    if (payMaxFen === null) local.payMaxFen = t('jobs.err.invalid');
    if (Object.keys(local).length) return setErrors(local);
    try {
      await api('POST', '/api/jobs/orders', {
        title: f.title,
        position: f.position,
        skills,
        minLevel: f.minLevel ? Number(f.minLevel) : null,
        headcount: Number(f.headcount),
        payMinFen,
        payMaxFen,
        cityCode: f.cityCode,
        districtCode: f.districtCode || null,
        place: f.place,
        description: f.description,
        cohortId: f.cohortId || null,
      });
      setErrors({});
      setDone(true);
      setF({ ...f, title: '', place: '', description: '' });
      await onPosted();
    } catch (err) {
      const fe = jobFieldErrors(t, err);
      setErrors(Object.keys(fe).length ? fe : { body: errorMessage(t, err) });
    }
  };
  const cities = ref.data?.cities ?? [];
  const districts = cities.find((c) => c.code === f.cityCode)?.districts ?? [];
  return (
    <details className="panel" data-testid="new-order">
      <summary className="btn btn-primary">{t('jobs.console.newOrder')}</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('jobs.fields.title')} name="title" value={f.title} onChange={set('title')} error={errors.title} required />
        <SelectField label={t('jobs.fields.position')} name="position" value={f.position} onChange={set('position')} error={errors.position}>
          {jobPositions.map((p) => (
            <option key={p} value={p}>
              {t(`jobs.positions.${p}`)}
            </option>
          ))}
        </SelectField>
        <Choices legend={t('jobs.fields.skills')} error={errors.skills}>
          <div className="option-grid">
            {jobSkills.map((s) => (
              <label key={s} className="option">
                <input type="checkbox" name="skills" value={s} checked={skills.includes(s)} onChange={() => setSkills(skills.includes(s) ? skills.filter((x) => x !== s) : [...skills, s])} />
                <span>{t(`jobs.skills.${s}`)}</span>
              </label>
            ))}
          </div>
        </Choices>
        <SelectField label={t('jobs.fields.minLevel')} name="minLevel" value={f.minLevel} onChange={set('minLevel')} error={errors.minLevel}>
          <option value="">{t('jobs.anyLevel')}</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {t('jobs.level', { level: n })}
            </option>
          ))}
        </SelectField>
        <TextField label={t('jobs.fields.headcount')} name="headcount" type="number" inputMode="numeric" min={1} dir="ltr" value={f.headcount} onChange={set('headcount')} error={errors.headcount} />
        <div className="two-col">
          <TextField label={t('jobs.fields.payMin')} name="payMin" inputMode="decimal" dir="ltr" value={f.payMin} onChange={set('payMin')} error={errors.payMinFen} />
          <TextField label={t('jobs.fields.payMax')} name="payMax" inputMode="decimal" dir="ltr" value={f.payMax} onChange={set('payMax')} error={errors.payMaxFen} />
        </div>
        <SelectField label={t('jobs.fields.city')} name="cityCode" value={f.cityCode} onChange={(e) => setF({ ...f, cityCode: e.target.value, districtCode: '' })} error={errors.cityCode}>
          {cities.map((c) => (
            <option key={c.code} value={c.code}>
              {nameOf(c, l)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('jobs.fields.district')} name="districtCode" value={f.districtCode} onChange={set('districtCode')} error={errors.districtCode}>
          <option value="">{t('jobs.fields.anyDistrict')}</option>
          {districts.map((d) => (
            <option key={d.code} value={d.code}>
              {nameOf(d, l)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('jobs.fields.place')} name="place" value={f.place} onChange={set('place')} error={errors.place} optional />
        <TextAreaField label={t('jobs.fields.description')} name="description" value={f.description} onChange={set('description')} error={errors.description} optional rows={3} />
        <SelectField label={t('jobs.fields.cohort')} name="cohortId" value={f.cohortId} onChange={set('cohortId')} error={errors.cohortId}>
          <option value="">{t('jobs.fields.noCohort')}</option>
          {(cohorts.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.school}
            </option>
          ))}
        </SelectField>
        <Alert>{errors.body}</Alert>
        <Alert kind="success">{done ? t('jobs.console.posted') : null}</Alert>
        <button type="submit" className="btn btn-primary btn-block">
          {t('jobs.console.post')}
        </button>
      </form>
    </details>
  );
}

function Placements({ items, onChange }: { items: Placement[]; onChange: () => unknown }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [band, setBand] = useState<string>('4000-5000');
  const [error, setError] = useState<string | null>(null);
  if (!items.length) return <p className="muted">{t('jobs.console.noPlacements')}</p>;
  const record = async (id: string, months: number, employed: boolean) => {
    try {
      await api('POST', `/api/jobs/placements/${id}/followups`, { months, employed, payBand: employed ? band : null });
      setError(null);
      await onChange();
    } catch (e) {
      setError(Object.values(jobFieldErrors(t, e))[0] ?? errorMessage(t, e));
    }
  };
  return (
    <>
      <Alert>{error}</Alert>
      <SelectField label={t('jobs.fields.payBand')} value={band} onChange={(e) => setBand(e.target.value)}>
        {payBands.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </SelectField>
      <ul className="jb-list" data-testid="placements">
        {items.map((p) => (
          <li key={p.id} className="jb-card" data-placement-id={p.id}>
            <h3 dir="auto">
              {p.name} · {p.title}
            </h3>
            <p className="jb-meta">
              <span dir="auto">{p.employer}</span>
              <Ltr>{formatDate(p.startedOn, l)}</Ltr>
              <Ltr>{p.payBand}</Ltr>
            </p>
            <ul className="plain-list">
              {p.followups.map((f) => (
                <li key={f.months} data-months={f.months} data-recorded={!!f.recorded}>
                  <strong>{t('jobs.console.followup', { months: f.months })}</strong>{' '}
                  {f.recorded ? (
                    <span className={`badge ${f.recorded.employed ? 'badge-ok' : 'badge-bad'}`}>
                      {f.recorded.employed ? t('jobs.fields.employed') : t('jobs.fields.left')} {f.recorded.payBand ? <Ltr>{f.recorded.payBand}</Ltr> : null}
                    </span>
                  ) : f.due ? (
                    <span className="jb-actions">
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => void record(p.id, f.months, true)}>
                        {t('jobs.fields.employed')}
                      </button>
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void record(p.id, f.months, false)}>
                        {t('jobs.fields.left')}
                      </button>
                    </span>
                  ) : (
                    <span className="muted small">{t('jobs.console.dueOn', { on: formatDate(f.dueOn, l) })}</span>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function Figures({ items }: { items: Figure[] }) {
  const { t } = useTranslation();
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <div className="table-scroll">
      <table className="table" data-testid="job-figures">
        <thead>
          <tr>
            <th>{t('jobs.console.school')}</th>
            <th>{t('jobs.console.year')}</th>
            <th>{t('jobs.console.cohort')}</th>
            <th>{t('jobs.console.certified')}</th>
            <th>{t('jobs.console.placed')}</th>
            <th>{t('jobs.console.placementRate')}</th>
            <th>{t('jobs.console.retention')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={`${f.schoolId}-${f.year}-${f.cohortId ?? 'all'}`} data-cohort={f.cohortId ?? 'all'} data-placed={f.placed}>
              <td dir="auto">{f.school}</td>
              <td>
                <Ltr>{f.year}</Ltr>
              </td>
              <td dir="auto">{f.cohortId ? f.cohort : <strong>{t('jobs.console.allCohorts')}</strong>}</td>
              <td>
                <Ltr>{f.certified}</Ltr>
              </td>
              <td>
                <Ltr>{f.placed}</Ltr>
              </td>
              <td>
                <Ltr>{pct(f.placementRate)}</Ltr>
              </td>
              <td>
                <Ltr>{f.due6 ? `${pct(f.retentionRate)} (${f.retained6}/${f.due6})` : '—'}</Ltr>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One order: the employer's candidates and decisions; the school's ranked graduates to recommend. */
export function JobOrderPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const roles = useRoles();
  const cands = useLoad(() => api<{ order: JobOrder; items: Candidate[] }>('GET', `/api/jobs/orders/${id}/candidates`), [id]);
  const [banner, setBanner] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  if (cands.error) return <Alert>{errorMessage(t, cands.error)}</Alert>;
  if (!cands.data) return <Loading />;
  const { order } = cands.data;
  const close = async () => {
    try {
      await api('POST', `/api/jobs/orders/${id}/close`, {});
      setBanner({ kind: 'success', text: t('jobs.console.closed') });
      await cands.reload();
    } catch (e) {
      setBanner({ kind: 'error', text: errorMessage(t, e) });
    }
  };
  return (
    <section data-testid="job-order-page" data-order-id={order.id}>
      <Link className="back-link" to="/console/jobs">
        {t('jobs.console.back')}
      </Link>
      <ul className="jb-list">
        <OrderCard t={t} o={order} />
      </ul>
      {order.description ? (
        <p className="prewrap" dir="auto">
          {order.description}
        </p>
      ) : null}
      {banner ? <Alert kind={banner.kind}>{banner.text}</Alert> : null}
      <h2>{t('jobs.console.candidates')}</h2>
      {cands.data.items.length ? (
        <ul className="jb-list" data-testid="candidates">
          {cands.data.items.map((c) => (
            <CandidateCard key={c.id} c={c} canDecide={roles.employer && order.status !== 'closed'} onChange={cands.reload} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('jobs.console.noCandidates')}</p>
      )}
      {roles.trainer && order.status === 'open' ? <Matches orderId={id} onRecommended={cands.reload} /> : null}
      {roles.employer && order.status !== 'closed' ? (
        <div className="jb-actions">
          <button type="button" className="btn btn-danger" onClick={() => void close()}>
            {t('jobs.console.close')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function CandidateCard({ c, canDecide, onChange }: { c: Candidate; canDecide: boolean; onChange: () => unknown }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [acting, setActing] = useState<'interview' | 'hire' | 'decline' | null>(null);
  const [at, setAt] = useState('');
  const [startedOn, setStartedOn] = useState(new Date().toISOString().slice(0, 10));
  const [band, setBand] = useState('4000-5000');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = c.stage === 'recommended' || c.stage === 'interviewing';
  const send = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (acting === 'interview') {
        const when = new Date(at);
        if (Number.isNaN(when.getTime())) return setErrors({ at: t('jobs.err.required') });
        await api('POST', `/api/jobs/candidates/${c.id}/interview`, { at: when.toISOString() });
      } else if (acting === 'hire') await api('POST', `/api/jobs/candidates/${c.id}/hire`, { startedOn, payBand: band });
      else if (acting === 'decline') await api('POST', `/api/jobs/candidates/${c.id}/decline`, { reason });
      setErrors({});
      setActing(null);
      await onChange();
    } catch (err) {
      const fe = jobFieldErrors(t, err);
      setErrors(Object.keys(fe).length ? fe : { body: errorMessage(t, err) });
    }
  };
  return (
    <li className="jb-card" data-testid="candidate" data-candidate-id={c.id} data-stage={c.stage}>
      <div className="row-between">
        <h3 dir="auto">{c.name}</h3>
        <StageBadge t={t} stage={c.stage} />
      </div>
      <p className="jb-meta">
        <span>{t('jobs.console.score', { score: c.score })}</span>
        <span>
          {t('jobs.console.phone')} <Ltr>{c.phone}</Ltr>
        </span>
        {c.interviewAt ? <Ltr>{formatDate(c.interviewAt, l, true)}</Ltr> : null}
      </p>
      <Reasons t={t} reasons={c.reasons} />
      {c.declineReason ? (
        <p className="small" dir="auto">
          {t('jobs.me.declineReason', { reason: c.declineReason })}
        </p>
      ) : null}
      {canDecide && open ? (
        <div className="jb-actions">
          {(['interview', 'hire', 'decline'] as const).map((a) => (
            <button key={a} type="button" className={`btn ${a === 'hire' ? 'btn-primary' : a === 'decline' ? 'btn-ghost' : 'btn-secondary'}`} aria-pressed={acting === a} onClick={() => (setActing(acting === a ? null : a), setErrors({}))}>
              {t(`jobs.console.${a}`)}
            </button>
          ))}
        </div>
      ) : null}
      {acting ? (
        <form className="form" onSubmit={(e) => void send(e)} noValidate>
          {acting === 'interview' ? <TextField label={t('jobs.fields.interviewAt')} type="datetime-local" dir="ltr" value={at} onChange={(e) => setAt(e.target.value)} error={errors.at} /> : null}
          {acting === 'hire' ? (
            <>
              <TextField label={t('jobs.fields.startedOn')} type="date" dir="ltr" value={startedOn} onChange={(e) => setStartedOn(e.target.value)} error={errors.startedOn} />
              <SelectField label={t('jobs.fields.payBand')} value={band} onChange={(e) => setBand(e.target.value)} error={errors.payBand}>
                {payBands.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </SelectField>
            </>
          ) : null}
          {acting === 'decline' ? <TextField label={t('jobs.fields.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} /> : null}
          <Alert>{errors.body ?? errors.stage ?? errors.orderId}</Alert>
          <button type="submit" className="btn btn-primary btn-block" data-testid={`confirm-${acting}`}>
            {t(`jobs.console.${acting}`)}
          </button>
        </form>
      ) : null}
    </li>
  );
}

function Matches({ orderId, onRecommended }: { orderId: string; onRecommended: () => unknown }) {
  const { t } = useTranslation();
  const m = useLoad(() => api<{ total: number; items: Match[] }>('GET', `/api/jobs/orders/${orderId}/matches?limit=50`), [orderId]);
  const [picked, setPicked] = useState<string[]>([]);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  if (m.error) return <Alert>{errorMessage(t, m.error)}</Alert>;
  if (!m.data) return <Loading />;
  const recommend = async () => {
    try {
      const res = await api<{ created: number }>('POST', `/api/jobs/orders/${orderId}/candidates`, { userIds: picked });
      setMsg({ kind: 'success', text: t('jobs.console.recommendedCount', { count: res.created }) });
      setPicked([]);
      await Promise.all([m.reload(), onRecommended()]);
    } catch (e) {
      setMsg({ kind: 'error', text: Object.values(jobFieldErrors(t, e))[0] ?? errorMessage(t, e) });
    }
  };
  return (
    <>
      <h2>{t('jobs.console.matches')}</h2>
      <p className="muted">{t('jobs.console.total', { count: m.data.total })}</p>
      {m.data.items.length ? (
        <ul className="jb-list" data-testid="matches">
          {m.data.items.map((x) => (
            <li key={x.userId} className="jb-card" data-user-id={x.userId} data-phone-last4={x.phoneLast4}>
              <label className="jb-pick">
                <input type="checkbox" disabled={!!x.stage} checked={picked.includes(x.userId)} onChange={() => setPicked(picked.includes(x.userId) ? picked.filter((p) => p !== x.userId) : [...picked, x.userId])} />
                <span>
                  <strong dir="auto">{x.name}</strong> <span className="muted small">···<Ltr>{x.phoneLast4}</Ltr></span> · {t('jobs.console.score', { score: x.score })}
                  {x.stage ? (
                    <>
                      {' '}
                      <StageBadge t={t} stage={x.stage} />
                    </>
                  ) : null}
                </span>
              </label>
              <Reasons t={t} reasons={x.reasons} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('jobs.console.noMatches')}</p>
      )}
      <div className="jb-sticky">
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="button" className="btn btn-primary btn-block" disabled={!picked.length} onClick={() => void recommend()} data-testid="recommend">
          {t('jobs.console.recommend')} {picked.length ? `(${picked.length})` : ''}
        </button>
      </div>
    </>
  );
}
