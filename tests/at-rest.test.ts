// Personal data at rest (SECURITY.md "Personal data"): the raw database files hold no ID or phone number in
// plain text. Workers and staff with canary numbers go through every path that takes a number (sign-up,
// staff account, sign-in and failed sign-in, look-up, unmasking); then the bytes of the
// database files are searched: SQLite's file, WAL and shared memory; PostgreSQL's files of this database
// and its write-ahead log. A plain-text field (the worker's name) is searched for too and must be found,
// so a scan that reads the wrong files cannot pass.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { testApp, type TestApp } from './helpers/app.js';
import { onPostgres } from './helpers/db.js';
import { demoStaff } from '../src/server/demo/seed.js';
import { withIdCheckDigit } from '../src/shared/validation.js';

let t: TestApp | undefined;
after(() => t?.close());

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const phone = () => `13${randomInt(3, 10)}${digits(8)}`;
const idNumber = () => withIdCheckDigit(`650102${randomInt(1970, 2004)}0${randomInt(1, 10)}1${randomInt(0, 10)}${digits(3)}`);

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files that hold this database's bytes. */
async function databaseFiles(app: TestApp): Promise<string[]> {
  if (!onPostgres) return filesUnder(app.handle.dir).filter((f) => /\.sqlite(-wal|-shm)?$/.test(f));
  const oid = (await sql<{ oid: number }>`select oid from pg_database where datname = current_database()`.execute(app.ctx.db)).rows[0]!.oid;
  let dataDir: string | undefined;
  try {
    dataDir = (await sql<{ data_directory: string }>`show data_directory`.execute(app.ctx.db)).rows[0]!.data_directory;
  } catch {
    // Not a superuser: the cluster's folder from pg_lsclusters, found by the server's port.
    const port = new URL(process.env.DATABASE_URL!).port || '5432';
    const line = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).split('\n').find((l) => l.split(/\s+/)[2] === port);
    dataDir = line?.split(/\s+/)[5];
  }
  assert.ok(dataDir && fs.existsSync(path.join(dataDir, 'base', String(oid))), `PostgreSQL's data directory must be readable here (found ${dataDir})`);
  return [...filesUnder(path.join(dataDir, 'base', String(oid))), ...filesUnder(path.join(dataDir, 'pg_wal'))];
}

test('no ID or phone number lies in plain text in the database files', async () => {
  t = await testApp({ workers: 5 });
  const name = `明文对照${digits(6)}`;
  const worker = { phone: phone(), idNumber: idNumber() };
  const staffPhone = phone();
  const strangerPhone = phone();

  const res = await t.app.inject({
    method: 'POST',
    url: '/api/workers/register',
    payload: { phone: worker.phone, password: 'rain-and-wind-2026', name, idNumber: worker.idNumber, kind: 'courier', cityCode: '650100', districtCode: '650102', platforms: [], employmentCategory: 'written_agreement', plates: [], locale: 'zh' },
  });
  assert.equal(res.statusCode, 201, res.body);
  const cookie = t.cookieOf(res);
  const workerId = (await t.app.inject({ method: 'GET', url: '/api/workers/me', headers: { cookie } })).json().worker.id as string;
  // A failed sign-in with the number, one with a stranger's number, then the right one.
  for (const p of [{ phone: worker.phone, password: 'wrong-password-1' }, { phone: strangerPhone, password: 'wrong-password-1' }, { phone: worker.phone, password: 'rain-and-wind-2026' }]) {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: p });
  }
  // A staff account made by the admin, and a union chair who looks the worker up and unmasks the number.
  const admin = await t.login(demoStaff.find((s) => s.roles.some((r) => r.role === 'admin'))!.phone);
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: { cookie: admin },
    payload: { phone: staffPhone, name: '对照干事', password: 'long-enough-6', roles: [{ role: 'union_officer', orgId: demoStaff[1]!.roles[0]!.orgId }] },
  });
  assert.equal(made.statusCode, 201, made.body);
  const chair = await t.login(demoStaff.find((s) => s.roles.some((r) => r.role === 'union_chair'))!.phone);
  const search = await t.app.inject({ method: 'GET', url: `/api/workers?q=${worker.phone}`, headers: { cookie: chair } });
  assert.ok(search.statusCode < 500, search.body);
  const unmasked = await t.app.inject({ method: 'POST', url: `/api/workers/${workerId}/unmask`, headers: { cookie: chair }, payload: { field: 'idNumber', purpose: '核对维权材料' } });
  assert.equal(unmasked.statusCode, 200, unmasked.body);
  assert.equal(unmasked.json().value, worker.idNumber, 'the number is stored, only not in plain text');
  const numbers = [worker.phone, worker.idNumber, staffPhone, strangerPhone];

  const files = await databaseFiles(t);
  assert.ok(files.length > 0);
  const found: string[] = [];
  let controlSeen = 0;
  let bytes = 0;
  const control = Buffer.from(name, 'utf8');
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(f);
    } catch {
      continue; // a WAL segment recycled while we read
    }
    bytes += buf.length;
    if (buf.includes(control)) controlSeen++;
    for (const n of numbers) if (buf.includes(Buffer.from(n, 'latin1'))) found.push(`${n.slice(0, 3)}… in ${path.basename(f)}`);
  }
  console.log(`at rest: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB searched for ${numbers.length} numbers; plain-text control found in ${controlSeen} file(s); numbers found: ${found.length}`);
  assert.ok(controlSeen > 0, 'the plain-text name must be found, or the scan read the wrong files');
  assert.deepEqual(found, []);
});
