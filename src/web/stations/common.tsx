import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { Ltr } from '../components/ui.tsx';
import { distanceParts, yuan } from './geo.ts';
import { Icon } from './icons.tsx';
import { shortDate } from '../i18n/dates.ts';

// ---- numbers, times and prices stay left to right inside Uyghur sentences ----

const mark = (name: string) => `\u0001${name}\u0002`;
/** Placeholders for `t(key, marks('time'))`; `withLtr` then puts each value in a <bdi dir="ltr">. */
export const marks = (...names: string[]) => Object.fromEntries(names.map((n) => [n, mark(n)]));

export function withLtr(text: string, values: Record<string, ReactNode>): ReactNode {
  const parts = text.split(/\u0001(\w+)\u0002/);
  return parts.map((p, i) =>
    i % 2 === 1 ? (
      <bdi dir="ltr" key={i}>
        {values[p]}
      </bdi>
    ) : (
      p
    ),
  );
}

export function Distance({ m }: { m: number }) {
  const { t } = useTranslation();
  const d = distanceParts(m);
  return (
    <span className="distance">
      <Ltr>{d.value}</Ltr> {d.unit === 'm' ? t('units.m') : t('units.km')}
    </span>
  );
}

export const Money = ({ fen }: { fen: number }) => <Ltr>{yuan(fen)}</Ltr>;

export function OpenBadge({ open }: { open: boolean }) {
  const { t } = useTranslation();
  return <span className={`badge ${open ? 'badge-ok' : 'badge-muted'}`}>{open ? t('stations.openNow') : t('stations.closedNow')}</span>;
}

/** Amenity or service codes as icon + label; unknown codes (a newer server) show their label only. */
export function FeatureList({ codes, kind, className = '' }: { codes: string[]; kind: 'amenity' | 'service'; className?: string }) {
  const { t } = useTranslation();
  if (!codes.length) return null;
  return (
    <ul className={`feature-chips ${className}`}>
      {codes.map((c) => (
        <li key={c} data-code={c}>
          <Icon name={c} size={20} />
          <span>{t(`${kind}.${c}`, { defaultValue: c })}</span>
        </li>
      ))}
    </ul>
  );
}

/** "Today", "Tomorrow", else the weekday; with the date. */
export function DayLabel({ date, today }: { date: string; today: string }) {
  const { t, i18n } = useTranslation();
  const wd = isoWeekday(date);
  const rel = date === today ? t('day.today') : date === addDay(today) ? t('day.tomorrow') : t(`weekdays.${wd}`);
  return (
    <>
      {rel} <Ltr>{shortDate(date, i18n.language)}</Ltr>
    </>
  );
}

const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export { shortDate };

/** The first field code of a failed request (`sold_out`, `slot_taken`…). */
export const detailCode = (err: unknown): string | undefined => (err instanceof ApiError ? err.details[0]?.code : undefined);
export const statusOf = (err: unknown): number | undefined => (err instanceof ApiError ? err.status : undefined);

/** A value inside an interpolated sentence, isolated left to right (the string form of <bdi dir="ltr">). */
export const ltr = (v: string | number) => `\u2066${v}\u2069`;
/** A name inside an interpolated sentence: isolated, direction from its first letter (Chinese or Uyghur). */
export const fsi = (v: string) => `\u2068${v}\u2069`;
