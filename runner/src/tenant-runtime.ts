/**
 * The composition root for one tenant: redactor, logger, DI container with the source and sink
 * modules, the state store and the sync engine. Commands open a runtime, use it, and close it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AccountingSink,
  Redactor,
  ShopSource,
  createPinoLogger,
  createTenantContainer,
  describeError,
  type CheckResult,
  type ConnectorRegistry,
  type Logger,
} from '@koppelwerk/core';
import { SqliteStateStore, SyncEngine } from '@koppelwerk/engine';
import type { Container } from 'inversify';
import { loadTenantConfig, type TenantConfig } from './tenant-config';

export interface TenantRuntime {
  config: TenantConfig;
  runId: string;
  redactor: Redactor;
  logger: Logger;
  container: Container;
  store: SqliteStateStore;
  source: ShopSource;
  sink: AccountingSink;
  engine: SyncEngine;
  logFile: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  /** Sink writes in flight at once. */
  concurrency?: number;
}

export function logFileFor(config: TenantConfig): string {
  return join(dirname(config.statePath), 'logs', `${config.tenant}.log`);
}

export async function openTenant(file: string, registry: ConnectorRegistry, options: OpenOptions = {}): Promise<TenantRuntime> {
  const config = loadTenantConfig(file, registry, { env: options.env });
  return openTenantConfig(config, options);
}

export async function openTenantConfig(config: TenantConfig, options: OpenOptions = {}): Promise<TenantRuntime> {
  const runId = randomUUID();
  const redactor = new Redactor(config.secrets);
  const logFile = logFileFor(config);
  mkdirSync(dirname(logFile), { recursive: true });
  const logger = createPinoLogger({ destination: logFile, level: config.logLevel, redactor, fields: { tenant: config.tenant, runId } });
  const container = createTenantContainer({ tenant: config.tenant, runId, logger, redactor, source: config.source, sink: config.sink });
  mkdirSync(dirname(config.statePath), { recursive: true });
  const store = new SqliteStateStore({ path: config.statePath });
  const source = container.get<ShopSource>(ShopSource);
  const sink = container.get<AccountingSink>(AccountingSink);
  const engine = new SyncEngine(
    {
      source,
      sink,
      mapper: config.mapping,
      store,
      logger,
      redactor,
      loadMappingContext: async () => ({ articles: await sink.listArticles() }),
    },
    { concurrency: options.concurrency },
  );
  let closed = false;
  return {
    config,
    runId,
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
      await store.close();
    },
  };
}

/** Both dots: source and sink checks, plus the mapping's ledgers and VAT codes against the administration. */
export async function checkTenant(runtime: TenantRuntime): Promise<{ source: CheckResult; sink: CheckResult }> {
  const { config, source, sink, store } = runtime;
  const safe = async (probe: () => Promise<CheckResult>): Promise<CheckResult> => {
    try {
      return await probe();
    } catch (error) {
      return { ok: false, reason: runtime.redactor.redactText(describeError(error)) };
    }
  };
  const sourceResult = await safe(() => source.check());
  let sinkResult = await safe(() => sink.check());
  if (sinkResult.ok) {
    const problems = await safe(async () => {
      const found = config.mapping.validateReference({ ledgers: await sink.listLedgers(), vatCodes: await sink.listVatCodes() });
      return found.length
        ? { ok: false, errorClass: 'configuration', reason: 'the mapping names ledgers or VAT codes this administration lacks', details: found.map((p) => `${p.path}: ${p.message}`), hint: 'create them in e-Boekhouden (Beheer > Inrichting > Grootboekrekeningen) or change the mapping' }
        : { ok: true };
    });
    if (!problems.ok) sinkResult = problems;
  }
  await store.saveCheck('source', sourceResult);
  await store.saveCheck('sink', sinkResult);
  return { source: sourceResult, sink: sinkResult };
}
