/**
 * The set of connectors the runner knows: the built-in ones by id, and (through a resolver the
 * runner gives it) connector packages named in a tenant file. Refuses duplicates; names what
 * exists on a miss.
 */
import { ConfigurationError } from './errors';
import { CONNECTOR_ID_PATTERN, type ConnectorKind, type ConnectorManifest } from './manifest';
import { messageCatalogue } from './messages/built-in-messages';
import { CORE_MESSAGES } from './messages/core-messages';
import { wordedBy } from './messages/worded';

const worded = wordedBy(CORE_MESSAGES);


/** Where a connector comes from: the runner's own dependencies, or a package a tenant names. */
export interface ConnectorOrigin {
  packageName: string;
  version: string;
  builtIn: boolean;
  /** The package's folder, for an installed package. */
  location?: string;
  /** Running from its TypeScript sources instead of its build. */
  fromSources?: boolean;
}

export interface RegisteredConnector {
  manifest: ConnectorManifest;
  origin: ConnectorOrigin;
}

/**
 * Finds and loads the connector package `name` as seen from the folder `from` (a tenant file's
 * folder, or the working directory); `undefined` when no such package is installed there. A package
 * that is there but cannot be used throws a ConfigurationError saying why.
 */
export type ConnectorPackageResolver = (name: string, from: string | undefined) => RegisteredConnector | undefined;

/** What a tenant file writes as `connector:`: a built-in connector's id, an installed package's name. */
export function connectorName(entry: RegisteredConnector): string {
  return entry.origin.builtIn ? entry.manifest.id : entry.origin.packageName;
}

export class ConnectorRegistry {
  private readonly connectors = new Map<string, RegisteredConnector>();

  constructor(
    manifests: Iterable<ConnectorManifest | RegisteredConnector> = [],
    private readonly resolvePackage?: ConnectorPackageResolver,
  ) {
    for (const entry of manifests) {
      if ('manifest' in entry) this.register(entry.manifest, entry.origin);
      else this.register(entry);
    }
  }

  register(manifest: ConnectorManifest, origin: ConnectorOrigin = { packageName: manifest?.id, version: '', builtIn: true }): this {
    if (!manifest || typeof manifest.id !== 'string' || !CONNECTOR_ID_PATTERN.test(manifest.id)) {
      throw new Error(`connector manifest has an invalid id ${JSON.stringify(manifest?.id)} (kebab-case required)`);
    }
    if (this.connectors.has(manifest.id)) throw new Error(`connector "${manifest.id}" is registered twice`);
    this.connectors.set(manifest.id, { manifest, origin });
    // The connector's own texts (its codes in Dutch and English) join the process's catalogue.
    if (manifest.messages) messageCatalogue.add(manifest.id, manifest.messages);
    return this;
  }

  has(id: string): boolean {
    return this.connectors.has(id);
  }

  /**
   * The manifest of a built-in connector (by id or package name) or of the connector package `id`
   * installed as seen from `from`, optionally of a kind; a configuration error saying what exists otherwise.
   */
  get(id: string, kind?: ConnectorKind, path = 'connector', from?: string): ConnectorManifest {
    return this.find(id, kind, path, from).manifest;
  }

  /** As `get`, with where the connector comes from. */
  find(id: string, kind?: ConnectorKind, path = 'connector', from?: string): RegisteredConnector {
    let found = this.connectors.get(id) ?? this.entries().find((entry) => entry.origin.packageName === id);
    if (!found && this.resolvePackage) {
      try {
        found = this.resolvePackage(id, from);
      } catch (error) {
        if (error instanceof ConfigurationError) throw new ConfigurationError(error.problems.map((problem) => ({ ...problem, path })));
        throw error;
      }
    }
    if (!found) {
      const known = this.list(kind).map((manifest) => manifest.id).join(', ');
      const said = { kind: kind ?? '', id, known, packages: this.resolvePackage ? 'yes' : 'no', nextToTenantFile: from ? 'yes' : 'no' };
      throw new ConfigurationError([worded.problem(path, 'CONNECTOR_UNKNOWN', said)]);
    }
    if (kind && found.manifest.kind !== kind) {
      const known = this.list(kind).map((manifest) => manifest.id).join(', ');
      const packageName = found.origin.builtIn ? undefined : found.origin.packageName;
      throw new ConfigurationError([worded.problem(path, 'CONNECTOR_WRONG_KIND', { id, actual: found.manifest.kind, wanted: kind, packageName, known })]);
    }
    return found;
  }

  /** The built-in connectors' manifests (and any registered by hand), optionally of a kind. */
  list(kind?: ConnectorKind): ConnectorManifest[] {
    return this.entries(kind).map((entry) => entry.manifest);
  }

  /** As `list`, with where each comes from. */
  entries(kind?: ConnectorKind): RegisteredConnector[] {
    return [...this.connectors.values()].filter((entry) => !kind || entry.manifest.kind === kind);
  }
}
