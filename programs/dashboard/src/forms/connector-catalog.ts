/**
 * Every connector the runner can load, for `GET /api/connectors` and the wizard: the built-in ones
 * and the connector packages installed where the dashboard runs (as `koppelwerk connectors` lists
 * them), each with its settings' JSON Schema, labels and help in Dutch and English included. A
 * package the loader refuses is left out (`koppelwerk connectors` says why).
 */
import { configJsonSchema, connectorName, type ConnectorRegistry, type RegisteredConnector } from '@koppelwerk/core';
import { loadableConnectors } from '@koppelwerk/runtime';

export interface CatalogConnector {
  /** What a tenant file writes as `connector:`. */
  connector: string;
  id: string;
  kind: string;
  title: string;
  description: string;
  capabilities: readonly string[];
  builtIn: boolean;
  package: string;
  version: string;
  /** The settings as JSON Schema (`configJsonSchema`): secrets flagged `writeOnly`, texts under `x-texts`. */
  settingsSchema: Record<string, unknown>;
}

export function connectorCatalog(registry: ConnectorRegistry, cwd = process.cwd()): CatalogConnector[] {
  return loadableConnectors(registry, cwd).connectors.map(catalogEntry);
}

function catalogEntry(entry: RegisteredConnector): CatalogConnector {
  const { manifest, origin } = entry;
  return {
    connector: connectorName(entry),
    id: manifest.id,
    kind: manifest.kind,
    title: manifest.title,
    description: manifest.description,
    capabilities: manifest.capabilities,
    builtIn: origin.builtIn,
    package: origin.packageName,
    version: origin.version,
    settingsSchema: withoutSecretValues(configJsonSchema(manifest.configSchema)) as Record<string, unknown>,
  };
}

/** The schema without any value a secret field carries (a default, examples): a schema says what a secret is, never what. */
function withoutSecretValues(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSecretValues);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  const secret = (node as { writeOnly?: unknown }).writeOnly === true;
  for (const [key, value] of Object.entries(node)) {
    if (secret && (key === 'default' || key === 'examples' || key === 'const' || key === 'enum')) continue;
    copy[key] = withoutSecretValues(value);
  }
  return copy;
}
