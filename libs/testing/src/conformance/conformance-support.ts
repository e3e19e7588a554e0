/// <reference types="jest" />
/**
 * Shared pieces of the conformance suites: containers for one connector, the simulators' control
 * API, and the secret canary.
 */
import {
  ConnectorRegistry,
  MemoryLogger,
  Redactor,
  collectSecrets,
  createTenantContainer,
  parseConfig,
  type ConfigurationError,
  type Clock,
  type ConnectorManifest,
  type RunningSimulator,
} from '@koppelwerk/core';
import type { Container } from 'inversify';

export interface BrokenConfig {
  description: string;
  config: unknown;
  /** The path the problem must be reported at, e.g. `username`. */
  path: string;
}

/** What every conformance suite needs from a connector. */
export interface ConnectorUnderTest {
  manifest: ConnectorManifest;
  /** Starts the connector's simulator with raw records (demo data when no seed). */
  startSimulator(seed?: Record<string, unknown>): Promise<RunningSimulator>;
  /** The connector's settings for a running simulator. */
  configFor(simulator: RunningSimulator): Record<string, unknown>;
  /** The same settings with credentials the simulator refuses. */
  withWrongCredentials(config: Record<string, unknown>): Record<string, unknown>;
  brokenConfigs: BrokenConfig[];
}

export interface OpenedConnector {
  container: Container;
  logger: MemoryLogger;
  redactor: Redactor;
  secrets: string[];
}

/** Parses the settings with the manifest's schema and loads the module into a fresh tenant container. */
export interface OpenOptions {
  tenant?: string;
  /** A clock for the tenant container (sources that compute "now", e.g. a cursor's overlap). */
  clock?: Clock;
}

/** One connector in a tenant container as the runner builds it: config parsed, secrets redacted, logs kept in memory. */
export function openConnector(subject: { manifest: ConnectorManifest }, settings: Record<string, unknown>, options: OpenOptions = {}): OpenedConnector {
  const config = parseConfig(subject.manifest.configSchema, settings);
  const secrets = collectSecrets(subject.manifest.configSchema, config);
  const redactor = new Redactor(secrets);
  const logger = new MemoryLogger([], {}, redactor);
  const use = { manifest: subject.manifest, config };
  const container = createTenantContainer({
    tenant: options.tenant ?? 'conformance',
    runId: 'conformance-run',
    logger,
    redactor,
    clock: options.clock,
    ...(subject.manifest.kind === 'source' ? { source: use } : { sink: use }),
  });
  return { container, logger, redactor, secrets };
}

/** Injects faults through the simulator's control API (every simulator serves `POST /_sim/faults`). */
export async function injectFaults(simulator: RunningSimulator, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simulator.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`the simulator refused the faults ${JSON.stringify(faults)}: HTTP ${response.status}`);
}

/** An address nothing listens on. */
export const UNREACHABLE_ENDPOINT = 'http://127.0.0.1:9';

export function expectNoSecrets(texts: string[], secrets: string[]): void {
  const all = texts.join('\n');
  for (const secret of secrets) expect(all.includes(secret) ? `secret leaked: ${secret.slice(0, 3)}...` : 'no secret').toBe('no secret');
}

/** The config-schema checks both suites share. */
export function describeConfigSchema(subject: ConnectorUnderTest): void {
  describe('configuration', () => {
    it('accepts its example config', () => {
      expect(() => parseConfig(subject.manifest.configSchema, subject.manifest.exampleConfig)).not.toThrow();
    });

    it.each(subject.brokenConfigs.map((b) => [b.description, b] as const))('refuses %s, naming the setting', (_name, broken) => {
      let error: ConfigurationError | undefined;
      try {
        parseConfig(subject.manifest.configSchema, broken.config);
      } catch (e) {
        error = e as ConfigurationError;
      }
      expect(error?.errorClass).toBe('configuration');
      expect(error?.problems.map((p) => p.path)).toContain(broken.path);
      expect(error?.problems.every((p) => p.message.length > 5)).toBe(true);
    });

    it('registers under its manifest id', () => {
      const registry = new ConnectorRegistry([subject.manifest]);
      expect(registry.get(subject.manifest.id, subject.manifest.kind)).toBe(subject.manifest);
      expect(subject.manifest.id).toMatch(/^[a-z][a-z0-9-]*$/);
    });
  });
}
