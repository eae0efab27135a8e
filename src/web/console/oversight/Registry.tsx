import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { hasRole, useAuth } from '../../auth.tsx';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextField } from '../../components/ui.tsx';
import { usePlatformName } from './common.tsx';
import { ClassBadge, refusalText, RuleValue } from './registryCommon.tsx';
import { Import } from './RegistryImport.tsx';

type PlatformRule = { id: string; rule: string; version: number; value: number; unit: string; class: string; source: string; effectiveFrom: string; effectiveTo: string | null };
type Platform = { code: string; name: string; licenceNo: string; cityCode: string; active: boolean; updatedAt: string; rules: PlatformRule[] };
type Status = 'valid' | 'expired' | 'not_yet';
type DriverPermit = { id: string; permitNo: string; holderName: string; validFrom: string; validTo: string; cityCode: string; linkedWorker: boolean; status: Status };
type VehiclePermit = { id: string; plate: string; permitNo: string; validFrom: string; validTo: string; registeredOn: string; odometerKm: number; status: Status };
type Permit = DriverPermit | VehiclePermit;
export type Kind = 'drivers' | 'vehicles';
type Counts = { on: string; drivers: { total: number; validToday: number }; vehicles: { total: number; validToday: number } };

const PAGE_SIZE = 25;

