import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { formatDate } from '../i18n/index.ts';
import { bannerText, noticeText, type Banner, type Notice } from '../errors.ts';
import { Alert, Loading, Ltr, TextField } from '../components/ui.tsx';
import { isPlate, normalisePlate } from '../../shared/validation.ts';
import type { DayFigures, ManualVehicle, Overstay, Refusal, Zone, ZoneKey } from './types.ts';
import './parking.css';

/** A field code as text, with this page's own label for the field. */
const fieldText = (t: TFunction, code: string, label: string) => t(`errors.field.${code}`, { field: label, defaultValue: t('errors.field.invalid_value', { field: label }) });

/** The union's parking console: zones now, stays over the limit, daily use, refusals, registrations, gate keys. */
export function ParkingConsole() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [over, setOver] = useState<Overstay[]>([]);
  const [figures, setFigures] = useState<DayFigures[]>([]);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [error, setError] = useState<Banner>(null);

  const load = useCallback(async () => {
    try {
      const [z, o, f, r] = await Promise.all([
        api<{ items: Zone[] }>('GET', '/api/parking/zones'),
        api<{ items: Overstay[] }>('GET', '/api/parking/overstays'),
        api<{ items: DayFigures[] }>('GET', '/api/parking/figures'),
        api<{ items: Refusal[] }>('GET', '/api/parking/refusals'),
      ]);
      setZones(z.items);
      setOver(o.items);
      setFigures(f.items);
      setRefusals(r.items.slice(0, 10));
    } catch (err) {
      setError({ err });
      setZones([]);
    }
  }, []);
  useEffect(() => void load(), [load]);

  if (!zones) return <Loading />;
  const l = i18n.language;
  const chairOf = (orgId: string) => !!user?.roles.some((r) => r.role === 'union_chair' && r.orgId === orgId);
  return (
    <section>
      <h1 tabIndex={-1}>{t('parking.console.title')}</h1>
      <p className="muted">{t('parking.console.intro')}</p>
      <Alert>{bannerText(t, error)}</Alert>

      <h2>{t('parking.console.zones')}</h2>
      <ul className="pk-cards" data-testid="parking-zones">
        {zones.map((z) => {
          const share = z.capacity ? z.occupied / z.capacity : 0;
          return (
            <li key={z.id} className="pk-card">
              <h3 dir="auto">{z.name}</h3>
              <p className="muted small" dir="auto">{z.place}</p>
              <div className={`pk-meter${share >= 0.9 ? ' is-high' : ''}`} role="img" aria-label={t('parking.console.occupancy', { occupied: z.occupied, capacity: z.capacity })}>
                <span style={{ inlineSize: `${Math.round(share * 100)}%` }} />
              </div>
              <p className="pk-figures">
                <strong>{t('parking.console.occupancy', { occupied: z.occupied, capacity: z.capacity })}</strong>
                <span>{t('parking.console.free', { count: z.free })}</span>
                <span>{t('parking.console.limit', { minutes: z.freeMinutes })}</span>
                {z.overLimit ? <span className="pk-over">{t('parking.console.overCount', { count: z.overLimit })}</span> : null}
                {!z.active ? <span className="pk-over">{t('parking.console.closed')}</span> : null}
              </p>
            </li>
          );
        })}
      </ul>

      <h2>{t('parking.console.overstays')}</h2>
      {over.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="parking-overstays">
            <thead>
              <tr>
                <th>{t('parking.console.plate')}</th>
                <th>{t('parking.console.zone')}</th>
                <th>{t('parking.console.enteredAt')}</th>
                <th>{t('parking.console.overBy')}</th>
              </tr>
            </thead>
            <tbody>
              {over.map((s) => (
                <tr key={s.id}>
                  <td className="nowrap"><Ltr>{s.plate}</Ltr></td>
                  <td dir="auto">{s.zoneName}</td>
                  <td>{formatDate(s.enteredAt, l, true)}</td>
                  <td className="pk-over">{t('parking.console.minutes', { count: s.overMinutes })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('parking.console.noOverstays')}</p>
      )}

      <h2>{t('parking.console.figures')}</h2>
      {figures.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="parking-figures">
            <thead>
              <tr>
                <th>{t('parking.console.day')}</th>
                <th>{t('parking.console.zone')}</th>
                <th>{t('parking.console.entries')}</th>
                <th>{t('parking.console.peak')}</th>
                <th>{t('parking.console.avgStay')}</th>
                <th>{t('parking.console.overstaysCol')}</th>
                <th>{t('parking.console.refusals')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr key={`${f.zoneId}|${f.day}`}>
                  <td className="nowrap">{formatDate(f.day, l)}</td>
                  <td dir="auto">{f.zoneName}</td>
                  <td>{f.entries}</td>
                  <td>
                    <Ltr>{`${f.peak} / ${f.capacity}`}</Ltr>
                  </td>
                  <td>{f.averageStayMin === null ? '—' : t('parking.console.minutes', { count: f.averageStayMin })}</td>
                  <td>{f.overstays}</td>
                  <td>{f.refusals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('parking.console.noFigures')}</p>
      )}

      <h2>{t('parking.console.latestRefusals')}</h2>
      {refusals.length ? (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t('parking.console.time')}</th>
                <th>{t('parking.console.plate')}</th>
                <th>{t('parking.console.zone')}</th>
                <th>{t('parking.console.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {refusals.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatDate(r.at, l, true)}</td>
                  <td className="nowrap"><Ltr>{r.plate}</Ltr></td>
                  <td dir="auto">{r.zoneName}</td>
                  <td>{t(`parking.reasons.${r.reason}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('parking.console.noRefusals')}</p>
      )}

      <ManualRegistrations />
      {zones.filter((z) => chairOf(z.orgId)).map((z) => (
        <GateKeys key={z.id} zone={z} />
      ))}
    </section>
  );
}

function ManualRegistrations() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<ManualVehicle[] | null>(null);
  const [plate, setPlate] = useState('');
  const [reason, setReason] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const labels: Record<string, string> = { plate: t('parking.console.plate'), reason: t('parking.console.manualReason'), validTo: t('parking.console.validTo') };

  const load = useCallback(async () => setItems((await api<{ items: ManualVehicle[] }>('GET', '/api/parking/vehicles')).items), []);
  useEffect(() => void load().catch((err: unknown) => setError({ err })), [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const p = normalisePlate(plate);
    const local: Record<string, string> = {};
    if (!isPlate(p)) local.plate = fieldText(t, p ? 'invalid_plate' : 'required', labels.plate!);
    if (reason.trim().length < 2) local.reason = fieldText(t, reason.trim() ? 'too_short' : 'required', labels.reason!);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await api('POST', '/api/parking/vehicles', { plate: p, reason: reason.trim(), ...(validTo ? { validTo } : {}) });
      setNotice({ key: 'parking.console.registered', params: { plate: p } });
      setPlate('');
      setReason('');
      setValidTo('');
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.details.length) setErrors(Object.fromEntries(err.details.map((d) => [d.path, fieldText(t, d.code, labels[d.path] ?? d.path)])));
      else setError({ err });
    }
  };
  const remove = async (v: ManualVehicle) => {
    try {
      await api('DELETE', `/api/parking/vehicles/${v.id}`);
      setNotice({ key: 'parking.console.removed', params: { plate: v.plate } });
      await load();
    } catch (err) {
      setError({ err });
    }
  };

  return (
    <>
      <h2>{t('parking.console.manualTitle')}</h2>
      <p className="muted">{t('parking.console.manualIntro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={labels.plate} name="plate" dir="ltr" autoComplete="off" value={plate} onChange={(e) => setPlate(e.target.value.toUpperCase())} error={errors.plate} required />
        <TextField label={labels.reason} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} required />
        <TextField label={labels.validTo} name="validTo" type="date" value={validTo} onChange={(e) => setValidTo(e.target.value)} error={errors.validTo} optional />
        <button type="submit" className="btn btn-primary">
          {t('parking.console.register')}
        </button>
      </form>
      <Alert kind="success">{noticeText(t, notice)}</Alert>
      <Alert>{bannerText(t, error)}</Alert>
      {items === null ? (
        <Loading />
      ) : items.length ? (
        <ul className="plain-list" data-testid="parking-manual">
          {items.map((v) => (
            <li key={v.id}>
              <strong><Ltr>{v.plate}</Ltr></strong> · <span dir="auto">{v.reason}</span> · {t('parking.console.validTo')}: {v.validTo ? formatDate(v.validTo, i18n.language) : t('parking.console.openEnded')} ·{' '}
              <button type="button" className="btn btn-secondary btn-small" onClick={() => void remove(v)}>
                {t('parking.console.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('parking.console.noManual')}</p>
      )}
    </>
  );
}

function GateKeys({ zone }: { zone: Zone }) {
  const { t, i18n } = useTranslation();
  const [keys, setKeys] = useState<ZoneKey[] | null>(null);
  const [label, setLabel] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [labelError, setLabelError] = useState<string | undefined>(undefined);
  const load = useCallback(async () => setKeys((await api<{ items: ZoneKey[] }>('GET', `/api/parking/zones/${zone.id}/keys`)).items), [zone.id]);
  useEffect(() => void load().catch((err: unknown) => setError({ err })), [load]);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!label.trim()) return setLabelError(fieldText(t, 'required', t('parking.console.keyLabel')));
    setLabelError(undefined);
    try {
      const res = await api<{ key: string }>('POST', `/api/parking/zones/${zone.id}/keys`, { label: label.trim() });
      setFresh(res.key);
      setLabel('');
      await load();
    } catch (err) {
      setError({ err });
    }
  };
  const revoke = async (k: ZoneKey) => {
    try {
      await api('DELETE', `/api/parking/zone-keys/${k.id}`);
      await load();
    } catch (err) {
      setError({ err });
    }
  };
  return (
    <>
      <h2>
        {t('parking.console.keysTitle')} · <span dir="auto">{zone.name}</span>
      </h2>
      <p className="muted">{t('parking.console.keysIntro')}</p>
      {fresh ? (
        <div className="alert alert-warning" role="status">
          <p>{t('parking.console.newKey')}</p>
          <p className="pk-key" dir="ltr">{fresh}</p>
        </div>
      ) : null}
      <form className="form" onSubmit={(e) => void issue(e)} noValidate>
        <TextField label={t('parking.console.keyLabel')} value={label} onChange={(e) => setLabel(e.target.value)} error={labelError} required />
        <button type="submit" className="btn btn-secondary">
          {t('parking.console.issueKey')}
        </button>
      </form>
      <Alert>{bannerText(t, error)}</Alert>
      {keys?.length ? (
        <ul className="plain-list">
          {keys.map((k) => (
            <li key={k.id}>
              <span dir="auto">{k.label}</span> · <Ltr>{`${k.prefix}…`}</Ltr> · {formatDate(k.createdAt, i18n.language)} ·{' '}
              {k.revokedAt ? (
                <span className="muted">{t('parking.console.revoked')}</span>
              ) : (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => void revoke(k)}>
                  {t('parking.console.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : keys ? (
        <p className="muted">{t('parking.console.noKeys')}</p>
      ) : null}
    </>
  );
}
