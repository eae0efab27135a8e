// Scans logs for personal data and secrets (SECURITY.md, "Logs"):
//   npm run scan:secrets                      the test run's logs (test-results/logs)
//   npm run scan:secrets -- <file or folder>…  any logs, e.g. a server's output
// Prints the count of each kind of finding (0 expected) and where the first ones are, masked; exits 1 on a
// finding, and 2 when there was nothing to scan (an empty scan proves nothing).
import fs from 'node:fs';
import path from 'node:path';
import { passwordsIn, scanText, type FindingKind } from './secrets.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const targets = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(root, 'test-results/logs')];

function files(p: string, out: string[] = []): string[] {
  if (!fs.existsSync(p)) return out;
  const st = fs.statSync(p);
  if (st.isFile()) out.push(p);
  else if (st.isDirectory()) for (const e of fs.readdirSync(p)) files(path.join(p, e), out);
  return out;
}
function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
  }
  return out;
}

const passwords = passwordsIn([...sources(path.join(root, 'src')), ...sources(path.join(root, 'tests'))]);
const logs = targets.flatMap((t) => files(path.resolve(t)));
const counts: Record<FindingKind, number> = { id_number: 0, mobile: 0, password: 0, session_token: 0, api_key: 0, zone_key: 0, bearer: 0, data_key: 0 };
const shown: string[] = [];
let bytes = 0;
let lines = 0;
for (const f of logs) {
  const text = fs.readFileSync(f, 'utf8');
  bytes += text.length;
  lines += text.split('\n').length;
  for (const hit of scanText(text, passwords)) {
    counts[hit.kind]++;
    if (shown.length < 20) shown.push(`  ${path.relative(root, f)}:${hit.line}  ${hit.kind}  ${hit.excerpt}`);
  }
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`scan:secrets: ${logs.length} log files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB; ${passwords.length} known passwords looked for`);
console.log(
  `  full ID numbers ${counts.id_number}, full mobile numbers ${counts.mobile}, passwords ${counts.password}, session tokens ${counts.session_token}, API keys ${counts.api_key + counts.bearer}, gate keys ${counts.zone_key}, data keys ${counts.data_key}`,
);
if (shown.length) console.log(shown.join('\n'));
if (!logs.length || lines < 10) {
  console.error('Nothing to scan: run the tests first (npm test writes test-results/logs).');
  process.exit(2);
}
process.exit(total ? 1 : 0);
