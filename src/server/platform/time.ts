/** Beijing time (UTC+8, no daylight saving): the calendar every date in the product is written in. */
export const BEIJING_OFFSET_MIN = 480;

/** The Beijing calendar day ('YYYY-MM-DD') of an instant in epoch milliseconds. */
export const beijingDay = (ms: number) => new Date(ms + BEIJING_OFFSET_MIN * 60_000).toISOString().slice(0, 10);
