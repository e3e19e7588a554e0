/**
 * Temporary directories for a test file (tenant files, state databases), removed after its last
 * test, so test runs do not pile up directories in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new directory `koppelwerk-<prefix>-XXXXXX` in the temp folder, removed after the file's tests. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `koppelwerk-${prefix}-`));
  made.push(dir);
  return dir;
}