export function Registry() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = hasRole(user, 'union_officer') || hasRole(user, 'union_chair') || hasRole(user, 'admin');
  const [tab, setTab] = useState<'platforms' | Kind>('platforms');
  const counts = useLoad(() => api<Counts>('GET', '/api/oversight/permits'));
  return (
    <section>
      <h1 tabIndex={-1}>{t('oversightRegistry.title')}</h1>
      <p className="lead">{t('oversightRegistry.lead')}</p>
      {counts.data ? (
        <p className="small" data-testid="registry-counts">
          {t('oversightRegistry.counts', { drivers: counts.data.drivers.total, driversValid: counts.data.drivers.validToday, vehicles: counts.data.vehicles.total, vehiclesValid: counts.data.vehicles.validToday })}
        </p>
      ) : null}
      <div className="tabs" role="group" aria-label={t('oversightRegistry.title')}>
        {(['platforms', 'drivers', 'vehicles'] as const).map((k) => (
          <button key={k} type="button" aria-pressed={tab === k} onClick={() => setTab(k)}>
            {t(`oversightRegistry.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'platforms' ? <Platforms canEdit={canEdit} /> : <Permits key={tab} kind={tab} canEdit={canEdit} onChange={counts.reload} />}
    </section>
  );
}

function Platforms({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const list = useLoad(() => api<{ on: string; items: Platform[] }>('GET', '/api/oversight/platforms'));
  const [editing, setEditing] = useState<string | null>(null);
  const platformName = usePlatformName();
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <Alert>{errorMessage(t, list.error)}</Alert>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="platforms">
        <caption className="small muted">{t('oversightRegistry.platformsCaption', { on: list.data?.on ?? '' })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('oversightRegistry.field.platform')}</th>
            <th scope="col">{t('oversightRegistry.field.licenceNo')}</th>
            <th scope="col">{t('oversightRegistry.platformRules')}</th>
            <th scope="col">{t('oversightRegistry.field.active')}</th>
            {canEdit ? <th scope="col">{t('oversightRegistry.edit')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((p) => (
            <tr key={p.code} data-platform={p.code}>
              <th scope="row">
                {platformName(p.code, p.name)}
                <span className="small muted ovs-desc">
                  <bdi>{p.name}</bdi> · <Ltr>{p.code}</Ltr>
                </span>
              </th>
              <td>
                <bdi>{p.licenceNo || '–'}</bdi>
              </td>
              <td>
                {p.rules.length ? (
                  <ul className="plain-list small">
                    {p.rules.map((r) => (
                      <li key={r.id} title={r.source}>
                        {t(`oversightRegistry.rule.${r.rule}`, { defaultValue: r.rule })}: <RuleValue value={r.value} unit={r.unit} /> <ClassBadge cls={r.class} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted small">{t('oversightRegistry.noRules')}</span>
                )}
              </td>
              <td>{p.active ? <span className="badge badge-ok">{t('oversightRegistry.active')}</span> : <span className="badge badge-muted">{t('oversightRegistry.inactive')}</span>}</td>
              {canEdit ? (
                <td>
                  {editing === p.code ? (
                    <PlatformForm
                      p={p}
                      onDone={(changed) => {
                        setEditing(null);
                        if (changed) void list.reload();
                      }}
                    />
                  ) : (
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(p.code)} aria-label={`${t('oversightRegistry.edit')} ${p.name}`}>
                      {t('oversightRegistry.edit')}
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PlatformForm({ p, onDone }: { p: Platform; onDone: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(p.name);
  const [licenceNo, setLicenceNo] = useState(p.licenceNo);
  const [active, setActive] = useState(p.active);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('PATCH', `/api/oversight/platforms/${p.code}`, { name: name.trim(), licenceNo: licenceNo.trim(), active });
      onDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextField label={t('oversightRegistry.field.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
      <TextField label={t('oversightRegistry.field.licenceNo')} value={licenceNo} onChange={(e) => setLicenceNo(e.target.value)} maxLength={100} />
      <label className="switch">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        <span>{t('oversightRegistry.active')}</span>
      </label>
      {error ? <Alert>{refusalText(t, error)}</Alert> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-small">
          {t('oversightRegistry.save')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onDone(false)}>
          {t('oversightRegistry.cancel')}
        </button>
      </div>
    </form>
  );
}

function StatusBadge({ s }: { s: Status }) {
  const { t } = useTranslation();
  return <span className={`badge ${s === 'valid' ? 'badge-ok' : s === 'expired' ? 'badge-bad' : 'badge-wait'}`}>{t(`oversightRegistry.status.${s}`)}</span>;
}

function Permits({ kind, canEdit, onChange }: { kind: Kind; canEdit: boolean; onChange: () => unknown }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [applied, setApplied] = useState({ q: '', status: '' });
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<string | null>(null);
  const res = useLoad(() => api<{ on: string; total: number; items: Permit[] }>('GET', `/api/oversight/permits/${kind}${qs({ ...applied, page, pageSize: PAGE_SIZE })}`), [kind, applied, page]);
  const pages = res.data ? Math.max(1, Math.ceil(res.data.total / PAGE_SIZE)) : 1;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setApplied({ q: q.trim(), status });
  };
  const reload = () => {
    void res.reload();
    void onChange();
  };
  return (
    <>
      {canEdit ? <Import kind={kind} onDone={reload} /> : null}
      <form className="form ovs-toolbar" role="search" onSubmit={submit} aria-label={t(`oversightRegistry.search.${kind}`)}>
        <TextField label={t('oversightRegistry.search.label')} hint={t(`oversightRegistry.search.${kind}`)} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} maxLength={60} />
        <SelectField label={t('oversightRegistry.field.status')} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('oversightRegistry.any')}</option>
          {(['valid', 'expired', 'not_yet'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`oversightRegistry.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="btn btn-primary">
          {t('oversightRegistry.search.submit')}
        </button>
      </form>
      {res.loading && !res.data ? <Loading /> : null}
      {res.error ? <Alert>{errorMessage(t, res.error)}</Alert> : null}
      {res.data ? (
        <>
          <p role="status" className="result-count">
            {t('oversightRegistry.found', { count: res.data.total, on: res.data.on })}
          </p>
          <div className="table-scroll">
            <table className="table" data-testid={`permits-${kind}`}>
              <thead>
                <tr>
                  {kind === 'vehicles' ? <th scope="col">{t('oversightRegistry.field.plate')}</th> : null}
                  <th scope="col">{t('oversightRegistry.field.permit_no')}</th>
                  {kind === 'drivers' ? <th scope="col">{t('oversightRegistry.field.holder_name')}</th> : null}
                  <th scope="col">{t('oversightRegistry.validity')}</th>
                  {kind === 'vehicles' ? <th scope="col">{t('oversightRegistry.field.registered_on')}</th> : null}
                  {kind === 'vehicles' ? <th scope="col">{t('oversightRegistry.field.odometer_km')}</th> : null}
                  <th scope="col">{t('oversightRegistry.field.status')}</th>
                  {canEdit ? <th scope="col">{t('oversightRegistry.edit')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {res.data.items.map((p) => (
                  <tr key={p.id} data-permit={p.permitNo}>
                    {'plate' in p ? (
                      <th scope="row">
                        <Ltr>{p.plate}</Ltr>
                      </th>
                    ) : null}
                    <td>
                      <Ltr>{p.permitNo}</Ltr>
                    </td>
                    {'holderName' in p ? (
                      <td>
                        <bdi>{p.holderName}</bdi> {p.linkedWorker ? <span className="badge badge-muted">{t('oversightRegistry.linked')}</span> : null}
                      </td>
                    ) : null}
                    <td className="nowrap">
                      <Ltr>
                        {p.validFrom} – {p.validTo}
                      </Ltr>
                    </td>
                    {'plate' in p ? (
                      <td>
                        <Ltr>{p.registeredOn}</Ltr>
                      </td>
                    ) : null}
                    {'plate' in p ? (
                      <td className="num">
                        <Ltr>{p.odometerKm.toLocaleString()}</Ltr>
                      </td>
                    ) : null}
                    <td>
                      <StatusBadge s={p.status} />
                    </td>
                    {canEdit ? (
                      <td>
                        {editing === p.id ? (
                          <PermitForm
                            kind={kind}
                            p={p}
                            onDone={(changed) => {
                              setEditing(null);
                              if (changed) reload();
                            }}
                          />
                        ) : (
                          <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(p.id)}>
                            {t('oversightRegistry.edit')}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav className="pager" aria-label={t('common.pages')}>
              <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('common.prev')}
              </button>
              <Ltr>
                {page} / {pages}
              </Ltr>
              <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('common.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function PermitForm({ kind, p, onDone }: { kind: Kind; p: Permit; onDone: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<string, string>>(
    'plate' in p
      ? { plate: p.plate, permitNo: p.permitNo, validFrom: p.validFrom, validTo: p.validTo, registeredOn: p.registeredOn, odometerKm: String(p.odometerKm) }
      : { permitNo: p.permitNo, holderName: p.holderName, validFrom: p.validFrom, validTo: p.validTo, cityCode: p.cityCode },
  );
  const [error, setError] = useState<unknown>(null);
  const fields = Object.keys(v);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, string | number> = {};
    for (const k of fields) body[k] = k === 'odometerKm' ? Number(v[k]) : v[k]!.trim();
    try {
      await api('PATCH', `/api/oversight/permits/${kind}/${p.id}`, body);
      onDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      {fields.map((k) => (
        <TextField
          key={k}
          label={t(`oversightRegistry.field.${k}`)}
          type={k.startsWith('valid') || k === 'registeredOn' ? 'date' : k === 'odometerKm' ? 'number' : 'text'}
          value={v[k]}
          onChange={(e) => setV((o) => ({ ...o, [k]: e.target.value }))}
          required
        />
      ))}
      {error ? <Alert>{refusalText(t, error)}</Alert> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-small">
          {t('oversightRegistry.save')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onDone(false)}>
          {t('oversightRegistry.cancel')}
        </button>
      </div>
    </form>
  );
}
