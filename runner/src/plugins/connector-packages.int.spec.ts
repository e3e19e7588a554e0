/**
 * Connector packages through the real `koppelwerk` command: `connectors` lists what it can use and
 * what it refuses; a daemon whose directory names a package that throws on load and one built for
 * another contract version refuses those two tenants, saying why, and keeps booking its built-in one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { CONTRACT_VERSION } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { cli, startCli } from '../testing/cli-process';
import { scratchDir, writeConnectorPackage } from '@koppelwerk/runtime/testing';

const TIMEOUT_MS = 90_000;

describe('connector packages through the koppelwerk command', () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;

  beforeAll(async () => {
    [sink, shop] = await Promise.all([startEboekhoudenSimulator({ port: 0 }), startMijnwebwinkelSimulator({ port: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), shop?.close()]);
  });

  it('`connectors` lists the built-in connectors and the installed packages with their versions, and the refused ones with why', async () => {
    const dir = scratchDir('connectors');
    writeConnectorPackage(dir, { name: '@acme/koppelwerk-shop', version: '2.0.1' });
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-old', flaw: 'other-contract' });

    const text = await cli(['connectors'], {}, undefined, dir);
    expect(text.stdout).toMatch(/^eboekhouden +sink +e-Boekhouden\.nl +built in$/m);
    expect(text.stdout).toMatch(/^@acme\/koppelwerk-shop +source +Fixture shop +@acme\/koppelwerk-shop@2\.0\.1, node_modules\/@acme\/koppelwerk-shop$/m);
    expect(text.stdout).toMatch(/refused \(1\):\n {2}connector package "koppelwerk-connector-old" \(1\.2\.3\) was built for contract version 2; this Koppelwerk runs contract version 1/);
    expect(text.code).toBe(2);

    const json = await cli(['connectors', '--json'], {}, undefined, dir);
    const listed = JSON.parse(json.stdout) as { contractVersion: number; connectors: { connector: string; builtIn: boolean; version: string }[]; refused: { package: string }[] };
    expect(listed.contractVersion).toBe(CONTRACT_VERSION);
    expect(listed.connectors.filter((c) => c.builtIn).map((c) => c.connector)).toEqual(['mijnwebwinkel', 'factuursturen', 'werkbonapp', 'stella', 'eboekhouden']);
    expect(listed.connectors.find((c) => !c.builtIn)).toMatchObject({ connector: '@acme/koppelwerk-shop', version: '2.0.1' });
    expect(listed.refused.map((r) => r.package)).toEqual(['koppelwerk-connector-old']);

    // `init` writes the package's name (quoted where YAML needs it) and `check` takes the file as far as the settings.
    expect((await cli(['init', '--source', '@acme/koppelwerk-shop', '--tenant', 'acme'], {}, undefined, dir)).code).toBe(0);
    const written = readFileSync(join(dir, 'acme.yaml'), 'utf8');
    expect(written).toMatch(/^ {2}connector: "@acme\/koppelwerk-shop"$/m);
    const check = await cli(['check', 'acme.yaml'], {}, undefined, dir);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/source.settings.apiKey: environment variable FIXTURE_SHOP_APIKEY is not set/);
  }, TIMEOUT_MS);

  it('a daemon refuses the tenants of a package that throws on load and of one built for another contract, and books its built-in tenant', async () => {
    const dir = scratchDir('plugin-daemon');
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-thrower', flaw: 'throws-on-load' });
    writeConnectorPackage(dir, { name: 'koppelwerk-connector-old', flaw: 'other-contract' });
    const sinkSide = { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials };
    const tenant = (name: string, source: object) => writeFileSync(join(dir, `${name}.yaml`), stringify({ tenant: name, source, sink: sinkSide, mapping: { relations: { codePrefix: 'PLG' }, texts: { invoiceNumber: 'PLG-{number}' } } }));
    tenant('thrower', { connector: 'koppelwerk-connector-thrower', settings: { apiKey: 'thrower-key-1' } });
    tenant('old', { connector: 'koppelwerk-connector-old', settings: { apiKey: 'old-key-12' } });
    tenant('shop', { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials });

    const daemon = startCli(['daemon', dir, '--run-at-start']);
    await daemon.waitFor(/"tenant":"shop"[^\n]*"msg":"sync finished: (ok|parked)"/);
    expect(daemon.child.exitCode).toBeNull();
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);

    const refused = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; file?: string; problems?: { path: string; message: string }[] })
      .filter((line) => line.msg.startsWith('tenant file added but cannot be used'));
    const why = (file: string) => refused.find((line) => line.file === join(dir, file))?.problems;
    expect(why('thrower.yaml')).toEqual([
      { path: 'source.connector', message: 'connector package "koppelwerk-connector-thrower" (1.2.3) failed to load: the fixture connector cannot start: FIXTURE_REGION is not set' },
    ]);
    expect(why('old.yaml')).toEqual([
      { path: 'source.connector', message: `connector package "koppelwerk-connector-old" (1.2.3) was built for contract version 2; this Koppelwerk runs contract version ${CONTRACT_VERSION}` },
    ]);
    const booked = sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer)).filter((n) => n.startsWith('PLG-'));
    expect(booked.length).toBeGreaterThan(0);
    expect(new Set(booked).size).toBe(booked.length);
  }, TIMEOUT_MS);
});
