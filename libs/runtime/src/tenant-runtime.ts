/**
 * The composition root for one tenant: redactor, logger, DI container with the source and sink
 * modules, the state store and the sync engine. Commands open a runtime, use it, and close it; the
 * daemon keeps it between runs and begins each run with a fresh runId (`beginRun`).
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import {
  AccountingSink,
  Redactor,
  ShopSource,
  TransientError,
  createPinoLogger,
  createTenantContainer,
  CORE_MESSAGES,
  nestedParams,
  wordedBy,
  describeError,
  errorParams,
  makePrivateDirectory,
  redactParams,
  resourceExhaustion,
  type CheckResult,
  type Clock,
  type ConnectorRegistry,
  type LogFields,
  type Logger,
  type OwnedLogger,
} from '@koppelwerk/core';
import { SyncEngine, type StateStore } from '@koppelwerk/engine';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import type { Container } from 'inversify';
import { loadTenantConfig, type TenantConfig } from './tenant-config';
import { worded } from './worded';

const coreWords = wordedBy(CORE_MESSAGES);

export interface TenantRuntime {
  config: TenantConfig;
  /** The current run's id: the one it was opened with, until `beginRun` starts another. */
  readonly runId: string;
  redactor: Redactor;
  logger: Logger;
  container: Container;
  store: StateStore;
  source: ShopSource;
  sink: AccountingSink;
  engine: SyncEngine;
  logFile: string;
  /**
   * Starts the next run on a runtime kept between runs: a fresh runId, on every line the runtime's
   * logger and its connectors' loggers write from now on. Returns it.
   */
  beginRun(): string;
  close(): Promise<void>;
}

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  /** Sink writes in flight at once. */
  concurrency?: number;
  /** The clock of the state store and the engine (tests move it); default the system's. */
  clock?: Clock;
  /** Opens the tenant's state (the service's PostgreSQL store); default the tenant's SQLite file. */
  openStore?: (context: { config: TenantConfig; logger: Logger; clock?: Clock }) => Promise<StateStore>;
  /** Where the tenant's log goes; default `logs/<tenant>.log` beside its state file. */
  logFile?: string;
  /** Wraps the source and sink before the engine gets them (the process's metrics time every call). */
  instrument?: ConnectorInstrument;
}

/** What a connector instrument gets: the tenant's source and sink, and who they are. */
export interface ConnectorParts {
  tenant: string;
  source: ShopSource;
  sink: AccountingSink;
  /** The manifests' ids, e.g. `mijnwebwinkel` and `eboekhouden`. */
  sourceConnector: string;
  sinkConnector: string;
}

/** Gives the engine measured (or otherwise wrapped) connectors instead of the bare ones. */
export type ConnectorInstrument = (parts: ConnectorParts) => { source: ShopSource; sink: AccountingSink };

export function logFileFor(config: TenantConfig): string {
  return join(dirname(config.statePath), 'logs', `${config.tenant}.log`);
}

export async function openTenant(file: string, registry: ConnectorRegistry, options: OpenOptions = {}): Promise<TenantRuntime> {
  const config = loadTenantConfig(file, registry, { env: options.env });
  return openTenantConfig(config, options);
}

export async function openTenantConfig(config: TenantConfig, options: OpenOptions = {}): Promise<TenantRuntime> {
  const run = { runId: randomUUID() };
  const redactor = new Redactor(config.secrets);
  const logFile = options.logFile ?? logFileFor(config);
  // The state folder and its logs/ folder hold personal data: 0700 (logs/ is ours, so it is tightened too).
  makePrivateDirectory(dirname(logFile), { tighten: true });
  const owned = createPinoLogger({ destination: logFile, level: config.logLevel, redactor, fields: { tenant: config.tenant } });
  try {
    return await build(config, { run, redactor, logFile, owned }, options);
  } catch (error) {
    // Nothing opened may stay open when the runtime cannot be built (the state database refused, a DI failure).
    await owned.close();
    throw error;
  }
}

/** A logger whose lines carry the runtime's current runId (after the tenant, as before), so a kept runtime names each run. */
class CurrentRunLogger implements Logger {
  private bound?: { runId: string; logger: Logger };

  constructor(
    private readonly base: Logger,
    private readonly run: { runId: string },
    private readonly fields: LogFields = {},
  ) {}

  private target(): Logger {
    if (this.bound?.runId !== this.run.runId) this.bound = { runId: this.run.runId, logger: this.base.child({ runId: this.run.runId, ...this.fields }) };
    return this.bound.logger;
  }

