// Online backup of the embedded database while the server keeps running:
//   npm run db:backup -- backups/nuanxin-2026-11-29.sqlite
// Uses SQLite's backup API (a consistent snapshot, WAL included), then checks the copy's integrity.
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
await db.backup(target);
db.close();
const copy = new SQLite(target, { readonly: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
  console.error(`Backup written but its integrity check failed: ${String(check)}`);
  process.exit(1);
}
console.log(`Backup of ${source} written to ${target} (${fs.statSync(target).size} bytes, ${Date.now() - started} ms); integrity check: ok`);
