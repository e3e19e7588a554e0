/**
 * `koppelwerk daemon <config-dir>`: runs every tenant file in the directory on its own cadence until
 * SIGTERM or SIGINT. Logs are JSON lines on stdout, one object per event with the tenant's name;
 * each run's detailed log goes to the tenant's own log file, as with `sync`.
 *
 * Settings: `--max-parallel`, `--stop-within` and `--check-every` over the directory's
 * `koppelwerk.yaml` over the defaults (daemon/daemon-settings.ts).
 *
 * Stopping: the first signal lets the runs in flight finish their documents (at most
 * `--stop-within` seconds) and exits 0; a second signal, or the bound, closes every sink session
 * and exits 4 at once (what was in doubt is settled by the next start).
 */
import { join } from 'node:path';
import { ConfigurationError, ExitCode, Redactor, createPinoLogger, describeError, type ConnectorRegistry } from '@koppelwerk/core';
import { scanConfigDirectory } from '@koppelwerk/runtime';
import { resolveDaemonSettings, RuntimeWork, TenantDaemon } from '@koppelwerk/daemon';
import { AlertNotifier, FileAlertMemory, KoppelwerkMetrics, metricsInstrument, metricsListeningLine, readDirectoryAlertSettings, startMetricsServer, TenantObserver } from '@koppelwerk/observability';

export interface DaemonCommandOptions {
  checkEvery?: number;
  runAtStart?: boolean;
  maxParallel?: number;
  /** Seconds. */
  stopWithin?: number;
  /** Serve Prometheus metrics on this port of 127.0.0.1 (0: any free port). */
  metricsPort?: number;
}

export async function daemonCommand(registry: ConnectorRegistry, directory: string, options: DaemonCommandOptions): Promise<number> {
  const wholeAtLeast = (value: number | undefined, min: number) => value === undefined || (Number.isInteger(value) && value >= min);
  const problems = [
    wholeAtLeast(options.checkEvery, 1) ? undefined : { path: '--check-every', message: 'give the minutes between checks as a whole number, at least 1' },
    wholeAtLeast(options.maxParallel, 1) ? undefined : { path: '--max-parallel', message: 'give the number of runs and checks in flight at once as a whole number, at least 1' },
    wholeAtLeast(options.stopWithin, 0) ? undefined : { path: '--stop-within', message: 'give the seconds the runs in flight may take to stop as a whole number, 0 or more' },
  ].filter((p): p is { path: string; message: string } => p !== undefined);
  if (problems.length) throw new ConfigurationError(problems);
  scanConfigDirectory(directory); // refuses a missing directory with a configuration error (exit 2)
  const settings = resolveDaemonSettings(directory, { checkEveryMinutes: options.checkEvery, maxParallel: options.maxParallel, stopWithinSeconds: options.stopWithin });
  const redactor = new Redactor();
  const logger = createPinoLogger({ destination: 1, redactor, fields: { component: 'daemon' } });
  // A bad `alerts:` section is a configuration error (exit 2) before anything runs.
  const alertSettings = readDirectoryAlertSettings(directory);
  redactor.add(alertSettings?.secrets ?? []);
  const metrics = options.metricsPort !== undefined ? new KoppelwerkMetrics() : undefined;
  const notifier = alertSettings ? AlertNotifier.fromSettings(alertSettings, { logger, redactor, memory: new FileAlertMemory(join(directory, 'state', 'alerts.json')) }) : undefined;
  const observer = metrics || notifier ? new TenantObserver({ metrics, notifier, logger }) : undefined;
  const metricsServer = metrics
    ? await startMetricsServer({ port: options.metricsPort ?? 0, registry: metrics.registry, onError: (error) => logger.error('metrics scrape failed', { error: describeError(error) }) })
    : undefined;
  if (metricsServer) logger.info(metricsListeningLine(metricsServer), { url: metricsServer.url });
  const daemon = new TenantDaemon({
    directory,
    registry,
    logger,
    redactor,
    work: new RuntimeWork({ instrument: metrics ? metricsInstrument(metrics) : undefined, observer }),
    checkEveryMinutes: settings.checkEveryMinutes,
    maxParallel: settings.maxParallel,
    stopWithinMs: settings.stopWithinSeconds * 1000,
    runAtStart: options.runAtStart,
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (daemon.stopped) logger.info(`${signal} again: stopping at once`);
    daemon.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const report = await daemon.run();
    if (report.forced) {
      // Runs were cut short and may still hold sockets and timers: end the process now. Every log
      // line is written already (synchronous destination); the sessions were closed by the daemon.
      await logger.close();
      process.exit(ExitCode.transient);
    }
    return ExitCode.ok;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await notifier?.close();
    await metricsServer?.close();
  }
}
