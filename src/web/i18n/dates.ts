// Dates as each language writes them, by hand rather than with Intl.DateTimeFormat: making the first Intl
// formatter loads the locale's data, which cost a slow phone ~150 ms in the middle of drawing a case's
// timeline. dates.test.ts checks every form against Intl's own output.

const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// As CLDR abbreviates them for en-GB (September is "Sept").
const MON_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const mon = (m: number) => MON_EN[m]!;

/** 2026年3月5日 · 5 March 2026 · 2026-03-05; with the time: 2026年3月5日 08:07 · 5 Mar 2026, 08:07 · 2026-03-05 08:07 (the device's time zone). */
export function formatDate(iso: string | null | undefined, l: string, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const [y, m, day, time] = [d.getFullYear(), d.getMonth(), d.getDate(), `${p2(d.getHours())}:${p2(d.getMinutes())}`];
  if (l === 'ug') {
    // Uyghur: the unambiguous numeric form.
    const ymd = `${y}-${p2(m + 1)}-${p2(day)}`;
    return withTime ? `${ymd} ${time}` : ymd;
  }
  if (l === 'en') return withTime ? `${day} ${mon(m)} ${y}, ${time}` : `${day} ${MONTHS_EN[m]} ${y}`;
  return withTime ? `${y}年${m + 1}月${day}日 ${time}` : `${y}年${m + 1}月${day}日`;
}

/** A calendar date (YYYY-MM-DD) without the year: 3月5日 · 5 Mar · 03-05. */
export function shortDate(date: string, l: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  if (l === 'ug') return date.slice(5);
  return l === 'en' ? `${d.getUTCDate()} ${mon(d.getUTCMonth())}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
