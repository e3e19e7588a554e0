/**
 * The dashboard over the in-memory directory, as a process of its own (Jest cannot load fastify's
 * cookie parser, an ES module, in-process). Started by `startTestDashboard` with its options as JSON
 * in argv[2]; prints `listening on http://127.0.0.1:<port>`. Two test-only routes let the test read
 * the directory's recorded actions and make a tenant fail; SIGTERM closes it.
 */
import 'reflect-metadata';
import { createDashboardServer } from '../dashboard-server';
import type { LoginLimits } from '../auth-routes';
import type { Language } from '../messages/language';
import { MemoryTenantDirectory } from './memory-directory';
import { sampleTenant } from './sample-tenants';
import { testUsers } from './test-users';

export interface HarnessOptions {
  hostile?: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
  loginLimits?: LoginLimits;
  language?: Language;
  failingTenants?: string[];
  /** Every directory call fails. */
  failing?: boolean;
  metrics?: boolean;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as HarnessOptions;
  const directory = new MemoryTenantDirectory({
    'shop-a': sampleTenant('shop-a', { hostile: options.hostile }),
    'shop-b': sampleTenant('shop-b', { errors: 120 }),
    'shop-c': sampleTenant('shop-c'),
  });
  for (const tenant of options.failingTenants ?? []) directory.failingTenants.add(tenant);
  if (options.failing) directory.failure = new Error('the service database is not reachable: ECONNREFUSED');
  const app = await createDashboardServer({
    directory,
    users: await testUsers(),
    secureCookies: options.secureCookies ?? false,
    trustProxy: options.trustProxy,
    loginLimits: options.loginLimits,
    language: options.language,
    metrics: options.metrics ? { contentType: 'text/plain; version=0.0.4', metrics: async () => 'koppelwerk_open_errors{tenant="shop-a"} 3\n' } : undefined,
    onInternalError: (error) => process.stderr.write(`internal error: ${String(error)}\n`),
  });
  app.get('/__test__/actions', { config: { public: true } }, async () => ({ actions: directory.actions, closed: directory.closed }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
