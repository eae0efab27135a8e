// Online backup of the embedded database while the server keeps running:
//   npm run db:backup -- backups/nuanxin-2026-11-29.sqlite
// Uses SQLite's backup API, copying every page in one step: one read transaction, so the copy is a
// consistent snapshot (WAL included) and the server's writers are never blocked. (Copied in small steps,
// the backup starts over whenever the server commits between two steps, and under a steady write load
// it may never finish.) Then checks the copy's integrity.
// The embedded default encrypts phone and ID numbers with the key in DATA_DIR/secret.key: the backup
// is useless without it, so the key is copied beside the backup as <backup>.key (mode 0600), unless the
// key comes from DATA_KEY. Keep the key apart from the backup when the backup leaves the machine.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/server/platform/config.js';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run db:backup -- <backup file>');
  process.exit(2);
}
const config = loadConfig();
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc (see README, "Backup and restore").');
  process.exit(2);
}
const source = path.join(config.dataDir, 'nuanxin.sqlite');
if (!fs.existsSync(source)) {
  console.error(`No database at ${source}; start the server once first (npm start).`);
  process.exit(1);
}
if (fs.existsSync(target)) {
  console.error(`${target} exists; choose a new file name.`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
const db = new SQLite(source, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const started = Date.now();
try {
  // The first step (0 pages) opens the backup; the callback then asks for every remaining page at once.
  await db.backup(target, { progress: () => 0x7fffffff });
} catch (e) {
  fs.rmSync(target, { force: true });
  console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
} finally {
  db.close();
}
const ms = Date.now() - started;
const copy = new SQLite(target, { readonly: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
  console.error(`Backup written but its integrity check failed: ${String(check)}`);
  process.exit(1);
}
const keyFile = path.join(config.dataDir, 'secret.key');
let keyNote = 'the data key comes from DATA_KEY: keep it, a restore needs it';
if (!process.env.DATA_KEY && fs.existsSync(keyFile)) {
  fs.copyFileSync(keyFile, `${target}.key`);
  fs.chmodSync(`${target}.key`, 0o600);
  keyNote = `data key copied to ${target}.key (store it apart from the backup)`;
}
console.log(`Backup of ${source} written to ${target} (${fs.statSync(target).size} bytes, ${ms} ms); integrity check: ok; ${keyNote}`);
