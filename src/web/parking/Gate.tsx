import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { isPlate, normalisePlate } from '../../shared/validation.ts';
import { bannerText, fieldMessage, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField } from '../components/ui.tsx';
import type { Movement, Refused, Zone } from './types.ts';
import './parking.css';

type Answer = { seq: number } & (
  | { kind: 'in' | 'out'; plate: string; movement: Movement }
  | { kind: 'refused' | 'exitRefused'; plate: string; reason: Refused }
);

const PREFIXES = ['新A', '新B', '新M'];
/** 24-hour clock time of an ISO moment, the same in every language. */
const clock = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/**
 * The attendant's phone page: one big plate field, Admit and Exit within the thumb's reach, and the
 * answer in large type. The zone's free spaces update with every answer.
 */
export function ParkingGate() {
  const { t } = useTranslation();
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [zoneId, setZoneId] = useState('');
  const [plate, setPlate] = useState('新A');
  const [plateError, setPlateError] = useState<string | undefined>(undefined);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ items: Zone[] }>('GET', '/api/parking/zones');
      setZones(res.items);
      setZoneId((cur) => cur || res.items.find((z) => z.active)?.id || res.items[0]?.id || '');
    } catch (err) {
      setError({ err });
      setZones([]);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const zone = zones?.find((z) => z.id === zoneId);
  const updateZone = (z: Zone) => setZones((all) => all?.map((x) => (x.id === z.id ? { ...x, ...z, overLimit: x.overLimit } : x)) ?? null);

  const send = async (kind: 'in' | 'out') => {
    const p = normalisePlate(plate);
    setError(null);
    if (!isPlate(p)) {
      setPlateError(fieldMessage(t, { path: 'plate', code: p.length <= 2 ? 'required' : 'invalid_plate' }).replace(/^[^:：]+[:：]\s*/, ''));
      input.current?.focus();
      return;
    }
    setPlateError(undefined);
    setBusy(true);
    input.current?.blur(); // the phone's keyboard goes away and the answer shows
    try {
      const m = await api<Movement>('POST', `/api/parking/zones/${zoneId}/${kind === 'in' ? 'entries' : 'exits'}`, { plate: p });
      setAnswer((a) => ({ seq: (a?.seq ?? 0) + 1, kind, plate: p, movement: m }));
      updateZone(m.zone);
      setPlate(p.slice(0, 2));
    } catch (err) {
      const reason = err instanceof ApiError ? (err.extra.reason as Refused | undefined) : undefined;
      if (reason) {
        setAnswer((a) => ({ seq: (a?.seq ?? 0) + 1, kind: kind === 'in' ? 'refused' : 'exitRefused', plate: p, reason }));
        const z = (err as ApiError).extra.zone as { occupied: number; free: number } | undefined;
        if (z && zone) updateZone({ ...zone, occupied: z.occupied, free: z.free });
      } else {
        setAnswer(null);
        setError({ err });
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send('in');
  };

  if (!zones) return <Loading />;
  return (
    <section className="pk-gate">
      <h1 tabIndex={-1}>{t('parking.gate.title')}</h1>
      {!zones.length ? <p className="muted">{t('parking.gate.noZones')}</p> : null}
      {zones.length > 1 ? (
        <SelectField label={t('parking.gate.zone')} name="zone" value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </SelectField>
      ) : zone ? (
        <p className="pk-zone-one" dir="auto">
          {zone.name}
        </p>
      ) : null}
      {zone ? (
        <p className={`pk-free${zone.free === 0 || !zone.active ? ' is-full' : ''}`} data-testid="parking-free">
          {zone.active ? t('parking.gate.freeOf', { free: zone.free, capacity: zone.capacity }) : t('parking.console.closed')}
        </p>
      ) : null}
      <Alert>{bannerText(t, error)}</Alert>

      {zone ? (
        <form className="pk-form" onSubmit={submit} noValidate>
          <label htmlFor="pk-plate" className="pk-label">
            {t('parking.gate.plate')}
          </label>
          <p className="hint" id="pk-plate-hint">
            {t('parking.gate.plateHint')}
          </p>
          <div className="pk-prefixes" dir="ltr">
            {PREFIXES.map((p) => (
              <button key={p} type="button" className="chip" onClick={() => { setPlate(p); input.current?.focus(); }}>
                {p}
              </button>
            ))}
          </div>
          <input
            ref={input}
            id="pk-plate"
            type="text"
            className="pk-plate"
            name="plate"
            dir="ltr"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={plate}
            onChange={(e) => setPlate(e.target.value.toUpperCase())}
            aria-invalid={plateError ? true : undefined}
            aria-describedby={plateError ? 'pk-plate-hint pk-plate-error' : 'pk-plate-hint'}
          />
          {plateError ? (
            <p className="field-error" id="pk-plate-error">
              {plateError}
            </p>
          ) : null}
          <div className="pk-actions">
            <button type="submit" className="btn btn-primary pk-btn" disabled={busy}>
              {t('parking.gate.admit')}
            </button>
            <button type="button" className="btn btn-secondary pk-btn" disabled={busy} onClick={() => void send('out')}>
              {t('parking.gate.exit')}
            </button>
          </div>
        </form>
      ) : null}
      <div className="pk-answer-slot" aria-live="polite">
        {answer ? <AnswerCard answer={answer} /> : null}
      </div>
    </section>
  );
}

function AnswerCard({ answer }: { answer: Answer }) {
  const { t } = useTranslation();
  const ok = answer.kind === 'in' || answer.kind === 'out';
  const verdict = { in: 'parking.gate.admitted', out: 'parking.gate.left', refused: 'parking.gate.refused', exitRefused: 'parking.gate.exitRefused' }[answer.kind];
  return (
    <div className={`pk-answer ${ok ? 'pk-ok' : 'pk-bad'}`} role="status" data-testid="parking-answer" data-outcome={answer.kind} data-seq={answer.seq}>
      <p className="pk-verdict">
        <span aria-hidden="true">{ok ? '✓ ' : '✕ '}</span>
        {t(verdict)}
      </p>
      <p className="pk-answer-plate">
        <Ltr>{answer.plate}</Ltr>
      </p>
      {answer.kind === 'in' ? (
        <>
          <p>{t('parking.gate.basis', { basis: t(`parking.basis.${answer.movement.stay.basis}`) })}</p>
          <p>{t('parking.gate.freeUntil', { time: clock(answer.movement.stay.freeUntil) })}</p>
        </>
      ) : answer.kind === 'out' ? (
        <>
          <p>{t('parking.gate.stayed', { minutes: answer.movement.stay.minutes })}</p>
          {answer.movement.stay.overLimit ? <p className="pk-warn">{t('parking.gate.overLimit')}</p> : null}
        </>
      ) : 'reason' in answer ? (
        <p className="pk-reason" data-reason={answer.reason}>
          {t(`parking.reasons.${answer.reason}`)}
        </p>
      ) : null}
    </div>
  );
}
