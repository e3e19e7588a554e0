/**
 * Replaces a file's content all at once: the new text goes to a temporary file beside it (flushed
 * to disk), which is then renamed over the file. A crash at any moment leaves either the old file
 * or the new one, never half of one. The key file and the tenant files a key rotation rewrites
 * are written this way.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Writes `text` to `path` atomically. An existing file keeps its mode; a new one gets `mode`. */
export function writeFileAtomically(path: string, text: string, mode = 0o600): void {
  let kept = mode;
  try {
    kept = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Created with the final mode (never readable by others on the way), exclusive: never someone else's file.
  const fd = openSync(temporary, 'wx', kept);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already renamed or never written: nothing to clean up
    }
    throw error;
  }
  syncDirectory(dirname(path));
}

/** Flushes a directory's entries (the rename) to disk where the system allows it. */
function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every file system can sync a directory; the rename itself is atomic either way.
  }
}
