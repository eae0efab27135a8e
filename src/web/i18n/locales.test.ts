import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zh } from './zh.ts';
import { ug } from './ug.ts';
import { en } from './en.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const locales: Record<string, unknown> = { zh, ug, en };

/** Every leaf as `a.b.c` → value. */
function flatten(obj: unknown, prefix = '', out = new Map<string, unknown>()) {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, obj);
  }
  return out;
}
const flat = Object.fromEntries(Object.entries(locales).map(([l, m]) => [l, flatten(m)]));

test('every locale has the same keys, and no value is missing or empty', () => {
  const all = new Set(Object.values(flat).flatMap((m) => [...m.keys()]));
  const problems: string[] = [];
  for (const [l, m] of Object.entries(flat)) {
    for (const key of all) {
      const v = m.get(key);
      if (v === undefined) problems.push(`${l}: missing ${key}`);
      else if (typeof v !== 'string') problems.push(`${l}: ${key} is not a string`);
      else if (!v.trim()) problems.push(`${l}: ${key} is empty`);
    }
  }
  assert.deepEqual(problems, []);
});

test('interpolation placeholders match across locales', () => {
  const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  const problems: string[] = [];
  for (const [key, v] of flat.zh!) {
    for (const l of ['ug', 'en']) {
      const a = placeholders(v).join(',');
      const b = placeholders(flat[l]!.get(key)).join(',');
      if (a !== b) problems.push(`${l}: ${key} has {{${b}}} but zh has {{${a}}}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the Uyghur text is Uyghur: Arabic script, no stray Cyrillic, no English placeholders', () => {
  // Values that are the same in every language by design.
  const sameEverywhere = new Set(['app.latinName']);
  const problems: string[] = [];
  for (const [key, v] of flat.ug!) {
    const s = String(v);
    if (/[\u0400-\u04FF]/.test(s)) problems.push(`ug: ${key} contains Cyrillic letters`);
    if (sameEverywhere.has(key)) continue;
    if (!/[\u0600-\u06FF]/.test(s)) problems.push(`ug: ${key} has no Arabic-script text: ${s}`);
    if (s === flat.en!.get(key)) problems.push(`ug: ${key} is the English text`);
  }
  assert.deepEqual(problems, []);
});

test('every error code and field code in docs/api-foundation.md has a translation', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/api-foundation.md'), 'utf8');
  const fieldLine = /Field codes used:([^\n]+)/.exec(doc);
  assert.ok(fieldLine, 'docs/api-foundation.md lists "Field codes used:"');
  // Parenthesised notes name paths, not codes: `session_ended` (path `session`, …).
  const fieldCodes = [...fieldLine[1]!.replace(/\([^)]*\)/g, '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
  assert.ok(fieldCodes.length >= 10, `found only ${fieldCodes.length} field codes`);
  const errorLine = /"code": "([a-z_|]+)"/.exec(doc);
  assert.ok(errorLine, 'docs/api-foundation.md lists the error codes');
  const errorCodes = errorLine[1]!.split('|');
  const problems: string[] = [];
  for (const l of Object.keys(flat)) {
    for (const c of fieldCodes) if (!flat[l]!.get(`errors.field.${c}`)) problems.push(`${l}: errors.field.${c}`);
    for (const c of errorCodes) if (!flat[l]!.get(`errors.${c}`)) problems.push(`${l}: errors.${c}`);
  }
  assert.deepEqual(problems, []);
});

test('every field message names its field', () => {
  for (const [l, m] of Object.entries(flat)) {
    for (const [key, v] of m) if (key.startsWith('errors.field.')) assert.match(String(v), /\{\{field\}\}/, `${l}: ${key}`);
  }
});

test('every literal t("…") key used in src/web exists', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') && !p.includes(`${path.sep}i18n${path.sep}`)) files.push(p);
    }
  };
  walk(path.resolve(here, '..'));
  const missing: string[] = [];
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
      if (!flat.zh!.has(m[1]!)) missing.push(`${path.relative(root, f)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every field code in docs/api-stations.md has a translation', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/api-stations.md'), 'utf8');
  const codes = new Set<string>();
  // "Field codes: `a`, `b` (path …)" lists, and single codes after a status: "409 `sold_out`", "400 `not_a_slot`", "with code `below_reserved`".
  for (const line of doc.matchAll(/Field codes:([^\n]+)/g)) for (const m of line[1]!.replace(/\([^)]*\)/g, '').matchAll(/`([a-z0-9_]+)`/g)) codes.add(m[1]!);
  for (const m of doc.matchAll(/(?:40\d|with code) `([a-z0-9_]+)`/g)) codes.add(m[1]!);
  assert.ok(codes.size >= 15, `found only ${codes.size} codes`);
  const problems: string[] = [];
  for (const l of Object.keys(flat)) for (const c of codes) if (!flat[l]!.get(`errors.field.${c}`)) problems.push(`${l}: errors.field.${c}`);
  assert.deepEqual(problems, []);
});

test('every field code in docs/api-cases.md has a translation', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/api-cases.md'), 'utf8');
  const refusals = doc.slice(doc.indexOf('## Refusals'));
  const codes = new Set<string>();
  // The table's second column: `code` (path) — parenthesised notes name paths, not codes.
  for (const row of refusals.matchAll(/^\| *\d{3} *\|([^|]+)\|/gm)) for (const m of row[1]!.replace(/\([^)]*\)/g, '').matchAll(/`([a-z0-9_]+)`/g)) codes.add(m[1]!);
  assert.ok(codes.size >= 20, `found only ${codes.size} codes`);
  const problems: string[] = [];
  for (const l of Object.keys(flat)) for (const c of codes) if (!flat[l]!.get(`errors.field.${c}`)) problems.push(`${l}: errors.field.${c}`);
  assert.deepEqual(problems, []);
});
