import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, Choices, ErrorSummary, Loading, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { stationToday } from '../../stations/geo.ts';
import { autoDir, CaseNo, StatusBadge, When } from '../../cases/common.tsx';
import { COURT_STATUSES, LINK_KINDS, type CaseDetail, type Lawyer, type Similar, type SystemicIssue, type SystemicSummary } from '../../cases/types.ts';

type OnChange = (c: CaseDetail) => void;

/** Runs a request that answers with the case; keeps its error and field problems. */
function useCaseRequest(onChange: OnChange) {
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (method: 'POST' | 'PUT', path: string, body: unknown): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ case: CaseDetail }>(method, path, body);
      setIssues({});
      onChange(r.case);
      return true;
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { issues, setIssues, error, busy, run };
}

// ---- consultations (会商) and meetings -------------------------------------------------------------

export function Meetings({ c, onChange }: { c: CaseDetail; onChange: OnChange }) {
  const { t } = useTranslation();
  const empty = { kind: 'consultation', heldOn: stationToday(), participants: '', minutes: '', decisions: '' };
  const [v, setV] = useState(empty);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState(false);
  const req = useCaseRequest(onChange);
  const errors = issuesText(t, req.issues);
  const set = (k: keyof typeof empty, value: string) => setV((o) => ({ ...o, [k]: value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!v.heldOn) local.heldOn = issue('heldOn', 'required');
    if (!v.participants.trim()) local.participants = issue('participants', 'required');
    if (!v.minutes.trim()) local.minutes = issue('minutes', 'required');
    req.setIssues(local);
    if (Object.keys(local).length) return;
    const body: Record<string, string> = { kind: v.kind, heldOn: v.heldOn, participants: v.participants.trim(), minutes: v.minutes.trim() };
    if (v.decisions.trim()) body.decisions = v.decisions.trim();
    if (await req.run('POST', `/api/cases/${c.id}/meetings`, body)) {
      setV(empty);
      setOpen(false);
      setNotice(true);
    }
  };
  return (
    <section id="case-meetings" aria-labelledby="case-meetings-title" className="station-section">
      <h2 id="case-meetings-title">{t('caseOps.meetingsTitle')}</h2>
      {notice ? (
        <Alert kind="success">
          <span data-testid="meeting-notice">{t('caseOps.meetingSaved')}</span>
        </Alert>
      ) : null}
      {c.meetings.length ? (
        <ul className="cards" data-testid="meetings">
          {c.meetings.map((m) => (
            <li key={m.id} className="item">
              <div className="item-head">
                <strong>{t(`meetingKinds.${m.kind}`, { defaultValue: m.kind })}</strong>
                <When iso={m.heldOn} time={false} />
              </div>
              <p className="small">
                {t('fields.participants')}: <bdi>{m.participants}</bdi>
              </p>
              <p dir="auto" className="small prewrap">{m.minutes}</p>
              {m.decisions ? (
                <p dir="auto" className="small prewrap">
                  <strong>{t('fields.decisions')}:</strong> {m.decisions}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('caseOps.noMeetings')}</p>
      )}
      {open ? (
        <form className="form inline-form" onSubmit={(e) => void submit(e)} noValidate data-testid="meeting-form">
          <ErrorSummary title={t('form.fixThese')} errors={errors} />
          <Choices legend={t('fields.meetingKind')}>
            <div className="option-grid">
              {['consultation', 'meeting'].map((k) => (
                <label key={k} className="option">
                  <input type="radio" name="meetingKind" value={k} checked={v.kind === k} onChange={() => set('kind', k)} />
                  <span>{t(`meetingKinds.${k}`)}</span>
                </label>
              ))}
            </div>
          </Choices>
          <TextField label={t('fields.heldOn')} type="date" dir="ltr" name="heldOn" max={stationToday()} value={v.heldOn} onChange={(e) => set('heldOn', e.target.value)} error={errors.heldOn} />
          <TextField label={t('fields.participants')} hint={t('caseOps.participantsHint')} name="participants" maxLength={1000} value={v.participants} dir={autoDir(v.participants)} onChange={(e) => set('participants', e.target.value)} error={errors.participants} />
          <TextAreaField label={t('fields.minutes')} name="minutes" rows={5} maxLength={10000} value={v.minutes} dir={autoDir(v.minutes)} onChange={(e) => set('minutes', e.target.value)} error={errors.minutes} />
          <TextAreaField label={t('fields.decisions')} hint={t('caseOps.decisionsHint')} optional name="decisions" rows={3} maxLength={5000} value={v.decisions} dir={autoDir(v.decisions)} onChange={(e) => set('decisions', e.target.value)} error={errors.decisions} />
          {req.error && !Object.keys(req.issues).length ? <Alert>{errorMessage(t, req.error)}</Alert> : null}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={req.busy} data-testid="save-meeting">
              {t('caseOps.saveMeeting')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => (setOpen(true), setNotice(false))} data-testid="new-meeting">
          {t('caseOps.newMeeting')}
        </button>
      )}
    </section>
  );
}

// ---- the lawyer -----------------------------------------------------------------------------------

export function LawyerReferral({ c, onChange }: { c: CaseDetail; onChange: OnChange }) {
  const { t } = useTranslation();
  const lawyers = useLoad(() => api<{ items: Lawyer[] }>('GET', '/api/cases/lawyers').then((r) => r.items));
  const [chosen, setChosen] = useState('');
  const req = useCaseRequest(onChange);
  const dutyText = (l: Lawyer) => {
    // The roster lists a lawyer once per slot: one line per station, its weekdays once each.
    const byStation = new Map<string, Set<number>>();
    for (const d of l.duty) byStation.set(d.station, (byStation.get(d.station) ?? new Set()).add(d.weekday));
    return [...byStation.entries()].map(([s, days]) => `${s} (${[...days].sort().map((d) => t(`weekdaysShort.${d}`)).join(t('common.listSeparator'))})`);
  };
  return (
    <section id="case-lawyer" aria-labelledby="case-lawyer-title" className="station-section">
      <h2 id="case-lawyer-title">{t('caseOps.lawyerTitle')}</h2>
      <p className="small muted">{t('caseOps.lawyerIntro')}</p>
      {c.lawyer ? (
        <div className="panel" data-testid="current-lawyer">
          <p>
            {t('caseOps.referredTo')} <strong>
              <bdi>{c.lawyer.name}</bdi>
            </strong>
          </p>
          <button type="button" className="btn btn-secondary" disabled={req.busy} onClick={() => void req.run('PUT', `/api/cases/${c.id}/lawyer`, { lawyerUserId: null })}>
            {t('caseOps.withdrawReferral')}
          </button>
        </div>
      ) : null}
      {lawyers.loading && !lawyers.data ? <Loading /> : null}
      {lawyers.error ? <Alert>{errorMessage(t, lawyers.error)}</Alert> : null}
      {lawyers.data ? (
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return req.setIssues({ lawyerUserId: issue('lawyerUserId', 'required') });
            void req.run('PUT', `/api/cases/${c.id}/lawyer`, { lawyerUserId: chosen }).then((ok) => ok && setChosen(''));
          }}
        >
          <Choices legend={c.lawyer ? t('caseOps.otherLawyer') : t('caseOps.chooseLawyer')} error={issuesText(t, req.issues).lawyerUserId}>
            <div className="option-list">
              {lawyers.data
                .filter((l) => l.userId !== c.lawyer?.userId)
                .map((l) => (
                  <label key={l.userId} className="option option-explained">
                    <input type="radio" name="lawyer" value={l.userId} checked={chosen === l.userId} onChange={() => setChosen(l.userId)} />
                    <span>
                      <strong>
                        <bdi>{l.name}</bdi>
                      </strong>
                      {l.firm ? (
                        <span className="option-help">
                          <bdi>{l.firm}</bdi>
                        </span>
                      ) : null}
                      {dutyText(l).map((d) => (
                        <span key={d} className="option-help">
                          {t('caseOps.onDuty')} <bdi>{d}</bdi>
                        </span>
                      ))}
                    </span>
                  </label>
                ))}
            </div>
          </Choices>
          {req.error && !Object.keys(req.issues).length ? <Alert>{errorMessage(t, req.error)}</Alert> : null}
          <button type="submit" className="btn btn-primary" disabled={req.busy} data-testid="refer-lawyer">
            {t('caseOps.refer')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

// ---- court -----------------------------------------------------------------------------------------

export function Court({ c, onChange }: { c: CaseDetail; onChange: OnChange }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ status: '', onDate: stationToday(), note: '' });
  const [open, setOpen] = useState(false);
  const req = useCaseRequest(onChange);
  const errors = issuesText(t, req.issues);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!v.status) local.status = issue('status', 'required');
    if (!v.onDate) local.onDate = issue('onDate', 'required');
    req.setIssues(local);
    if (Object.keys(local).length) return;
    const body: Record<string, string> = { status: v.status, onDate: v.onDate };
    if (v.note.trim()) body.note = v.note.trim();
    if (await req.run('POST', `/api/cases/${c.id}/court`, body)) {
      setV({ status: '', onDate: stationToday(), note: '' });
      setOpen(false);
    }
  };
  return (
    <section id="case-court" aria-labelledby="case-court-title" className="station-section">
      <h2 id="case-court-title">{t('caseOps.courtTitle')}</h2>
      {c.court.length ? (
        <ol className="timeline compact" data-testid="court-steps">
          {c.court.map((s) => (
            <li key={s.id} className="tl-item">
              <p className="tl-head">
                <strong>{t(`courtStatus.${s.status}`, { defaultValue: s.status })}</strong> <When iso={s.onDate} time={false} />
              </p>
              {s.note ? (
                <p dir="auto" className="small prewrap">
                  {s.note}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('caseOps.noCourt')}</p>
      )}
      {open ? (
        <form className="form inline-form" onSubmit={(e) => void submit(e)} noValidate data-testid="court-form">
          <SelectField label={t('fields.courtStatus')} name="courtStatus" value={v.status} onChange={(e) => setV({ ...v, status: e.target.value })} error={errors.status}>
            <option value="">{t('form.choose')}</option>
            {COURT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`courtStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('fields.onDate')} type="date" dir="ltr" name="onDate" value={v.onDate} onChange={(e) => setV({ ...v, onDate: e.target.value })} error={errors.onDate} />
          <TextAreaField label={t('caseOps.courtNote')} optional name="courtNote" rows={2} maxLength={2000} value={v.note} dir={autoDir(v.note)} onChange={(e) => setV({ ...v, note: e.target.value })} error={errors.note} />
          {req.error && !Object.keys(req.issues).length ? <Alert>{errorMessage(t, req.error)}</Alert> : null}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={req.busy}>
              {t('caseOps.saveCourt')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => setOpen(true)} data-testid="new-court-step">
          {t('caseOps.newCourtStep')}
        </button>
      )}
    </section>
  );
}

// ---- similar cases and the systemic issue ------------------------------------------------------------

export function SimilarCases({ c, onChange }: { c: CaseDetail; onChange: OnChange }) {
  const { t } = useTranslation();
  const similar = useLoad(() => api<{ items: Similar[] }>('GET', `/api/cases/${c.id}/similar`).then((r) => r.items), [c.id]);
  const issues = useLoad(() => api<{ items: SystemicSummary[] }>('GET', '/api/systemic-issues').then((r) => r.items.filter((i) => i.status === 'open')));
  const [picked, setPicked] = useState<string[]>([]);
  const [target, setTarget] = useState(c.systemicIssueId ?? '');
  const [title, setTitle] = useState('');
  const [linkKind, setLinkKind] = useState('');
  const [problems, setProblems] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<SystemicIssue | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, problems);

  const link = async (e: FormEvent) => {
    e.preventDefault();
    const local: Issues = {};
    if (!target && !title.trim()) local.title = issue('title', 'required');
    if (!target && !linkKind) local.linkKind = issue('linkKind', 'required');
    setProblems(local);
    if (Object.keys(local).length) return;
    const caseIds = [...new Set([...(c.systemicIssueId === target && target ? [] : [c.id]), ...picked])];
    setBusy(true);
    setError(null);
    try {
      const r = target
        ? await api<{ issue: SystemicIssue }>('POST', `/api/systemic-issues/${target}/cases`, { caseIds: caseIds.length ? caseIds : [c.id] })
        : await api<{ issue: SystemicIssue }>('POST', '/api/systemic-issues', { unionId: c.union.id, title: title.trim(), linkKind, caseIds });
      setDone(r.issue);
      setPicked([]);
      setTitle('');
      void similar.reload();
      void issues.reload();
      const fresh = await api<{ case: CaseDetail }>('GET', `/api/cases/${c.id}`);
      onChange(fresh.case);
    } catch (err) {
      setError(err);
      setProblems(serverIssues(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="case-similar" aria-labelledby="case-similar-title" className="station-section">
      <h2 id="case-similar-title">{t('caseOps.similarTitle')}</h2>
      <p className="small muted">{t('caseOps.similarIntro')}</p>
      {c.systemicIssueId ? (
        <p className="panel small">
          {t('caseOps.partOfIssue')} <Link to={`/console/systemic/${c.systemicIssueId}`}>{t('caseOps.openIssue')}</Link>
        </p>
      ) : null}
      {done ? (
        <Alert kind="success">
          <span data-testid="linked-notice">
            {t('caseOps.linked', { count: done.cases.length })} <Link to={`/console/systemic/${done.id}`}>{t('caseOps.openIssue')}</Link>
          </span>
        </Alert>
      ) : null}
      {similar.loading && !similar.data ? <Loading /> : null}
      {similar.error ? <Alert>{errorMessage(t, similar.error)}</Alert> : null}
      {similar.data && !similar.data.length ? <p className="muted">{t('caseOps.noSimilar')}</p> : null}
      {similar.data?.length ? (
        <ul className="cards" data-testid="similar">
          {similar.data.map((s) => (
            <li key={s.id} className="item" data-case-id={s.id}>
              <label className="option similar-pick">
                <input
                  type="checkbox"
                  checked={picked.includes(s.id)}
                  disabled={!!s.systemicIssueId && s.systemicIssueId === c.systemicIssueId}
                  onChange={(e) => setPicked((p) => (e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id)))}
                />
                <span>
                  <strong>
                    <bdi>{s.title}</bdi>
                  </strong>
                  <span className="small">
                    {' '}
                    <CaseNo no={s.caseNo} /> <StatusBadge status={s.status} />
                  </span>
                  <span className="option-help">{s.reasons.map((r) => t(`caseOps.reason.${r}`, { defaultValue: r })).join(t('common.listSeparator'))}</span>
                  {s.place ? (
                    <span className="option-help">
                      <bdi>{s.place}</bdi>
                    </span>
                  ) : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="form inline-form" onSubmit={(e) => void link(e)} noValidate data-testid="link-form">
        <SelectField label={t('caseOps.linkInto')} name="issue" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t('caseOps.newIssue')}</option>
          {(issues.data ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </SelectField>
        {!target ? (
          <>
            <TextField label={t('fields.issueTitle')} name="issueTitle" maxLength={200} value={title} dir={autoDir(title)} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
            <SelectField label={t('fields.linkKind')} name="linkKind" value={linkKind} onChange={(e) => setLinkKind(e.target.value)} error={errors.linkKind}>
              <option value="">{t('form.choose')}</option>
              {LINK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`linkKinds.${k}`)}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
        {errors.caseIds ? <p className="field-error">{t('caseOps.cannotLink')}</p> : null}
        {error && !Object.keys(problems).length ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="link-systemic">
          {picked.length ? t('caseOps.linkSelected', { count: picked.length + (c.systemicIssueId === target && target ? 0 : 1) }) : t('caseOps.linkThis')}
        </button>
      </form>
    </section>
  );
}
