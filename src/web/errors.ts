import type { TFunction } from 'i18next';
import i18n from './i18n/index.ts';
import { ApiError, type FieldIssue } from './api.ts';

/** The label of the field a server path names: `plates.1` → "车牌", `roles.0.orgId` → "组织". */
export function fieldLabel(t: TFunction, path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  for (const key of [parts[parts.length - 1], parts[0]]) {
    if (key && i18n.exists(`fields.${key}`)) return t(`fields.${key}`);
  }
  return t('fields.unknown');
}

/** One field issue in the reader's language; the server's English text is never shown. */
export function fieldMessage(t: TFunction, issue: Pick<FieldIssue, 'path' | 'code'>): string {
  const code = i18n.exists(`errors.field.${issue.code}`) ? issue.code : 'invalid_value';
  return t(`errors.field.${code}`, { field: fieldLabel(t, issue.path) });
}

/** The banner text for a failed request. `overrides` gives a page-specific text for an error code. */
export function errorMessage(t: TFunction, err: unknown, overrides: Record<string, string> = {}): string {
  if (!(err instanceof ApiError)) return t('errors.internal');
  const custom = overrides[err.code];
  let text = custom ?? (i18n.exists(`errors.${err.code}`) && err.code !== 'field' ? t(`errors.${err.code}`) : t('errors.internal'));
  if (err.code === 'rate_limited' && err.retryAfterSec) text += ' ' + t('errors.retryAfter', { seconds: err.retryAfterSec });
  return text;
}

/** Field errors keyed by the server's path (`phone`, `plates.1`, `roles.0.orgId`). */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const d of err.details) if (!out[d.path]) out[d.path] = fieldMessage(t, d);
  return out;
}

// ---- problems kept as codes, so they re-render in the new language when the reader switches ----

/** A field problem: a server/client code for that path, or a page-specific message key. */
export type Issue = { path: string; code?: string; key?: string };
export type Issues = Record<string, Issue>;

export const issue = (path: string, code: string): Issue => ({ path, code });

export function serverIssues(err: unknown): Issues {
  const out: Issues = {};
  if (!(err instanceof ApiError)) return out;
  for (const d of err.details) if (!out[d.path]) out[d.path] = { path: d.path, code: d.code };
  return out;
}

export function issueText(t: TFunction, i: Issue | undefined): string | undefined {
  if (!i) return undefined;
  if (i.key) return t(i.key);
  return fieldMessage(t, { path: i.path, code: i.code ?? 'invalid_value' });
}

export function issuesText(t: TFunction, issues: Issues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, i] of Object.entries(issues)) out[p] = issueText(t, i) ?? '';
  return out;
}

/** A failed request to show in a banner; `overrides` maps an error code to a message key for this page. */
export type Banner = { err: unknown; overrides?: Record<string, string> } | null;

export function bannerText(t: TFunction, b: Banner): string {
  if (!b) return '';
  const overrides: Record<string, string> = {};
  for (const [code, key] of Object.entries(b.overrides ?? {})) overrides[code] = t(key);
  return errorMessage(t, b.err, overrides);
}

/** A success notice kept as a key, so it re-renders in the reader's language. */
export type Notice = { key: string; params?: Record<string, string | number> } | null;
export const noticeText = (t: TFunction, n: Notice) => (n ? t(n.key, n.params ?? {}) : '');