  debug(message: string, fields?: LogFields): void {
    this.target().debug(message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.target().info(message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.target().warn(message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.target().error(message, fields);
  }
  child(fields: LogFields): Logger {
    return new CurrentRunLogger(this.base, this.run, { ...this.fields, ...fields });
  }
}

async function build(config: TenantConfig, opened: { run: { runId: string }; redactor: Redactor; logFile: string; owned: OwnedLogger }, options: OpenOptions): Promise<TenantRuntime> {
  const { run, redactor, logFile, owned } = opened;
  const logger = new CurrentRunLogger(owned, run);
  // The container's TenantContext keeps the runId it was opened with; the loggers follow `beginRun`.
  const container = createTenantContainer({ tenant: config.tenant, runId: run.runId, logger, redactor, source: config.source, sink: config.sink });
  const bare = { source: container.get<ShopSource>(ShopSource), sink: container.get<AccountingSink>(AccountingSink) };
  const { source, sink } = options.instrument
    ? options.instrument({ ...bare, tenant: config.tenant, sourceConnector: config.source.manifest.id, sinkConnector: config.sink.manifest.id })
    : bare;
  // The store last: what is built before it opens nothing that needs closing.
  const store = options.openStore ? await options.openStore({ config, logger, clock: options.clock }) : openSqliteStore(config, logger, options.clock);
  const engine = new SyncEngine(
    {
      source,
      sink,
      mapper: config.mapping,
      store,
      logger,
      redactor,
      clock: options.clock,
      loadMappingContext: async () => ({ articles: await sink.listArticles() }),
    },
    { concurrency: options.concurrency },
  );
  let closed = false;
  return {
    config,
    get runId() {
      return run.runId;
    },
    beginRun() {
      run.runId = randomUUID();
      return run.runId;
    },
    redactor,
    logger,
    container,
    store,
    source,
    sink,
    engine,
    logFile,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await sink.close();
      } catch (error) {
        logger.warn(`closing the sink session failed: ${describeError(error)}`);
      }
      try {
        await store.close();
      } finally {
        // Last: the log file's descriptor (the sink's and the store's closing may still log).
        await owned.close();
      }
    },
  };
}

function openSqliteStore(config: TenantConfig, logger: Logger, clock?: Clock): StateStore {
  makePrivateDirectory(dirname(config.statePath));
  return new SqliteStateStore({ path: config.statePath, retainDays: config.retainDays === 'forever' ? undefined : config.retainDays, logger, clock });
}

/** Both dots: source and sink checks, plus the mapping's ledgers and VAT codes against the administration. */
export async function checkTenant(runtime: TenantRuntime): Promise<{ source: CheckResult; sink: CheckResult }> {
  const { config, source, sink, store } = runtime;
  const redact = (text: string) => runtime.redactor.redactText(text);
  const safe = async (probe: () => Promise<CheckResult>): Promise<CheckResult> => {
    try {
      const result = await probe();
      return result.params ? { ...result, params: redactParams(result.params, redact) } : result;
    } catch (error) {
      const failed = worded.text('CHECK_FAILED', errorParams('cause', error, redact));
      return { ok: false, reason: redact(describeError(error)), code: failed.code, params: failed.params };
    }
  };
  const sourceResult = await safe(() => source.check());
  let sinkResult = await safe(() => sink.check());
  if (sinkResult.ok) {
    const problems = await safe(async () => {
      const found = config.mapping.validateReference({ ledgers: await sink.listLedgers(), vatCodes: await sink.listVatCodes() });
      if (found.length === 0) return { ok: true };
      const missing = worded.text('CHECK_MAPPING_MISSING', {});
      const details = found.map((p) => coreWords.text('CONFIG_PROBLEM_AT', { path: p.path, ...nestedParams('problem', { code: p.code, params: p.params, text: p.message }) }));
      const detailTexts = details.map(({ code, params }) => ({ code, params }));
      return { ok: false, errorClass: 'configuration', reason: missing.message, hint: missing.hint, details: details.map((d) => d.message), detailTexts, code: missing.code, params: missing.params };
    });
    if (!problems.ok) sinkResult = problems;
  }
  // Out of descriptors or memory is this machine's problem, not the connection's: no dot changes.
  for (const result of [sourceResult, sinkResult]) {
    const code = result.ok ? undefined : resourceExhaustion(result.reason);
    if (code) throw new TransientError(...worded('CHECK_EXHAUSTED', { systemCode: code }, { code }));
  }
  await store.saveCheck('source', sourceResult);
  await store.saveCheck('sink', sinkResult);
  return { source: sourceResult, sink: sinkResult };
}
