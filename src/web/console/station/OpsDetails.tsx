import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AMENITIES, SERVICES, api, type Station } from '../../api.ts';
import { useLoad } from '../../data.ts';
import { errorMessage, fieldMessage, issuesText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, Choices, ErrorSummary, Loading, TextField } from '../../components/ui.tsx';
import { Icon } from '../../stations/icons.tsx';
import { ltr } from '../../stations/common.tsx';
import { stationToday } from '../../stations/geo.ts';

type Range = { opens: string; closes: string };
type Ex = { date: string; closed: boolean; opens: string; closes: string; note: string };
type Form = { name: string; address: string; phone: string; is24h: boolean; amenities: string[]; services: string[]; week: Range[][]; exceptions: Ex[] };

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** "8:00", "0800", "8.00" → "08:00"; "2400" → "24:00"; anything else is returned as typed. */
export function normaliseTime(raw: string): string {
  const s = raw.trim().replace(/[.：]/g, ':');
  const m = /^(\d{1,2}):?(\d{2})$/.exec(s);
  if (!m) return raw.trim();
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}
const minutes = (s: string) => {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
};

function fromStation(s: Station): Form {
  return {
    name: s.name,
    address: s.address,
    phone: s.phone,
    is24h: s.is24h,
    amenities: [...s.amenities],
    services: [...s.services],
    week: WEEKDAYS.map((wd) => s.hours.filter((h) => h.weekday === wd).map((h) => ({ opens: h.opens, closes: h.closes }))),
    exceptions: s.exceptions.map((e) => ({ date: e.date, closed: e.closed, opens: e.opens ?? '', closes: e.closes ?? '', note: e.note })),
  };
}

/** The hours as the API wants them, and which row each entry came from (to put an error next to it). */
function flatten(week: Range[][]) {
  const hours: { weekday: number; opens: string; closes: string }[] = [];
  const rowOf: string[] = [];
  week.forEach((ranges, d) =>
    ranges.forEach((r, i) => {
      hours.push({ weekday: d + 1, opens: normaliseTime(r.opens), closes: normaliseTime(r.closes) });
      rowOf.push(`${d}.${i}`);
    }),
  );
  return { hours, rowOf };
}

/** Same checks as the server: valid times, each range ends after it starts, no overlap in a day. */
function checkRanges(list: { key: string; group: string; opens: string; closes: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, { o: number; c: number }[]>();
  for (const r of list) {
    const o = minutes(r.opens);
    const c = minutes(r.closes);
    if (o === null || c === null || o === 1440) {
      out[r.key] = 'invalid_time';
      continue;
    }
    if (c <= o) {
      out[r.key] = 'ends_before_start';
      continue;
    }
    const day = seen.get(r.group) ?? [];
    if (day.some((x) => o < x.c && x.o < c)) out[r.key] = 'overlap';
    day.push({ o, c });
    seen.set(r.group, day);
  }
  return out;
}

export function OpsDetails() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const station = useLoad(() => api<{ station: Station }>('GET', `/api/stations/${id}`).then((r) => r.station), [id]);
  if (station.loading && !station.data) return <Loading />;
  if (!station.data) return <Alert>{errorMessage(t, station.error)}</Alert>;
  return <DetailsForm key={id} station={station.data} onSaved={(s) => station.setData(s)} />;
}

