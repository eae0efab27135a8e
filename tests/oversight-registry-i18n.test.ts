// Every reason and field code the registry and rules routes answer (docs/api-oversight-registry.md) reads
// in every language, and every line reason the CSV parser knows is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zh } from '../src/web/i18n/zh.ts';
import { ug } from '../src/web/i18n/ug.ts';
import { en } from '../src/web/i18n/en.ts';
import { lineReasons } from '../src/server/modules/oversight/registry.csv.ts';
import { ruleClasses, ruleIds } from '../src/shared/oversight.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = fs.readFileSync(path.join(root, 'docs/api-oversight-registry.md'), 'utf8');

test('every documented reason code has a text in zh, ug and en; every parser reason is documented', () => {
  const codes = new Set<string>();
  // The sentences that list codes: "Line reasons: …", "Refusals: …", "Field codes: …", "Whole-file refusals …".
  for (const m of doc.matchAll(/(?:Line reasons|Refusals|Field codes|Whole-file refusals)[^\n]*(?:\n(?!\n)[^\n]*)*/g)) {
    for (const c of m[0].replace(/\((?:path|field)[^)]*\)/g, '').matchAll(/`([a-z][a-z_]+)`/g)) codes.add(c[1]!);
  }
  for (const r of lineReasons) assert.ok(codes.has(r), `${r} is not in docs/api-oversight-registry.md`);
  assert.ok(codes.size >= 25, `found only ${codes.size} codes`);
  const problems: string[] = [];
  for (const [l, m] of Object.entries({ zh, ug, en })) {
    const reasons = m.oversightRegistry.reason as Record<string, string>;
    for (const c of codes) if (!['file', 'body'].includes(c) && !reasons[c]) problems.push(`${l}: oversightRegistry.reason.${c}`);
    for (const r of ruleIds) if (!(m.oversightRegistry.rule as Record<string, string>)[r]) problems.push(`${l}: rule ${r}`);
    for (const c of ruleClasses) if (!(m.oversightRegistry.class as Record<string, string>)[c]) problems.push(`${l}: class ${c}`);
  }
  assert.deepEqual(problems, []);
});
