// Restores a backup made by db:backup. Stop the server first.
//   npm run db:restore -- backups/nuanxin-2026-11-29.sqlite
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/server/platform/config.js';

const source = process.argv[2];
if (!source || !fs.existsSync(source)) {
  console.error('Usage: npm run db:restore -- <backup file>  (the file must exist)');
  process.exit(2);
}
const config = loadConfig();
const copy = new SQLite(source, { readonly: true, fileMustExist: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
  console.error(`Refusing to restore: the backup fails its integrity check (${String(check)}).`);
  process.exit(1);
}
const target = path.join(config.dataDir, 'nuanxin.sqlite');
fs.mkdirSync(config.dataDir, { recursive: true });
if (fs.existsSync(target)) {
  const kept = `${target}.before-restore-${Date.now()}`;
  fs.renameSync(target, kept);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(target + ext)) fs.renameSync(target + ext, kept + ext);
  console.log(`The current database was kept as ${kept}`);
}
fs.copyFileSync(source, target);
console.log(`Restored ${source} to ${target}; integrity check: ok. Start the server with npm start.`);
