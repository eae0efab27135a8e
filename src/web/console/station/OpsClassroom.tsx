import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs, SESSION_KINDS, type ClassSession, type RosterEntry } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, issue, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, Choices, ErrorSummary, Loading, Ltr, SelectField, TextField } from '../../components/ui.tsx';
import { SessionSummary } from '../../stations/ClassroomSection.tsx';
import { detailCode, fsi } from '../../stations/common.tsx';
import { addDays, stationTime, stationToday } from '../../stations/geo.ts';

/** The classroom: create a session; the day's roster with check-in, and check-out against the pick-up code. */
export function OpsClassroom() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const sessions = useLoad(() => api<{ items: ClassSession[] }>('GET', `/api/stations/${id}/classroom`).then((r) => r.items), [id]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const current = sessions.data?.find((s) => s.id === chosen) ?? null;

  return (
    <section>
      <h1 tabIndex={-1}>{t('ops.classroom.title')}</h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <h2>{t('ops.classroom.sessions')}</h2>
      {sessions.loading && !sessions.data ? <Loading /> : null}
      {sessions.error ? <Alert>{errorMessage(t, sessions.error)}</Alert> : null}
      {sessions.data && !sessions.data.length ? <p className="muted">{t('classroom.none')}</p> : null}
      <ul className="cards" data-testid="ops-sessions">
        {(sessions.data ?? []).map((s) => (
          <li key={s.id} className={`item${s.id === chosen ? ' is-selected' : ''}`} data-session-id={s.id}>
            <strong>{s.title}</strong>
            <SessionSummary s={s} />
            <p className="small">
              {t('ops.classroom.enrolled')} <Ltr>{`${s.enrolled}/${s.capacity}`}</Ltr>
            </p>
            <button type="button" className={`btn ${s.id === chosen ? 'btn-primary' : 'btn-secondary'} btn-block`} aria-pressed={s.id === chosen} onClick={() => setChosen(s.id === chosen ? null : s.id)} aria-label={`${t('ops.classroom.roster')}: ${s.title}`}>
              {t('ops.classroom.roster')}
            </button>
          </li>
        ))}
      </ul>
      {current ? <Roster session={current} /> : null}
      <NewSession
        stationId={id}
        onCreated={(s) => {
          setNotice(t('ops.classroom.created', { title: fsi(s.title) }));
          setChosen(s.id);
          void sessions.reload();
        }}
      />
    </section>
  );
}

function Roster({ session }: { session: ClassSession }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(stationToday());
  const roster = useLoad(() => api<{ date: string; items: RosterEntry[] }>('GET', `/api/classroom/${session.id}/roster${qs({ date })}`), [session.id, date]);
  const isToday = date === stationToday();
  return (
    <section className="panel roster" aria-labelledby="roster-title" data-testid="roster">
      <h2 id="roster-title">
        {t('ops.classroom.rosterOf')} {session.title}
      </h2>
      <TextField label={t('fields.date')} type="date" name="rosterDate" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      {!isToday ? <p className="small muted">{t('ops.classroom.onlyToday')}</p> : null}
      {roster.loading && !roster.data ? <Loading /> : null}
      {roster.error ? <Alert>{errorMessage(t, roster.error)}</Alert> : null}
      {roster.data && !roster.data.items.length ? <p className="muted">{t('ops.classroom.noChildren')}</p> : null}
      <ul className="cards">
        {(roster.data?.items ?? []).map((c) => (
          <Child key={c.enrolmentId} c={c} canAct={isToday} onChange={() => void roster.reload()} />
        ))}
      </ul>
    </section>
  );
}

