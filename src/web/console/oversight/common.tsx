import { useTranslation } from 'react-i18next';
import { useReference } from '../../data.ts';
import { nameOf } from '../../i18n/index.ts';
import { Ltr } from '../../components/ui.tsx';
import type { Cell, IndicatorId, PrincipleStatus } from './types.ts';
import './oversight.css';

/** A platform's name in the reader's language (the reference list), else the registry's name, else its code. */
export function usePlatformName() {
  const { i18n, t } = useTranslation();
  const ref = useReference();
  return (code: string, fallback?: string) => {
    if (code === '' || code === 'cross') return t('oversight.crossPlatform');
    const p = ref.data?.platforms.find((x) => x.code === code);
    return p ? nameOf(p, i18n.language) : (fallback ?? code);
  };
}

/** The indicator's code and name: "R1 连续工作超过 4 小时". */
export function IndicatorName({ id, short }: { id: IndicatorId | string; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="ovs-ind">
      <Ltr>
        <code>{id}</code>
      </Ltr>{' '}
      {t(`oversight.ind.${id}.${short ? 'short' : 'name'}`, { defaultValue: id })}
    </span>
  );
}

/** A count with its rate; null (suppressed for analysts) reads "<5". */
export function CellText({ c, unit, min }: { c: Cell; unit: 'per_1000_orders' | 'per_100_drivers'; min?: number | null }) {
  const { t } = useTranslation();
  if (c.count === null) {
    return (
      <span className="suppressed" data-suppressed="true" title={t('aggregates.suppressedTitle', { min: min ?? 5 })}>
        <bdi>{t('aggregates.suppressed', { min: min ?? 5 })}</bdi>
      </span>
    );
  }
  return (
    <>
      <strong>
        <Ltr>{c.count}</Ltr>
      </strong>
      <span className="small muted ovs-rate">
        {' '}
        <Ltr>{c.rate === null ? '–' : c.rate}</Ltr> {t(`oversight.rateUnit.${unit}`)}
      </span>
    </>
  );
}

export function PrincipleBadge({ status }: { status: PrincipleStatus }) {
  const { t } = useTranslation();
  const cls = status === 'met' ? 'badge-ok' : status === 'partly' ? 'badge-wait' : status === 'not_met' ? 'badge-bad' : 'badge-muted';
  return (
    <span className={`badge ${cls}`} data-status={status}>
      {t(`oversight.status.${status}`)}
    </span>
  );
}

/** A rule's class as a badge: LEGAL, POLICY, PLATFORM, LOCAL, DRAFT. */
export function RuleClass({ c }: { c: string | null }) {
  const { t } = useTranslation();
  if (!c) return null;
  return (
    <span className={`badge ovs-class ovs-class-${c.toLowerCase()}`} title={t(`oversight.ruleClass.${c}`, { defaultValue: c })}>
      {t(`oversight.ruleClass.${c}`, { defaultValue: c })}
    </span>
  );
}
