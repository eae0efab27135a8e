import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { formatDate } from '../../i18n/index.ts';
import { bannerText, fieldErrors, type Banner } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { enterpriseStages, origins, productCategories, sectors, serviceKinds } from '../../../shared/incubator.ts';
import { ProductSearch } from '../../incubator/ProductSearch.tsx';
import type { Enterprise, EnterpriseDetail, Figures, Product } from '../../incubator/types.ts';
import '../../incubator/incubator.css';

const TABS = ['enterprises', 'products', 'figures'] as const;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** /console/incubator: the base manager's enterprises, product library and figures. */
export function IncubatorConsole() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'enterprises';
  return (
    <section>
      <h1 tabIndex={-1}>{t('incubator.title')}</h1>
      <p className="muted">{t('incubator.intro')}</p>
      <nav className="inc-tabs" aria-label={t('incubator.title')}>
        {TABS.map((x) => (
          <button key={x} type="button" className={`btn btn-small ${x === tab ? 'btn-primary' : 'btn-secondary'}`} aria-current={x === tab ? 'page' : undefined} onClick={() => setParams({ tab: x })}>
            {t(`incubator.tabs.${x}`)}
          </button>
        ))}
      </nav>
      {tab === 'enterprises' ? <Enterprises /> : tab === 'products' ? <Products /> : <FiguresView />}
    </section>
  );
}

