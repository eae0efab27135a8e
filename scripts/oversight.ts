// npm run oversight -- analyze --orders <file> [--registry <dir>] [--rules <file>] [--json]
// The union's analysts' (and auditors') command: the same engine as the console's monthly runs, over an
// order file (NDJSON or CSV, gzip or not). With --json it prints one JSON object: `indicators` maps each
// indicator id to { violations, byPlatform }, `rejected` lists the invalid lines (line, field, reason).
import fs from 'node:fs';
import path from 'node:path';
import { loadOrderFile } from '../src/server/modules/oversight/engine/file.js';
import { analyze } from '../src/server/modules/oversight/engine/analyze.js';
import { defaultRules, ruleSetFromJson, RulesFileError } from '../src/server/modules/oversight/engine/rules.js';
import { registryFromCsv, RegistryFileError } from '../src/server/modules/oversight/engine/registry.js';
import { HeaderError } from '../src/server/modules/oversight/engine/orders.js';
import { indicatorIds } from '../src/shared/oversight.js';

const usage = 'usage: npm run oversight -- analyze --orders <file> [--registry <dir>] [--rules <file>] [--json]';

function args(argv: string[]) {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = true;
  }
  return out;
}

function fail(message: string): never {
  process.stderr.write(`oversight: ${message}\n${usage}\n`);
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'analyze') fail(command ? `unknown command ${command}` : 'no command');
  const a = args(rest);
  const ordersPath = a.orders;
  if (typeof ordersPath !== 'string') fail('--orders <file> is required');
  if (!fs.existsSync(ordersPath)) fail(`no such file: ${ordersPath}`);
  let rules = defaultRules();
  if (typeof a.rules === 'string') {
    try {
      rules = ruleSetFromJson(JSON.parse(fs.readFileSync(a.rules, 'utf8')), rules);
    } catch (e) {
      fail(`rules file ${a.rules}: ${e instanceof RulesFileError || e instanceof SyntaxError ? e.message : String(e)}`);
    }
  }
  let registry = null;
  let registrySkipped = 0;
  if (typeof a.registry === 'string') {
    const read = (f: string) => {
      const p = path.join(a.registry as string, f);
      if (!fs.existsSync(p)) fail(`the registry folder lacks ${f}`);
      return fs.readFileSync(p, 'utf8');
    };
    try {
      const r = registryFromCsv(read('driver_permits.csv'), read('vehicle_permits.csv'));
      registry = r.registry;
      registrySkipped = r.skipped;
    } catch (e) {
      fail(e instanceof RegistryFileError ? e.message : String(e));
    }
  }
  const started = performance.now();
  let loaded;
  try {
    loaded = await loadOrderFile(ordersPath);
  } catch (e) {
    if (e instanceof HeaderError) fail(e.message);
    throw e;
  }
  const { result } = analyze(loaded.table, { rules, registry });
  const seconds = (performance.now() - started) / 1000;
  const out = {
    file: ordersPath,
    lines: loaded.lines,
    orders: result.orders,
    completed: result.completed,
    duplicates: result.duplicates,
    rejected_count: loaded.rejected,
    indicators: result.indicators,
    double_compliance_rate: result.doubleComplianceRate,
    platforms: result.platforms,
    fairness: result.fairness,
    rules: result.rules,
    registry: registry ? { ...registry.size, skipped_rows: registrySkipped } : null,
    rejected: loaded.problems,
    seconds: Math.round(seconds * 1000) / 1000,
  };
  if (a.json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  console.log(`${ordersPath}: ${out.lines.toLocaleString('en')} lines, ${out.orders.toLocaleString('en')} orders (${out.completed.toLocaleString('en')} completed), ${out.duplicates} repeated, ${out.rejected_count} rejected — ${seconds.toFixed(1)} s`);
  for (const id of indicatorIds) {
    if (id === 'E1' && !registry) {
      console.log('  E1  (needs --registry)');
      continue;
    }
    console.log(`  ${id.padEnd(3)} ${String(result.indicators[id].violations).padStart(10)}`);
  }
  if (out.double_compliance_rate !== null) console.log(`  double-compliance rate ${(out.double_compliance_rate * 100).toFixed(2)}%`);
  for (const p of out.rejected.slice(0, 20)) console.log(`  line ${p.line}: ${p.field ? `${p.field} ` : ''}${p.reason}`);
  if (out.rejected_count > 20) console.log(`  … ${out.rejected_count - 20} more rejected lines (--json lists them)`);
}

await main();
