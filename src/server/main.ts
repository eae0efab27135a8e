import { loadConfig, ConfigError } from './platform/config.js';
import { openDatabase, migrateToLatest, waitForDatabase } from './platform/db.js';
import { buildApp } from './app.js';
import { isEmpty, seedDemo, demoAccountsTable } from './demo/seed.js';
import { ensurePlatforms } from './modules/oversight/registry.service.js';
import { ensureDefaultRules } from './modules/oversight/rules.service.js';
import { stationIndex, purgeChildren } from './modules/stations/index.js';
import { sweepCases } from './modules/cases/index.js';
import { startRefreshTimer } from './modules/stats/index.js';
import { sweepCampaigns } from './modules/campaign/index.js';
import { logOptions } from './platform/log.js';

// start: config → db → migrate → (demo data) → app → listen
async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const handle = openDatabase(config);
  await waitForDatabase(handle, config.database.waitSeconds, (m) => console.error(m));
  // Migrations may run long on a large database: no read timeout for them.
  const migrator = handle.kind === 'postgres' ? openDatabase({ ...config, database: { queryTimeoutMs: 0 } }) : handle;
  const migration = await migrateToLatest(migrator.db).finally(() => migrator !== handle && migrator.close());
  const { app, ctx } = await buildApp(config, handle, {
    logger: config.logLevel === 'silent' ? false : logOptions(config.logLevel),
  });
  // Every installation knows the ride-hailing platforms and starts with the default rules (with sources).
  await ensurePlatforms(ctx.db);
  await ensureDefaultRules(ctx.db);
  let seeded = false;
  if (config.seedDemo && (await isEmpty(ctx))) {
    await seedDemo(ctx);
    seeded = true;
  }
  await app.listen({ port: config.port, host: config.host });
  // The observatory's figures: computed in the background a moment after start, then every 10 minutes.
  startRefreshTimer(ctx, 10 * 60_000, (err: unknown) => app.log.error({ err }, 'stats refresh failed'));
  // Build the station finder's index now rather than on the first courier's query.
  const indexStarted = Date.now();
  void stationIndex(ctx).then(
    (ix) => app.log.info({ stations: ix.size, ms: Date.now() - indexStarted }, 'station index ready'),
    (err: unknown) => app.log.error({ err }, 'station index failed; it is retried on the next query'),
  );
  const where = handle.kind === 'sqlite' ? `${config.dataDir}/nuanxin.sqlite` : 'PostgreSQL (DATABASE_URL)';
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(
    [
      '',
      `Nuanxin 暖新 is running: http://${shown}:${config.port}   (API docs: http://${shown}:${config.port}/api/docs)`,
      `Database: ${handle.kind}, ${where}, migration ${migration}${seeded ? ', demo data loaded' : ''}; ready in ${Date.now() - started} ms`,
      config.seedDemo ? `Demo accounts (sign in with the mobile number):\n${demoAccountsTable()}` : '',
      '',
    ].join('\n'),
  );
  // Children's records go when their programme ends plus the retention period: checked hourly.
  const purge = () =>
    purgeChildren(ctx).then(
      (n) => n && app.log.info({ purged: n }, 'children’s classroom records purged'),
      (err: unknown) => app.log.error({ err }, 'purge failed'),
    );
  void purge();
  setInterval(purge, 3_600_000).unref();
  // Rights cases: escalate overdue ones, give ownerless ones an owner, close unanswered proposals.
  const sweep = () =>
    sweepCases(ctx).then(
      (r) => (r.escalated || r.ownerless || r.expired) && app.log.info(r, 'case sweep'),
      (err: unknown) => app.log.error({ err }, 'case sweep failed'),
    ).then(() =>
      // Campaign problems past their deadline: flagged to the lead agency once.
      sweepCampaigns(ctx).then(
        (r) => r.overdue && app.log.info(r, 'campaign sweep'),
        (err: unknown) => app.log.error({ err }, 'campaign sweep failed'),
      ),
    );
  void sweep();
  setInterval(sweep, 60_000).unref();
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error('Nuanxin could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
