/**
 * `koppelwerk connectors`: every connector this runner can use and where it comes from (built in,
 * or an installed package and its version), and every installed connector package it refuses, with why.
 * Packages are looked up as a tenant file in the working directory would see them.
 */
import { CONTRACT_VERSION, ExitCode, connectorName, type ConnectorRegistry, type RegisteredConnector } from '@koppelwerk/core';
import { relative } from 'node:path';
import { loadableConnectors, type Output } from '@koppelwerk/runtime';

interface Listed {
  /** What a tenant file writes as `connector:`. */
  connector: string;
  id: string;
  kind: string;
  title: string;
  builtIn: boolean;
  package: string;
  version: string;
  location?: string;
  fromSources?: boolean;
}

function listed(entry: RegisteredConnector): Listed {
  const { manifest, origin } = entry;
  return {
    connector: connectorName(entry),
    id: manifest.id,
    kind: manifest.kind,
    title: manifest.title,
    builtIn: origin.builtIn,
    package: origin.packageName,
    version: origin.version,
    location: origin.location,
    fromSources: origin.fromSources,
  };
}

function whereFrom(item: Listed, cwd: string): string {
  if (item.builtIn) return 'built in';
  const place = item.location ? `, ${relative(cwd, item.location) || '.'}` : '';
  return `${item.package}@${item.version || '(no version)'}${place}${item.fromSources ? ', from its TypeScript sources' : ''}`;
}

export function connectorsCommand(registry: ConnectorRegistry, output: Output, cwd = process.cwd()): number {
  const loadable = loadableConnectors(registry, cwd);
  const connectors = loadable.connectors.map(listed);
  const refused = loadable.refused;
  output.result({ contractVersion: CONTRACT_VERSION, connectors, refused });
  const width = Math.max(...connectors.map((item) => item.connector.length), 9) + 2;
  output.line(`${'connector'.padEnd(width)}${'kind'.padEnd(8)}${'title'.padEnd(22)}from`);
  for (const item of connectors) output.line(`${item.connector.padEnd(width)}${item.kind.padEnd(8)}${item.title.padEnd(22)}${whereFrom(item, cwd)}`);
  output.line(`contract version ${CONTRACT_VERSION}; a tenant file names a connector as in the first column.`);
  if (refused.length === 0) return ExitCode.ok;
  output.line('');
  output.line(`refused (${refused.length}):`);
  for (const item of refused) for (const problem of item.problems) output.line(`  ${problem}`);
  return ExitCode.configuration;
}
