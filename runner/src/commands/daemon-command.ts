/**
 * `koppelwerk daemon <config-dir>`: runs every tenant file in the directory on its own cadence until
 * SIGTERM or SIGINT, then lets the runs in flight finish their documents and exits 0. Logs are JSON
 * lines on stdout, one object per event with the tenant's name; each run's detailed log goes to the
 * tenant's own log file, as with `sync`.
 */
import { ConfigurationError, Redactor, createPinoLogger, type ConnectorRegistry } from '@koppelwerk/core';
import { scanConfigDirectory } from '../daemon/config-directory';
import { TenantDaemon } from '../daemon/tenant-daemon';

export interface DaemonCommandOptions {
  checkEvery?: number;
  runAtStart?: boolean;
}

export async function daemonCommand(registry: ConnectorRegistry, directory: string, options: DaemonCommandOptions): Promise<number> {
  if (options.checkEvery !== undefined && !(Number.isInteger(options.checkEvery) && options.checkEvery >= 1)) {
    throw new ConfigurationError([{ path: '--check-every', message: 'give the minutes between checks as a whole number, at least 1' }]);
  }
  scanConfigDirectory(directory); // refuses a missing directory with a configuration error (exit 2)
  const redactor = new Redactor();
  const logger = createPinoLogger({ destination: 1, redactor, fields: { component: 'daemon' } });
  const daemon = new TenantDaemon({ directory, registry, logger, redactor, checkEveryMinutes: options.checkEvery, runAtStart: options.runAtStart });
  const onSignal = (signal: NodeJS.Signals) => {
    if (daemon.stopped) logger.info(`${signal} again: still finishing the documents in flight`);
    daemon.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await daemon.run();
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
