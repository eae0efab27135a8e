import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { loadReference, useLoad } from '../../data.ts';
import { nameOf } from '../../i18n/index.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, Choices, ErrorSummary, Loading, Ltr, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { stationToday } from '../../stations/geo.ts';
import { autoDir, CaseCardHead, When } from '../../cases/common.tsx';
import { LINK_KINDS, type SystemicIssue, type SystemicSummary } from '../../cases/types.ts';
import { unionsOf } from '../modules.ts';

/** Systemic issues: similar cases linked into one, and the rule change that settles them all. */
export function SystemicIssues() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const unions = unionsOf(user);
  const list = useLoad(() => api<{ items: SystemicSummary[] }>('GET', '/api/systemic-issues').then((r) => r.items));
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({ unionId: unions[0]?.id ?? '', title: '', linkKind: '' });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const errors = issuesText(t, issues);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!v.unionId) local.unionId = issue('unionId', 'required');
    if (!v.title.trim()) local.title = issue('title', 'required');
    if (!v.linkKind) local.linkKind = issue('linkKind', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    try {
      const r = await api<{ issue: SystemicIssue }>('POST', '/api/systemic-issues', { unionId: v.unionId, title: v.title.trim(), linkKind: v.linkKind, caseIds: [] });
      navigate(`/console/systemic/${r.issue.id}`);
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
    }
  };
  return (
    <section>
      <h1 tabIndex={-1}>{t('systemic.title')}</h1>
      <p className="muted">{t('systemic.intro')}</p>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data && !list.data.length ? <p className="muted">{t('systemic.empty')}</p> : null}
      <ul className="cards" data-testid="systemic-list">
        {(list.data ?? []).map((i) => (
          <li key={i.id} className="item" data-issue-id={i.id} data-status={i.status}>
            <div className="item-head">
              <strong>
                <Link to={`/console/systemic/${i.id}`}>
                  <bdi>{i.title}</bdi>
                </Link>
              </strong>
              <span className={`badge ${i.status === 'open' ? 'badge-wait' : 'badge-ok'}`}>{t(`systemic.status.${i.status}`, { defaultValue: i.status })}</span>
            </div>
            <p className="small">
              {t(`linkKinds.${i.linkKind}`, { defaultValue: i.linkKind })} · {t('systemic.caseCount', { count: i.cases })}
            </p>
            {i.status !== 'open' ? (
              <p className="small muted">
                {t('systemic.effective')} <When iso={i.effectiveOn} time={false} /> · {t('systemic.notifiedCount', { count: i.notifiedCount })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {open ? (
        <form className="form inline-form" onSubmit={(e) => void create(e)} noValidate data-testid="new-issue-form">
          <h2>{t('systemic.newTitle')}</h2>
          <ErrorSummary title={t('form.fixThese')} errors={errors} />
          {unions.length > 1 ? (
            <SelectField label={t('fields.unionId')} name="unionId" value={v.unionId} onChange={(e) => setV({ ...v, unionId: e.target.value })} error={errors.unionId}>
              {unions.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField label={t('fields.issueTitle')} hint={t('systemic.titleHint')} name="issueTitle" maxLength={200} value={v.title} dir={autoDir(v.title)} onChange={(e) => setV({ ...v, title: e.target.value })} error={errors.title} />
          <SelectField label={t('fields.linkKind')} name="linkKind" value={v.linkKind} onChange={(e) => setV({ ...v, linkKind: e.target.value })} error={errors.linkKind}>
            <option value="">{t('form.choose')}</option>
            {LINK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`linkKinds.${k}`)}
              </option>
            ))}
          </SelectField>
          {error && !Object.keys(issues).length ? <Alert>{errorMessage(t, error)}</Alert> : null}
          <div className="actions">
            <button type="submit" className="btn btn-primary">
              {t('systemic.create')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => setOpen(true)}>
          {t('systemic.newTitle')}
        </button>
      )}
      <p className="small muted">{t('systemic.howToLink')}</p>
    </section>
  );
}

/** One systemic issue: its linked cases, and the rule change once it comes (telling everyone it affects). */
export function SystemicIssuePage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const { id = '' } = useParams();
  const one = useLoad(() => api<{ issue: SystemicIssue }>('GET', `/api/systemic-issues/${id}`).then((r) => r.issue), [id]);
  const ref = useLoad(loadReference);
  const [v, setV] = useState({ ruleChange: '', changedBy: '', effectiveOn: stationToday(), kinds: [] as string[], cities: [] as string[], platforms: [] as string[] });
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notified, setNotified] = useState<number | null>(null);
  const errors = issuesText(t, issues);
  if (one.loading && !one.data) return <Loading />;
  if (!one.data) return <Alert>{errorMessage(t, one.error)}</Alert>;
  const s = one.data;
  const toggle = (k: 'kinds' | 'cities' | 'platforms', code: string, on: boolean) => setV((o) => ({ ...o, [k]: on ? [...o[k], code] : o[k].filter((x) => x !== code) }));

  const record = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!v.ruleChange.trim()) local.ruleChange = issue('ruleChange', 'required');
    if (!v.changedBy.trim()) local.changedBy = issue('changedBy', 'required');
    if (!v.effectiveOn) local.effectiveOn = issue('effectiveOn', 'required');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { ruleChange: v.ruleChange.trim(), changedBy: v.changedBy.trim(), effectiveOn: v.effectiveOn };
      if (v.kinds.length) body.kinds = v.kinds;
      if (v.cities.length) body.cities = v.cities;
      if (v.platforms.length) body.platforms = v.platforms;
      const r = await api<{ issue: SystemicIssue }>('POST', `/api/systemic-issues/${s.id}/rule-change`, body);
      setNotified(r.issue.notified ?? r.issue.notifiedCount);
      one.setData(r.issue);
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
    } finally {
      setBusy(false);
    }
  };
  const names = (codes: string[], from: { code: string; nameZh: string; nameUg: string; nameEn: string }[] | undefined) => codes.map((c) => nameOf(from?.find((x) => x.code === c), l) || c).join(t('common.listSeparator'));

  return (
    <section data-issue-id={s.id}>
      <p className="back-link">
        <Link to="/console/systemic">{t('systemic.back')}</Link>
      </p>
      <h1 tabIndex={-1}>
        <bdi>{s.title}</bdi>
      </h1>
      <p>
        <span className={`badge ${s.status === 'open' ? 'badge-wait' : 'badge-ok'}`}>{t(`systemic.status.${s.status}`, { defaultValue: s.status })}</span> {t(`linkKinds.${s.linkKind}`, { defaultValue: s.linkKind })}
      </p>
      {notified !== null ? (
        <Alert kind="success">
          <span data-testid="notified">{t('systemic.notifiedNow', { count: notified })}</span>
        </Alert>
      ) : null}
      <h2>{t('systemic.casesTitle')}</h2>
      {s.cases.length ? (
        <ul className="cards" data-testid="issue-cases">
          {s.cases.map((c) => (
            <li key={c.id} className="item" data-case-id={c.id}>
              <CaseCardHead c={c} to={`/console/cases/${c.id}`}>
                {c.place ? (
                  <>
                    {' · '}
                    <bdi>{c.place}</bdi>
                  </>
                ) : null}
              </CaseCardHead>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('systemic.noCases')}</p>
      )}
      <p className="small muted">{t('systemic.howToLink')}</p>

      <h2>{t('systemic.ruleTitle')}</h2>
      {s.status !== 'open' ? (
        <dl className="details" data-testid="rule-change">
          <div>
            <dt>{t('fields.ruleChange')}</dt>
            <dd dir="auto" className="prewrap">{s.ruleChange}</dd>
          </div>
          <div>
            <dt>{t('fields.changedBy')}</dt>
            <dd>
              <bdi>{s.changedBy}</bdi>
            </dd>
          </div>
          <div>
            <dt>{t('fields.effectiveOn')}</dt>
            <dd>
              <When iso={s.effectiveOn} time={false} />
            </dd>
          </div>
          <div>
            <dt>{t('systemic.affects')}</dt>
            <dd>
              {[
                s.affects.kinds.map((k) => t(`kinds.${k}`, { defaultValue: k })).join(t('common.listSeparator')),
                names(s.affects.cities, ref.data?.cities),
                names(s.affects.platforms, ref.data?.platforms),
              ]
                .filter(Boolean)
                .join(' · ') || t('systemic.linkedOnly')}
            </dd>
          </div>
          <div>
            <dt>{t('systemic.notified')}</dt>
            <dd>
              <Ltr>{s.notifiedCount}</Ltr>
            </dd>
          </div>
        </dl>
      ) : (
        <form className="form" onSubmit={(e) => void record(e)} noValidate data-testid="rule-form">
          <p className="small muted">{t('systemic.ruleIntro')}</p>
          <ErrorSummary title={t('form.fixThese')} errors={errors} />
          <TextAreaField label={t('fields.ruleChange')} name="ruleChange" rows={4} maxLength={2000} value={v.ruleChange} dir={autoDir(v.ruleChange)} onChange={(e) => setV({ ...v, ruleChange: e.target.value })} error={errors.ruleChange} />
          <TextField label={t('fields.changedBy')} hint={t('systemic.changedByHint')} name="changedBy" maxLength={120} value={v.changedBy} dir={autoDir(v.changedBy)} onChange={(e) => setV({ ...v, changedBy: e.target.value })} error={errors.changedBy} />
          <TextField label={t('fields.effectiveOn')} type="date" dir="ltr" name="effectiveOn" value={v.effectiveOn} onChange={(e) => setV({ ...v, effectiveOn: e.target.value })} error={errors.effectiveOn} />
          <Choices legend={t('systemic.affectsKinds')} hint={t('systemic.affectsHint')} optional error={errors.kinds}>
            <div className="option-grid">
              {(ref.data?.workerKinds ?? []).map((k) => (
                <label key={k} className="option">
                  <input type="checkbox" name="kinds" value={k} checked={v.kinds.includes(k)} onChange={(e) => toggle('kinds', k, e.target.checked)} />
                  <span>{t(`kinds.${k}`)}</span>
                </label>
              ))}
            </div>
          </Choices>
          <Choices legend={t('systemic.affectsCities')} optional error={errors.cities}>
            <div className="option-grid">
              {(ref.data?.cities ?? []).map((c) => (
                <label key={c.code} className="option">
                  <input type="checkbox" name="cities" value={c.code} checked={v.cities.includes(c.code)} onChange={(e) => toggle('cities', c.code, e.target.checked)} />
                  <span>{nameOf(c, l)}</span>
                </label>
              ))}
            </div>
          </Choices>
          <Choices legend={t('systemic.affectsPlatforms')} optional error={errors.platforms}>
            <div className="option-grid">
              {(ref.data?.platforms ?? []).map((p) => (
                <label key={p.code} className="option">
                  <input type="checkbox" name="platforms" value={p.code} checked={v.platforms.includes(p.code)} onChange={(e) => toggle('platforms', p.code, e.target.checked)} />
                  <span>{nameOf(p, l)}</span>
                </label>
              ))}
            </div>
          </Choices>
          {error && !Object.keys(issues).length ? <Alert>{errorMessage(t, error, { conflict: t('systemic.alreadyRecorded') })}</Alert> : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="record-rule">
            {t('systemic.record')}
          </button>
        </form>
      )}
    </section>
  );
}
