/**
 * A connector's main entry is what a run loads: the manifest, its module, client and mappers, never
 * the simulator, which sits behind its own entry (`<package>/simulator`) and is loaded only when it
 * is started. Checked on the built package, by name, in a node process of its own (its require.cache).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Requires the package by name, starts its simulator through the manifest, and says which files each step loaded. */
const SCRIPT = `
const name = process.argv[1];
const { manifest } = require(name);
const loaded = Object.keys(require.cache);
manifest.simulator.start().then(async (simulator) => {
  const started = Object.keys(require.cache);
  const entry = Object.keys(require(name + '/simulator'));
  await simulator.close();
  process.stdout.write(JSON.stringify({ loaded, started, entry, url: simulator.url }));
});
`;

interface Loads {
  loaded: string[];
  started: string[];
  entry: string[];
  url: string;
}

const testKitFile = (file: string) => /[\\/](libs[\\/]testing|@koppelwerk[\\/]testing)[\\/]/.test(file);

/** The test for the connector package at `packageRoot` (the folder of its package.json). */
export function describeMainEntry(packageRoot: string): void {
  const root = realpathSync(packageRoot);
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  const dist = join(root, 'dist') + sep;
  const simulatorFile = (file: string) => file.startsWith(dist + 'simulator' + sep);

  it(`loads no simulator file (nor the test kit) when ${name} is required, and the simulator when it is started`, () => {
    if (!existsSync(join(dist, 'index.js'))) throw new Error(`${name} is not built (no ${dist}index.js): build it first (npm run build)`);
    const loads = JSON.parse(execFileSync(process.execPath, ['-e', SCRIPT, name], { cwd: root, encoding: 'utf8', timeout: 120_000 })) as Loads;
    expect(loads.loaded).toContain(join(dist, 'index.js'));
    expect(loads.loaded.filter((file) => simulatorFile(file) || testKitFile(file))).toEqual([]);
    expect(loads.started).toContain(join(dist, 'simulator', 'index.js'));
    expect(loads.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(loads.entry).toEqual(expect.arrayContaining([expect.stringMatching(/^start\w+Simulator$/)]));
  });
}
