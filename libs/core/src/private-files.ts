/**
 * Files that hold customers' personal data (the state database, the tenant's log file) are the
 * tenant owner's alone: files 0600, folders 0700. A file or folder that is created gets that mode
 * at once (no moment in which it is readable by others); an existing file with a looser mode is
 * tightened when Koppelwerk opens it. See docs/operations.md, "Personal data".
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Read and write for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Enter, list and write for the owner only. */
export const PRIVATE_DIRECTORY_MODE = 0o700;

export interface PrivateDirectoryOptions {
  /**
   * Also tighten the folder if it exists with a looser mode. Only for folders that are
   * Koppelwerk's own (the `logs/` folder): a folder someone else chose may be shared on purpose.
   */
  tighten?: boolean;
}

/** Creates the folder (and its missing parents) 0700; an existing one keeps its mode unless `tighten`. */
export function makePrivateDirectory(path: string, options: PrivateDirectoryOptions = {}): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (options.tighten) tightenMode(path, PRIVATE_DIRECTORY_MODE);
}

/**
 * Makes sure the file exists and is 0600: created with that mode when missing (empty; SQLite and
 * the log writer take an empty file as new), tightened when it exists with a looser one. Missing
 * folders on its path are created 0700.
 */
export function makePrivateFile(path: string): void {
  makePrivateDirectory(dirname(path));
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  tightenMode(path, PRIVATE_FILE_MODE);
}

/** Tightens an existing file to 0600; a missing file is left missing. */
export function tightenPrivateFile(path: string): void {
  tightenMode(path, PRIVATE_FILE_MODE);
}

/**
 * Removes every permission beyond `mode`. A path that does not exist, or that belongs to another
 * user (EPERM: its owner chose the mode, and only they can change it), is left alone.
 */
function tightenMode(path: string, mode: number): void {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((current & ~mode) === 0) return;
  try {
    chmodSync(path, current & mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}
