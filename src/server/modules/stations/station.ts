/** Warm stations (暖"新"驿站): amenities, services and opening hours. Pure rules, no I/O. */

export const amenities = [
  'hot_water',
  'drinking_water',
  'phone_charging',
  'ebike_charging',
  'microwave',
  'fridge',
  'toilet',
  'seating',
  'air_pump',
  'repair_tools',
  'first_aid',
  'umbrellas',
  'wifi',
  'heating',
  'cooling',
] as const;
export type Amenity = (typeof amenities)[number];

export const services = ['meals', 'child_classroom', 'legal_consultation', 'health_check', 'donation_point', 'lending'] as const;
export type Service = (typeof services)[number];

export const operatorKinds = ['community', 'union', 'platform', 'other'] as const;

/** Bit masks make the filter of a nearest-station query one AND per candidate. */
export const maskOf = <T extends string>(all: readonly T[], some: readonly T[]) =>
  some.reduce((m, x) => m | (1 << all.indexOf(x)), 0);
export const namesOf = <T extends string>(all: readonly T[], mask: number) => all.filter((_, i) => mask & (1 << i));

/** Minutes since midnight for "HH:MM"; "24:00" is the end of the day. */
export function parseTime(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}
export const formatTime = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export type Range = { opens: number; closes: number };
/** weekday 1 = Monday … 7 = Sunday (ISO 8601). */
export type WeeklyHours = { weekday: number; opens: string; closes: string }[];
export type HourProblem = { index: number; code: 'invalid_time' | 'ends_before_start' | 'overlap'; message: string };

/** Checks a week of opening hours: valid times, each range ends after it starts, no overlaps in a day. */
export function checkHours(hours: { opens: string; closes: string; weekday?: number; date?: string }[]): HourProblem[] {
  const problems: HourProblem[] = [];
  const byDay = new Map<string, { index: number; r: Range }[]>();
  hours.forEach((h, index) => {
    const opens = parseTime(h.opens);
    const closes = parseTime(h.closes);
    if (opens === null || closes === null || opens === 1440) {
      problems.push({ index, code: 'invalid_time', message: 'Times are HH:MM between 00:00 and 24:00' });
      return;
    }
    if (closes <= opens) {
      problems.push({ index, code: 'ends_before_start', message: `Closes (${h.closes}) must be after opens (${h.opens}); split a night across two days` });
      return;
    }
    const day = String(h.weekday ?? h.date);
    const list = byDay.get(day) ?? [];
    for (const other of list) {
      if (opens < other.r.closes && other.r.opens < closes) {
        problems.push({ index, code: 'overlap', message: `Overlaps range ${other.index + 1} on the same day` });
      }
    }
    list.push({ index, r: { opens, closes } });
    byDay.set(day, list);
  });
  return problems;
}

/** Compact form for fast checks: ranges per ISO weekday (index 1..7). */
export function compileWeek(hours: WeeklyHours): Range[][] {
  const week: Range[][] = Array.from({ length: 8 }, () => []);
  for (const h of hours) week[h.weekday]!.push({ opens: parseTime(h.opens)!, closes: parseTime(h.closes)! });
  for (const d of week) d.sort((a, b) => a.opens - b.opens);
  return week;
}

export type Exception = { date: string; closed: boolean; ranges: Range[]; note: string };
export type Schedule = { is24h: boolean; week: Range[][]; exceptions: Map<string, Exception>; utcOffsetMin: number };

/** The station's local date, ISO weekday and minute of day at `nowMs`. China has no daylight saving. */
export function localClock(nowMs: number, utcOffsetMin: number) {
  const d = new Date(nowMs + utcOffsetMin * 60_000);
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return { date: d.toISOString().slice(0, 10), weekday, minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** The ranges that apply on a local date: an exception (holiday hours or closure) wins over the week. */
export function rangesOn(s: Schedule, date: string, weekday: number): Range[] {
  if (s.is24h) return s.exceptions.get(date)?.closed ? [] : [{ opens: 0, closes: 1440 }];
  const ex = s.exceptions.get(date);
  if (ex) return ex.closed ? [] : ex.ranges;
  return s.week[weekday] ?? [];
}

export type Clock = ReturnType<typeof localClock>;

export function isOpenAt(s: Schedule, nowMs: number): boolean {
  return isOpenOn(s, localClock(nowMs, s.utcOffsetMin));
}

/** For many stations at one moment: the caller computes the clock once per UTC offset. */
export function isOpenOn(s: Schedule, c: Clock): boolean {
  if (s.is24h && s.exceptions.size === 0) return true;
  const ranges = s.exceptions.size ? rangesOn(s, c.date, c.weekday) : s.week[c.weekday]!;
  for (const r of ranges) if (c.minute >= r.opens && c.minute < r.closes) return true;
  return false;
}

/** Today's status for the station page: open now, until when, or when it opens next today. */
export function todayStatus(s: Schedule, nowMs: number) {
  const c = localClock(nowMs, s.utcOffsetMin);
  const ranges = rangesOn(s, c.date, c.weekday);
  const current = ranges.find((r) => c.minute >= r.opens && c.minute < r.closes);
  const next = ranges.find((r) => r.opens > c.minute);
  return {
    date: c.date,
    openNow: !!current,
    closesAt: current ? formatTime(current.closes) : null,
    opensAt: !current && next ? formatTime(next.opens) : null,
    ranges: ranges.map((r) => ({ opens: formatTime(r.opens), closes: formatTime(r.closes) })),
    exception: s.exceptions.get(c.date)?.note ?? null,
  };
}
