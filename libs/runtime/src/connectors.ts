/**
 * The connectors built into the runner: its own dependencies, loaded through the same loader as a
 * connector package named in a tenant file (contract version, manifest and DI bindings checked).
 * The generator adds a line here for a connector it creates inside this repository.
 */
import * as eboekhouden from '@koppelwerk/eboekhouden';
import * as factuursturen from '@koppelwerk/factuursturen';
import * as mijnwebwinkel from '@koppelwerk/mijnwebwinkel';
import * as stella from '@koppelwerk/stella';
import * as werkbonapp from '@koppelwerk/werkbonapp';
import { messageCatalogue, type ConnectorManifest, type ConnectorRegistry } from '@koppelwerk/core';
import { createConnectorRegistry, type BuiltInConnector } from './plugins/connector-loader';

export const BUILT_IN_CONNECTORS: readonly BuiltInConnector[] = [
  { packageName: '@koppelwerk/mijnwebwinkel', exports: mijnwebwinkel },
  { packageName: '@koppelwerk/factuursturen', exports: factuursturen },
  { packageName: '@koppelwerk/werkbonapp', exports: werkbonapp },
  { packageName: '@koppelwerk/stella', exports: stella },
  { packageName: '@koppelwerk/eboekhouden', exports: eboekhouden },
];

/** The runner's registry: these, and the connector packages tenant files name. */
export function createRegistry(): ConnectorRegistry {
  return createConnectorRegistry(BUILT_IN_CONNECTORS);
}

/**
 * Adds the built-in connectors' texts to the process's catalogue, as registering them does: for a
 * program that shows stored texts (a parked document's reason, a dot) without loading a tenant first.
 */
export function registerBuiltInMessages(): void {
  // Not `const { exports }`: compiled to CommonJS, that name would shadow the module's own `exports`.
  for (const builtIn of BUILT_IN_CONNECTORS) {
    const manifest = (builtIn.exports as { manifest?: ConnectorManifest }).manifest;
    if (manifest?.messages && !messageCatalogue.has(manifest.id)) messageCatalogue.add(manifest.id, manifest.messages);
  }
}
