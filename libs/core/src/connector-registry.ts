/** The set of connectors the runner knows. Refuses duplicates; names the known ids on a miss. */
import { ConfigurationError } from './errors';
import type { ConnectorKind, ConnectorManifest } from './manifest';

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

export class ConnectorRegistry {
  private readonly manifests = new Map<string, ConnectorManifest>();

  constructor(manifests: Iterable<ConnectorManifest> = []) {
    for (const manifest of manifests) this.register(manifest);
  }

  register(manifest: ConnectorManifest): this {
    if (!manifest || typeof manifest.id !== 'string' || !ID_PATTERN.test(manifest.id)) {
      throw new Error(`connector manifest has an invalid id ${JSON.stringify(manifest?.id)} (kebab-case required)`);
    }
    if (this.manifests.has(manifest.id)) throw new Error(`connector "${manifest.id}" is registered twice`);
    this.manifests.set(manifest.id, manifest);
    return this;
  }

  has(id: string): boolean {
    return this.manifests.has(id);
  }

  /** The manifest, optionally of a kind; a configuration error listing what exists otherwise. */
  get(id: string, kind?: ConnectorKind, path = 'connector'): ConnectorManifest {
    const manifest = this.manifests.get(id);
    if (!manifest || (kind && manifest.kind !== kind)) {
      const known = this.list(kind).map((m) => m.id);
      const what = kind ? `${kind} connector` : 'connector';
      throw new ConfigurationError([
        { path, message: `unknown ${what} "${id}"; known: ${known.join(', ') || '(none)'}` },
      ]);
    }
    return manifest;
  }

  list(kind?: ConnectorKind): ConnectorManifest[] {
    return [...this.manifests.values()].filter((m) => !kind || m.kind === kind);
  }
}
