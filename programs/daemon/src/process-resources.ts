/**
 * What this process holds: open file descriptors (and the limit), resident memory and heap. The
 * daemon reports them in its status and load lines; tests and the bench watch them for leaks.
 * Descriptors are counted in /proc (Linux); elsewhere they are reported as unknown (null).
 */
import { accessSync, constants, existsSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { getHeapStatistics } from 'node:v8';

export interface ProcessResources {
  /** Open file descriptors; null where /proc is not available. */
  openFiles: number | null;
  /** The soft limit on open files (`ulimit -n`, systemd's LimitNOFILE); null when unknown. */
  fileLimit: number | null;
  /** Null when it cannot be read right now (out of descriptors). */
  rssMb: number | null;
  heapUsedMb: number;
}

/** Open descriptors of this process, or null when they cannot be counted. */
export function openDescriptors(): number | null {
  try {
    // The listing itself holds one descriptor while it reads: not counted.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return null;
  }
}

let lastLimit: number | null = null;

/** The soft limit on open files (it can change while the process runs: prlimit); the last one read when it cannot be read now. */
export function descriptorLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft && /^\d+$/.test(soft)) lastLimit = Number(soft);
  } catch {
    // out of descriptors, or no /proc: the last known limit
  }
  return lastLimit;
}

export function processResources(): ProcessResources {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  let rssMb: number | null = null;
  try {
    rssMb = mb(process.memoryUsage.rss());
  } catch {
    // EMFILE while reading /proc/self: unknown for now.
  }
  return { openFiles: openDescriptors(), fileLimit: descriptorLimit(), rssMb, heapUsedMb: mb(getHeapStatistics().used_heap_size) };
}

/** True when at least `share` of the descriptor limit is in use (a failure now is likely EMFILE, whatever it says). */
export function descriptorsNearlyExhausted(share = 0.95): boolean {
  const open = openDescriptors();
  const max = descriptorLimit();
  return open !== null && max !== null && open >= max * share;
}

export interface DescriptorKinds {
  /** Files: logs, state databases and their WAL files. */
  files: number;
  /** Network connections (and pipes to child processes). */
  sockets: number;
  other: number;
}

/** Open descriptors by kind (Linux), or null where /proc is not available. */
export function descriptorKinds(): DescriptorKinds | null {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return null;
  }
  const kinds: DescriptorKinds = { files: 0, sockets: 0, other: 0 };
  for (const name of names) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // the listing's own descriptor, closed by now
    }
    if (target.startsWith('socket:') || target.startsWith('pipe:')) kinds.sockets++;
    else if (target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/')) kinds.files++;
    else kinds.other++;
  }
  return kinds;
}

/**
 * SQLite says only "unable to open database file" (SQLITE_CANTOPEN), never why. For a tenant's
 * state file that this process may read and write (or create, when it is missing), the one
 * explanation left is that the process or machine had no descriptor to spare at that moment.
 */
export function stateFileUnopenable(error: unknown, statePath: string): boolean {
  if ((error as { code?: unknown } | null)?.code !== 'SQLITE_CANTOPEN') return false;
  try {
    accessSync(dirname(statePath), constants.W_OK | constants.X_OK);
    if (!existsSync(statePath)) return true;
    accessSync(statePath, constants.R_OK | constants.W_OK);
    return statSync(statePath).isFile();
  } catch {
    return false;
  }
}
