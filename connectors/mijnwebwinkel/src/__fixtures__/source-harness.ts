/** Wires the connector as the runner does (manifest → tenant container) against its simulator over loopback. */
import { openConnector, readSource } from '@koppelwerk/testing';
import { MemoryLogger, ShopSource, type ReadRequest, type SourceItem } from '@koppelwerk/core';
import { MijnwebwinkelClient } from '../mijnwebwinkel-client';
import { mijnwebwinkelManifest } from '../mijnwebwinkel-manifest';
import type { RawOrder } from '../raw-order';
import { startMijnwebwinkelSimulator, type MijnwebwinkelSimulatorOptions, type RunningMijnwebwinkelSimulator } from '../simulator/mijnwebwinkel-simulator';

export interface Harness {
  sim: RunningMijnwebwinkelSimulator;
  source: ShopSource;
  logger: MemoryLogger;
  /** Both the shop's and the connector's clock; tests move it. */
  clock: { now: Date };
  /** Reads pages from the cursor; stops after `maxPages` pages (a crash) when given. */
  read(cursor: string | null, options?: { maxPages?: number; pageSize?: number; from?: string; to?: string }): Promise<{ items: SourceItem[]; cursor: string | null; pages: number }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  orders?: RawOrder[];
  seed?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
  sim?: Partial<MijnwebwinkelSimulatorOptions>;
  /** Build the source with other tokens than the simulator accepts. */
  credentials?: { token: string; partner_token: string };
  endpoint?: string;
  now?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = { now: new Date(options.now ?? '2025-06-01T12:00:00Z') };
  const sim = await startMijnwebwinkelSimulator({
    seed: options.seed ?? { orders: options.orders ?? [] },
    now: () => clock.now,
    ...options.sim,
  });
  const { container, logger } = openConnector({ manifest: mijnwebwinkelManifest }, {
    ...(options.credentials ?? sim.credentials),
    endpoint: options.endpoint ?? sim.url,
    ...options.settings,
  }, { tenant: 'test-shop', clock: { now: () => clock.now } });
  const client = container.get(MijnwebwinkelClient);
  client.retry = { ...client.retry, baseDelayMs: 5, maxDelayMs: 20 };
  const source = container.get<ShopSource>(ShopSource);
  return {
    sim,
    source,
    logger,
    clock,
    read: (cursor, readOptions = {}) =>
      readSource(source, { cursor, pageSize: readOptions.pageSize, from: readOptions.from as ReadRequest['from'], to: readOptions.to as ReadRequest['to'], maxPages: readOptions.maxPages }),
    close: () => sim.close(),
  };
}

export function keysOf(items: SourceItem[]): string[] {
  return items.map((item) => item.key);
}
