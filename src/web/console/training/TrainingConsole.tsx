import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { formatDate } from '../../i18n/index.ts';
import { bannerText, fieldErrors, noticeText, type Banner, type Notice } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextField } from '../../components/ui.tsx';
import { attendanceStatuses, cohortStatuses, courseTopics, fundingSources, occupations, type AttendanceStatus } from '../../../shared/training.ts';
import { bjClock, bjDay, reasonOverride } from '../../training/Training.tsx';
import type { Exam, Figures, ManagedCohort, Programme, Roster, Session } from '../../training/types.ts';
import { yuan } from '../../training/types.ts';
import '../../training/training.css';

/** A Beijing date and clock time as an ISO moment. */
const beijing = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** The school's training console: programmes, classes, applicants, attendance, exams, certificates, figures. */
export function TrainingConsole() {
  const { t } = useTranslation();
  const cohorts = useLoad(() => api<{ items: ManagedCohort[] }>('GET', '/api/training/manage/cohorts'), []);
  const programmes = useLoad(() => api<{ items: Programme[] }>('GET', '/api/training/programmes'), []);
  const [current, setCurrent] = useState<string>('');
  useEffect(() => {
    if (!current && cohorts.data?.items.length) setCurrent(cohorts.data.items.find((c) => c.status === 'open')?.id ?? cohorts.data.items[0]!.id);
  }, [cohorts.data, current]);
  const chosen = cohorts.data?.items.find((c) => c.id === current);

  if (cohorts.error) return <Alert>{bannerText(t, { err: cohorts.error })}</Alert>;
  if (!cohorts.data || !programmes.data) return <Loading />;
  return (
    <section className="tr-console">
      <h1 tabIndex={-1}>{t('training.console.title')}</h1>
      <h2>{t('training.console.cohorts')}</h2>
      <div className="table-scroll">
        <table className="table" data-testid="training-cohorts">
          <thead>
            <tr>
              <th>{t('training.console.cohortName')}</th>
              <th>{t('training.console.startsOn')}</th>
              <th>{t('training.console.status')}</th>
              <th>{t('training.console.seatsTaken')}</th>
              <th>{t('training.console.applied')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cohorts.data.items.map((c) => (
              <tr key={c.id} className={c.id === current ? 'is-current' : undefined}>
                <td dir="auto">{c.name}</td>
                <td className="nowrap">
                  <Ltr>{c.startsOn}</Ltr>
                </td>
                <td>{t(`training.cohortStatus.${c.status}`)}</td>
                <td>
                  <Ltr>{`${c.seatsTaken} / ${c.capacity}`}</Ltr>
                </td>
                <td>{c.applied}</td>
                <td>
                  <button type="button" className="btn btn-small btn-secondary" aria-pressed={c.id === current} onClick={() => setCurrent(c.id)}>
                    {t('training.console.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen ? (
        <CohortWork key={chosen.id} cohort={chosen} onChanged={() => void cohorts.reload()} />
      ) : null}
      <details className="panel">
        <summary>{t('training.console.newCohort')}</summary>
        <CohortForm programmes={programmes.data.items} onSaved={(id) => void cohorts.reload().then(() => setCurrent(id))} />
      </details>
      <Programmes programmes={programmes.data.items} onChanged={() => void programmes.reload()} />
      <FiguresPanel />
    </section>
  );
}

type CohortValues = { programmeId: string; name: string; startsOn: string; endsOn: string; schedule: string; place: string; capacity: string; fundingSource: string; funderName: string; costYuan: string; status: string };

function CohortForm({ programmes, cohort, onSaved }: { programmes: Programme[]; cohort?: ManagedCohort; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<CohortValues>(() => ({
    programmeId: cohort?.programmeId ?? programmes[0]?.id ?? '',
    name: cohort?.name ?? '',
    startsOn: cohort?.startsOn ?? '',
    endsOn: cohort?.endsOn ?? '',
    schedule: cohort?.schedule ?? '',
    place: cohort?.place ?? '',
    capacity: String(cohort?.capacity ?? 30),
    fundingSource: cohort?.fundingSource ?? 'hrss',
    funderName: cohort?.funderName ?? '',
    costYuan: cohort ? String(cohort.costPerTraineeFen / 100) : '0',
    status: cohort?.status ?? 'open',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const set = (k: keyof CohortValues) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const body = {
      name: v.name.trim(),
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      schedule: v.schedule.trim(),
      place: v.place.trim(),
      capacity: Number(v.capacity),
      fundingSource: v.fundingSource,
      funderName: v.funderName.trim(),
      costPerTraineeFen: Math.round(Number(v.costYuan) * 100),
      status: v.status,
    };
    try {
      const res = cohort
        ? await api<{ cohort: { id: string } }>('PATCH', `/api/training/cohorts/${cohort.id}`, body)
        : await api<{ cohort: { id: string } }>('POST', '/api/training/cohorts', { ...body, programmeId: v.programmeId });
      setErrors({});
      setNotice({ key: 'training.console.saved' });
      onSaved(res.cohort.id);
    } catch (err) {
      const fe = fieldErrors(t, err);
      if (fe.costPerTraineeFen) fe.costYuan = fe.costPerTraineeFen;
      setErrors(fe);
      setError({ err, overrides: reasonOverride(err, 'training.console') });
    }
  };
  const id = (k: string) => `tc-${cohort ? 'edit' : 'new'}-${k}`;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="tr-form" data-testid={cohort ? 'cohort-edit' : 'cohort-new'}>
      <Alert>{bannerText(t, error)}</Alert>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      {!cohort ? (
        <SelectField id={id('programme')} label={t('training.console.programme')} value={v.programmeId} onChange={set('programmeId')} error={errors.programmeId}>
          {programmes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextField id={id('name')} label={t('training.console.cohortName')} value={v.name} onChange={set('name')} error={errors.name} />
      <TextField id={id('startsOn')} type="date" label={t('training.console.startsOn')} value={v.startsOn} onChange={set('startsOn')} error={errors.startsOn} />
      <TextField id={id('endsOn')} type="date" label={t('training.console.endsOn')} value={v.endsOn} onChange={set('endsOn')} error={errors.endsOn} />
      <TextField id={id('schedule')} label={t('training.console.schedule')} value={v.schedule} onChange={set('schedule')} error={errors.schedule} optional />
      <TextField id={id('place')} label={t('training.console.place')} value={v.place} onChange={set('place')} error={errors.place} optional />
      <TextField id={id('capacity')} type="number" inputMode="numeric" min={1} label={t('training.console.capacity')} value={v.capacity} onChange={set('capacity')} error={errors.capacity} />
      <SelectField id={id('funding')} label={t('training.console.fundingSource')} value={v.fundingSource} onChange={set('fundingSource')} error={errors.fundingSource}>
        {fundingSources.map((f) => (
          <option key={f} value={f}>
            {t(`training.funding.${f}`)}
          </option>
        ))}
      </SelectField>
      <TextField id={id('funder')} label={t('training.console.funderName')} value={v.funderName} onChange={set('funderName')} error={errors.funderName} optional />
      <TextField id={id('cost')} type="number" inputMode="decimal" min={0} step="0.01" label={t('training.console.costYuan')} value={v.costYuan} onChange={set('costYuan')} error={errors.costYuan} />
      <SelectField id={id('status')} label={t('training.console.status')} value={v.status} onChange={set('status')} error={errors.status}>
        {cohortStatuses.map((s) => (
          <option key={s} value={s}>
            {t(`training.cohortStatus.${s}`)}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="btn btn-primary btn-block">
        {cohort ? t('training.console.save') : t('training.console.create')}
      </button>
    </form>
  );
}

/** One class: applicants, sessions with attendance, exams with results and certificates. */
function CohortWork({ cohort, onChanged }: { cohort: ManagedCohort; onChanged: () => void }) {
  const { t } = useTranslation();
  const roster = useLoad(() => api<Roster>('GET', `/api/training/cohorts/${cohort.id}/enrolments`), [cohort.id]);
  const programmes = useLoad(() => api<{ items: Programme[] }>('GET', '/api/training/programmes'), []);
  const reload = () => {
    void roster.reload();
    onChanged();
  };
  return (
    <div className="tr-work" data-testid="cohort-work">
      <h2 dir="auto">{cohort.name}</h2>
      <Applicants roster={roster.data} onChanged={reload} />
      {roster.data ? <Sessions cohortId={cohort.id} roster={roster.data} onChanged={reload} /> : null}
      {roster.data ? <Exams cohortId={cohort.id} roster={roster.data} /> : null}
      <details className="panel">
        <summary>{t('training.console.editCohort')}</summary>
        {programmes.data ? <CohortForm programmes={programmes.data.items} cohort={cohort} onSaved={() => onChanged()} /> : null}
      </details>
    </div>
  );
}

function Applicants({ roster, onChanged }: { roster: Roster | null; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [asking, setAsking] = useState<{ id: string; move: 'decline' | 'drop' } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Banner>(null);
  const move = async (id: string, m: 'accept' | 'complete' | 'decline' | 'drop', why?: string) => {
    setError(null);
    try {
      await api('POST', `/api/training/enrolments/${id}/${m}`, why === undefined ? undefined : { reason: why });
      setAsking(null);
      setReason('');
    } catch (err) {
      setError({ err, overrides: reasonOverride(err, 'training.console') });
    }
    onChanged();
  };
  if (!roster) return <Loading />;
  return (
    <>
      <h3>{t('training.console.applicants')}</h3>
      <Alert>{bannerText(t, error)}</Alert>
      {!roster.items.length ? <p className="muted">{t('training.console.noApplicants')}</p> : null}
      <ul className="list" data-testid="training-applicants">
        {roster.items.map((e) => (
          <li key={e.id} className="item" data-enrolment={e.id} data-name={e.name}>
            <div className="item-head">
              <strong dir="auto">{e.name}</strong>
              <span className="badge badge-muted" data-status={e.status}>
                {t(`training.status.${e.status}`)}
              </span>
            </div>
            <p className="muted">
              <Ltr>{e.phoneMasked}</Ltr> · {formatDate(e.appliedAt, i18n.language)}
            </p>
            {e.note ? <p dir="auto">{e.note}</p> : null}
            {e.reason ? <p className="reason" dir="auto">{e.reason}</p> : null}
            {asking?.id === e.id ? (
              <form
                className="tr-inline"
                onSubmit={(ev) => {
                  ev.preventDefault();
                  void move(e.id, asking.move, reason.trim());
                }}
              >
                <TextField id={`tc-reason-${e.id}`} label={t(asking.move === 'decline' ? 'training.console.declineReason' : 'training.console.dropReason')} value={reason} onChange={(ev) => setReason(ev.target.value)} />
                <div className="tr-buttons">
                  <button type="submit" className="btn btn-primary">
                    {t('training.console.confirm')}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => setAsking(null)}>
                    {t('training.console.cancel')}
                  </button>
                </div>
              </form>
            ) : e.status === 'applied' ? (
              <div className="tr-buttons">
                <button type="button" className="btn btn-primary" onClick={() => void move(e.id, 'accept')}>
                  {t('training.console.accept')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => setAsking({ id: e.id, move: 'decline' })}>
                  {t('training.console.decline')}
                </button>
              </div>
            ) : e.status === 'accepted' ? (
              <div className="tr-buttons">
                <button type="button" className="btn btn-secondary" onClick={() => void move(e.id, 'complete')}>
                  {t('training.console.complete')}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => setAsking({ id: e.id, move: 'drop' })}>
                  {t('training.console.drop')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

const trainees = (roster: Roster) => roster.items.filter((e) => e.status === 'accepted' || e.status === 'completed');

function Sessions({ cohortId, roster, onChanged }: { cohortId: string; roster: Roster; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const sessions = useLoad(() => api<{ items: Session[] }>('GET', `/api/training/cohorts/${cohortId}/sessions`), [cohortId]);
  const [day, setDay] = useState('');
  const [from, setFrom] = useState('19:30');
  const [to, setTo] = useState('21:30');
  const [topic, setTopic] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [marks, setMarks] = useState<Record<string, AttendanceStatus>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/training/cohorts/${cohortId}/sessions`, { startsAt: beijing(day, from), endsAt: beijing(day, to), topic: topic.trim() });
      setErrors({});
      setTopic('');
      await sessions.reload();
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors({ day: fe.startsAt ?? '', to: fe.endsAt ?? '' });
      setError({ err });
    }
  };
  const startMarking = (s: Session) => {
    setOpen(s.id);
    setNotice(null);
    setMarks(Object.fromEntries(trainees(roster).map((e) => [e.id, s.attendance[e.id] ?? 'present'])));
  };
  const save = async (sessionId: string) => {
    setError(null);
    try {
      await api('PUT', `/api/training/sessions/${sessionId}/attendance`, { marks: Object.entries(marks).map(([enrolmentId, status]) => ({ enrolmentId, status })) });
      setOpen(null);
      setNotice({ key: 'training.console.attendanceSaved' });
      await sessions.reload();
      onChanged();
    } catch (err) {
      setError({ err });
    }
  };
  const l = i18n.language;
  const people = trainees(roster);
  return (
    <>
      <h3>{t('training.console.sessions')}</h3>
      <Alert>{bannerText(t, error)}</Alert>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      {sessions.data && !sessions.data.items.length ? <p className="muted">{t('training.console.noSessions')}</p> : null}
      <ul className="list" data-testid="training-sessions">
        {sessions.data?.items.map((s) => (
          <li key={s.id} className="item" data-session={s.id}>
            <div className="item-head">
              <span>
                <Ltr>{`${formatDate(bjDay(s.startsAt), l)} ${bjClock(s.startsAt)}–${bjClock(s.endsAt)}`}</Ltr> <span dir="auto">{s.topic}</span>
              </span>
              <span className="muted">
                {Object.values(s.attendance).filter((a) => a === 'present').length} / {people.length}
              </span>
            </div>
            {open === s.id ? (
              <div className="tr-attendance">
                {!people.length ? <p className="muted">{t('training.console.noTrainees')}</p> : null}
                {people.map((e) => (
                  <fieldset key={e.id} className="tr-mark" data-name={e.name}>
                    <legend dir="auto">{e.name}</legend>
                    {attendanceStatuses.map((a) => (
                      <label key={a} className="chip">
                        <input type="radio" name={`mark-${s.id}-${e.id}`} value={a} checked={marks[e.id] === a} onChange={() => setMarks((m) => ({ ...m, [e.id]: a }))} /> {t(`training.attendance.${a}`)}
                      </label>
                    ))}
                  </fieldset>
                ))}
                <button type="button" className="btn btn-primary btn-block" disabled={!people.length} onClick={() => void save(s.id)}>
                  {t('training.console.saveAttendance')}
                </button>
              </div>
            ) : (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => startMarking(s)}>
                {t('training.console.takeAttendance')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <details className="panel">
        <summary>{t('training.console.addSession')}</summary>
        <form onSubmit={(e) => void add(e)} noValidate className="tr-form">
          <TextField id="ts-day" type="date" label={t('training.console.sessionDate')} value={day} onChange={(e) => setDay(e.target.value)} error={errors.day || undefined} />
          <TextField id="ts-from" type="time" label={t('training.console.startTime')} value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField id="ts-to" type="time" label={t('training.console.endTime')} value={to} onChange={(e) => setTo(e.target.value)} error={errors.to || undefined} />
          <TextField id="ts-topic" label={t('training.console.sessionTopic')} value={topic} onChange={(e) => setTopic(e.target.value)} optional />
          <button type="submit" className="btn btn-primary btn-block">
            {t('training.console.addSession')}
          </button>
        </form>
      </details>
    </>
  );
}

function Exams({ cohortId, roster }: { cohortId: string; roster: Roster }) {
  const { t, i18n } = useTranslation();
  const exams = useLoad(() => api<{ items: Exam[] }>('GET', `/api/training/cohorts/${cohortId}/exams`), [cohortId]);
  const [heldOn, setHeldOn] = useState('');
  const [theoryPass, setTheoryPass] = useState('60');
  const [practicePass, setPracticePass] = useState('60');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/training/cohorts/${cohortId}/exams`, { heldOn, theoryPass: Number(theoryPass), practicePass: Number(practicePass) });
      setErrors({});
      await exams.reload();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err });
    }
  };
  const l = i18n.language;
  return (
    <>
      <h3>{t('training.console.exams')}</h3>
      <Alert>{bannerText(t, error)}</Alert>
      {exams.data?.items.map((x) => (
        <div key={x.id} className="panel" data-testid="training-exam">
          <p className="panel-title">{t('training.console.examOn', { date: formatDate(x.heldOn, l), level: x.level, theory: x.theoryPass, practice: x.practicePass })}</p>
          <ul className="list">
            {trainees(roster).map((e) => (
              <ResultRow key={e.id} exam={x} enrolmentId={e.id} name={e.name} onChanged={() => void exams.reload()} />
            ))}
          </ul>
        </div>
      ))}
      <details className="panel">
        <summary>{t('training.console.addExam')}</summary>
        <form onSubmit={(e) => void add(e)} noValidate className="tr-form">
          <TextField id="tx-held" type="date" label={t('training.console.heldOn')} value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={errors.heldOn} />
          <TextField id="tx-theory" type="number" inputMode="numeric" label={t('training.console.theoryPass')} value={theoryPass} onChange={(e) => setTheoryPass(e.target.value)} error={errors.theoryPass} />
          <TextField id="tx-practice" type="number" inputMode="numeric" label={t('training.console.practicePass')} value={practicePass} onChange={(e) => setPracticePass(e.target.value)} error={errors.practicePass} />
          <button type="submit" className="btn btn-primary btn-block">
            {t('training.console.addExam')}
          </button>
        </form>
      </details>
    </>
  );
}

function ResultRow({ exam, enrolmentId, name, onChanged }: { exam: Exam; enrolmentId: string; name: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const result = exam.results.find((r) => r.enrolmentId === enrolmentId);
  const [theory, setTheory] = useState('');
  const [practice, setPractice] = useState('');
  const [number, setNumber] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const record = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/training/exams/${exam.id}/results`, { enrolmentId, theoryScore: theory.trim() === '' ? Number.NaN : Number(theory), practiceScore: practice.trim() === '' ? Number.NaN : Number(practice) });
      setErrors({});
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err, overrides: reasonOverride(err, 'training.console') });
    }
  };
  const issue = async (e: FormEvent) => {
    e.preventDefault();
    if (!result) return;
    setError(null);
    try {
      const res = await api<{ certificate: { number: string } }>('POST', '/api/training/certificates', { examResultId: result.id, ...(number.trim() ? { number: number.trim() } : {}) });
      setErrors({});
      setNotice({ key: 'training.console.issued', params: { number: res.certificate.number } });
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err, overrides: reasonOverride(err, 'training.console') });
    }
  };
  const [reason, setReason] = useState('');
  const correct = async (e: FormEvent) => {
    e.preventDefault();
    if (!result) return;
    setError(null);
    try {
      await api('PATCH', `/api/training/results/${result.id}`, { theoryScore: theory.trim() === '' ? Number.NaN : Number(theory), practiceScore: practice.trim() === '' ? Number.NaN : Number(practice), reason });
      setErrors({});
      setReason('');
      setNotice({ key: 'training.console.corrected' });
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err, overrides: reasonOverride(err, 'training.console') });
    }
  };
  const fid = (k: string) => `tr-${exam.id.slice(0, 8)}-${enrolmentId.slice(0, 8)}-${k}`;
  return (
    <li className="item" data-name={name} data-testid="training-result">
      <div className="item-head">
        <strong dir="auto">{name}</strong>
        {result ? <span className={`badge ${result.passed ? 'badge-ok' : 'badge-bad'}`}>{result.passed ? t('training.me.passed') : t('training.me.failed')}</span> : null}
      </div>
      <Alert>{bannerText(t, error)}</Alert>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      {!result ? (
        <form onSubmit={(e) => void record(e)} noValidate className="tr-scores">
          <TextField id={fid('theory')} type="number" inputMode="numeric" label={t('training.console.theoryScore')} value={theory} onChange={(e) => setTheory(e.target.value)} error={errors.theoryScore} />
          <TextField id={fid('practice')} type="number" inputMode="numeric" label={t('training.console.practiceScore')} value={practice} onChange={(e) => setPractice(e.target.value)} error={errors.practiceScore} />
          <button type="submit" className="btn btn-primary">
            {t('training.console.saveResult')}
          </button>
        </form>
      ) : (
        <>
          <p>{t('training.me.scores', { theory: result.theoryScore, practice: result.practiceScore })}</p>
          {!result.certificate ? (
            <details className="tr-correct" data-testid="correct-result">
              <summary>{t('training.console.correct')}</summary>
              <form onSubmit={(e) => void correct(e)} noValidate className="tr-scores">
                <TextField id={fid('c-theory')} type="number" inputMode="numeric" label={t('training.console.theoryScore')} value={theory} onChange={(e) => setTheory(e.target.value)} error={errors.theoryScore} />
                <TextField id={fid('c-practice')} type="number" inputMode="numeric" label={t('training.console.practiceScore')} value={practice} onChange={(e) => setPractice(e.target.value)} error={errors.practiceScore} />
                <TextField id={fid('c-reason')} label={t('training.console.correctReason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
                <button type="submit" className="btn btn-secondary">
                  {t('training.console.correctSave')}
                </button>
              </form>
            </details>
          ) : null}
          {result.certificate ? (
            <p>
              {t('training.console.certNumber')}: <Ltr>{result.certificate.number}</Ltr>
            </p>
          ) : result.passed ? (
            <form onSubmit={(e) => void issue(e)} noValidate className="tr-form">
              <TextField id={fid('number')} label={t('training.console.certNumber')} hint={t('training.console.certNumberHint')} value={number} onChange={(e) => setNumber(e.target.value)} error={errors.number} optional />
              <button type="submit" className="btn btn-primary btn-block">
                {t('training.console.issue')}
              </button>
            </form>
          ) : null}
        </>
      )}
    </li>
  );
}

function Programmes({ programmes, onChanged }: { programmes: Programme[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [occupation, setOccupation] = useState<string>('ecommerce_specialist');
  const [level, setLevel] = useState('5');
  const [error, setError] = useState<Banner>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/training/programmes', { name: name.trim(), occupation, level: Number(level) });
      setName('');
      setErrors({});
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err });
    }
  };
  return (
    <>
      <h2>{t('training.console.programmes')}</h2>
      <Alert>{bannerText(t, error)}</Alert>
      {programmes.map((p) => (
        <div key={p.id} className="panel">
          <p className="panel-title" dir="auto">
            {p.name} · {t('training.level', { level: p.level })}
          </p>
          <ul className="tr-courses">
            {p.courses.map((c) => (
              <li key={c.id}>
                <span dir="auto">{c.name}</span> <span className="muted">{t(`training.topics.${c.topic}`, { defaultValue: c.topic })} · {t('training.hours', { count: c.hours })}</span>
              </li>
            ))}
          </ul>
          <CourseForm programmeId={p.id} onSaved={onChanged} />
        </div>
      ))}
      <details className="panel">
        <summary>{t('training.console.newProgramme')}</summary>
        <form onSubmit={(e) => void add(e)} noValidate className="tr-form">
          <TextField id="tp-name" label={t('training.console.programmeName')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
          <SelectField id="tp-occ" label={t('training.occupation')} value={occupation} onChange={(e) => setOccupation(e.target.value)}>
            {occupations.map((o) => (
              <option key={o} value={o}>
                {t(`training.occupations.${o}`)}
              </option>
            ))}
          </SelectField>
          <SelectField id="tp-level" label={t('training.levelName')} value={level} onChange={(e) => setLevel(e.target.value)}>
            {[5, 4, 3, 2, 1].map((k) => (
              <option key={k} value={k}>
                {t('training.level', { level: k })}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="btn btn-primary btn-block">
            {t('training.console.create')}
          </button>
        </form>
      </details>
    </>
  );
}

function CourseForm({ programmeId, onSaved }: { programmeId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState<string>('ai_tools');
  const [hours, setHours] = useState('16');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', `/api/training/programmes/${programmeId}/courses`, { name: name.trim(), topic, hours: Number(hours) });
      setName('');
      setErrors({});
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  const fid = (k: string) => `tcf-${programmeId.slice(-6)}-${k}`;
  return (
    <details>
      <summary>{t('training.console.addCourse')}</summary>
      <form onSubmit={(e) => void add(e)} noValidate className="tr-form">
        <TextField id={fid('name')} label={t('training.console.courseName')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <SelectField id={fid('topic')} label={t('training.console.topic')} value={topic} onChange={(e) => setTopic(e.target.value)}>
          {courseTopics.map((k) => (
            <option key={k} value={k}>
              {t(`training.topics.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField id={fid('hours')} type="number" inputMode="numeric" label={t('training.console.courseHours')} value={hours} onChange={(e) => setHours(e.target.value)} error={errors.hours} />
        <button type="submit" className="btn btn-secondary btn-block">
          {t('training.console.addCourse')}
        </button>
      </form>
    </details>
  );
}

function FiguresPanel() {
  const { t } = useTranslation();
  const f = useLoad(() => api<Figures>('GET', '/api/training/figures'), []);
  if (!f.data) return f.error ? <Alert>{bannerText(t, { err: f.error })}</Alert> : <Loading />;
  const rate = (r: number | null) => (r === null ? '—' : `${r}%`);
  return (
    <>
      <h2>{t('training.console.figures')}</h2>
      <div className="table-scroll">
        <table className="table" data-testid="training-years">
          <thead>
            <tr>
              <th>{t('training.console.year')}</th>
              <th>{t('training.console.enrolled')}</th>
              <th>{t('training.console.completed')}</th>
              <th>{t('training.console.sat')}</th>
              <th>{t('training.console.passed')}</th>
              <th>{t('training.console.passRate')}</th>
              <th>{t('training.console.certificates')}</th>
              <th>{t('training.console.placed')}</th>
              <th>{t('training.console.funded')}</th>
            </tr>
          </thead>
          <tbody>
            {f.data.years.map((y) => (
              <tr key={y.year} data-year={y.year}>
                <td>
                  <Ltr>{y.year}</Ltr>
                </td>
                <td>{y.enrolled}</td>
                <td>{y.completed}</td>
                <td>{y.sat}</td>
                <td>{y.passed}</td>
                <td>
                  <Ltr>{rate(y.passRate)}</Ltr>
                </td>
                <td data-testid="year-certificates" title={Object.entries(y.certificatesByLevel).map(([level, count]) => t('training.console.byLevel', { level, count })).join('; ')}>
                  {y.certificatesIssued}
                </td>
                <td>{y.placed}</td>
                <td>
                  <Ltr>{yuan(y.fundedFen)}</Ltr>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="training-cohort-figures">
          <thead>
            <tr>
              <th>{t('training.console.cohort')}</th>
              <th>{t('training.console.enrolled')}</th>
              <th>{t('training.console.completed')}</th>
              <th>{t('training.console.sat')}</th>
              <th>{t('training.console.passed')}</th>
              <th>{t('training.console.passRate')}</th>
              <th>{t('training.console.certificates')}</th>
              <th>{t('training.console.placed')}</th>
            </tr>
          </thead>
          <tbody>
            {f.data.cohorts.map((c) => (
              <tr key={c.cohortId}>
                <td dir="auto">{c.cohortName}</td>
                <td>{c.enrolled}</td>
                <td>{c.completed}</td>
                <td>{c.sat}</td>
                <td>{c.passed}</td>
                <td>
                  <Ltr>{rate(c.passRate)}</Ltr>
                </td>
                <td>{c.certificates}</td>
                <td>{c.placed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
