import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, shortDate } from './dates.ts';

// The hand-written forms must read exactly as Intl writes them (what the app showed before).
const intl = (locale: string, opts: Intl.DateTimeFormatOptions, d: Date) => new Intl.DateTimeFormat(locale, opts).format(d);
const withTime: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const dateOnly: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

test('dates read as Intl writes them in Chinese and English, and numerically in Uyghur', () => {
  // Every month, days 1 and 28, morning and evening, across two years.
  for (let i = 0; i < 24 * 4; i++) {
    const d = new Date(2025, Math.floor(i / 4), i % 2 ? 28 : 1, i % 4 < 2 ? 0 : 21, (i * 7) % 60);
    const iso = d.toISOString();
    assert.equal(formatDate(iso, 'zh'), intl('zh-CN', dateOnly, d), iso);
    assert.equal(formatDate(iso, 'en'), intl('en-GB', dateOnly, d), iso);
    assert.equal(formatDate(iso, 'zh', true), intl('zh-CN', withTime, d), iso);
    assert.equal(formatDate(iso, 'en', true), intl('en-GB', withTime, d), iso);
    const ymd = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    assert.equal(formatDate(iso, 'ug'), ymd);
    assert.match(formatDate(iso, 'ug', true), new RegExp(`^${ymd} \\d\\d:\\d\\d$`));
    assert.equal(shortDate(ymd, 'zh'), intl('zh-CN', { month: 'long', day: 'numeric', timeZone: 'UTC' }, new Date(`${ymd}T00:00:00Z`)));
    assert.equal(shortDate(ymd, 'en'), intl('en-GB', { month: 'short', day: 'numeric', timeZone: 'UTC' }, new Date(`${ymd}T00:00:00Z`)));
    assert.equal(shortDate(ymd, 'ug'), ymd.slice(5));
  }
  assert.equal(formatDate(null, 'zh'), '');
  assert.equal(formatDate('not a date', 'en'), 'not a date');
  assert.equal(shortDate('2026-13-45', 'zh'), '2026-13-45');
});
