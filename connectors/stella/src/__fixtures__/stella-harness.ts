/** Wires the connector as the runner does (manifest → tenant container) against its simulator over loopback. */
import { openConnector, readSource } from '@koppelwerk/testing';
import { MemoryLogger, ShopSource, type SourceItem } from '@koppelwerk/core';
import { startStellaSimulator, type RunningStellaSimulator, type StellaSimulatorOptions } from '../simulator/stella-simulator';
import { StellaClient } from '../stella-client';
import { stellaManifest } from '../stella-manifest';

export interface Harness {
  sim: RunningStellaSimulator;
  source: ShopSource;
  logger: MemoryLogger;
  clock: { now: Date };
  read(cursor: string | null, options?: { maxPages?: number; pageSize?: number }): Promise<{ items: SourceItem[]; cursor: string | null }>;
  close(): Promise<void>;
}

export async function startHarness(options: { seed?: Record<string, unknown[]>; settings?: Record<string, unknown>; sim?: Partial<StellaSimulatorOptions>; apiKey?: string } = {}): Promise<Harness> {
  const clock = { now: new Date('2025-06-10T12:00:00Z') };
  const sim = await startStellaSimulator({ seed: options.seed ?? { invoices: [] }, now: () => clock.now, ...options.sim });
  const { container, logger } = openConnector({ manifest: stellaManifest }, { api_key: options.apiKey ?? sim.credentials.api_key, endpoint: sim.url, ...options.settings }, { tenant: 'test-painter', clock: { now: () => clock.now } });
  const client = container.get(StellaClient);
  client.retry = { ...client.retry, baseDelayMs: 5, maxDelayMs: 20 };
  const source = container.get<ShopSource>(ShopSource);
  return {
    sim,
    source,
    logger,
    clock,
    read: (cursor, readOptions = {}) => readSource(source, { cursor, pageSize: readOptions.pageSize, maxPages: readOptions.maxPages }),
    close: () => sim.close(),
  };
}
