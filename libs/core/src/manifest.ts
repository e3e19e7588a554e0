/**
 * A connector declares itself with one manifest: what it is, what it can do, its config schema,
 * and how to build its DI module for one tenant. Capabilities are declared here, so a missing one
 * is visible before a run, not discovered by a crash in the middle of it.
 */
import type { ContainerModule } from 'inversify';
import type { z } from 'zod';
import type { LookupDeclaration } from './connector-lookups';
import type { ContractVersion } from './contract-version';
import type { Logger } from './logger';
import type { MessageEntries } from './messages/message-entry';
import type { Redactor } from './redactor';

export type ConnectorKind = 'source' | 'sink';

/** A connector id: kebab-case, starting with a letter. */
export const CONNECTOR_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

export type Capability =
  /** ShopSource.read: documents or work orders since a cursor. */
  | 'read'
  /** ShopSource.fetch: one record again by key, for retries with re-fetch. */
  | 'refetch'
  /** ShopSource.acknowledge: tell the source a record was booked. */
  | 'acknowledge'
  /** Date-range export (`sync --from/--to`) without moving the cursor. */
  | 'date-range'
  /** ImportTarget: receives relations, materials, hour types from the bookkeeping. */
  | 'import-target'
  /** AccountingSink.bookJournalEntry. */
  | 'journal'
  /** AccountingSink.createInvoice. */
  | 'invoice'
  /** AccountingSink.listBooks: what the bookkeeping holds for a period, for `reconcile`. */
  | 'list-books';

export interface ModuleContext {
  tenant: string;
  logger: Logger;
  /** Add secrets learnt at run time (session ids) so they are redacted too. */
  redactor: Redactor;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Raw API records keyed by resource name, exactly as the real API returns them. */
  seed?: Record<string, unknown>;
  logger?: Logger;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The demo login, keys named as the real API names them. */
  credentials: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A connector's simulator, as its manifest offers it. The simulator lives behind the package's own
 * `<package>/simulator` entry, never its main one, and `start` loads it only when it is called
 * (`start: (options) => simulator().startAcmeSimulator(options)` with
 * `const simulator = (): typeof import('./simulator') => require('./simulator')`), so a run that
 * loads the connector never loads its simulator or the test kit it is built on.
 */
export interface SimulatorEntry {
  /** Loads the simulator (on first call) and starts it. */
  start(options?: SimulatorOptions): Promise<RunningSimulator>;
  /**
   * What a tenant's `endpoint` adds to the simulator's url to reach the service (e-Boekhouden:
   * `/soap.asmx`); nothing when the endpoint is the url itself. `simulate` prints the sum.
   */
  endpointPath?: string;
  /**
   * The port the `init` template's `endpoint` line and the docs give this simulator; each connector
   * its own (e-Boekhouden 8080, Mijnwebwinkel 8081, ...), so every simulator can run at once.
   */
  port?: number;
}

/** The `endpoint` a tenant file writes to use a running simulator. */
export function simulatorEndpoint(entry: SimulatorEntry, simulator: RunningSimulator): string {
  return simulator.url.replace(/\/+$/, '') + (entry.endpointPath ?? '');
}

export interface ConnectorManifest<S extends z.ZodType = z.ZodType> {
  /**
   * The contract this connector was built for, written as a literal (`contractVersion: 1`), so it
   * stays what the connector was compiled against; the type checker refuses a stale one.
   */
  contractVersion: ContractVersion;
  /** `eboekhouden`, `mijnwebwinkel`: kebab-case, unique. */
  id: string;
  kind: ConnectorKind;
  title: string;
  description: string;
  capabilities: readonly Capability[];
  configSchema: S;
  /** A valid config for the connector's own simulator (secrets are the simulator's demo login). */
  exampleConfig: z.input<S>;
  /** How often a tenant runs by default, in minutes. */
  defaultIntervalMinutes?: number;
  createModule(config: z.output<S>, context: ModuleContext): ContainerModule;
  simulator?: SimulatorEntry;
  /**
   * The connector's own texts: an entry in Dutch and English for every code its errors carry
   * (`<id>-messages.ts`, built with `entry()`), so a Dutch page words them in Dutch. Registering
   * the connector adds them to the process's catalogue; a code of Koppelwerk's own is not redefined.
   */
  messages?: MessageEntries;
  /**
   * The live lookups the connector offers (connector-lookups.ts): lists read from its API that fill
   * settings of the tenant file (the shop's order statuses, the administration's ledgers). A connector
   * that declares any binds `ConnectorLookups`; the manifest check refuses it otherwise.
   */
  lookups?: readonly LookupDeclaration[];
}

export function hasCapability(manifest: ConnectorManifest, capability: Capability): boolean {
  return manifest.capabilities.includes(capability);
}

/** Identity helper that keeps the schema's type for `createModule`. */
export function defineConnector<S extends z.ZodType>(manifest: ConnectorManifest<S>): ConnectorManifest<S> {
  return manifest;
}
