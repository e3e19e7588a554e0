/**
 * The embedded directory's tenants: one tenant file, or every tenant file in a directory (found
 * as the daemon finds them, `scanConfigDirectory`). Each scan reloads the files that changed and
 * forgets the ones removed. A file that does not load is kept with its problem, under its file
 * name; two files naming the same tenant (or state file): the second one is the problem.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { ConfigurationError, RUNTIME_MESSAGES, describeError, wordedBy, type ConnectorRegistry } from '@koppelwerk/core';

const worded = wordedBy(RUNTIME_MESSAGES);
import { type ConfigFile, loadTenantConfig, scanConfigDirectory, type TenantConfig, unreadableFileReason, unreadableTenantFile } from '@koppelwerk/runtime';

export interface TenantFile {
  /** The tenant's name; for a file that does not load, its file name. */
  name: string;
  file: string;
  fingerprint: string;
  config?: TenantConfig;
  /** Why the file cannot be used. */
  problem?: string;
  /** The error behind `problem`: its code and params word it in the page's language. */
  problemError?: unknown;
}

export class TenantFiles {
  private byFile = new Map<string, TenantFile>();
  private byName = new Map<string, TenantFile>();

  constructor(
    private readonly pathOrDir: string,
    readonly registry: ConnectorRegistry,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Reads the file or directory again; returns whether any tenant was added, changed or removed. */
  scan(): boolean {
    const found = this.listFiles();
    let changed = found.length !== this.byFile.size;
    const next = new Map<string, TenantFile>();
    for (const { file, fingerprint } of found) {
      const known = this.byFile.get(file);
      if (known?.fingerprint === fingerprint) next.set(file, known);
      else {
        changed = true;
        next.set(file, this.load(file, fingerprint));
      }
    }
    this.byFile = next;
    if (changed) this.name();
    return changed;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  get(name: string): TenantFile | undefined {
    return this.byName.get(name);
  }

  /**
   * The tenant's file read again now, for an action: secrets saved since the last scan in files the
   * tenant file references (`${file:...}`, where a red dot's hint sends people) count at once.
   */
  reloaded(name: string): TenantFile | undefined {
    const entry = this.byName.get(name);
    if (!entry?.config) return entry;
    const fresh = this.load(entry.file, entry.fingerprint);
    // Renamed in the meantime: the next scan sorts it out; until then the entry as scanned.
    return fresh.config && fresh.config.tenant !== entry.config.tenant ? entry : fresh;
  }

  /** The folder new tenant files go into; undefined when this serves a single tenant file. */
  directory(): string | undefined {
    const path = resolve(this.pathOrDir);
    try {
      return statSync(path).isDirectory() ? path : undefined;
    } catch {
      return undefined;
    }
  }

  private listFiles(): ConfigFile[] {
    const path = resolve(this.pathOrDir);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new ConfigurationError([{ path: this.pathOrDir, message: `cannot read this tenant file or directory of tenant files: ${unreadableFileReason(error, path)}` }]);
    }
    if (isDirectory) return scanConfigDirectory(path);
    try {
      return [{ file: path, fingerprint: createHash('sha256').update(readFileSync(path)).digest('hex') }];
    } catch (error) {
      throw unreadableTenantFile(this.pathOrDir, error);
    }
  }

  private load(file: string, fingerprint: string): TenantFile {
    const name = basename(file, extname(file));
    try {
      const config = loadTenantConfig(file, this.registry, { env: this.env });
      return { name: config.tenant, file, fingerprint, config };
    } catch (error) {
      return { name, file, fingerprint, problem: error instanceof ConfigurationError ? error.message : describeError(error), problemError: error };
    }
  }

  /** Names every file: loaded tenants in file order first; a clash, or a broken file, gets its file name. */
  private name(): void {
    const names = new Map<string, TenantFile>();
    const files = [...this.byFile.values()];
    for (const entry of files.filter((f) => f.config)) {
      const config = entry.config!;
      const clash = [...names.values()].find((other) => other.config!.tenant === config.tenant || other.config!.statePath === config.statePath);
      if (!clash) names.set(config.tenant, entry);
    }
    const unusable = files.flatMap((entry): TenantFile[] => {
      if (!entry.config) return [entry];
      if (names.get(entry.config.tenant) === entry) return [];
      const clash = [...names.values()].find((other) => other.config!.tenant === entry.config!.tenant || other.config!.statePath === entry.config!.statePath)!;
      const problem = new ConfigurationError([worded.problem('tenant', 'TENANT_ALREADY_CONFIGURED', { tenant: entry.config.tenant, file: basename(clash.file) })]);
      return [{ name: basename(entry.file, extname(entry.file)), file: entry.file, fingerprint: entry.fingerprint, problem: problem.message, problemError: problem }];
    });
    for (const entry of unusable) {
      const name = names.has(entry.name) ? basename(entry.file) : entry.name;
      names.set(name, { ...entry, name });
    }
    this.byName = names;
  }
}
