/**
 * What each alert channel last told about each tenant (per dot: red or green; open errors: above
 * or below the threshold), so a change is told once, and a restart does not tell it again.
 *
 * `FileAlertMemory` keeps it in a small private JSON file (0600, written whole to a temporary file
 * and renamed, so a crash leaves the old or the new file, never half of one). The daemon keeps it
 * beside the tenants' state: `<tenants dir>/state/alerts.json`. It holds tenant names and dot
 * colours only, no reasons and no secrets.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, makePrivateDirectory } from '@koppelwerk/core';

/** The last state a channel told for a tenant. */
export interface Remembered {
  source?: 'red' | 'green';
  sink?: 'red' | 'green';
  errors?: 'above' | 'below';
}

export interface AlertMemory {
  get(channel: string, tenant: string): Promise<Remembered | undefined>;
  set(channel: string, tenant: string, remembered: Remembered): Promise<void>;
}

/** Kept in this process only: a restart tells a tenant that is still red again. */
export class InProcessAlertMemory implements AlertMemory {
  private readonly entries = new Map<string, Remembered>();

  async get(channel: string, tenant: string): Promise<Remembered | undefined> {
    const found = this.entries.get(`${channel}\n${tenant}`);
    return found && { ...found };
  }

  async set(channel: string, tenant: string, remembered: Remembered): Promise<void> {
    this.entries.set(`${channel}\n${tenant}`, { ...remembered });
  }
}

interface MemoryFile {
  version: 1;
  /** channel -> tenant -> what it was told last. */
  told: Record<string, Record<string, Remembered>>;
}

export class FileAlertMemory implements AlertMemory {
  private file: MemoryFile;

  constructor(private readonly path: string) {
    this.file = readMemoryFile(path);
  }

  async get(channel: string, tenant: string): Promise<Remembered | undefined> {
    const found = this.file.told[channel]?.[tenant];
    return found && { ...found };
  }

  async set(channel: string, tenant: string, remembered: Remembered): Promise<void> {
    const told = { ...this.file.told, [channel]: { ...this.file.told[channel], [tenant]: { ...remembered } } };
    const next: MemoryFile = { version: 1, told };
    makePrivateDirectory(dirname(this.path));
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(temporary, this.path);
    this.file = next;
  }
}

/** A missing or unreadable file starts empty: the worst that follows is one alert told again. */
function readMemoryFile(path: string): MemoryFile {
  if (!existsSync(path)) return { version: 1, told: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<MemoryFile>;
    if (parsed && parsed.version === 1 && parsed.told && typeof parsed.told === 'object') return { version: 1, told: parsed.told };
  } catch {
    // fall through
  }
  return { version: 1, told: {} };
}
