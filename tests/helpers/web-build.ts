// Builds dist/web once when a file of the build is missing: test files may run in parallel, so one
// builds and the others wait for it. Used by the browser tests and the bundle budget.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `vite build` unless `marker` (a file the build writes) exists; waits while another process builds. */
export function buildWebOnce(marker: string) {
  if (fs.existsSync(marker)) return;
  const lock = path.join(os.tmpdir(), `nuanxin-web-build-${Buffer.from(root).toString('hex').slice(-16)}.lock`);
  // A lock left by a run that was killed mid-build is stale after 3 minutes.
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
  } catch {
    // no lock
  }
  let mine = false;
  try {
    fs.mkdirSync(lock);
    mine = true;
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      // A production build, whatever NODE_ENV the tests run with (under NODE_ENV=test Vite does not minify).
      const res = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
      if (res.status !== 0) throw new Error('vite build failed');
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
  const deadline = Date.now() + 180_000;
  while (!fs.existsSync(marker) || fs.existsSync(lock)) {
    if (Date.now() > deadline) throw new Error('waited 180 s for another test file to build the web app');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
