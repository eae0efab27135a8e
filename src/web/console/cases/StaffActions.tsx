import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useLoad } from '../../data.ts';
import { errorMessage, issueText, serverIssues, type Issues } from '../../errors.ts';
import { Alert, SelectField, TextAreaField, TextField } from '../../components/ui.tsx';
import { CATEGORIES, OUTCOMES, STAFF_ACTIONS, type CaseDetail } from '../../cases/types.ts';
import { autoDir } from '../../cases/common.tsx';

/** "1234.5" or "¥1,234.50" → 123450 fen; null when it is not an amount with at most two decimals. */
export function yuanToFen(input: string): number | null {
  const s = input.trim().replace(/^[¥￥]/, '').replace(/[,，\s]/g, '');
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** The officers and chair of the case's union: whom it can be handed to. */
function useOfficers(unionId: string) {
  return useLoad(async () => {
    const r = await api<{ items: { userId: string; name: string; unionId: string }[] }>('GET', '/api/cases/officers');
    return r.items.filter((o) => o.unionId === unionId).map((o) => ({ id: o.userId, name: o.name }));
  }, [unionId]);
}

/** A refused move (409): say so, and name what the case allows now. */
export function refusedText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.status === 409) {
    const allowed = Array.isArray(err.extra.allowed) ? (err.extra.allowed as { action: string }[]) : [];
    const staff = allowed.map((a) => a.action).filter((a) => (STAFF_ACTIONS as readonly string[]).includes(a));
    const now = staff.length ? ` ${t('caseOps.allowedNow', { actions: staff.map((a) => t(`caseOps.action.${a}`)).join(t('common.listSeparator')) })}` : '';
    return `${t('caseOps.moved')}${now}`;
  }
  return errorMessage(t, err);
}

const NEEDS_FORM = ['wait_worker', 'wait_party', 'propose_close', 'reopen', 'assign'];

