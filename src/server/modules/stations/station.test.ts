import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHours, compileWeek, isOpenAt, localClock, maskOf, namesOf, amenities, todayStatus, type Schedule } from './station.js';

test('opening hours: invalid times, ranges ending before they start, overlaps', () => {
  assert.deepEqual(checkHours([{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '14:00', closes: '22:00' }]), []);
  assert.deepEqual(checkHours([{ weekday: 1, opens: '08:00', closes: '24:00' }]), [], '24:00 is the end of the day');
  const cases: [object[], string][] = [
    [[{ weekday: 1, opens: '8:00', closes: '12:00' }], 'invalid_time'],
    [[{ weekday: 1, opens: '25:00', closes: '26:00' }], 'invalid_time'],
    [[{ weekday: 1, opens: '24:00', closes: '24:00' }], 'invalid_time'],
    [[{ weekday: 1, opens: '22:00', closes: '06:00' }], 'ends_before_start'],
    [[{ weekday: 1, opens: '10:00', closes: '10:00' }], 'ends_before_start'],
    [[{ weekday: 2, opens: '08:00', closes: '12:00' }, { weekday: 2, opens: '11:59', closes: '13:00' }], 'overlap'],
  ];
  for (const [hours, code] of cases) assert.equal(checkHours(hours as never)[0]?.code, code, JSON.stringify(hours));
  assert.deepEqual(checkHours([{ weekday: 2, opens: '08:00', closes: '12:00' }, { weekday: 3, opens: '11:00', closes: '13:00' }]), [], 'different days do not overlap');
});

test('local clock: Beijing time, ISO weekday', () => {
  // 2026-11-29 is a Sunday; 04:30Z is 12:30 in Beijing.
  assert.deepEqual(localClock(Date.parse('2026-11-29T04:30:00Z'), 480), { date: '2026-11-29', weekday: 7, minute: 750 });
  // 17:00Z on Sunday is 01:00 Monday in Beijing.
  assert.deepEqual(localClock(Date.parse('2026-11-29T17:00:00Z'), 480), { date: '2026-11-30', weekday: 1, minute: 60 });
});

test('open now: weekly hours, closures and holiday hours, 24-hour stations', () => {
  const s: Schedule = {
    is24h: false,
    utcOffsetMin: 480,
    week: compileWeek([
      { weekday: 7, opens: '09:00', closes: '12:00' },
      { weekday: 7, opens: '13:00', closes: '22:00' },
    ]),
    exceptions: new Map(),
  };
  const at = (iso: string) => Date.parse(iso);
  assert.equal(isOpenAt(s, at('2026-11-29T04:30:00Z')), false, '12:30 is the lunch break');
  assert.equal(isOpenAt(s, at('2026-11-29T05:00:00Z')), true, '13:00 opens');
  assert.equal(isOpenAt(s, at('2026-11-29T14:00:00Z')), false, '22:00 closed (end is exclusive)');
  assert.deepEqual(todayStatus(s, at('2026-11-29T04:30:00Z')), {
    date: '2026-11-29',
    openNow: false,
    closesAt: null,
    opensAt: '13:00',
    ranges: [
      { opens: '09:00', closes: '12:00' },
      { opens: '13:00', closes: '22:00' },
    ],
    exception: null,
  });
  s.exceptions.set('2026-11-29', { date: '2026-11-29', closed: true, ranges: [], note: '设备检修' });
  assert.equal(isOpenAt(s, at('2026-11-29T05:00:00Z')), false, 'closed for the day');
  assert.equal(todayStatus(s, at('2026-11-29T05:00:00Z')).exception, '设备检修');
  const allDay: Schedule = { is24h: true, utcOffsetMin: 480, week: compileWeek([]), exceptions: new Map() };
  assert.equal(isOpenAt(allDay, at('2026-11-29T19:00:00Z')), true);
});

test('amenity masks round-trip', () => {
  const m = maskOf(amenities, ['umbrellas', 'hot_water', 'air_pump']);
  assert.deepEqual(namesOf(amenities, m), ['hot_water', 'air_pump', 'umbrellas']);
  assert.equal(m & maskOf(amenities, ['umbrellas']), maskOf(amenities, ['umbrellas']));
});
