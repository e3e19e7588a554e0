/**
 * Every connector the runtime knows runs the shared conformance kit, and every connector project
 * is known to the runtime. A connector that skips the kit makes this test fail.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRegistry } from './connectors';

const CONNECTORS = join(__dirname, '..', '..', '..', 'connectors');

describe('connector conformance coverage', () => {
  const manifests = createRegistry().list();

  it.each(manifests.map((m) => [m.id, m.kind] as const))('%s (%s) runs the conformance kit for its kind', (id, kind) => {
    const spec = join(CONNECTORS, id, 'src', 'conformance.int.spec.ts');
    expect(existsSync(spec) ? 'present' : `missing: connectors/${id}/src/conformance.int.spec.ts`).toBe('present');
    const text = readFileSync(spec, 'utf8');
    expect(text).toContain(kind === 'source' ? 'describeShopSource(' : 'describeAccountingSink(');
  });

  it('knows every connector project in connectors/', () => {
    const projects = readdirSync(CONNECTORS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(CONNECTORS, entry.name, 'project.json')))
      .map((entry) => entry.name)
      .sort();
    expect(projects).toEqual(manifests.map((m) => m.id).sort());
  });
});
