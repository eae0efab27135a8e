// Shared by the registry and rules pages: the rule-class badge, a rule's value, refusals in the reader's language.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api.ts';
import { errorMessage } from '../../errors.ts';
import { Ltr } from '../../components/ui.tsx';
import './oversight.css';

/** A server code in the reader's language: the registry's own texts first, then the generic field text. */
export function problemText(t: TFunction, code: string, field?: string) {
  const f = field ? t(`oversightRegistry.field.${field}`, { defaultValue: field }) : '';
  return t(`oversightRegistry.reason.${code}`, { field: f, defaultValue: t('oversightRegistry.reason.invalid_value', { field: f }) });
}
/** A refused request: its field issues if it has any, else the banner text. */
export function refusalText(t: TFunction, err: unknown) {
  if (err instanceof ApiError && err.details.length) return err.details.map((d) => problemText(t, d.code, d.path)).join(' ');
  return errorMessage(t, err);
}

export function ClassBadge({ cls }: { cls: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ovs-class ovs-class-${cls.toLowerCase()}`} title={t(`oversightRegistry.classHelp.${cls}`, { defaultValue: cls })}>
      {t(`oversightRegistry.class.${cls}`, { defaultValue: cls })}
    </span>
  );
}

/** A rule's value as people read it: ratios as percentages, fen as yuan. */
const iso = (v: string | number) => `\u2066${v}\u2069`;

export function RuleValue({ value, unit }: { value: number; unit: string }) {
  const { t } = useTranslation();
  const text =
    unit === 'ratio'
      ? `${Math.round(value * 10_000) / 100}%`
      : unit === 'fen/h'
        ? t('oversightRegistry.unit.yuanPerHour', { value: iso((value / 100).toFixed(2)) })
        : t(`oversightRegistry.unit.${unit.replace('/', '_')}`, { value: iso(value), defaultValue: `${value} ${unit}` });
  // The number keeps left-to-right inside a Uyghur phrase; the phrase itself follows the page.
  return <strong className="nowrap">{unit === 'ratio' ? <Ltr>{text}</Ltr> : text}</strong>;
}
