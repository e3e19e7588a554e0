/** Wires the connector as the runner does (manifest → tenant container) against its simulator over loopback. */
import { openConnector, readSource } from '@koppelwerk/testing';
import { MemoryLogger, ShopSource, type ReadRequest, type SourceDocument, type SourceItem } from '@koppelwerk/core';
import { FactuursturenClient } from '../factuursturen-client';
import { factuursturenManifest } from '../factuursturen-manifest';
import { startFactuursturenSimulator, type FactuursturenSimulatorOptions, type RunningFactuursturenSimulator } from '../simulator/factuursturen-simulator';
import { rawClient } from './raw-invoice-builder';

export interface Harness {
  sim: RunningFactuursturenSimulator;
  source: ShopSource;
  client: FactuursturenClient;
  logger: MemoryLogger;
  /** Both the account's and the connector's clock; tests move it. */
  clock: { now: Date };
  /** Reads pages from the cursor; stops after `maxPages` pages (a crash) when given. */
  read(cursor: string | null, options?: { maxPages?: number; pageSize?: number; from?: string; to?: string }): Promise<{ items: SourceItem[]; cursor: string | null; pages: number }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
  sim?: Partial<FactuursturenSimulatorOptions>;
  credentials?: { username: string; apiKey: string };
  endpoint?: string;
  now?: string;
}

/** A seed with the clients the builders refer to. */
export function seedWith(records: Record<string, unknown[]>): Record<string, unknown[]> {
  return { clients: [rawClient('1'), rawClient('2', { company: '', contact: 'Piet Bakker' })], invoices: [], purchase_invoices: [], ...records };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = { now: new Date(options.now ?? '2025-06-20T12:30:00Z') };
  const sim = await startFactuursturenSimulator({ seed: options.seed ?? seedWith({}), now: () => clock.now, ...options.sim });
  const { container, logger } = openConnector({ manifest: factuursturenManifest }, {
    ...(options.credentials ?? sim.credentials),
    endpoint: options.endpoint ?? sim.url,
    ...options.settings,
  }, { tenant: 'test-invoicing', clock: { now: () => clock.now } });
  const client = container.get(FactuursturenClient);
  client.retry = { ...client.retry, baseDelayMs: 5, maxDelayMs: 20 };
  const source = container.get<ShopSource>(ShopSource);
  return {
    sim,
    source,
    client,
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

export function documentOf(item: SourceItem | undefined): SourceDocument {
  if (!item?.ok) throw new Error(`expected a mapped document, got ${item ? item.error.message : 'nothing'}`);
  return item.record as SourceDocument;
}
