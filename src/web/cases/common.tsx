import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import { formatDate } from '../i18n/index.ts';
import { Ltr } from '../components/ui.tsx';
import { fsi, ltr } from '../stations/common.tsx';
import { yuan } from '../stations/geo.ts';
import { EVIDENCE_ACCEPT, evidenceType, uploadEvidence, uploadProblem } from './outbox.ts';
import { FINISHED, PAUSED, type CaseDetail, type CaseFile, type Sla, type TimelineEntry } from './types.ts';

/** Badge colour by state: finished green or grey, waiting on the worker amber, overdue red. */
export function statusBadge(status: string): string {
  if (status === 'closed') return 'badge-ok';
  if (status === 'withdrawn') return 'badge-muted';
  if (status === 'waiting_worker' || status === 'proposed_closed') return 'badge-wait';
  if (status === 'appealed') return 'badge-bad';
  return 'badge-info';
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${statusBadge(status)}`} data-status={status}>
      {t(`caseStatus.${status}`, { defaultValue: status })}
    </span>
  );
}

/** A case number (WLMQ-WYC-2026-00001) or letter number, kept left to right. */
export const CaseNo = ({ no }: { no: string }) => (
  <bdi dir="ltr" className="case-no">
    {no}
  </bdi>
);

/** The top of a case page: the way back, the title, the state and the case number (plus any badges). */
export function CaseHeader({ c, back, backLabel, children }: { c: { title: string; status: string; caseNo: string }; back: string; backLabel: string; children?: ReactNode }) {
  return (
    <>
      <p className="back-link">
        <Link to={back}>{backLabel}</Link>
      </p>
      <h1 tabIndex={-1}>
        <bdi>{c.title}</bdi>
      </h1>
      <p className="case-meta">
        <StatusBadge status={c.status} /> <CaseNo no={c.caseNo} />
        {children}
      </p>
    </>
  );
}

/** A case in a list: its title (a link when the reader can open it), state, number and category. */
export function CaseCardHead({ c, to, children }: { c: { title: string; status: string; caseNo: string; category: string }; to?: string | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="item-head">
        <strong>
          {to ? (
            <Link to={to}>
              <bdi>{c.title}</bdi>
            </Link>
          ) : (
            <bdi>{c.title}</bdi>
          )}
        </strong>
        <StatusBadge status={c.status} />
      </div>
      <p className="small">
        <CaseNo no={c.caseNo} /> · {t(`categories.${c.category}.name`, { defaultValue: c.category })}
        {children}
      </p>
    </>
  );
}

export const When = ({ iso, time = true }: { iso: string | null | undefined; time?: boolean }) => {
  const { i18n } = useTranslation();
  return iso ? <Ltr>{formatDate(iso, i18n.language, time)}</Ltr> : null;
};

/** "¥200.00" from fen; an amount in a sentence stays left to right. */
export const amountText = (fen: number) => ltr(yuan(fen));

export function outcomeText(t: TFunction, o: { outcome: string; amountFen: number | null } | null): string {
  if (!o) return '';
  const name = t(`outcomes.${o.outcome}`, { defaultValue: o.outcome });
  return o.outcome === 'compensation' && o.amountFen !== null ? `${name} · ${amountText(o.amountFen)}` : name;
}

/** Escalation along the chain: 1 the union chair, 2 the federation. */
export function EscalationBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <span className="badge badge-bad" data-escalation={level}>
      {t(level >= 2 ? 'cases.escalatedFederation' : 'cases.escalatedChair')}
    </span>
  );
}

/**
 * The deadline that matters now: the first answer while nobody has answered, else the resolution; a
 * paused clock says whom the case waits for. Overdue reads red.
 */
export function Deadline({ sla, status, audience }: { sla: Sla; status: string; audience: 'worker' | 'staff' }) {
  const { t } = useTranslation();
  if (FINISHED.includes(status)) return null;
  // The worker's answer panel says it all when a closure is proposed.
  if (status === 'proposed_closed' && audience === 'worker') return null;
  if (PAUSED.includes(status)) {
    return (
      <p className="deadline is-paused" data-testid="deadline">
        {t(`${audience === 'staff' ? 'caseOps' : 'cases'}.paused.${status}`, { defaultValue: t('cases.pausedGeneric') })}
      </p>
    );
  }
  const firstPending = !sla.firstResponseAt && !!sla.firstResponseDue;
  const due = firstPending ? sla.firstResponseDue : sla.resolutionDue;
  if (!due) return null;
  const overdue = Date.parse(due) < Date.now();
  const key = firstPending ? (audience === 'worker' ? 'cases.dueFirstWorker' : 'cases.dueFirst') : audience === 'worker' ? 'cases.dueResolveWorker' : 'cases.dueResolve';
  return (
    <p className={`deadline${overdue ? ' is-overdue' : ''}`} data-testid="deadline" data-overdue={overdue}>
      <span>{t(key)}</span> <When iso={due} />
      {overdue ? <span className="badge badge-bad">{t('cases.overdue')}</span> : null}
    </p>
  );
}

// ---- the timeline -----------------------------------------------------------------------------------

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** One step of the timeline in the reader's words. */
export function eventText(t: TFunction, e: TimelineEntry, audience: 'worker' | 'staff' | 'lawyer', lang: string): string {
  const d = e.data;
  const date = (v: unknown) => ltr(formatDate(str(v), lang));
  if (e.kind.startsWith('status_')) {
    const action = str(d.action);
    if (action === 'propose_close') {
      const o = { outcome: str(d.outcome), amountFen: typeof d.amountFen === 'number' ? d.amountFen : null };
      return t('cases.event.propose_close', { outcome: outcomeText(t, o) });
    }
    if (action === 'confirm' && typeof d.rating === 'number') return t('cases.event.confirmRated', { rating: ltr(d.rating) });
    if (action) return t(`cases.event.${action}`, { defaultValue: t('cases.event.status', { status: t(`caseStatus.${str(d.to)}`, { defaultValue: str(d.to) }) }) });
    return t('cases.event.status', { status: t(`caseStatus.${e.kind.slice(7)}`, { defaultValue: e.kind.slice(7) }) });
  }
  switch (e.kind) {
    case 'filed':
      return t('cases.event.filed');
    case 'officer_assigned':
      return d.by === 'sweep' ? t('cases.event.assignedChair') : t('cases.event.officer_assigned');
    case 'message': {
      if (e.actor === 'worker') return audience === 'worker' ? t('cases.event.messageYou') : t('cases.event.messageWorker');
      return audience === 'worker' || !e.actorName ? t('cases.event.messageUnion') : t('cases.event.messageFrom', { name: fsi(e.actorName) });
    }
    case 'note':
      return t('cases.event.note', { name: fsi(e.actorName ?? '') });
    case 'file_added':
      return t('cases.event.file_added', { name: fsi(str(d.name)) });
    case 'letter_drafted':
      return t('cases.event.letter_drafted', { recipient: fsi(str(d.recipient)) });
    case 'letter_sent':
      return t('cases.event.letter_sent', { recipient: fsi(str(d.recipient)) });
    case 'letter_reply':
      return t('cases.event.letter_reply', { recipient: fsi(str(d.recipient)) });
    case 'consultation_held':
      return t('cases.event.consultation_held', { date: date(d.heldOn) });
    case 'meeting_held':
      return t('cases.event.meeting_held', { date: date(d.heldOn) });
    case 'lawyer_assigned':
      return t('cases.event.lawyer_assigned');
    case 'lawyer_removed':
      return t('cases.event.lawyer_removed');
    case 'lawyer_note':
      return t('cases.event.lawyer_note');
    case 'court':
      return t('cases.event.court', { status: t(`courtStatus.${str(d.status)}`, { defaultValue: str(d.status) }), date: date(d.onDate) });
    case 'linked_systemic':
      return t('cases.event.linked_systemic', { title: fsi(str(d.title)) });
    case 'rule_changed':
      return t('cases.event.rule_changed', { by: fsi(str(d.changedBy)), date: date(d.effectiveOn) });
    case 'escalated':
      return t(Number(d.level) >= 2 ? 'cases.event.escalatedFederation' : 'cases.event.escalatedChair');
    default:
      return t('cases.event.other');
  }
}

/** The case's steps, oldest first. Staff see internal entries marked; the worker never receives them. */
export function Timeline({ entries, audience }: { entries: TimelineEntry[]; audience: 'worker' | 'staff' | 'lawyer' }) {
  const { t, i18n } = useTranslation();
  if (!entries.length) return <p className="muted">{t('cases.noTimeline')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e) => {
        const internal = e.visibility === 'internal';
        const legal = e.visibility === 'lawyer';
        return (
          <li key={e.id} className={`tl-item tl-${e.actor}${internal ? ' is-internal' : ''}${legal ? ' is-legal' : ''}`} data-kind={e.kind} data-visibility={e.visibility}>
            <p className="tl-head">
              <strong>{eventText(t, e, audience, i18n.language)}</strong>
              {internal ? <span className="badge badge-muted">{t('cases.internal')}</span> : null}
              {legal ? <span className="badge badge-muted">{t('cases.confidential')}</span> : null}
            </p>
            {e.body ? <p dir="auto" className="prewrap tl-body">{e.body}</p> : null}
            <p className="small muted tl-meta">
              <When iso={e.at} />
              {typeof e.data.letterNo === 'string' ? (
                <>
                  {' · '}
                  <CaseNo no={e.data.letterNo} />
                </>
              ) : null}
              {audience !== 'worker' && e.actorName && e.kind !== 'note' && !e.kind.startsWith('message') ? (
                <>
                  {' · '}
                  <bdi>{e.actorName}</bdi>
                </>
              ) : null}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

// ---- files ------------------------------------------------------------------------------------------

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
export const FileSize = ({ bytes }: { bytes: number }) => <Ltr>{kb(bytes)}</Ltr>;

export function FileLinks({ caseId, files }: { caseId: string; files: CaseFile[] }) {
  const { t } = useTranslation();
  if (!files.length) return <p className="muted small">{t('cases.noFiles')}</p>;
  return (
    <ul className="file-list" data-testid="case-files">
      {files.map((f) => (
        <li key={f.id} data-file-id={f.id}>
          <a href={`/api/cases/${caseId}/files/${f.id}`} target="_blank" rel="noopener">
            <bdi>{f.name}</bdi>
          </a>{' '}
          <span className="small muted">
            <FileSize bytes={f.size} /> · {t(`fileKinds.${f.kind}`, { defaultValue: f.kind })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Why a file was not attached, in the reader's language (413 too_large, 415 unsupported_type…). */
export function fileProblem(t: TFunction, code: string | undefined): string {
  return t(`cases.fileError.${code ?? 'internal'}`, { defaultValue: t('cases.fileError.internal') });
}

type Picked = { key: string; name: string; size: number; state: 'sending' | 'sent' | 'failed'; error?: string };

/** Pick photos or PDFs on the phone and attach each to the case; each file shows its own result. */
export function EvidencePicker({ caseId, onAdded, label, kind = 'evidence' }: { caseId: string; onAdded: () => void; label?: ReactNode; kind?: 'evidence' | 'court' }) {
  const { t } = useTranslation();
  const id = useId();
  const [picked, setPicked] = useState<Picked[]>([]);
  const add = async (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    if (!chosen.length) return;
    const rows: Picked[] = chosen.map((f, i) => ({ key: `${Date.now()}-${i}`, name: f.name, size: f.size, state: 'sending' }));
    setPicked((p) => [...rows, ...p]);
    let any = false;
    for (const [i, f] of chosen.entries()) {
      const key = rows[i]!.key;
      let next: Partial<Picked>;
      const type = f.size ? await evidenceType(f) : null;
      if (f.size === 0) next = { state: 'failed', error: 'empty' };
      else if (!type) next = { state: 'failed', error: 'unsupported_type' };
      else {
        try {
          await uploadEvidence(caseId, f, f.name, kind, type);
          next = { state: 'sent' };
          any = true;
        } catch (err) {
          next = { state: 'failed', error: uploadProblem(err) };
        }
      }
      setPicked((p) => p.map((x) => (x.key === key ? { ...x, ...next } : x)));
    }
    if (any) onAdded();
  };
  return (
    <div className="evidence-picker">
      <label htmlFor={id} className="btn btn-secondary btn-block file-button">
        {label ?? t('cases.addEvidence')}
      </label>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        name="evidence"
        multiple
        accept={EVIDENCE_ACCEPT}
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      <p className="hint small">{t('cases.evidenceHint')}</p>
      {picked.length ? (
        <ul className="file-list" data-testid="upload-results" aria-live="polite">
          {picked.map((p) => (
            <li key={p.key} data-state={p.state} className={p.state === 'failed' ? 'is-failed' : ''}>
              <bdi>{p.name}</bdi> <span className="small muted">
                <FileSize bytes={p.size} />
              </span>{' '}
              {p.state === 'sending' ? <span className="badge badge-wait">{t('cases.fileSending')}</span> : null}
              {p.state === 'sent' ? <span className="badge badge-ok">{t('cases.fileSent')}</span> : null}
              {p.state === 'failed' ? <span className="field-error file-error">{fileProblem(t, p.error)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** 1–5 as five large radio buttons (thumb-sized), with the meaning of the low end explained. */
export function RatingInput({ value, onChange, name = 'rating' }: { value: number | null; onChange: (n: number) => void; name?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field choices rating">
      <legend>{t('cases.rateLegend')}</legend>
      <div className="rating-row">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={`rating-star${value !== null && n <= value ? ' is-on' : ''}`}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} aria-label={t('cases.rateN', { n })} />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </div>
      <p className="hint">{value ? t(`cases.rating.${value}`) : t('cases.rateHint')}</p>
    </fieldset>
  );
}

/** Whether the case is one the reader may still write on. */
export const isOpen = (c: Pick<CaseDetail, 'status'>) => !FINISHED.includes(c.status);

/**
 * The direction of a free-text field: its own text's (Chinese typed on a Uyghur page stays left to
 * right, with its full stop at the end), and the page's while it is empty so the caret starts on the
 * reader's side.
 */
export const autoDir = (value: string) => (value.trim() ? 'auto' : undefined);