function DetailsForm({ station, onSaved }: { station: Station; onSaved: (s: Station) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<Form>(() => fromStation(station));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = issuesText(t, Object.fromEntries(Object.entries(issues).filter(([p]) => !p.startsWith('hours.') && !p.startsWith('exceptions.'))));
  const rowText = (key: string, path: 'hours' | 'exceptions') => (rowErrors[key] ? fieldMessage(t, { path, code: rowErrors[key] }) : undefined);

  const setDay = (d: number, ranges: Range[]) => setF((o) => ({ ...o, week: o.week.map((r, i) => (i === d ? ranges : r)) }));
  const setEx = (i: number, patch: Partial<Ex>) => setF((o) => ({ ...o, exceptions: o.exceptions.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));
  const toggle = (k: 'amenities' | 'services', code: string, on: boolean) => setF((o) => ({ ...o, [k]: on ? [...o[k], code] : o[k].filter((x) => x !== code) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const { hours, rowOf } = flatten(f.week);
    const exs = f.exceptions.map((x) => ({ ...x, opens: normaliseTime(x.opens), closes: normaliseTime(x.closes) }));
    const local: Record<string, string> = {};
    if (!f.is24h) {
      const found = checkRanges(hours.map((h, i) => ({ key: `h${rowOf[i]}`, group: String(h.weekday), opens: h.opens, closes: h.closes })));
      Object.assign(local, found);
    }
    // Past exceptions are the station's history: the editor shows and saves today and later only.
    const today = stationToday();
    exs.forEach((x, i) => {
      if (!x.date) local[`e${i}`] = 'required';
      else if (x.date < today) local[`e${i}`] = 'in_past';
      else if (!x.closed && (!x.opens || !x.closes)) local[`e${i}`] = 'required';
    });
    Object.assign(local, checkRanges(exs.map((x, i) => ({ key: `e${i}`, group: x.date, opens: x.opens, closes: x.closes, skip: x.closed || !!local[`e${i}`] })).filter((x) => !x.skip)));
    const localIssues: Issues = {};
    if (f.name.trim().length < 2) localIssues.name = { path: 'name', code: f.name.trim() ? 'too_short' : 'required' };
    if (f.address.trim().length < 2) localIssues.address = { path: 'address', code: f.address.trim() ? 'too_short' : 'required' };
    setRowErrors(local);
    setIssues(localIssues);
    if (Object.keys(local).length || Object.keys(localIssues).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.station-editor [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const res = await api<{ station: Station }>('PATCH', `/api/stations/${station.id}`, {
        name: f.name.trim(),
        address: f.address.trim(),
        phone: f.phone.trim(),
        is24h: f.is24h,
        amenities: f.amenities,
        services: f.services,
        hours: f.is24h ? [] : hours,
        exceptions: exs.map((x) => (x.closed ? { date: x.date, closed: true, note: x.note.trim() } : { date: x.date, closed: false, opens: x.opens, closes: x.closes, note: x.note.trim() })),
      });
      setSaved(true);
      setRowErrors({});
      setIssues({});
      setF(fromStation(res.station));
      onSaved(res.station);
    } catch (err) {
      // Put each hours/exceptions problem next to its row; the rest next to their fields.
      const si = serverIssues(err);
      const rows: Record<string, string> = {};
      for (const [path, i] of Object.entries(si)) {
        const m = /^(hours|exceptions)\.(\d+)/.exec(path);
        if (m) rows[m[1] === 'hours' ? `h${rowOf[Number(m[2])]}` : `e${m[2]}`] = i.code ?? 'invalid_value';
      }
      setRowErrors(rows);
      setIssues(si);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const anyRowError = Object.keys(rowErrors).length > 0;
  return (
    <section className="station-editor">
      <h1 tabIndex={-1}>{t('ops.details.title')}</h1>
      {saved ? (
        <Alert kind="success">
          <span data-testid="ops-notice">{t('ops.details.saved')}</span>
        </Alert>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Alert>{error && !Object.keys(issues).length ? errorMessage(t, error) : null}</Alert>
        {anyRowError ? <Alert>{t('form.fixBelow')}</Alert> : null}
        <ErrorSummary title={t('form.fixThese')} errors={errors} />
        <TextField label={t('fields.stationName')} name="name" maxLength={100} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} error={errors.name} required />
        <TextField label={t('fields.address')} name="address" maxLength={200} value={f.address} onChange={(e) => setF({ ...f, address: e.target.value })} error={errors.address} required />
        <TextField label={t('fields.stationPhone')} name="phone" type="tel" dir="ltr" maxLength={30} value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} error={errors.phone} optional />

        <h2>{t('station.hoursTitle')}</h2>
        <label className="option">
          <input type="checkbox" name="is24h" checked={f.is24h} onChange={(e) => setF({ ...f, is24h: e.target.checked })} />
          <span>{t('ops.details.is24h')}</span>
        </label>
        {!f.is24h ? (
          <>
            <p className="hint">{t('ops.details.hoursHint')}</p>
            <button type="button" className="btn btn-link" onClick={() => setF((o) => ({ ...o, week: o.week.map(() => o.week[0]!.map((r) => ({ ...r }))) }))}>
              {t('ops.details.copyMonday')}
            </button>
            {WEEKDAYS.map((wd, d) => (
              <fieldset key={wd} className="day-hours" data-weekday={wd}>
                <legend>{t(`weekdays.${wd}`)}</legend>
                {!f.week[d]!.length ? <p className="small muted">{t('station.closedDay')}</p> : null}
                {f.week[d]!.map((r, i) => {
                  const err = rowText(`h${d}.${i}`, 'hours');
                  return (
                    <div key={i} className={`range-row${err ? ' field-invalid' : ''}`} data-row={`${wd}.${i}`}>
                      <div className="range-inputs" dir="ltr">
                        <input aria-label={`${t(`weekdays.${wd}`)} ${t('fields.opens')} ${i + 1}`} name={`hours.${wd}.${i}.opens`} inputMode="numeric" placeholder="08:00" maxLength={5} value={r.opens} aria-invalid={err ? true : undefined} onChange={(e) => setDay(d, f.week[d]!.map((x, j) => (j === i ? { ...x, opens: e.target.value } : x)))} onBlur={(e) => setDay(d, f.week[d]!.map((x, j) => (j === i ? { ...x, opens: normaliseTime(e.target.value) } : x)))} />
                        <span aria-hidden="true">–</span>
                        <input aria-label={`${t(`weekdays.${wd}`)} ${t('fields.closes')} ${i + 1}`} name={`hours.${wd}.${i}.closes`} inputMode="numeric" placeholder="22:00" maxLength={5} value={r.closes} aria-invalid={err ? true : undefined} onChange={(e) => setDay(d, f.week[d]!.map((x, j) => (j === i ? { ...x, closes: e.target.value } : x)))} onBlur={(e) => setDay(d, f.week[d]!.map((x, j) => (j === i ? { ...x, closes: normaliseTime(e.target.value) } : x)))} />
                      </div>
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => setDay(d, f.week[d]!.filter((_, j) => j !== i))} aria-label={`${t('common.remove')}: ${t(`weekdays.${wd}`)} ${i + 1}`}>
                        {t('common.remove')}
                      </button>
                      {err ? <p className="field-error">{err}</p> : null}
                    </div>
                  );
                })}
                <button type="button" className="btn btn-link" onClick={() => setDay(d, [...f.week[d]!, { opens: '', closes: '' }])} data-add-range={wd}>
                  {t('ops.details.addRange')}
                </button>
              </fieldset>
            ))}
          </>
        ) : null}

        <h2>{t('station.exceptionsTitle')}</h2>
        <p className="hint">{t('ops.details.exceptionsHint')}</p>
        {f.exceptions.map((x, i) => {
          const err = rowText(`e${i}`, 'exceptions');
          return (
            <fieldset key={i} className={`exception-row${err ? ' field-invalid' : ''}`} data-exception={i}>
              <legend>{t('ops.details.exceptionN', { n: ltr(i + 1) })}</legend>
              <TextField label={t('fields.date')} type="date" name={`exceptions.${i}.date`} min={stationToday()} value={x.date} onChange={(e) => setEx(i, { date: e.target.value })} />
              <label className="option">
                <input type="checkbox" checked={x.closed} onChange={(e) => setEx(i, { closed: e.target.checked })} name={`exceptions.${i}.closed`} />
                <span>{t('ops.details.closedAllDay')}</span>
              </label>
              {!x.closed ? (
                <div className="range-inputs" dir="ltr">
                  <input aria-label={t('fields.opens')} name={`exceptions.${i}.opens`} inputMode="numeric" placeholder="10:00" maxLength={5} value={x.opens} aria-invalid={err ? true : undefined} onChange={(e) => setEx(i, { opens: e.target.value })} onBlur={(e) => setEx(i, { opens: normaliseTime(e.target.value) })} />
                  <span aria-hidden="true">–</span>
                  <input aria-label={t('fields.closes')} name={`exceptions.${i}.closes`} inputMode="numeric" placeholder="16:00" maxLength={5} value={x.closes} aria-invalid={err ? true : undefined} onChange={(e) => setEx(i, { closes: e.target.value })} onBlur={(e) => setEx(i, { closes: normaliseTime(e.target.value) })} />
                </div>
              ) : null}
              <TextField label={t('fields.exceptionNote')} name={`exceptions.${i}.note`} optional maxLength={200} value={x.note} onChange={(e) => setEx(i, { note: e.target.value })} />
              {err ? <p className="field-error">{err}</p> : null}
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setF((o) => ({ ...o, exceptions: o.exceptions.filter((_, j) => j !== i) }))}>
                {t('common.remove')}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className="btn btn-secondary" onClick={() => setF((o) => ({ ...o, exceptions: [...o.exceptions, { date: '', closed: true, opens: '', closes: '', note: '' }] }))}>
          {t('ops.details.addException')}
        </button>

        <Choices legend={t('station.amenitiesTitle')}>
          <div className="option-grid">
            {AMENITIES.map((a) => (
              <label key={a} className="option">
                <input type="checkbox" name="amenities" value={a} checked={f.amenities.includes(a)} onChange={(e) => toggle('amenities', a, e.target.checked)} />
                <Icon name={a} size={20} />
                <span>{t(`amenity.${a}`)}</span>
              </label>
            ))}
          </div>
        </Choices>
        <Choices legend={t('station.servicesTitle')}>
          <div className="option-grid">
            {SERVICES.map((s) => (
              <label key={s} className="option">
                <input type="checkbox" name="services" value={s} checked={f.services.includes(s)} onChange={(e) => toggle('services', s, e.target.checked)} />
                <Icon name={s} size={20} />
                <span>{t(`service.${s}`)}</span>
              </label>
            ))}
          </div>
        </Choices>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('common.save')}
        </button>
      </form>
    </section>
  );
}
