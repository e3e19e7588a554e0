// Run by the e2e bench (e2e-state-stores.ts) as a plain Node process on the compiled runtime, as
// bin/koppelwerk.js runs the CLI: opens a tenant file exactly as `koppelwerk sync` does, on the
// SQLite store or, as `koppelwerk worker` does, on the PostgreSQL store, and books everything new.
// Reads {tenantFile, store, databaseUrl, concurrency} as JSON on stdin; prints {booked, seconds,
// peakRssMb} as JSON on its last stdout line (seconds: the engine's run, start-up excluded).
require('node:v8').setFlagsFromString('--optimize-for-size');
const { createRegistry, loadTenantConfig, openTenantConfig } = require('@koppelwerk/runtime');
const { PostgresStateStore } = require('@koppelwerk/store-postgres');
const { ownPeakRssKb } = require('./report-peak-rss.js');

async function run(input) {
  const config = loadTenantConfig(input.tenantFile, createRegistry());
  const retainDays = config.retainDays === 'forever' ? undefined : config.retainDays;
  const openStore =
    input.store === 'postgres'
      ? ({ logger, clock }) => PostgresStateStore.open({ connectionString: input.databaseUrl, tenant: config.tenant, logger, clock, retainDays })
      : undefined;
  const runtime = await openTenantConfig(config, { concurrency: input.concurrency, openStore });
  try {
    const summary = await runtime.engine.sync({ runId: runtime.runId });
    if (summary.exitCode !== 0) throw new Error(`the ${input.store} run ended ${summary.outcome}: ${summary.message || ''}`);
    const seconds = (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
    return { booked: summary.counts.booked, seconds, peakRssMb: ownPeakRssKb() / 1024 };
  } finally {
    await runtime.close();
  }
}

(async () => {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const result = await run(JSON.parse(text));
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
