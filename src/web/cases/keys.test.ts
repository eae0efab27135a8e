import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zh } from '../i18n/zh.ts';
import { AGE_BUCKETS, CATEGORIES, COURT_STATUSES, LINK_KINDS, OUTCOMES, RESPONDENT_KINDS, STAFF_ACTIONS, STATUSES } from './types.ts';

// The case pages build these keys from codes (`categories.${c}.name`); the literal-key test cannot see them.
const has = (path: string) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), zh) !== undefined;

test('every case code the pages show has its words', () => {
  const keys = [
    ...CATEGORIES.flatMap((c) => [`categories.${c}.name`, `categories.${c}.help`]),
    ...STATUSES.map((s) => `caseStatus.${s}`),
    ...OUTCOMES.map((o) => `outcomes.${o}`),
    ...RESPONDENT_KINDS.map((k) => `respondentKinds.${k}`),
    ...COURT_STATUSES.flatMap((s) => [`courtStatus.${s}`]),
    ...LINK_KINDS.map((k) => `linkKinds.${k}`),
    ...AGE_BUCKETS.map((b) => `caseDash.age.${b}`),
    ...STAFF_ACTIONS.flatMap((a) => [`caseOps.action.${a}`, `caseOps.done.${a}`, `cases.event.${a}`]),
    ...['wait_worker', 'wait_party', 'propose_close', 'reopen', 'assign'].flatMap((a) => [`caseOps.actionHelp.${a}`, `caseOps.noteFor.${a}`]),
    ...['take', 'confirm', 'reject', 'withdraw', 'expire_confirmation'].map((a) => `cases.event.${a}`),
    ...['waiting_worker', 'waiting_party', 'proposed_closed'].map((s) => `cases.paused.${s}`),
    ...['too_large', 'unsupported_type', 'empty', 'malformed', 'lost', 'network', 'internal'].flatMap((c) => [`cases.fileError.${c}`]),
    ...['too_large', 'unsupported_type', 'empty', 'malformed'].map((c) => `errors.field.${c}`),
    ...[1, 2, 3, 4, 5].map((n) => `cases.rating.${n}`),
    ...['unassigned', 'mine', 'all'].flatMap((s) => [`caseOps.scope.${s}`, `caseOps.empty.${s}`]),
    ...['draft', 'sent', 'replied'].map((s) => `caseOps.letterState.${s}`),
    ...['same_respondent', 'same_platform', 'nearby', 'similar_text'].map((r) => `caseOps.reason.${r}`),
    ...['letter_sent', 'letter_reply', 'consultation', 'meeting', 'lawyer', 'lawyer_note', 'court'].map((s) => `notify.step.${s}`),
    ...['open', 'rule_changed'].map((s) => `systemic.status.${s}`),
    ...['consultation', 'meeting'].map((k) => `meetingKinds.${k}`),
    ...['evidence', 'letter_reply', 'court'].map((k) => `fileKinds.${k}`),
    ...['normal', 'high', 'urgent'].map((p) => `priority.${p}`),
    ...['denied', 'unavailable'].map((s) => `cases.location.${s}`),
    'cases.appeal_window_passed',
    'cases.appeal_used',
    ...['cases', 'systemic', 'caseDashboard', 'legal', 'aggregates'].flatMap((m) => [`console.nav.${m}`, `console.about.${m}`]),
  ];
  assert.deepEqual(
    keys.filter((k) => !has(k)),
    [],
  );
});