function Enterprises() {
  const { t, i18n } = useTranslation();
  const [stage, setStage] = useState('');
  const [sector, setSector] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: Enterprise[] } | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [adding, setAdding] = useState(false);
  const load = useCallback(async () => {
    try {
      setData(await api('GET', `/api/incubator/enterprises${qs({ stage: stage || undefined, sector: sector || undefined, q: q.trim() || undefined, page, pageSize: 20 })}`));
    } catch (err) {
      setError({ err });
    }
  }, [stage, sector, q, page]);
  useEffect(() => void load(), [load]);
  const l = i18n.language;
  return (
    <div>
      <div className="inc-filters">
        <SelectField label={t('incubator.enterprises.filterStage')} value={stage} onChange={(e) => (setStage(e.target.value), setPage(1))}>
          <option value="">{t('incubator.any')}</option>
          {enterpriseStages.map((s) => (
            <option key={s} value={s}>
              {t(`incubator.stages.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('incubator.enterprises.filterSector')} value={sector} onChange={(e) => (setSector(e.target.value), setPage(1))}>
          <option value="">{t('incubator.any')}</option>
          {sectors.map((s) => (
            <option key={s} value={s}>
              {t(`incubator.sectors.${s}`)}
            </option>
          ))}
        </SelectField>
        <div className="span-2">
          <TextField label={t('incubator.enterprises.filterName')} type="search" value={q} onChange={(e) => (setQ(e.target.value), setPage(1))} />
        </div>
      </div>
      <div className="inc-actions">
        <button className="btn btn-secondary" type="button" onClick={() => setAdding((x) => !x)} aria-expanded={adding}>
          {t('incubator.enterprises.add')}
        </button>
      </div>
      {adding ? <NewEnterprise onDone={() => (setAdding(false), void load())} /> : null}
      <Alert>{bannerText(t, error)}</Alert>
      {!data ? (
        <Loading />
      ) : (
        <>
          <p className="muted">{t('incubator.total', { count: data.total })}</p>
          <ul className="inc-cards" data-testid="enterprise-list">
            {data.items.map((e) => (
              <li key={e.id} className="inc-card">
                <h3 dir="auto">
                  <Link to={`/console/incubator/enterprises/${e.id}`}>{e.name}</Link>
                </h3>
                <p className="inc-meta">
                  <span className="badge badge-inline">{t(`incubator.stages.${e.stage}`)}</span>
                  <span>{t(`incubator.sectors.${e.sector}`)}</span>
                  {e.enteredOn ? <span className="muted small">{t('incubator.detail.entered', { date: formatDate(e.enteredOn, l) })}</span> : null}
                </p>
              </li>
            ))}
          </ul>
          <div className="inc-pager">
            <button className="btn btn-secondary btn-small" type="button" disabled={page <= 1} onClick={() => setPage((x) => x - 1)}>
              {t('incubator.prev')}
            </button>
            <span className="muted small">{t('incubator.page', { page, pages: Math.max(1, Math.ceil(data.total / 20)) })}</span>
            <button className="btn btn-secondary btn-small" type="button" disabled={page * 20 >= data.total} onClick={() => setPage((x) => x + 1)}>
              {t('incubator.next')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function NewEnterprise({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [sector, setSector] = useState<string>(sectors[0]);
  const [foundedOn, setFoundedOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', '/api/incubator/enterprises', { name, sector, ...(foundedOn ? { foundedOn } : {}) });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err });
    }
  };
  return (
    <form className="inc-form" onSubmit={submit}>
      <Alert>{bannerText(t, error)}</Alert>
      <TextField label={t('incubator.enterprises.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
      <SelectField label={t('incubator.enterprises.filterSector')} value={sector} onChange={(e) => setSector(e.target.value)}>
        {sectors.map((s) => (
          <option key={s} value={s}>
            {t(`incubator.sectors.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('incubator.enterprises.foundedOn')} type="date" value={foundedOn} onChange={(e) => setFoundedOn(e.target.value)} error={errors.foundedOn} optional />
      <button className="btn btn-primary" type="submit">
        {t('incubator.save')}
      </button>
    </form>
  );
}

/** /console/incubator/enterprises/:id */
export function EnterprisePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<EnterpriseDetail | null>(null);
  const [error, setError] = useState<Banner>(null);
  const [spaces, setSpaces] = useState<{ id: string; code: string; kind: string; occupant: { name: string } | null }[]>([]);
  const [mentors, setMentors] = useState<{ id: string; name: string; expertise: string }[]>([]);
  const load = useCallback(async () => {
    try {
      setD(await api<EnterpriseDetail>('GET', `/api/incubator/enterprises/${id}`));
    } catch (err) {
      setError({ err });
    }
  }, [id]);
  useEffect(() => {
    void load();
    void api<{ items: typeof spaces }>('GET', '/api/incubator/spaces').then((r) => setSpaces(r.items), () => {});
    void api<{ items: typeof mentors }>('GET', '/api/incubator/mentors').then((r) => setMentors(r.items), () => {});
  }, [load]);
  const act = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    try {
      setError(null);
      await api(method, path, body);
      await load();
      return true;
    } catch (err) {
      setError({ err });
      return false;
    }
  };
  if (!d) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  const e = d.enterprise;
  const l = i18n.language;
  return (
    <section>
      <p>
        <Link to="/console/incubator">{t('incubator.enterprises.back')}</Link>
      </p>
      <h1 tabIndex={-1} dir="auto">
        {e.name}
      </h1>
      <p className="inc-meta">
        <span className="badge badge-inline" data-testid="enterprise-stage">
          {t(`incubator.stages.${e.stage}`)}
        </span>
        <span>{t(`incubator.sectors.${e.sector}`)}</span>
        <span>{t('incubator.detail.employees', { count: e.employees })}</span>
      </p>
      <p className="muted small">
        {[e.foundedOn && t('incubator.detail.founded', { date: formatDate(e.foundedOn, l) }), e.enteredOn && t('incubator.detail.entered', { date: formatDate(e.enteredOn, l) }), e.graduatedOn && t('incubator.detail.graduated', { date: formatDate(e.graduatedOn, l) }), e.exitedOn && t('incubator.detail.exited', { date: formatDate(e.exitedOn, l) })]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {e.description ? <p dir="auto">{e.description}</p> : null}
      <Alert>{bannerText(t, error)}</Alert>
      {e.nextStages.length ? (
        <div className="inc-actions">
          {e.nextStages.map((s) => (
            <button key={s} type="button" className={`btn btn-small ${s === 'exited' ? 'btn-danger' : 'btn-secondary'}`} onClick={() => void act('POST', `/api/incubator/enterprises/${id}/stage`, { stage: s })}>
              {t('incubator.detail.moveTo', { stage: t(`incubator.stages.${s}`) })}
            </button>
          ))}
        </div>
      ) : null}

      <h2>{t('incubator.detail.founders')}</h2>
      <ul>
        {d.founders.map((f) => (
          <li key={f.id} dir="auto">
            {f.name} {f.isLead ? <span className="badge badge-inline">{t('incubator.detail.lead')}</span> : null}
          </li>
        ))}
      </ul>
      <MiniForm
        label={t('incubator.add')}
        fields={[{ name: 'name', label: t('incubator.detail.founderName') }]}
        onSubmit={(v) => act('POST', `/api/incubator/enterprises/${id}/founders`, { name: v.name, isLead: false })}
      />

      <h2>{t('incubator.detail.space')}</h2>
      {d.spaces.length ? (
        <ul>
          {d.spaces.map((s) => (
            <li key={s.id}>
              <Ltr>{s.code}</Ltr> · {t(`incubator.spaceKinds.${s.kind}`)} · {formatDate(s.startsOn, l)}
              {s.endsOn ? ` – ${formatDate(s.endsOn, l)}` : ''}
              {s.rentFreeUntil ? ` · ${t('incubator.detail.rentFree', { date: formatDate(s.rentFreeUntil, l) })}` : ''}
              {s.rentFreeNow ? (
                <>
                  {' '}
                  <span className="badge badge-ok badge-inline">{t('incubator.detail.rentFreeNow')}</span>
                </>
              ) : null}
              {s.current && !s.endsOn ? (
                <button type="button" className="btn btn-link" onClick={() => void act('POST', `/api/incubator/space-assignments/${s.id}/release`, {})}>
                  {t('incubator.detail.release')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('incubator.detail.noSpace')}</p>
      )}
      {e.stage === 'incubating' || e.stage === 'applying' ? (
        <MiniForm
          label={t('incubator.detail.assign')}
          fields={[
            { name: 'spaceId', label: t('incubator.detail.spacePick'), options: spaces.filter((s) => !s.occupant).map((s) => ({ value: s.id, label: `${s.code} · ${t(`incubator.spaceKinds.${s.kind}`)}` })) },
            { name: 'startsOn', label: t('incubator.detail.startsOn'), type: 'date', initial: today() },
            { name: 'rentFreeUntil', label: t('incubator.detail.rentFreeUntil'), type: 'date', optional: true },
          ]}
          onSubmit={(v) => act('POST', `/api/incubator/enterprises/${id}/spaces`, { spaceId: v.spaceId, startsOn: v.startsOn, ...(v.rentFreeUntil ? { rentFreeUntil: v.rentFreeUntil } : {}) })}
        />
      ) : null}

      <h2>{t('incubator.detail.mentors')}</h2>
      {d.mentors.length ? (
        <ul>
          {d.mentors.map((m) => (
            <li key={m.id} dir="auto">
              {m.name} · {m.expertise}{' '}
              <button type="button" className="btn btn-link" onClick={() => void act('POST', `/api/incubator/enterprises/${id}/mentors/unassign`, { mentorId: m.id })}>
                {t('incubator.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('incubator.detail.noMentors')}</p>
      )}
      <MiniForm
        label={t('incubator.add')}
        fields={[{ name: 'mentorId', label: t('incubator.detail.mentorPick'), options: mentors.filter((m) => !d.mentors.some((x) => x.id === m.id)).map((m) => ({ value: m.id, label: `${m.name} · ${m.expertise}` })) }]}
        onSubmit={(v) => act('POST', `/api/incubator/enterprises/${id}/mentors`, { mentorId: v.mentorId })}
      />

      <h2>{t('incubator.detail.services')}</h2>
      <MiniForm
        label={t('incubator.add')}
        fields={[
          { name: 'kind', label: t('incubator.detail.serviceKind'), options: serviceKinds.map((k) => ({ value: k, label: t(`incubator.services.${k}`) })) },
          { name: 'servedOn', label: t('incubator.detail.servedOn'), type: 'date', initial: today() },
          { name: 'note', label: t('incubator.detail.note'), optional: true },
        ]}
        onSubmit={(v) => act('POST', `/api/incubator/enterprises/${id}/services`, { kind: v.kind, servedOn: v.servedOn, note: v.note ?? '' })}
      />
      {d.services.length ? (
        <ul>
          {d.services.map((s) => (
            <li key={s.id}>
              <strong>{t(`incubator.services.${s.kind}`)}</strong> · {formatDate(s.servedOn, l)} <span dir="auto">{s.note}</span> <span className="muted small">{s.servedBy ? t('incubator.detail.by', { name: s.servedBy }) : ''}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('incubator.detail.noServices')}</p>
      )}

      <h2>{t('incubator.detail.teams')}</h2>
      {d.teams.length ? (
        <ul className="inc-cards">
          {d.teams.map((tm) => (
            <li key={tm.id} className="inc-card">
              <h3 dir="auto">
                <Link to={`/incubator/teams/${tm.id}`}>{tm.name}</Link>
              </h3>
              <p className="muted small">
                {t('incubator.detail.members', { count: tm.members.length })} · {t('incubator.detail.shortlisted', { count: tm.shortlisted })}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('incubator.detail.noTeams')}</p>
      )}
      <MiniForm label={t('incubator.detail.newTeam')} fields={[{ name: 'name', label: t('incubator.detail.teamName') }]} onSubmit={(v) => act('POST', `/api/incubator/enterprises/${id}/teams`, { name: v.name })} />
    </section>
  );
}

type MiniField = { name: string; label: string; type?: string; options?: { value: string; label: string }[]; initial?: string; optional?: boolean };
/** A small form folded behind a button: text, date or select fields, one submit. */
function MiniForm({ label, fields, onSubmit }: { label: string; fields: MiniField[]; onSubmit: (v: Record<string, string>) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const init = () => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.options?.[0]?.value ?? '']));
  const [v, setV] = useState<Record<string, string>>(init);
  if (!open)
    return (
      <button type="button" className="btn btn-secondary btn-small" onClick={() => (setV(init()), setOpen(true))}>
        {label}
      </button>
    );
  return (
    <form
      className="inc-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onSubmit(v)) setOpen(false);
      }}
    >
      {fields.map((f) =>
        f.options ? (
          <SelectField key={f.name} label={f.label} value={v[f.name] ?? ''} onChange={(e) => setV((x) => ({ ...x, [f.name]: e.target.value }))}>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField key={f.name} label={f.label} type={f.type ?? 'text'} optional={f.optional} required={!f.optional} value={v[f.name] ?? ''} onChange={(e) => setV((x) => ({ ...x, [f.name]: e.target.value }))} />
        ),
      )}
      <div className="inc-actions">
        <button className="btn btn-primary btn-small" type="submit">
          {t('incubator.save')}
        </button>
        <button className="btn btn-ghost btn-small" type="button" onClick={() => setOpen(false)}>
          {t('incubator.cancel')}
        </button>
      </div>
    </form>
  );
}

function Products() {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<{ id: string; name: string; enterpriseName: string }[]>([]);
  const [adding, setAdding] = useState(false);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => void api<{ items: typeof teams }>('GET', '/api/incubator/teams').then((r) => setTeams(r.items), () => {}), []);
  return (
    <div>
      <div className="inc-actions">
        <button className="btn btn-secondary" type="button" onClick={() => setAdding((x) => !x)} aria-expanded={adding}>
          {t('incubator.products.add')}
        </button>
      </div>
      {adding ? <NewProduct onDone={() => (setAdding(false), setRefresh((x) => x + 1))} /> : null}
      <ProductSearch endpoint="/api/incubator/products" refreshKey={refresh} actions={(p, reload) => <ProductActions p={p} teams={teams} reload={reload} />} />
    </div>
  );
}

function ProductActions({ p, teams, reload }: { p: Product; teams: { id: string; name: string; enterpriseName: string }[]; reload: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'check' | 'shortlist' | null>(null);
  const [result, setResult] = useState<'pass' | 'fail'>('pass');
  const [inspector, setInspector] = useState('');
  const [note, setNote] = useState('');
  const [team, setTeam] = useState(teams[0]?.id ?? '');
  const [streamOn, setStreamOn] = useState(today());
  const [error, setError] = useState<Banner>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const run = async (fn: () => Promise<void>) => {
    try {
      setError(null);
      setErrors({});
      await fn();
    } catch (err) {
      setError({ err });
      setErrors(fieldErrors(t, err));
    }
  };
  return (
    <div>
      <div className="inc-actions">
        <button type="button" className="btn btn-secondary btn-small" aria-expanded={open === 'check'} onClick={() => setOpen(open === 'check' ? null : 'check')}>
          {t('incubator.products.check')}
        </button>
        {p.shortlistable ? (
          <button type="button" className="btn btn-secondary btn-small" aria-expanded={open === 'shortlist'} onClick={() => (setTeam((x) => x || teams[0]?.id || ''), setOpen(open === 'shortlist' ? null : 'shortlist'))}>
            {t('incubator.products.shortlist')}
          </button>
        ) : (
          <span className="muted small">{t('incubator.products.notShortlistable')}</span>
        )}
      </div>
      <Alert kind="success">{done}</Alert>
      {open === 'check' ? (
        <form
          className="inc-form"
          data-testid="check-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api('POST', `/api/incubator/products/${p.id}/checks`, { result, inspector, ...(note ? { note } : {}) });
              setOpen(null);
              setDone(t('incubator.saved'));
              reload();
            });
          }}
        >
          <Alert>{bannerText(t, error)}</Alert>
          <SelectField label={t('incubator.products.checkResult')} value={result} onChange={(e) => setResult(e.target.value as 'pass' | 'fail')} name="result">
            <option value="pass">{t('incubator.products.pass')}</option>
            <option value="fail">{t('incubator.products.fail')}</option>
          </SelectField>
          <TextField label={t('incubator.products.inspector')} value={inspector} onChange={(e) => setInspector(e.target.value)} error={errors.inspector} name="inspector" required />
          <TextAreaField label={t('incubator.products.checkNote')} value={note} onChange={(e) => setNote(e.target.value)} optional rows={2} />
          <button className="btn btn-primary btn-small" type="submit">
            {t('incubator.save')}
          </button>
        </form>
      ) : null}
      {open === 'shortlist' ? (
        <form
          className="inc-form"
          data-testid="shortlist-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api('POST', `/api/incubator/teams/${team}/shortlist`, { productId: p.id, streamOn });
              setOpen(null);
              setDone(t('incubator.products.shortlistDone', { team: teams.find((x) => x.id === team)?.name ?? '' }));
            });
          }}
        >
          <Alert>{bannerText(t, error)}</Alert>
          <SelectField label={t('incubator.products.team')} value={team} onChange={(e) => setTeam(e.target.value)} name="team">
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} · {x.enterpriseName}
              </option>
            ))}
          </SelectField>
          <TextField label={t('incubator.products.streamOn')} type="date" value={streamOn} onChange={(e) => setStreamOn(e.target.value)} error={errors.streamOn} name="streamOn" required />
          <button className="btn btn-primary btn-small" type="submit">
            {t('incubator.save')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function NewProduct({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ name: '', nameUg: '', nameEn: '', supplier: '', category: productCategories[0] as string, origin: origins[0] as string, originPlace: '', price: '', commission: '', stock: '0' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Banner>(null);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const fen = (s: string) => Math.round(Number(s) * 100);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', '/api/incubator/products', {
        name: v.name,
        nameUg: v.nameUg,
        nameEn: v.nameEn,
        supplier: v.supplier,
        category: v.category,
        origin: v.origin,
        originPlace: v.originPlace,
        priceFen: fen(v.price),
        commissionFen: fen(v.commission),
        stock: Number(v.stock) || 0,
      });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setError({ err });
    }
  };
  return (
    <form className="inc-form" onSubmit={submit} data-testid="new-product">
      <Alert>{bannerText(t, error)}</Alert>
      <TextField label={t('incubator.products.name')} value={v.name} onChange={set('name')} error={errors.name} required />
      <TextField label={t('incubator.products.nameUg')} value={v.nameUg} onChange={set('nameUg')} dir="rtl" optional />
      <TextField label={t('incubator.products.nameEn')} value={v.nameEn} onChange={set('nameEn')} optional />
      <TextField label={t('incubator.products.supplier')} value={v.supplier} onChange={set('supplier')} error={errors.supplier} required />
      <SelectField label={t('incubator.products.category')} value={v.category} onChange={set('category')}>
        {productCategories.map((c) => (
          <option key={c} value={c}>
            {t(`incubator.categories.${c}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('incubator.products.origin')} value={v.origin} onChange={set('origin')}>
        {origins.map((c) => (
          <option key={c} value={c}>
            {t(`incubator.origins.${c}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('incubator.products.originPlace')} value={v.originPlace} onChange={set('originPlace')} optional />
      <TextField label={t('incubator.products.priceYuan')} inputMode="decimal" value={v.price} onChange={set('price')} error={errors.priceFen} required />
      <TextField label={t('incubator.products.commissionYuan')} inputMode="decimal" value={v.commission} onChange={set('commission')} error={errors.commissionFen} required />
      <TextField label={t('incubator.products.stock')} inputMode="numeric" value={v.stock} onChange={set('stock')} error={errors.stock} />
      <button className="btn btn-primary" type="submit">
        {t('incubator.save')}
      </button>
    </form>
  );
}

function FiguresView() {
  const { t } = useTranslation();
  const [f, setF] = useState<Figures | null>(null);
  const [error, setError] = useState<Banner>(null);
  useEffect(() => void api<Figures>('GET', '/api/incubator/figures').then(setF, (err: unknown) => setError({ err })), []);
  if (!f) return error ? <Alert>{bannerText(t, error)}</Alert> : <Loading />;
  return (
    <div data-testid="incubator-figures">
      <ul className="inc-figures">
        <li>
          <strong>
            <Ltr>{f.incubatedSoFar}</Ltr>
          </strong>
          {t('incubator.figures.incubatedSoFar')}
        </li>
        <li>
          <strong>
            <Ltr>{f.incubatingNow}</Ltr>
          </strong>
          {t('incubator.figures.incubatingNow')}
        </li>
        <li>
          <strong>
            <Ltr>{f.products.total}</Ltr>
          </strong>
          {t('incubator.figures.products')}
        </li>
        <li>
          <strong>
            <Ltr>{f.products.passed}</Ltr>
          </strong>
          {t('incubator.figures.passed')}
        </li>
      </ul>
      <h2>{t('incubator.figures.byStage')}</h2>
      <div className="table-scroll">
        <table className="table">
          <tbody>
            {enterpriseStages.map((s) => (
              <tr key={s}>
                <th scope="row">{t(`incubator.stages.${s}`)}</th>
                <td>
                  <Ltr>{f.byStage[s] ?? 0}</Ltr>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('incubator.figures.bySector')}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('incubator.figures.sector')}</th>
              <th scope="col">{t('incubator.figures.everIncubated')}</th>
              <th scope="col">{t('incubator.figures.incubating')}</th>
              <th scope="col">{t('incubator.figures.all')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(f.bySector).map(([s, v]) => (
              <tr key={s}>
                <th scope="row">{t(`incubator.sectors.${s}`)}</th>
                <td>
                  <Ltr>{v.incubatedSoFar}</Ltr>
                </td>
                <td>
                  <Ltr>{v.incubatingNow}</Ltr>
                </td>
                <td>
                  <Ltr>{v.total}</Ltr>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

