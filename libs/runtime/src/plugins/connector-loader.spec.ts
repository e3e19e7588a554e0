/**
 * The loader as a tenant file meets it: a connector package installed next to the tenant file is
 * found, checked and given the runner's own contract modules; a broken one is a configuration error
 * naming the package and what is wrong; the built-in connectors pass through the same checks.
 */
import * as core from '@koppelwerk/core';
import { CONTRACT_VERSION, ConfigurationError, collectSecrets, type ConfigProblem } from '@koppelwerk/core';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import * as zod from 'zod';
import { BUILT_IN_CONNECTORS, createRegistry } from '../connectors';
import { loadTenantConfig } from '../tenant-config';
import { writeConnectorPackage, type PackageFlaw } from '../testing/connector-packages';
import { scratchDir } from '../testing/scratch-dir';
import { checkConnectorExports, createConnectorRegistry, loadBuiltInConnectors } from './connector-loader';
import { requirePackageEntry } from './host-modules';

function problemsOf(action: () => unknown): ConfigProblem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('the connector loader', () => {
  it('loads a package installed next to the tenant file, says where it comes from and shares the runner’s contract modules', () => {
    const dir = scratchDir('plugin');
    const folder = writeConnectorPackage(dir, { name: 'koppelwerk-connector-fixture', version: '1.4.0' });
    const elsewhere = scratchDir('plugin-cwd');
    const registry = createConnectorRegistry(BUILT_IN_CONNECTORS, () => elsewhere);

    const found = registry.find('koppelwerk-connector-fixture', 'source', 'source.connector', dir);

    expect(found.manifest.id).toBe('fixture-shop');
    expect(found.origin).toEqual({ packageName: 'koppelwerk-connector-fixture', version: '1.4.0', builtIn: false, location: realpathSync(folder) });
    const given = (requirePackageEntry(join(realpathSync(folder), 'lib', 'index.js')) as { given: { core: unknown; z: unknown } }).given;
    expect(given.core === core).toBe(true);
    expect(given.z === zod.z).toBe(true);
    // One zod registry of secrets: the runner sees the package's secret field as a secret.
    const config = found.manifest.configSchema.parse({ apiKey: 'package-secret-123' });
    expect(collectSecrets(found.manifest.configSchema, config)).toEqual(['package-secret-123']);
    // Loaded once per process.
    expect(registry.find('koppelwerk-connector-fixture', 'source', 'source.connector', dir)).toBe(found);
  });

  it('finds a package in the working directory when the tenant file’s folder has none', () => {
    const cwd = scratchDir('plugin-cwd');
    writeConnectorPackage(cwd, { name: '@acme/koppelwerk-shop' });
    const registry = createConnectorRegistry(BUILT_IN_CONNECTORS, () => cwd);
    expect(registry.find('@acme/koppelwerk-shop', 'source', 'source.connector', scratchDir('tenant')).origin.packageName).toBe('@acme/koppelwerk-shop');
  });

  const flaws: [PackageFlaw, RegExp][] = [
    ['throws-on-load', /^connector package "koppelwerk-connector-broken" \(1\.2\.3\) failed to load: the fixture connector cannot start: FIXTURE_REGION is not set$/],
    ['other-contract', new RegExp(`^connector package "koppelwerk-connector-broken" \\(1\\.2\\.3\\) was built for contract version 2; this Koppelwerk runs contract version ${CONTRACT_VERSION}$`)],
    ['no-manifest', /has no "manifest" export \(its entry exports connector\); export the connector's manifest as `manifest`$/],
    ['unbound', /declares ShopSource in its manifest but its module does not bind it$/],
    ['bad-manifest', /manifest\.capabilities has unknown "teleport"; known: read, /],
  ];
  it.each(flaws)('refuses a package that %s, naming the package and the problem at the tenant file’s connector', (flaw, message) => {
    const dir = scratchDir('plugin');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-broken', flaw });
    const registry = createConnectorRegistry(BUILT_IN_CONNECTORS, () => dir);
    const problems = problemsOf(() => registry.find('koppelwerk-connector-broken', 'source', 'source.connector', dir));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('source.connector');
    expect(problems[0].message).toMatch(message);
    expect(problems[0].message).not.toMatch(/undefined/);
  });

  it('refuses a package whose connector id is a built-in connector’s', () => {
    const dir = scratchDir('plugin');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-stella', id: 'stella' });
    const [problem] = problemsOf(() => createConnectorRegistry(BUILT_IN_CONNECTORS, () => dir).find('koppelwerk-connector-stella', 'source', 'source.connector', dir));
    expect(problem.message).toMatch(/has the connector id "stella", which is a built-in connector; give it an id of its own/);
  });

  it('refuses a second package with the connector id of one loaded before', () => {
    const dir = scratchDir('plugin');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-first' });
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-second' });
    const registry = createConnectorRegistry(BUILT_IN_CONNECTORS, () => dir);
    expect(registry.find('koppelwerk-connector-first', 'source', 'source.connector', dir).manifest.id).toBe('fixture-shop');
    const [problem] = problemsOf(() => registry.find('koppelwerk-connector-second', 'source', 'source.connector', dir));
    expect(problem.message).toBe('connector package "koppelwerk-connector-second" (1.2.3) has the connector id "fixture-shop", which package "koppelwerk-connector-first" already uses; give it an id of its own');
  });

  it('says what exists when the name is neither built in nor installed, and when the kind is wrong', () => {
    const dir = scratchDir('plugin');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-fixture' });
    const registry = createConnectorRegistry(BUILT_IN_CONNECTORS, () => dir);
    expect(problemsOf(() => registry.find('shopify', 'source', 'source.connector', dir))[0].message).toBe(
      'unknown source connector "shopify"; known: mijnwebwinkel, factuursturen, werkbonapp, stella; and no connector package "shopify" is installed next to the tenant file or in the working directory',
    );
    expect(problemsOf(() => registry.find('koppelwerk-connector-fixture', 'sink', 'sink.connector', dir))[0].message).toBe(
      '"koppelwerk-connector-fixture" is a source connector (package koppelwerk-connector-fixture), not a sink connector; known sinks: eboekhouden',
    );
  });

  it('is what a tenant file naming a package goes through, with every other problem of the file listed too', () => {
    const dir = scratchDir('plugin');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-fixture' });
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-old', flaw: 'other-contract' });
    const file = join(dir, 'shop.yaml');
    const sink = { connector: 'eboekhouden', settings: { username: 'demo-user', securityCode1: 'a'.repeat(32), securityCode2: '1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f' } };
    writeFileSync(file, stringify({ tenant: 'shop', source: { connector: 'koppelwerk-connector-fixture', settings: { apiKey: 'tenant-key-123' } }, sink }));
    const config = loadTenantConfig(file, createRegistry());
    expect(config.source.manifest.id).toBe('fixture-shop');
    expect(config.secrets).toContain('tenant-key-123');

    writeFileSync(file, stringify({ tenant: 'shop', source: { connector: 'koppelwerk-connector-old', settings: {} }, sink: { ...sink, settings: { username: 'x' } } }));
    const problems = problemsOf(() => loadTenantConfig(file, createRegistry()));
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['source.connector', 'sink.settings.username']));
    expect(problems.find((p) => p.path === 'source.connector')?.message).toMatch(/"koppelwerk-connector-old" \(1\.2\.3\) was built for contract version 2/);
  });

  it('checks the built-in connectors the same way', () => {
    const builtIn = loadBuiltInConnectors(BUILT_IN_CONNECTORS);
    expect(builtIn.map((entry) => [entry.manifest.id, entry.origin.builtIn])).toEqual([
      ['mijnwebwinkel', true],
      ['factuursturen', true],
      ['werkbonapp', true],
      ['stella', true],
      ['eboekhouden', true],
    ]);
    const stella = BUILT_IN_CONNECTORS.find((entry) => entry.packageName === '@koppelwerk/stella')!.exports as { manifest: object };
    const [problem] = problemsOf(() => checkConnectorExports({ manifest: { ...stella.manifest, contractVersion: 2 } }, { packageName: '@koppelwerk/stella', version: '0.1.0', builtIn: true }));
    expect(problem.message).toMatch(/^connector package "@koppelwerk\/stella" \(0\.1\.0\) was built for contract version 2/);
  });
});
