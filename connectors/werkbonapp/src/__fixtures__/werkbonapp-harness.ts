/** Wires the connector as the runner does (manifest → tenant container) against its simulator over loopback. */
import { openConnector, readSource } from '@koppelwerk/testing';
import { ImportTarget, MemoryLogger, Redactor, ShopSource, type SourceItem } from '@koppelwerk/core';
import { startWerkbonappSimulator, type RunningWerkbonappSimulator, type WerkbonappSimulatorOptions } from '../simulator/werkbonapp-simulator';
import { WerkbonappClient } from '../werkbonapp-client';
import { werkbonappManifest } from '../werkbonapp-manifest';

export interface Harness {
  sim: RunningWerkbonappSimulator;
  source: ShopSource;
  target: ImportTarget;
  logger: MemoryLogger;
  redactor: Redactor;
  /** Every item of a full read. */
  read(): Promise<SourceItem[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
  sim?: Partial<WerkbonappSimulatorOptions>;
  credentials?: { token: string; software_token: string };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startWerkbonappSimulator({ seed: options.seed ?? { workorders: [] }, ...options.sim });
  const { container, logger, redactor } = openConnector({ manifest: werkbonappManifest }, { ...(options.credentials ?? sim.credentials), endpoint: sim.url, ...options.settings }, { tenant: 'test-installer' });
  const client = container.get(WerkbonappClient);
  client.retry = { ...client.retry, baseDelayMs: 5, maxDelayMs: 20 };
  const source = container.get<ShopSource>(ShopSource);
  return {
    sim,
    source,
    target: container.get<ImportTarget>(ImportTarget),
    logger,
    redactor,
    read: async () => (await readSource(source, { cursor: null })).items,
    close: () => sim.close(),
  };
}
