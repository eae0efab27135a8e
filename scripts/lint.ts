// House rules that the type checker cannot see (ARCHITECTURE.md, "The dependency rule"):
// - platform/ never imports a module; other modules are used only through their index.ts;
// - domain and policy files import nothing from Fastify, Kysely, node-postgres or other modules;
// - the web app never imports server code; tests never leave a `.only` behind;
// - server code writes to the log, not console, except at start-up.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const problems: string[] = [];

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const importRe = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/;

for (const file of files(path.join(root, 'src'))) {
  const rel = path.relative(root, file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const modMatch = /^src\/server\/modules\/([^/]+)\//.exec(rel);
  const base = path.basename(rel);
  const isDomain = !!modMatch && (base.endsWith('.policy.ts') || base === `${modMatch[1]!.replace(/s$/, '')}.ts`);
  lines.forEach((line, i) => {
    const where = `${rel}:${i + 1}`;
    if (/console\.log\(/.test(line) && rel.startsWith('src/server/') && !rel.endsWith('main.ts') && !rel.endsWith('.test.ts')) {
      problems.push(`${where}: use the request or app logger, not console.log`);
    }
    if (/\b(test|describe|it)\.only\(/.test(line)) problems.push(`${where}: remove .only`);
    const m = importRe.exec(line);
    if (!m) return;
    const spec = m[1] ?? m[2]!;
    const target = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)) : spec;
    if (rel.startsWith('src/server/platform/') && target.startsWith('src/server/modules/')) {
      problems.push(`${where}: platform/ must not import a module (${spec})`);
    }
    if (rel.startsWith('src/web/') && target.startsWith('src/server/')) problems.push(`${where}: the web app must not import server code (${spec})`);
    if (modMatch && target.startsWith('src/server/modules/')) {
      const other = target.split('/')[3];
      if (other !== modMatch[1] && !target.endsWith('/index.js') && !target.endsWith('/index.ts')) {
        problems.push(`${where}: use ${other}/index.ts, not its internals (${spec})`);
      }
    }
    if (isDomain && (/^(fastify|kysely|pg|better-sqlite3)/.test(target) || (target.startsWith('src/server/modules/') && target.split('/')[3] !== modMatch![1]))) {
      problems.push(`${where}: domain and policy files stay pure (${spec})`);
    }
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: dependency rule and house rules hold');
