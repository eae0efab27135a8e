// Pieces the worker's and the console's job pages share: money in yuan, reasons and stages in words.
import type { TFunction } from 'i18next';
import i18n from '../i18n/index.ts';
import { ApiError } from '../api.ts';
import { fieldMessage } from '../errors.ts';
import { Ltr } from '../components/ui.tsx';
import type { CandidateStage, MatchReason } from '../../shared/jobs.ts';
import './jobs.css';

export const yuanText = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
/** "4000" or "4000.5" (yuan) → fen, or null when not a sum of money. */
export const toFen = (s: string): number | null => {
  const v = s.trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(v)) return null;
  return Math.round(Number(v) * 100);
};

export function reasonText(t: TFunction, r: MatchReason): string {
  switch (r.code) {
    case 'linked_cohort':
      return t('jobs.reasons.linked_cohort');
    case 'certificate':
      if (r.level === null) return t('jobs.reasons.certificate_none');
      return r.ok ? t('jobs.reasons.certificate_ok', { level: r.level }) : t('jobs.reasons.certificate_low', { level: r.level, want: r.want ?? r.level });
    case 'skills':
      return t('jobs.reasons.skills', { have: r.have, want: r.want });
    case 'place':
      return t(`jobs.reasons.place_${r.where}`);
    case 'position':
      return t(r.ok ? 'jobs.reasons.position_ok' : 'jobs.reasons.position_no');
    case 'pay':
      return t(r.ok ? 'jobs.reasons.pay_ok' : 'jobs.reasons.pay_no');
    default:
      return '';
  }
}

const good = (r: MatchReason) =>
  r.code === 'linked_cohort' ||
  (r.code === 'certificate' && r.ok) ||
  (r.code === 'skills' && r.have > 0 && r.have >= r.want / 2) ||
  (r.code === 'place' && r.where !== 'elsewhere') ||
  ((r.code === 'position' || r.code === 'pay') && r.ok);

export function Reasons({ t, reasons }: { t: TFunction; reasons: MatchReason[] }) {
  return (
    <ul className="jb-reasons" data-testid="reasons">
      {reasons.map((r, i) => (
        <li key={i} className={good(r) ? 'is-good' : 'is-weak'} data-code={r.code}>
          {reasonText(t, r)}
        </li>
      ))}
    </ul>
  );
}

const stageClass: Record<CandidateStage, string> = { recommended: 'badge-wait', interviewing: 'badge-wait', hired: 'badge-ok', declined: 'badge-bad', withdrawn: 'badge-muted' };
export const StageBadge = ({ t, stage }: { t: TFunction; stage: CandidateStage }) => (
  <span className={`badge ${stageClass[stage]}`} data-stage={stage}>
    {t(`jobs.stages.${stage}`)}
  </span>
);

/** A pay range; the numbers are isolated left-to-right so a Uyghur line does not reverse them. */
export const PayRange = ({ t, min, max }: { t: TFunction; min: number; max: number }) => <span>{t('jobs.pay', { range: `\u2066${yuanText(min)}–${yuanText(max)}\u2069` })}</span>;

export const LtrNum = ({ children }: { children: string | number }) => <Ltr>{children}</Ltr>;

/** Field problems from the server in this area's words, falling back to the shared ones. */
export function jobFieldErrors(t: TFunction, err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const d of err.details) {
    if (out[d.path]) continue;
    out[d.path] = i18n.exists(`jobs.err.${d.code}`) ? t(`jobs.err.${d.code}`) : fieldMessage(t, d);
  }
  return out;
}
