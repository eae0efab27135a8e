// Runs the test suite with Node's test runner. Node 20's --test does not expand globs, so this lists files.
//   npm test                 unit, service and HTTP tests (SQLite; PostgreSQL when DATABASE_URL is set)
//   npm test -- --browser    the Chromium tests in tests/browser
//   npm test -- <files...>   only those files
// tests/hardening/ (crash, kill, backup, disk and outage drills that start real servers) runs only by
// name, from npm run test:crash and friends and from .ci/run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const browser = args.includes('--browser');
const explicit = args.filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') walk(p, out);
    } else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

let files = explicit;
if (!files.length) {
  const all = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'tests'))].sort();
  files = all.filter((f) => f.startsWith(path.join('tests', 'browser')) === browser && !f.startsWith(path.join('tests', 'hardening')));
}
if (!files.length) {
  console.error('No test files found.');
  process.exit(1);
}
const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`Running ${files.length} test files${browser ? ' in Chromium' : ` on ${db}`}`);
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${browser ? 1 : 2}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(res.status ?? 1);
