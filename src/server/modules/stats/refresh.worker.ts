// The refresh's reads, in a worker thread with its own connection to the SQLite file: better-sqlite3
// runs a query to its end on the thread that asked, so a refresh over a million workers and cases
// (minutes at full scale) would otherwise stop every request of the server while it reads.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../../platform/db.js';
import type { Ctx } from '../../platform/context.js';
import { computeCells } from './refresh.service.js';

const { file, now } = workerData as { file: string; now: number };
const handle = openSqlite(file);
try {
  // computeCells reads only the database and the clock.
  const cells = await computeCells({ db: handle.db, dbKind: 'sqlite', now: () => now } as Ctx);
  parentPort!.postMessage({ cells });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  await handle.close();
}
