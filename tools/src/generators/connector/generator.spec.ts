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

  it('refuses soap, naming what to use instead', async () => {
    const tree = workspace();
    const message = await failure(() => connectorGenerator(tree, { name: 'acme-books', kind: 'sink', transport: 'soap' }));
    expect(message).toMatch(/--transport soap is not generated yet/);
    expect(message).toMatch(/--transport rest/);
    expect(message).toMatch(/connectors\/eboekhouden/);
    expect(tree.exists('connectors/acme-books')).toBe(false);
  });
});
