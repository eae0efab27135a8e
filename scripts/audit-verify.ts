// Walks the audit log's hash chain and reports the first edited, deleted or reordered record.
//   npm run audit:verify         (exit 0 when intact, 1 when tampered)
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db.js';
import { verifyAuditChain } from '../src/server/platform/audit.js';

const config = loadConfig();
const handle = openDatabase(config);
try {
  const r = await verifyAuditChain(handle.db);
  if (r.ok) console.log(`Audit log intact: ${r.checked} records verified.`);
  else console.error(`AUDIT LOG TAMPERED: ${r.problem} (first bad record: ${r.firstBadSeq}; ${r.checked} verified before it).`);
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await handle.close();
}
