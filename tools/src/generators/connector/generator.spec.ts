import { readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { connectorGenerator } from './generator';

const RUNNER_CONNECTORS = `/** The only place that knows every connector: the runner's registry. */
import { ConnectorRegistry } from '@koppelwerk/core';
import { eboekhoudenManifest } from '@koppelwerk/eboekhouden';
import { mijnwebwinkelManifest } from '@koppelwerk/mijnwebwinkel';

export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry([mijnwebwinkelManifest, eboekhoudenManifest]);
}
`;

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  tree.write('runner/src/connectors.ts', RUNNER_CONNECTORS);
  tree.write(
    'tsconfig.base.json',
    JSON.stringify({ compilerOptions: { paths: { '@koppelwerk/core': ['./libs/core/src/index.ts'], '@koppelwerk/mijnwebwinkel': ['./connectors/mijnwebwinkel/src/index.ts'] } } }),
  );
  tree.write('connectors/mijnwebwinkel/project.json', JSON.stringify({ name: 'mijnwebwinkel', sourceRoot: 'connectors/mijnwebwinkel/src', tags: ['type:connector'] }));
  return tree;
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the generator to refuse');
}

describe('connector generator', () => {
  it('creates a source connector with the hand-written connectors shape', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const root = 'connectors/acme-shop';
    for (const file of [
      'project.json',
      'package.json',
      'tsconfig.json',
      'tsconfig.lib.json',
      'jest.config.js',
      'README.md',
      'src/index.ts',
      'src/acme-shop-manifest.ts',
      'src/acme-shop-config.ts',
      'src/acme-shop-client.ts',
      'src/acme-shop-source.ts',
      'src/invoice-mapper.ts',
      'src/invoice-cursor.ts',
      'src/raw-invoice.ts',
      'src/simulator/acme-shop-simulator.ts',
      'src/simulator/demo-invoices.ts',
      'src/conformance.int.spec.ts',
    ]) {
      expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
    }
    expect(tree.exists(`${root}/src/acme-shop-sink.ts`)).toBe(false);
    expect(readProjectConfiguration(tree, 'acme-shop')).toMatchObject({ root, tags: ['type:connector'] });
    expect(readJson(tree, `${root}/package.json`).name).toBe('@koppelwerk/acme-shop');
    const manifest = tree.read(`${root}/src/acme-shop-manifest.ts`, 'utf-8') ?? '';
    expect(manifest).toContain("export const acmeShopManifest = defineConnector({");
    expect(manifest).toContain("id: 'acme-shop'");
    expect(manifest).toContain("kind: 'source'");
    expect(manifest).toContain("title: 'Acme Shop'");
    expect(tree.read(`${root}/src/conformance.int.spec.ts`, 'utf-8')).toContain('describeShopSource({');
    expect(tree.read(`${root}/src/acme-shop-config.ts`, 'utf-8')).toContain('token: secret(');
    expect(tree.read(`${root}/src/acme-shop-source.ts`, 'utf-8')).toContain('TODO(api):');
    // No template syntax or placeholder survives.
    for (const file of tree.listChanges().map((change) => change.path).filter((path) => path.startsWith(root))) {
      const text = tree.read(file, 'utf-8') ?? '';
      expect(/<%|%>|__fileName__/.test(text + file) ? `template left in ${file}` : 'clean').toBe('clean');
    }
  });

  it('creates a sink connector that runs the AccountingSink suite', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-books', kind: 'sink', transport: 'rest' });
    const root = 'connectors/acme-books';
    for (const file of ['src/acme-books-sink.ts', 'src/booking-mapper.ts', 'src/raw-bookkeeping.ts', 'src/simulator/acme-books-simulator.ts', 'src/simulator/demo-administration.ts']) {
      expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
    }
    expect(tree.exists(`${root}/src/acme-books-source.ts`)).toBe(false);
    expect(tree.read(`${root}/src/acme-books-manifest.ts`, 'utf-8')).toContain("kind: 'sink'");
    expect(tree.read(`${root}/src/conformance.int.spec.ts`, 'utf-8')).toContain('describeAccountingSink({');
  });

  it('adds the path alias', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const paths = readJson(tree, 'tsconfig.base.json').compilerOptions.paths;
    expect(paths['@koppelwerk/acme-shop']).toEqual(['./connectors/acme-shop/src/index.ts']);
    expect(paths['@koppelwerk/core']).toEqual(['./libs/core/src/index.ts']);
  });

  it('registers the connector with the runner', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const text = tree.read('runner/src/connectors.ts', 'utf-8') ?? '';
    expect(text).toContain("import { mijnwebwinkelManifest } from '@koppelwerk/mijnwebwinkel';\nimport { acmeShopManifest } from '@koppelwerk/acme-shop';\n");
    expect(text).toContain('new ConnectorRegistry([mijnwebwinkelManifest, eboekhoudenManifest, acmeShopManifest])');
  });

  it('extends a registry list written over several lines', async () => {
    const tree = workspace();
    tree.write('runner/src/connectors.ts', RUNNER_CONNECTORS.replace('[mijnwebwinkelManifest, eboekhoudenManifest]', '[\n    mijnwebwinkelManifest,\n    eboekhoudenManifest,\n  ]'));
    await connectorGenerator(tree, { name: 'acme-books', kind: 'sink' });
    expect(tree.read('runner/src/connectors.ts', 'utf-8')).toContain('new ConnectorRegistry([\n    mijnwebwinkelManifest,\n    eboekhoudenManifest,\n    acmeBooksManifest,\n  ])');
  });

  it('refuses an existing name and changes nothing', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const before = tree.read('runner/src/connectors.ts', 'utf-8');
    expect(await failure(() => connectorGenerator(tree, { name: 'acme-shop', kind: 'sink' }))).toMatch(/Connector acme-shop already exists/);
    expect(tree.read('runner/src/connectors.ts', 'utf-8')).toBe(before);
  });

  it('refuses the name of an existing connector or project', async () => {
    const tree = workspace();
    expect(await failure(() => connectorGenerator(tree, { name: 'mijnwebwinkel', kind: 'source' }))).toMatch(/already exists/);
    tree.write('libs/core/project.json', JSON.stringify({ name: 'core', sourceRoot: 'libs/core/src' }));
    expect(await failure(() => connectorGenerator(tree, { name: 'core', kind: 'source' }))).toMatch(/nx project name "core" is already taken/);
  });

  it.each(['AcmeShop', 'acme_shop', '1shop', 'acme--shop', '-acme', 'acme shop', ''])('refuses the bad name %j', async (name) => {
    const tree = workspace();
    expect(await failure(() => connectorGenerator(tree, { name, kind: 'source' }))).toMatch(/not a usable connector name: use kebab-case/);
    expect(tree.children('connectors')).toEqual(['mijnwebwinkel']);
  });

  describe('--transport soap', () => {
    const noTemplateLeft = (tree: Tree, root: string) => {
      for (const file of tree.listChanges().map((change) => change.path).filter((path) => path.startsWith(root))) {
        const text = tree.read(file, 'utf-8') ?? '';
        expect(/<%|%>|__fileName__/.test(text + file) ? `template left in ${file}` : 'clean').toBe('clean');
      }
    };

    it('creates a SOAP source: contract, node-soap client, SOAP simulator, the ShopSource suite', async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-soap-shop', kind: 'source', transport: 'soap' });
      const root = 'connectors/acme-soap-shop';
      for (const file of [
        'project.json',
        'README.md',
        'src/index.ts',
        'src/acme-soap-shop-manifest.ts',
        'src/acme-soap-shop-config.ts',
        'src/acme-soap-shop-client.ts',
        'src/acme-soap-shop-source.ts',
        'src/wsdl/soap-contract.ts',
        'src/invoice-mapper.ts',
        'src/invoice-cursor.ts',
        'src/raw-invoice.ts',
        'src/simulator/acme-soap-shop-simulator.ts',
        'src/simulator/demo-invoices.ts',
        'src/conformance.int.spec.ts',
      ]) {
        expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
      }
      const read = (file: string) => tree.read(`${root}/${file}`, 'utf-8') ?? '';
      expect(read('src/acme-soap-shop-client.ts')).toContain("import * as soap from 'soap';");
      expect(read('src/acme-soap-shop-client.ts')).not.toContain('axios');
      expect(read('src/acme-soap-shop-config.ts')).toContain('apiKey: secret(');
      expect(read('src/acme-soap-shop-config.ts')).not.toContain('token');
      expect(read('src/wsdl/soap-contract.ts')).toContain("{ name: 'GetInvoices', request: [AUTH, 'Filter:cInvoiceFilter!'], result: 'cGetInvoicesResult' }");
      expect(read('src/acme-soap-shop-source.ts')).toContain("this.client.call<RawInvoicePage>('GetInvoices'");
      expect(read('src/simulator/acme-soap-shop-simulator.ts')).toContain('createSoapListener({');
      expect(read('src/conformance.int.spec.ts')).toContain('describeShopSource({');
      expect(read('src/acme-soap-shop-manifest.ts')).toContain('context.redactor.add([config.apiKey]);');
      expect(read('README.md')).toContain('--transport soap');
      noTemplateLeft(tree, root);
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@koppelwerk/acme-soap-shop']).toEqual(['./connectors/acme-soap-shop/src/index.ts']);
      expect(tree.read('runner/src/connectors.ts', 'utf-8')).toContain("import { acmeSoapShopManifest } from '@koppelwerk/acme-soap-shop';");
    });

    it('creates a SOAP sink that runs the AccountingSink suite, registered and aliased', async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-ledger', kind: 'sink', transport: 'soap' });
      const root = 'connectors/acme-ledger';
      for (const file of [
        'src/acme-ledger-client.ts',
        'src/acme-ledger-sink.ts',
        'src/wsdl/soap-contract.ts',
        'src/booking-mapper.ts',
        'src/raw-bookkeeping.ts',
        'src/simulator/acme-ledger-simulator.ts',
        'src/simulator/sim-administration.ts',
        'src/simulator/demo-administration.ts',
      ]) {
        expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
      }
      expect(tree.exists(`${root}/src/acme-ledger-source.ts`)).toBe(false);
      const read = (file: string) => tree.read(`${root}/${file}`, 'utf-8') ?? '';
      expect(read('src/acme-ledger-manifest.ts')).toContain("kind: 'sink'");
      expect(read('src/acme-ledger-sink.ts')).toContain("this.client.call<{ Id: number }>('AddJournalEntry'");
      expect(read('src/acme-ledger-sink.ts')).not.toContain('RawList');
      expect(read('src/conformance.int.spec.ts')).toContain('describeAccountingSink({');
      expect(read('src/conformance.int.spec.ts')).toContain("apiKey: 'not-the-api-key'");
      noTemplateLeft(tree, root);
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@koppelwerk/acme-ledger']).toEqual(['./connectors/acme-ledger/src/index.ts']);
      expect(tree.read('runner/src/connectors.ts', 'utf-8')).toContain('new ConnectorRegistry([mijnwebwinkelManifest, eboekhoudenManifest, acmeLedgerManifest])');
    });

    it('keeps REST connectors free of SOAP', async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-books', kind: 'sink' });
      expect(tree.exists('connectors/acme-books/src/wsdl/soap-contract.ts')).toBe(false);
      expect(tree.read('connectors/acme-books/src/acme-books-client.ts', 'utf-8')).toContain("import axios");
    });

    it('refuses an existing name, for either transport, and changes nothing', async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-ledger', kind: 'sink', transport: 'soap' });
      const before = tree.read('runner/src/connectors.ts', 'utf-8');
      expect(await failure(() => connectorGenerator(tree, { name: 'acme-ledger', kind: 'source', transport: 'soap' }))).toMatch(/Connector acme-ledger already exists/);
      expect(await failure(() => connectorGenerator(tree, { name: 'acme-ledger', kind: 'sink', transport: 'rest' }))).toMatch(/Connector acme-ledger already exists/);
      expect(await failure(() => connectorGenerator(tree, { name: 'mijnwebwinkel', kind: 'source', transport: 'soap' }))).toMatch(/already exists/);
      expect(tree.read('runner/src/connectors.ts', 'utf-8')).toBe(before);
    });

    it('refuses an unknown transport', async () => {
      const tree = workspace();
      const schema = { name: 'acme-books', kind: 'sink', transport: 'graphql' } as unknown as Parameters<typeof connectorGenerator>[1];
      expect(await failure(() => connectorGenerator(tree, schema))).toMatch(/--transport must be rest or soap/);
      expect(tree.exists('connectors/acme-books')).toBe(false);
    });
  });
});
