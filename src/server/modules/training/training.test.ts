import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applicationRefusal, generateCertNumber, isPassed, mayMove, passRate, scoreProblem, seatChange, type EnrolmentMove } from './training.js';
import { CERT_NUMBER_RE, maskHolderName, normaliseCertNumber, type EnrolmentStatus } from '../../../shared/training.js';

test('enrolment moves: allowed from which status, and what each does to the seats', () => {
  const all: EnrolmentStatus[] = ['applied', 'accepted', 'declined', 'withdrawn', 'completed', 'dropped'];
  const allowed: Record<EnrolmentMove, EnrolmentStatus[]> = {
    accept: ['applied'],
    decline: ['applied'],
    withdraw: ['applied', 'accepted'],
    complete: ['accepted'],
    drop: ['accepted'],
  };
  for (const [move, from] of Object.entries(allowed) as [EnrolmentMove, EnrolmentStatus[]][]) {
    for (const s of all) assert.equal(mayMove(s, move), from.includes(s), `${move} from ${s}`);
  }
  const seats: [EnrolmentStatus, EnrolmentStatus, number][] = [
    ['applied', 'accepted', 1],
    ['applied', 'declined', 0],
    ['applied', 'withdrawn', 0],
    ['accepted', 'withdrawn', -1],
    ['accepted', 'completed', 0],
    ['accepted', 'dropped', -1],
  ];
  for (const [from, to, want] of seats) assert.equal(seatChange(from, to), want, `${from} → ${to}`);
});

test('applications: only while open and with a seat left', () => {
  const cases: [string, { status: string; capacity: number; seats_taken: number }, ReturnType<typeof applicationRefusal>][] = [
    ['open with seats', { status: 'open', capacity: 30, seats_taken: 29 }, null],
    ['open and full', { status: 'open', capacity: 30, seats_taken: 30 }, 'cohort_full'],
    ['running', { status: 'running', capacity: 30, seats_taken: 1 }, 'cohort_not_open'],
    ['finished', { status: 'finished', capacity: 30, seats_taken: 1 }, 'cohort_not_open'],
    ['cancelled', { status: 'cancelled', capacity: 30, seats_taken: 0 }, 'cohort_not_open'],
  ];
  for (const [name, c, want] of cases) assert.equal(applicationRefusal(c), want, name);
});

test('results: both scores must reach their pass marks; scores are whole numbers 0–100', () => {
  const exam = { theory_pass: 60, practice_pass: 70 };
  const cases: [number, number, boolean][] = [
    [60, 70, true],
    [59, 100, false],
    [100, 69, false],
    [100, 100, true],
    [0, 0, false],
  ];
  for (const [t, p, want] of cases) assert.equal(isPassed(exam, t, p), want, `${t}/${p}`);
  assert.equal(scoreProblem({ theoryScore: 0, practiceScore: 100 }), null);
  assert.deepEqual(scoreProblem({ theoryScore: 101, practiceScore: 50 }), { path: 'theoryScore', code: 'out_of_range' });
  assert.deepEqual(scoreProblem({ theoryScore: 50, practiceScore: -1 }), { path: 'practiceScore', code: 'out_of_range' });
  assert.deepEqual(scoreProblem({ theoryScore: 50.5, practiceScore: 1 }), { path: 'theoryScore', code: 'invalid_value' });
  assert.deepEqual(scoreProblem({ theoryScore: Number.NaN, practiceScore: 1 }), { path: 'theoryScore', code: 'invalid_value' });
});

test('certificate numbers: random, well-formed, not in sequence', () => {
  assert.equal(generateCertNumber('2026', Buffer.alloc(12, 0)), 'NX-2026-0000-0000-0000');
  assert.equal(generateCertNumber('2026', Buffer.from([31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20])), 'NX-2026-ZYXW-VTSR-QPNM');
  const many = new Set(Array.from({ length: 2000 }, () => generateCertNumber('2026')));
  assert.equal(many.size, 2000);
  for (const n of [...many].slice(0, 50)) {
    assert.match(n, /^NX-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.ok(CERT_NUMBER_RE.test(n));
  }
  assert.equal(normaliseCertNumber(' nx-2026-abcd '), 'NX-2026-ABCD');
  assert.ok(!CERT_NUMBER_RE.test('NX'));
  assert.ok(!CERT_NUMBER_RE.test('NX_2026/1'));
});

test('masked names: first and last character only', () => {
  const cases: [string, string][] = [
    ['王建军', '王*军'],
    ['张伟', '张*'],
    ['阿迪力·艾山', '阿****山'],
    ['欧阳', '欧*'],
    ['李', '*'],
  ];
  for (const [name, want] of cases) assert.equal(maskHolderName(name), want, name);
});

test('pass rate: one decimal, none when nobody sat', () => {
  assert.equal(passRate(276, 300), 92);
  assert.equal(passRate(2, 3), 66.7);
  assert.equal(passRate(0, 0), null);
});
