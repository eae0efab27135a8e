import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { hasRole, useAuth } from '../../auth.tsx';
import { useLoad, useReference } from '../../data.ts';
import { nameOf } from '../../i18n/index.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { ruleClasses, ruleIds } from '../../../shared/oversight.ts';
import { usePlatformName } from './common.tsx';
import { ClassBadge, refusalText, RuleValue } from './registryCommon.tsx';

type Version = {
  id: string;
  rule: string;
  scope: string;
  version: number;
  value: number;
  unit: string;
  class: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: string | null;
  createdAt: string;
  supersededAt: string | null;
};
type Listed = Version & { inForce: Version | null };
type WithHistory = { version: Version; inForceId: string | null; history: Version[] };

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function Rules() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const canEdit = hasRole(user, 'union_officer') || hasRole(user, 'union_chair') || hasRole(user, 'admin');
  const [on, setOn] = useState('');
  const [open, setOpen] = useState<{ id: string; mode: 'history' | 'change' } | null>(null);
  const list = useLoad(() => api<{ on: string; items: Listed[] }>('GET', `/api/oversight/rules${qs({ on })}`), [on]);
  const platformName = usePlatformName();
  const ref = useReference();
  const scopeName = (scope: string) => {
    if (scope === '*') return t('oversightRegistry.scopeAll');
    if (/^\d{6}$/.test(scope)) return nameOf(ref.data?.cities.find((c) => c.code === scope), i18n.language) || scope;
    return platformName(scope);
  };
  const toggle = (id: string, mode: 'history' | 'change') => setOpen((o) => (o?.id === id && o.mode === mode ? null : { id, mode }));
  return (
    <section>
      <h1 tabIndex={-1}>{t('oversightRegistry.rulesTitle')}</h1>
      <p className="lead">{t('oversightRegistry.rulesLead')}</p>
      <div className="ovs-toolbar">
        <TextField label={t('oversightRegistry.inForceOn')} type="date" name="on" value={on || list.data?.on || ''} onChange={(e) => setOn(e.target.value)} />
        <ul className="plain-list small">
          {ruleClasses.map((c) => (
            <li key={c}>
              <ClassBadge cls={c} /> {t(`oversightRegistry.classHelp.${c}`)}
            </li>
          ))}
        </ul>
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <Alert>{errorMessage(t, list.error)}</Alert> : null}
      {list.data ? (
        <ul className="cards" data-testid="rules">
          {list.data.items.map((r) => {
            const f = r.inForce;
            return (
              <li key={r.id} className="item" data-rule={r.rule} data-scope={r.scope}>
                <div className="item-head">
                  <strong>{t(`oversightRegistry.rule.${r.rule}`, { defaultValue: r.rule })}</strong>
                  <span className="muted">{scopeName(r.scope)}</span>
                </div>
                <p data-testid="in-force">
                  {f ? (
                    <>
                      {t('oversightRegistry.inForceLabel', { on: list.data!.on })}<RuleValue value={f.value} unit={f.unit} /> <ClassBadge cls={f.class} />{' '}
                      <span className="small muted">
                        <Ltr>
                          v{f.version} · {f.effectiveFrom} – {f.effectiveTo ?? '…'}
                        </Ltr>
                      </span>
                    </>
                  ) : (
                    <span className="muted">{t('oversightRegistry.notInForce')}</span>
                  )}
                </p>
                {f?.id !== r.id ? (
                  <p className="small" data-testid="latest">
                    {t('oversightRegistry.latestLabel')}<RuleValue value={r.value} unit={r.unit} /> <ClassBadge cls={r.class} />{' '}
                    <Ltr>
                      v{r.version} · {r.effectiveFrom} – {r.effectiveTo ?? '…'}
                    </Ltr>
                  </p>
                ) : null}
                <p className="small muted">
                  {t('oversightRegistry.sourceLabel')}<bdi>{(f ?? r).source}</bdi>
                </p>
                <div className="actions">
                  <button type="button" className="btn btn-secondary btn-small" aria-expanded={open?.id === r.id && open.mode === 'history'} onClick={() => toggle(r.id, 'history')}>
                    {t('oversightRegistry.history')}
                  </button>
                  {canEdit ? (
                    <button type="button" className="btn btn-primary btn-small" aria-expanded={open?.id === r.id && open.mode === 'change'} onClick={() => toggle(r.id, 'change')}>
                      {t('oversightRegistry.change')}
                    </button>
                  ) : null}
                </div>
                {open?.id === r.id ? (
                  open.mode === 'change' ? (
                    <ChangeForm
                      base={r}
                      onDone={(changed) => {
                        if (changed) {
                          setOpen({ id: changed, mode: 'history' });
                          void list.reload();
                        } else setOpen(null);
                      }}
                    />
                  ) : (
                    <History id={r.id} />
                  )
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {canEdit ? <NewScope onDone={() => void list.reload()} /> : null}
    </section>
  );
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const h = useLoad(() => api<WithHistory>('GET', `/api/oversight/rules/${id}`), [id]);
  if (h.loading && !h.data) return <Loading />;
  if (h.error) return <Alert>{errorMessage(t, h.error)}</Alert>;
  return (
    <div className="table-scroll">
    <table className="table small" data-testid="rule-history">
      <caption>{t('oversightRegistry.historyOf', { rule: t(`oversightRegistry.rule.${h.data!.version.rule}`) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('oversightRegistry.field.version')}</th>
          <th scope="col">{t('oversightRegistry.field.value')}</th>
          <th scope="col">{t('oversightRegistry.validity')}</th>
          <th scope="col">{t('oversightRegistry.field.source')}</th>
          <th scope="col">{t('oversightRegistry.changedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {h.data!.history.map((v) => (
          <tr key={v.id} data-version={v.version}>
            <td>
              <Ltr>v{v.version}</Ltr> {v.id === h.data!.inForceId ? <span className="badge badge-ok">{t('oversightRegistry.inForceToday')}</span> : null}
              {v.supersededAt ? <span className="badge badge-muted">{t('oversightRegistry.superseded')}</span> : null}
            </td>
            <td>
              <RuleValue value={v.value} unit={v.unit} /> <ClassBadge cls={v.class} />
            </td>
            <td className="nowrap">
              <Ltr>
                {v.effectiveFrom} – {v.effectiveTo ?? '…'}
              </Ltr>
            </td>
            <td>
              <bdi>{v.source}</bdi>
            </td>
            <td>
              <bdi>{v.createdBy ?? t('oversightRegistry.system')}</bdi>{' '}
              <span className="muted">
                <Ltr>{v.createdAt.slice(0, 10)}</Ltr>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

type Draft = { rule: string; scope: string; value: string; class: string; source: string; effectiveFrom: string; effectiveTo: string };

function RuleFields({ d, set, withKey }: { d: Draft; set: (k: keyof Draft, v: string) => void; withKey?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {withKey ? (
        <>
          <SelectField label={t('oversightRegistry.field.rule')} name="rule" value={d.rule} onChange={(e) => set('rule', e.target.value)}>
            {ruleIds.map((r) => (
              <option key={r} value={r}>
                {t(`oversightRegistry.rule.${r}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('oversightRegistry.field.scope')} hint={t('oversightRegistry.scopeHint')} name="scope" value={d.scope} onChange={(e) => set('scope', e.target.value)} maxLength={40} required />
        </>
      ) : null}
      <TextField label={t('oversightRegistry.field.value')} hint={t(`oversightRegistry.valueHint.${d.rule}`)} name="value" type="number" step="any" value={d.value} onChange={(e) => set('value', e.target.value)} required />
      <SelectField label={t('oversightRegistry.field.class')} name="class" value={d.class} onChange={(e) => set('class', e.target.value)}>
        {ruleClasses.map((c) => (
          <option key={c} value={c}>
            {t(`oversightRegistry.class.${c}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label={t('oversightRegistry.field.source')} hint={t('oversightRegistry.sourceHint')} name="source" value={d.source} onChange={(e) => set('source', e.target.value)} rows={3} maxLength={2000} required />
      <TextField label={t('oversightRegistry.field.effectiveFrom')} name="effectiveFrom" type="date" value={d.effectiveFrom} onChange={(e) => set('effectiveFrom', e.target.value)} required />
      <TextField label={t('oversightRegistry.field.effectiveTo')} name="effectiveTo" type="date" value={d.effectiveTo} onChange={(e) => set('effectiveTo', e.target.value)} optional />
    </>
  );
}

const bodyOf = (d: Draft) => ({
  rule: d.rule,
  scope: d.scope.trim(),
  value: Number(d.value),
  class: d.class,
  source: d.source.trim(),
  effectiveFrom: d.effectiveFrom,
  effectiveTo: d.effectiveTo || null,
});

function ChangeForm({ base, onDone }: { base: Version; onDone: (newId: string | null) => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>({ rule: base.rule, scope: base.scope, value: String(base.value), class: base.class, source: base.source, effectiveFrom: today(), effectiveTo: '' });
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<WithHistory>('POST', '/api/oversight/rules', { ...bodyOf(d), basedOnVersion: base.version });
      onDone(r.version.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form ovs-form" onSubmit={submit} data-testid="rule-change">
      <p className="small">{t('oversightRegistry.changeNote', { version: base.version + 1 })}</p>
      <RuleFields d={d} set={(k, v) => setD((o) => ({ ...o, [k]: v }))} />
      {error ? <Alert>{refusalText(t, error)}</Alert> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          {t('oversightRegistry.saveVersion')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => onDone(null)}>
          {t('oversightRegistry.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewScope({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const empty: Draft = { rule: 'commission_cap', scope: '', value: '', class: 'PLATFORM', source: '', effectiveFrom: today(), effectiveTo: '' };
  const [d, setD] = useState<Draft>(empty);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    try {
      await api('POST', '/api/oversight/rules', { ...bodyOf(d), basedOnVersion: null });
      setError(null);
      setD(empty);
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="panel">
      <summary>{t('oversightRegistry.newScope')}</summary>
      <form className="form ovs-form" onSubmit={submit}>
        <RuleFields d={d} set={(k, v) => setD((o) => ({ ...o, [k]: v }))} withKey />
        {error ? <Alert>{refusalText(t, error)}</Alert> : null}
        {done ? <Alert kind="success">{t('oversightRegistry.saved')}</Alert> : null}
        <button type="submit" className="btn btn-primary">
          {t('oversightRegistry.saveVersion')}
        </button>
      </form>
    </details>
  );
}
