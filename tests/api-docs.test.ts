// The stations API document names every field code the station routes raise; the locale test then
// checks each has a translation, so a new code cannot reach the web app undocumented or untranslated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string, out: string[] = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

test('every field code raised under src/server/modules/stations is in the Errors section of docs/api-stations.md', () => {
  const raised = new Set<string>();
  for (const file of sources(path.join(root, 'src/server/modules/stations'))) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bcode: '([a-z0-9_]+)'/g)) if (m[1] !== 'custom') raised.add(m[1]!);
    for (const m of src.matchAll(/badField\(\s*'[^']*',\s*'([a-z0-9_]+)'/g)) raised.add(m[1]!);
    // The directory's query lists build their code from the field name: unknown_amenity, unknown_service.
    for (const m of src.matchAll(/codeList<\w+>\(\w+, '([a-z]+)'\)/g)) raised.add(`unknown_${m[1]}`);
  }
  assert.ok(raised.size >= 25, `found only ${raised.size} codes: ${[...raised].join(', ')}`);
  const doc = fs.readFileSync(path.join(root, 'docs/api-stations.md'), 'utf8');
  const errors = doc.slice(doc.indexOf('\n## Errors'));
  assert.ok(errors.length > 20, 'docs/api-stations.md has an "## Errors" section');
  const listed = /Field codes:([^|]+?)\n\n/s.exec(errors)?.[1] ?? '';
  const missing = [...raised].filter((c) => !listed.includes(`\`${c}\``) || !errors.includes(`| \`${c}\``) && !errors.includes(`/ \`${c}\``));
  assert.deepEqual(missing, [], 'add each to the "Field codes:" list and the table of the Errors section');
});