/** The state moves the server offers this reader on this case (allowedActions), each with what it needs. */
export function StaffActions({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const { user } = useAuth();
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [amount, setAmount] = useState('');
  const [officer, setOfficer] = useState('');
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const actions = STAFF_ACTIONS.filter((a) => c.allowedActions.includes(a));
  const officers = useOfficers(c.union.id);

  const reset = () => {
    setOpen(null);
    setNote('');
    setOutcome('');
    setAmount('');
    setOfficer('');
    setIssues({});
  };

  const run = async (action: string) => {
    const local: Issues = {};
    const body: Record<string, unknown> = { action, version: c.version };
    if (note.trim()) body.note = note.trim();
    if ((action === 'wait_worker' || action === 'wait_party') && !note.trim()) local.note = { path: 'note', code: 'required' };
    if (action === 'propose_close') {
      if (!outcome) local.outcome = { path: 'outcome', code: 'required' };
      body.outcome = outcome || undefined;
      if (outcome === 'compensation') {
        const fen = yuanToFen(amount);
        if (!amount.trim()) local.amountFen = { path: 'amountFen', code: 'required' };
        else if (fen === null || fen <= 0) local.amountFen = { path: 'amountFen', code: 'invalid_amount' };
        else body.amountFen = fen;
      }
    }
    if (action === 'assign') {
      if (!officer) local.officerUserId = { path: 'officerUserId', code: 'required' };
      body.officerUserId = officer || undefined;
    }
    setIssues(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api<{ case: CaseDetail | null }>('POST', `/api/cases/${c.id}/actions`, body);
      setDone(t(`caseOps.done.${action}`, { defaultValue: t('caseOps.done.other') }));
      reset();
      // Handed to a colleague: this officer has no seat on the case any more, so back to the queue.
      if (r.case) onDone(r.case);
      else void navigate('/console/cases');
    } catch (err) {
      setError(err);
      setIssues(serverIssues(err));
      if (err instanceof ApiError && err.status === 409) {
        reset();
        const fresh = await api<{ case: CaseDetail }>('GET', `/api/cases/${c.id}`).catch(() => null);
        if (fresh) onDone(fresh.case);
      }
    } finally {
      setBusy(false);
    }
  };

  if (!actions.length && !done) return null;
  const err = (p: string) => issueText(t, issues[p]);
  return (
    <section id="case-actions" aria-labelledby="case-actions-title" className="station-section case-actions">
      <h2 id="case-actions-title">{t('caseOps.actionsTitle')}</h2>
      {done ? (
        <Alert kind="success">
          <span data-testid="action-done">{done}</span>
        </Alert>
      ) : null}
      {error && !Object.keys(issues).length ? <Alert>{refusedText(t, error)}</Alert> : null}
      <div className="actions action-buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={`btn ${a === 'propose_close' || a === 'start' || a === 'take_appeal' ? 'btn-primary' : 'btn-secondary'}`}
            aria-expanded={NEEDS_FORM.includes(a) ? open === a : undefined}
            disabled={busy}
            data-action={a}
            onClick={() => {
              setError(null);
              setDone(null);
              if (NEEDS_FORM.includes(a)) setOpen(open === a ? null : a);
              else void run(a);
            }}
          >
            {t(`caseOps.action.${a}`)}
          </button>
        ))}
      </div>
      {open ? (
        <form
          className="form inline-form action-form"
          data-action-form={open}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(open);
          }}
        >
          <p className="small muted">{t(`caseOps.actionHelp.${open}`)}</p>
          {open === 'propose_close' ? (
            <>
              <SelectField label={t('fields.outcome')} name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} error={err('outcome')}>
                <option value="">{t('form.choose')}</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcomes.${o}`)}
                  </option>
                ))}
              </SelectField>
              {outcome === 'compensation' ? (
                <TextField label={t('fields.amountFen')} hint={t('caseOps.amountHint')} name="amount" inputMode="decimal" dir="ltr" value={amount} onChange={(e) => setAmount(e.target.value)} error={err('amountFen')} />
              ) : null}
            </>
          ) : null}
          {open === 'assign' ? (
            <SelectField label={t('fields.officerUserId')} hint={t('caseOps.assignHint')} name="officerUserId" value={officer} onChange={(e) => setOfficer(e.target.value)} error={err('officerUserId')}>
              <option value="">{t('form.choose')}</option>
              {(officers.data ?? [])
                .filter((o) => o.id !== c.officer?.userId)
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.id === user?.id ? ` (${t('caseOps.me')})` : ''}
                  </option>
                ))}
            </SelectField>
          ) : null}
          <TextAreaField
            label={t(`caseOps.noteFor.${open}`)}
            optional={open !== 'wait_worker' && open !== 'wait_party'}
            name="note"
            rows={3}
            maxLength={2000}
            value={note} dir={autoDir(note)}
            onChange={(e) => setNote(e.target.value)}
            error={err('note')}
          />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="action-submit">
              {t(`caseOps.action.${open}`)}
            </button>
            <button type="button" className="btn btn-secondary" onClick={reset}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** Triage: the priority, or a corrected category; the deadlines follow the new time limits at once. */
export function Triage({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [priority, setPriority] = useState(c.priority);
  const [category, setCategory] = useState(c.category);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // Another change to the case (or this save) brings the fields back in line with it.
  useEffect(() => {
    setPriority(c.priority);
    setCategory(c.category);
  }, [c.priority, c.category]);
  const changed = priority !== c.priority || category !== c.category;
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const body: Record<string, unknown> = { version: c.version };
      if (priority !== c.priority) body.priority = priority;
      if (category !== c.category) body.category = category;
      const r = await api<{ case: CaseDetail }>('PATCH', `/api/cases/${c.id}`, body);
      setSaved(true);
      onDone(r.case);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="add-panel triage" data-testid="triage">
      <summary>{t('caseOps.triageTitle')}</summary>
      <p className="small muted">{t('caseOps.triageHelp')}</p>
      <div className="filter-grid triage-grid">
        <SelectField label={t('fields.priority')} name="priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          {(['normal', 'high', 'urgent'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('fields.category')} name="triageCategory" value={category} onChange={(e) => setCategory(e.target.value)}>
          {CATEGORIES.map((k) => (
            <option key={k} value={k}>
              {t(`categories.${k}.name`)}
            </option>
          ))}
        </SelectField>
      </div>
      {saved ? (
        <Alert kind="success">
          <span data-testid="triage-saved">{t('caseOps.triageSaved')}</span>
        </Alert>
      ) : null}
      {error ? <Alert>{refusedText(t, error)}</Alert> : null}
      <button type="button" className="btn btn-secondary" disabled={busy || !changed} onClick={() => void save()}>
        {t('caseOps.triageSave')}
      </button>
    </details>
  );
}