function Child({ c, canAct, onChange }: { c: RosterEntry; canAct: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (path: 'check-in' | 'check-out') => {
    setError(null);
    if (path === 'check-out' && !/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      setError(t('errors.field.wrong_pickup_code', { field: t('fields.pickupCode') }));
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/api/classroom/enrolments/${c.enrolmentId}/${path}`, path === 'check-out' ? { pickupCode: code.replace(/\s/g, '') } : undefined);
      setCode('');
      onChange();
    } catch (err) {
      setError(detailCode(err) === 'wrong_pickup_code' ? t('ops.classroom.wrongCode') : errorMessage(t, err, { conflict: t('ops.classroom.conflict') }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="item" data-enrolment-id={c.enrolmentId}>
      <div className="item-head">
        <strong>
          <bdi>{c.childName}</bdi>
        </strong>
        <span className={`badge ${c.status === 'enrolled' ? 'badge-ok' : 'badge-wait'}`}>{t(`enrolmentStatus.${c.status}`, { defaultValue: c.status })}</span>
      </div>
      <p className="small muted">
        {t('fields.birthYear')} <Ltr>{c.birthYear}</Ltr>
      </p>
      <p className="small" data-testid="attendance">
        {c.checkedInAt ? (
          <>
            {t('ops.classroom.inAt')} <Ltr>{stationTime(c.checkedInAt)}</Ltr>
          </>
        ) : (
          t('ops.classroom.notIn')
        )}
        {c.checkedOutAt ? (
          <>
            {' · '}
            {t('ops.classroom.outAt')} <Ltr>{stationTime(c.checkedOutAt)}</Ltr>
          </>
        ) : null}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {canAct && c.status === 'enrolled' && !c.checkedInAt ? (
        <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void act('check-in')} aria-label={`${t('ops.classroom.checkIn')}: ${c.childName}`}>
          {t('ops.classroom.checkIn')}
        </button>
      ) : null}
      {canAct && c.checkedInAt && !c.checkedOutAt ? (
        <div className="inline-row">
          <TextField label={t('fields.pickupCode')} hint={t('ops.classroom.codeHint')} name="pickupCode" inputMode="numeric" autoComplete="off" dir="ltr" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act('check-out')} aria-label={`${t('ops.classroom.checkOut')}: ${c.childName}`}>
            {t('ops.classroom.checkOut')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function NewSession({ stationId, onCreated }: { stationId: string; onCreated: (s: ClassSession) => void }) {
  const { t } = useTranslation();
  const today = stationToday();
  const empty = { kind: 'after_school', title: '', startsOn: today, endsOn: addDays(today, 90), weekdays: [1, 2, 3, 4, 5], opens: '17:00', closes: '21:30', capacity: '20' };
  const [v, setV] = useState(empty);
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, issues);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Issues = {};
    if (v.title.trim().length < 2) local.title = issue('title', v.title.trim() ? 'too_short' : 'required');
    if (!v.startsOn) local.startsOn = issue('startsOn', 'required');
    if (!v.endsOn) local.endsOn = issue('endsOn', 'required');
    else if (v.startsOn && v.endsOn < v.startsOn) local.endsOn = issue('endsOn', 'ends_before_start');
    if (!v.weekdays.length) local.weekdays = issue('weekdays', 'required');
    if (!v.opens) local.opens = issue('opens', 'required');
    if (!v.closes) local.closes = issue('closes', 'required');
    else if (v.closes > '22:00') local.closes = issue('closes', 'after_22');
    else if (v.opens && v.closes <= v.opens) local.closes = issue('closes', 'ends_before_start');
    if (!/^\d{1,3}$/.test(v.capacity) || Number(v.capacity) < 1) local.capacity = issue('capacity', 'invalid_value');
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api<{ session: ClassSession }>('POST', `/api/stations/${stationId}/classroom`, {
        kind: v.kind,
        title: v.title.trim(),
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        weekdays: v.weekdays,
        opens: v.opens,
        closes: v.closes,
        capacity: Number(v.capacity),
      });
      setV(empty);
      onCreated(res.session);
    } catch (err) {
      setIssues(serverIssues(err));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel add-panel">
      <summary>{t('ops.classroom.newTitle')}</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="new-session">
        <Alert>{error && !Object.keys(issues).length ? errorMessage(t, error) : null}</Alert>
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <SelectField label={t('fields.sessionKind')} name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
          {SESSION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`sessionKinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('fields.title')} name="title" maxLength={80} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={errors.title} required />
        <div className="two-col">
          <TextField label={t('fields.startsOn')} type="date" name="startsOn" value={v.startsOn} onChange={(e) => setV({ ...v, startsOn: e.target.value })} error={errors.startsOn} required />
          <TextField label={t('fields.endsOn')} type="date" name="endsOn" value={v.endsOn} onChange={(e) => setV({ ...v, endsOn: e.target.value })} error={errors.endsOn} required />
        </div>
        <Choices legend={t('fields.weekdays')} error={errors.weekdays}>
          <div className="weekday-picks">
            {[1, 2, 3, 4, 5, 6, 7].map((w) => (
              <label key={w} className="option">
                <input type="checkbox" name="weekdays" value={w} checked={v.weekdays.includes(w)} onChange={(e) => setV({ ...v, weekdays: e.target.checked ? [...v.weekdays, w].sort() : v.weekdays.filter((x) => x !== w) })} />
                <span>{t(`weekdaysShort.${w}`)}</span>
              </label>
            ))}
          </div>
        </Choices>
        <div className="two-col">
          <TextField label={t('fields.opens')} type="time" name="opens" value={v.opens} onChange={(e) => setV({ ...v, opens: e.target.value })} error={errors.opens} required />
          <TextField label={t('fields.closes')} hint={t('ops.classroom.closesHint')} type="time" name="closes" max="22:00" value={v.closes} onChange={(e) => setV({ ...v, closes: e.target.value })} error={errors.closes} required />
        </div>
        <TextField label={t('fields.capacity')} name="capacity" inputMode="numeric" dir="ltr" value={v.capacity} onChange={(e) => setV({ ...v, capacity: e.target.value })} error={errors.capacity} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('ops.classroom.create')}
        </button>
      </form>
    </details>
  );
}
