/**
 * Every connector this installation can use, as `koppelwerk connectors`, `init` and the dashboard's
 * catalog list them: the built-in ones, then each connector package installed where a tenant file in
 * `cwd` would find it that the loader accepts; the ones it refuses, each with the loader's problems.
 */
import { ConfigurationError, type ConnectorRegistry, type RegisteredConnector } from '@koppelwerk/core';
import { listConnectorPackages } from './installed-packages';

export interface LoadableConnectors {
  connectors: RegisteredConnector[];
  refused: { package: string; problems: string[] }[];
}

export function loadableConnectors(registry: ConnectorRegistry, cwd = process.cwd()): LoadableConnectors {
  const connectors = registry.entries();
  const refused: LoadableConnectors['refused'] = [];
  for (const found of listConnectorPackages(cwd)) {
    if (connectors.some((entry) => entry.origin.packageName === found.name)) continue;
    try {
      connectors.push(registry.find(found.name, undefined, 'connector', cwd));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      refused.push({ package: found.name, problems: error.problems.map((problem) => problem.message) });
    }
  }
  return { connectors, refused };
}
