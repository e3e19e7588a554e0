/**
 * `koppelwerk serve <tenant.yaml | tenants-dir> [--port n] [--host h] [--database <url>]`: the
 * dashboard. Embedded, it reads the tenant files and their SQLite state and runs actions in this
 * process under each tenant's lock; with `--database` it reads the service's PostgreSQL and sends
 * actions to the workers' queue. Prints `listening on http://127.0.0.1:<n>` when ready and stops
 * cleanly on SIGTERM/SIGINT. Nobody gets in without a user from `dashboard.yaml`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redactor, createPinoLogger, describeError, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output, TenantDirectory } from '@koppelwerk/runtime';
import { createDashboardServer, type Language, openEmbeddedDirectory, openServiceDirectory, type OpenedUserStore, openUserStore } from '@koppelwerk/dashboard';
import {
  AlertNotifier,
  AlertPoller,
  type AlertSettings,
  directoryTenantStates,
  FileAlertMemory,
  KoppelwerkMetrics,
  type MetricsServer,
  readDirectoryAlertSettings,
  readServiceAlertSettings,
  SmtpMailer,
  startMetricsServer,
} from '@koppelwerk/observability';
import { UsageError } from '@koppelwerk/core/errors';

export interface ServeOptions {
  port: number;
  host?: string;
  /** The service database (tenants and state in PostgreSQL). */
  database?: string;
  /** A dashboard.yaml elsewhere than next to the tenant files. */
  users?: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
  language?: Language;
  /** Also serve /metrics without login on this port (loopback), for Prometheus. */
  metricsPort?: number;
  /**
   * Alerts (`alerts:` settings, default the file KOPPELWERK_ALERTS names): this process looks at
   * every tenant once a minute and tells once per change. Give it to one process per database.
   */
  alerts?: string;
  /** Where the alerts remember what they told (default ./state/alerts.json). */
  alertsState?: string;
}

/** Set it (32 characters or more) to sign session cookies with a fixed secret; sessions still end on restart. */
export const SESSION_SECRET_VARIABLE = 'KOPPELWERK_SESSION_SECRET';

/**
 * The users: the users file (embedded) or the service's dashboard_users table, asked on every
 * request. A file edited by hand into something that does not load is told on stderr; the users
 * read before stay in force.
 */
function loadUsers(target: string | undefined, options: ServeOptions, output: Output): Promise<OpenedUserStore> {
  return openUserStore({ database: options.database, file: options.users, target, onProblem: (message) => output.error(`dashboard users: ${message}`) });
}

/**
 * Invitations go by e-mail through the alerts' SMTP settings: those this process alerts with, else
 * (embedded) the `alerts:` section of the directory's koppelwerk.yaml. Without them a link is shown once.
 */
function invitationSmtp(target: string | undefined, options: ServeOptions, alertSettings: AlertSettings | undefined, output: Output): SmtpMailer | undefined {
  let email = alertSettings?.email;
  if (!email && options.database === undefined && target !== undefined) {
    try {
      email = readDirectoryAlertSettings(existsSync(target) && statSync(target).isDirectory() ? target : dirname(target))?.email;
    } catch (error) {
      output.error(`invitations are not sent by e-mail: the alerts settings do not load: ${describeError(error)}`);
    }
  }
  return email ? new SmtpMailer(email) : undefined;
}

export async function serveCommand(registry: ConnectorRegistry, target: string | undefined, options: ServeOptions, output: Output): Promise<number> {
  if (target === undefined && options.database === undefined) throw new UsageError('give a tenant file or a directory of tenant files, or --database <url>');
  const secret = process.env[SESSION_SECRET_VARIABLE];
  if (secret !== undefined && secret.length < 32) throw new UsageError(`${SESSION_SECRET_VARIABLE} must be at least 32 characters`);

  // Bad alert settings are refused before anything opens.
  const alertSettings = readServiceAlertSettings(options.alerts);
  const users = await loadUsers(target, options, output);
  const mailer = invitationSmtp(target, options, alertSettings, output);
  let directory: TenantDirectory;
  try {
    directory = options.database !== undefined ? await openServiceDirectory(options.database, registry) : await openEmbeddedDirectory(target!, registry);
  } catch (error) {
    await users.store.close();
    await mailer?.close();
    throw error;
  }
  let metricsServer: MetricsServer | undefined;
  let poller: AlertPoller | undefined;
  let notifier: AlertNotifier | undefined;
  try {
    if (alertSettings) {
      const redactor = new Redactor(alertSettings.secrets);
      const logger = createPinoLogger({ destination: 2, redactor, fields: { component: 'alerts' } });
      notifier = AlertNotifier.fromSettings(alertSettings, { logger, redactor, memory: new FileAlertMemory(options.alertsState ?? join('state', 'alerts.json')) });
      poller = new AlertPoller({ directory, notifier, logger });
    }
    const metrics = new KoppelwerkMetrics({ tenantStates: directoryTenantStates(directory) });
    const app = await createDashboardServer({
      directory,
      registry,
      users: users.store,
      invitationMailer: mailer,
      secureCookies: Boolean(options.secureCookies),
      trustProxy: Boolean(options.trustProxy),
      sessionSecret: secret,
      language: options.language,
      metrics: metrics.registry,
      onInternalError: (error, request) => output.error(`internal error on ${request.method} ${request.routeOptions.url ?? 'an unknown route'}: ${describeError(error)}`),
    });
    // Listen for the stop before saying "listening": a script may stop it as soon as it reads that line.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port });
    if (options.metricsPort !== undefined) metricsServer = await startMetricsServer({ port: options.metricsPort, registry: metrics.registry });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    process.stdout.write(`listening on http://${host.includes(':') ? `[${host}]` : host}:${port}\n`);
    if (metricsServer) process.stdout.write(`metrics on ${metricsServer.url}\n`);
    poller?.start();
    output.error(
      `dashboard for ${directory.mode === 'service' ? 'the service database' : target}: ${users.users} user(s) from ${users.where}; ` +
        'sessions live in this process and end when it stops',
    );
    await stopped;
    await app.close(); // closes the directory too
    return 0;
  } catch (error) {
    await directory.close().catch(() => undefined);
    throw error;
  } finally {
    await poller?.stop();
    await notifier?.close();
    await metricsServer?.close();
    await mailer?.close();
    await users.store.close();
  }
}
