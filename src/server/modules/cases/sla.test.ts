import test from 'node:test';
import assert from 'node:assert/strict';
import { addCounted, counted, deadlines, emptyCalendar, escalationLevel, HOUR, isWorkingDay, pause, remaining, resume, type Calendar, type Clock } from './sla.js';

// Beijing time helper: '2026-12-01 09:00' → epoch ms.
const bj = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const cal: Calendar = { ...emptyCalendar(), holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), workdays: new Set(['2026-10-10']) };
const budget = { firstResponseHours: 24, resolutionHours: 7 * 24 };
const clock = (submittedAt: number): Clock => ({ submittedAt, pausedCountedMs: 0, pausedSince: null, firstResponseAt: null, resolvedAt: null });

test('working days: weekends and holidays do not count; a 调休 Saturday does', () => {
  assert.equal(isWorkingDay(cal, '2026-12-01'), true); // Tuesday
  assert.equal(isWorkingDay(cal, '2026-12-05'), false); // Saturday
  assert.equal(isWorkingDay(cal, '2026-10-01'), false); // National Day
  assert.equal(isWorkingDay(cal, '2026-10-10'), true); // Saturday made a working day
  // Friday 18:00 → Monday 18:00 counts only Friday's 6 h and Monday's 18 h.
  assert.equal(counted(cal, bj('2026-12-04 18:00'), bj('2026-12-07 18:00')), 24 * HOUR);
});

test('a 24 h first response filed on Friday evening is due on Monday evening; over a holiday it moves past it', () => {
  assert.equal(addCounted(cal, bj('2026-12-04 18:00'), 24 * HOUR), bj('2026-12-07 18:00'));
  // Filed Wednesday 30 Sep 10:00; 1–2 Oct holidays, 3–4 weekend, 5 Oct holiday: due Tuesday 6 Oct 10:00.
  assert.equal(addCounted(cal, bj('2026-09-30 10:00'), 24 * HOUR), bj('2026-10-06 10:00'));
  // Filed on a Saturday: the clock starts on Monday.
  assert.equal(addCounted(cal, bj('2026-12-05 15:00'), 24 * HOUR), bj('2026-12-08 00:00'));
  // Inverse of counted.
  const from = bj('2026-11-27 13:37');
  assert.equal(counted(cal, from, addCounted(cal, from, 100 * HOUR)), 100 * HOUR);
});

test('a pause stops the clock and moves the deadline by the counted time paused', () => {
  let c = clock(bj('2026-12-01 09:00')); // Tuesday
  assert.equal(deadlines(cal, c, budget).resolutionDue, bj('2026-12-10 09:00'));
  c = pause(c, bj('2026-12-02 09:00')); // wait for the worker on Wednesday
  assert.deepEqual(deadlines(cal, c, budget), { firstResponseDue: null, resolutionDue: null });
  const leftWhilePaused = remaining(cal, c, budget, bj('2026-12-09 09:00')).resolutionLeftMs;
  assert.equal(leftWhilePaused, 6 * 24 * HOUR, 'a paused case does not lose time');
  c = resume(cal, c, bj('2026-12-04 09:00')); // the worker answers on Friday: two working days paused
  assert.equal(c.pausedCountedMs, 48 * HOUR);
  assert.equal(deadlines(cal, c, budget).resolutionDue, bj('2026-12-14 09:00'));
  // A weekend pause costs nothing.
  let w = clock(bj('2026-12-01 09:00'));
  w = resume(cal, pause(w, bj('2026-12-05 10:00')), bj('2026-12-06 22:00'));
  assert.equal(w.pausedCountedMs, 0);
});

test('escalation: officer, then the union chair when a deadline passes, then the federation', () => {
  const c = clock(bj('2026-12-01 09:00'));
  assert.equal(escalationLevel(cal, c, budget, bj('2026-12-01 20:00')), 0);
  assert.equal(escalationLevel(cal, c, budget, bj('2026-12-02 10:00')), 1, 'no first response within 24 h');
  const answered = { ...c, firstResponseAt: bj('2026-12-01 12:00') };
  assert.equal(escalationLevel(cal, answered, budget, bj('2026-12-09 10:00')), 0);
  assert.equal(escalationLevel(cal, answered, budget, bj('2026-12-10 10:00')), 1, 'resolution overdue');
  assert.equal(escalationLevel(cal, answered, budget, bj('2026-12-15 08:00')), 1);
  assert.equal(escalationLevel(cal, answered, budget, bj('2026-12-15 22:00')), 2, 'overdue by half the budget again (3.5 working days)');
  assert.equal(escalationLevel(cal, { ...answered, resolvedAt: bj('2026-12-03 10:00') }, budget, bj('2027-01-30 10:00')), 0);
});
