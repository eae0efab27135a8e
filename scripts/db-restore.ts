// Restores a backup made by db:backup into DATA_DIR. Stop the server first.
//   npm run db:restore -- backups/nuanxin-2026-11-29.sqlite
// Refuses a backup that fails its integrity check, and one the data key cannot read: the key is
// DATA_KEY, else DATA_DIR/secret.key, else the <backup>.key that db:backup wrote (installed as
// DATA_DIR/secret.key). The database it replaces is kept beside it.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/server/platform/config.js';
import { FieldCrypto } from '../src/server/platform/crypto.js';

const source = process.argv[2];
if (!source || !fs.existsSync(source)) {
  console.error('Usage: npm run db:restore -- <backup file>  (the file must exist)');
  process.exit(2);
}
// Only DATA_DIR is wanted here: a placeholder key keeps loadConfig from generating a new secret.key,
// which could never read the backup.
const config = loadConfig({ ...process.env, DATA_KEY: process.env.DATA_KEY || Buffer.alloc(32).toString('base64') });
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: restore PostgreSQL with pg_restore (see README, "Backup and restore").');
  process.exit(2);
}
const keyFile = path.join(config.dataDir, 'secret.key');
const keyText = process.env.DATA_KEY
  ? process.env.DATA_KEY
  : fs.existsSync(keyFile)
    ? fs.readFileSync(keyFile, 'utf8').trim()
    : fs.existsSync(`${source}.key`)
      ? fs.readFileSync(`${source}.key`, 'utf8').trim()
      : '';
if (!keyText) {
  console.error(`No data key: set DATA_KEY, or put the key into ${keyFile}, or keep ${source}.key (written by db:backup) beside the backup.`);
  process.exit(1);
}
const copy = new SQLite(source, { readonly: true, fileMustExist: true });
const check = copy.pragma('integrity_check', { simple: true });
const sample = copy.prepare('select phone_enc from users limit 1').get() as { phone_enc: string } | undefined;
copy.close();
if (check !== 'ok') {
  console.error(`Refusing to restore: the backup fails its integrity check (${String(check)}).`);
  process.exit(1);
}
if (sample) {
  try {
    new FieldCrypto(Buffer.from(keyText, 'base64')).decrypt(sample.phone_enc);
  } catch {
    console.error('Refusing to restore: the data key does not decrypt this backup (wrong DATA_KEY, secret.key or .key file).');
    process.exit(1);
  }
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
if (!process.env.DATA_KEY && !fs.existsSync(keyFile)) {
  fs.writeFileSync(keyFile, keyText + '\n', { mode: 0o600 });
  console.log(`Data key installed as ${keyFile}`);
}
console.log(`Restored ${source} to ${target}; integrity check: ok; data key: ok. Start the server with npm start.`);
