import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../testing/scratch-dir';
import { writeFileAtomically } from './write-file-atomically';

describe('writing a file atomically', () => {
  it('replaces the content, keeps the mode of an existing file, and leaves no temporary file', () => {
    const dir = scratchDir('atomic');
    const file = join(dir, 'shop.yaml');
    writeFileSync(file, 'old', { mode: 0o640 });
    writeFileAtomically(file, 'new text');
    expect(readFileSync(file, 'utf8')).toBe('new text');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const fresh = join(dir, 'fresh.key');
    writeFileAtomically(fresh, 'k');
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['fresh.key', 'shop.yaml']);
  });
});
