import { readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as core from '@koppelwerk/core';
import { BUILT_IN_MESSAGES, CONTRACT_VERSION, configJsonSchema, entriesProblems, fieldTextsIn, safeParseIn, TEXT_LANGUAGES, type MessageEntries } from '@koppelwerk/core';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { z } from 'zod';
import { connectorGenerator } from './generator';

const RUNNER_CONNECTORS = `/** The connectors built into the runner. */
import * as eboekhouden from '@koppelwerk/eboekhouden';
import * as mijnwebwinkel from '@koppelwerk/mijnwebwinkel';
import type { BuiltInConnector } from './plugins/connector-loader';

export const BUILT_IN_CONNECTORS: readonly BuiltInConnector[] = [
  { packageName: '@koppelwerk/mijnwebwinkel', exports: mijnwebwinkel },
  { packageName: '@koppelwerk/eboekhouden', exports: eboekhouden },
];
`;

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  tree.write('libs/runtime/src/connectors.ts', RUNNER_CONNECTORS);
  tree.write(
    'tsconfig.base.json',
    JSON.stringify({ compilerOptions: { paths: { '@koppelwerk/core': ['./libs/core/src/index.ts'], '@koppelwerk/mijnwebwinkel': ['./connectors/mijnwebwinkel/src/index.ts'] } } }),
  );
  tree.write('connectors/mijnwebwinkel/project.json', JSON.stringify({ name: 'mijnwebwinkel', sourceRoot: 'connectors/mijnwebwinkel/src', tags: ['layer:connector'] }));
  // The versions a generated package.json copies.
  tree.write(
    'package.json',
    JSON.stringify({
      name: '@koppelwerk/source',
      version: '0.1.0',
      dependencies: { axios: '1.21.1', inversify: '7.11.0', 'reflect-metadata': '0.2.2', soap: '1.13.0', zod: '4.6.7' },
      devDependencies: {
        '@swc-node/register': '1.12.1',
        '@swc/core': '1.16.18',
        '@swc/jest': '0.2.39',
        '@types/jest': '30.0.0',
        '@types/node': '20.19.43',
        jest: '30.5.2',
        typescript: '5.9.3',
      },
    }),
  );
  tree.write('libs/core/package.json', JSON.stringify({ name: '@koppelwerk/core', version: '0.1.0' }));
  tree.write('libs/testing/package.json', JSON.stringify({ name: '@koppelwerk/testing', version: '0.1.0' }));
  tree.write('libs/runtime/package.json', JSON.stringify({ name: '@koppelwerk/runtime', version: '0.1.0', dependencies: { '@koppelwerk/mijnwebwinkel': '0.1.0', zod: '4.6.7' } }));
  return tree;
}

/** A generated file compiled to CommonJS and run with the packages it imports (`modules`); its exports. */
function load(text: string, modules: Record<string, unknown>): Record<string, unknown> {
  const compiled = transpileModule(text, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  new Function('require', 'exports', compiled)((name: string) => modules[name], exports);
  return exports;
}

/** The error classes whose message a person reads: each generated throw site words it by its catalogue entry. */
const ERROR = /\bnew (RecordError|RejectedError|TransientError|AuthenticationError|ConfigurationError)\(/g;
/** The text from `start` (an opening parenthesis) to its closing one. */
function balanced(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
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
      'src/index.spec.ts',
      'src/acme-shop-manifest.ts',
      'src/acme-shop-messages.ts',
      'src/acme-shop-messages.spec.ts',
      'src/acme-shop-module.ts',
      'src/acme-shop-config.ts',
      'src/acme-shop-client.ts',
      'src/acme-shop-source.ts',
      'src/mappers/invoice-mapper.ts',
      'src/mappers/invoice-mapper.spec.ts',
      'src/invoice-cursor.ts',
      'src/raw-invoice.ts',
      'src/simulator/index.ts',
      'src/simulator/acme-shop-simulator.ts',
      'src/simulator/demo-invoices.ts',
      'src/conformance.int.spec.ts',
    ]) {
      expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
    }
    expect(tree.exists(`${root}/src/acme-shop-sink.ts`)).toBe(false);
    expect(readProjectConfiguration(tree, 'acme-shop')).toMatchObject({ root, tags: ['layer:connector'] });
    // A publishable package like the built-in ones, shipped by the runner.
    expect(readJson(tree, `${root}/package.json`)).toMatchObject({
      name: '@koppelwerk/acme-shop',
      version: '0.1.0',
      keywords: ['koppelwerk-connector'],
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './simulator': { types: './dist/simulator/index.d.ts', default: './dist/simulator/index.js' },
      },
      dependencies: { '@koppelwerk/core': '0.1.0', '@koppelwerk/testing': '0.1.0', axios: '1.21.1', inversify: '7.11.0', zod: '4.6.7' },
    });
    expect(readJson(tree, `${root}/package.json`).private).toBeUndefined();
    expect(readJson(tree, 'libs/runtime/package.json').dependencies).toEqual({ '@koppelwerk/acme-shop': '0.1.0', '@koppelwerk/mijnwebwinkel': '0.1.0', zod: '4.6.7' });
    const manifest = tree.read(`${root}/src/acme-shop-manifest.ts`, 'utf-8') ?? '';
    expect(manifest).toContain("export const acmeShopManifest = defineConnector({");
    expect(manifest).toContain("id: 'acme-shop'");
    expect(manifest).toContain("kind: 'source'");
    expect(manifest).toContain("title: 'Acme Shop'");
    // The simulator behind its own entry: the manifest requires it only when it starts it, the main entry not at all.
    expect(manifest).toContain("const simulator = (): typeof import('./simulator') => require('./simulator');");
    expect(manifest).toContain('simulator: { start: (options) => simulator().startAcmeShopSimulator(options) },');
    expect(manifest).not.toMatch(/^import .*simulator/m);
    expect(manifest).toContain('createModule: createAcmeShopModule,');
    expect(tree.read(`${root}/src/index.ts`, 'utf-8')).not.toContain('simulator/');
    expect(tree.read(`${root}/src/conformance.int.spec.ts`, 'utf-8')).toContain('describeShopSource({');
    expect(tree.read(`${root}/src/acme-shop-config.ts`, 'utf-8')).toContain('token: labelled(secret(');
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
    for (const file of [
      'src/acme-books-sink.ts',
      'src/acme-books-messages.ts',
      'src/acme-books-messages.spec.ts',
      'src/acme-books-module.ts',
      'src/mappers/booking-mapper.ts',
      'src/raw-bookkeeping.ts',
      'src/simulator/index.ts',
      'src/simulator/acme-books-simulator.ts',
      'src/simulator/demo-administration.ts',
    ]) {
      expect(tree.exists(`${root}/${file}`) ? file : `missing ${file}`).toBe(file);
    }
    expect(tree.exists(`${root}/src/acme-books-source.ts`)).toBe(false);
    expect(tree.read(`${root}/src/acme-books-manifest.ts`, 'utf-8')).toContain("kind: 'sink'");
    expect(tree.read(`${root}/src/acme-books-module.ts`, 'utf-8')).toContain('bind(AccountingSink).toService(AcmeBooksSink);');
    expect(tree.read(`${root}/src/conformance.int.spec.ts`, 'utf-8')).toContain('describeAccountingSink({');
  });

  it.each([
    ['source', 'rest'],
    ['sink', 'rest'],
    ['source', 'soap'],
    ['sink', 'soap'],
  ] as const)("writes a %s's settings (%s) with every field's label and help in Dutch and English, and its messages in both", async (kind, transport) => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-forms', kind, transport });
    const text = tree.read('connectors/acme-forms/src/acme-forms-config.ts', 'utf-8') ?? '';
    // The generated file, compiled and run with the SDK it imports: its schema is what the dashboard's form is made of.
    const exports = load(text, { '@koppelwerk/core': core, zod: { z } });
    const schema = exports.acmeFormsConfigSchema as z.ZodType;
    const properties = (configJsonSchema(schema) as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(properties)).toEqual(transport === 'soap' ? expect.arrayContaining(['username', 'apiKey']) : expect.arrayContaining(['token']));
    for (const [name, property] of Object.entries(properties)) {
      const texts = fieldTextsIn(property);
      expect(texts ? name : `${name} has no texts`).toBe(name);
      for (const language of TEXT_LANGUAGES) expect([texts![language].label.trim() !== '', texts![language].help.trim() !== '']).toEqual([true, true]);
      expect([texts!.nl.label === texts!.en.label, texts!.nl.help === texts!.en.help]).toEqual([false, false]);
    }
    const nl = safeParseIn(schema, {}, 'nl');
    const en = safeParseIn(schema, {}, 'en');
    const secretField = transport === 'soap' ? 'apiKey' : 'token';
    const message = (result: typeof nl) => result.error?.issues.find((issue) => issue.path[0] === secretField)?.message;
    expect(message(en)).toMatch(/^the API (key|token) is required \(Acme Forms > Settings > API\)$/);
    expect(message(nl)).toMatch(/^(de API-sleutel|het API-token) is verplicht \(Acme Forms > Instellingen > API\)$/);
    expect(safeParseIn(schema, exports.ACME_FORMS_DEMO_CREDENTIALS, 'nl').success).toBe(true);
  });

  it('adds the path aliases of the main entry and the simulator', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const paths = readJson(tree, 'tsconfig.base.json').compilerOptions.paths;
    expect(paths['@koppelwerk/acme-shop']).toEqual(['./connectors/acme-shop/src/index.ts']);
    expect(paths['@koppelwerk/acme-shop/simulator']).toEqual(['./connectors/acme-shop/src/simulator/index.ts']);
    expect(paths['@koppelwerk/core']).toEqual(['./libs/core/src/index.ts']);
  });

  it('registers the connector with the runner', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const text = tree.read('libs/runtime/src/connectors.ts', 'utf-8') ?? '';
    expect(text).toContain("import * as mijnwebwinkel from '@koppelwerk/mijnwebwinkel';\nimport * as acmeShop from '@koppelwerk/acme-shop';\nimport type { BuiltInConnector }");
    expect(text).toContain(
      "  { packageName: '@koppelwerk/eboekhouden', exports: eboekhouden },\n  { packageName: '@koppelwerk/acme-shop', exports: acmeShop },\n];",
    );
  });

  it('extends a list of built-in connectors written on one line', async () => {
    const tree = workspace();
    tree.write(
      'libs/runtime/src/connectors.ts',
      "import * as mijnwebwinkel from '@koppelwerk/mijnwebwinkel';\nexport const BUILT_IN_CONNECTORS = [{ packageName: '@koppelwerk/mijnwebwinkel', exports: mijnwebwinkel }];\n",
    );
    await connectorGenerator(tree, { name: 'acme-books', kind: 'sink' });
    expect(tree.read('libs/runtime/src/connectors.ts', 'utf-8')).toBe(
      "import * as mijnwebwinkel from '@koppelwerk/mijnwebwinkel';\nimport * as acmeBooks from '@koppelwerk/acme-books';\n" +
        "export const BUILT_IN_CONNECTORS = [{ packageName: '@koppelwerk/mijnwebwinkel', exports: mijnwebwinkel }, { packageName: '@koppelwerk/acme-books', exports: acmeBooks }];\n",
    );
  });

  it('says what to add by hand when the runner file has another shape', async () => {
    const tree = workspace();
    tree.write('libs/runtime/src/connectors.ts', "import { x } from 'y';\nexport const connectors = [x];\n");
    expect(await failure(() => connectorGenerator(tree, { name: 'acme-shop', kind: 'source' }))).toContain(
      "add `import * as acmeShop from '@koppelwerk/acme-shop';` and `{ packageName: '@koppelwerk/acme-shop', exports: acmeShop },` to BUILT_IN_CONNECTORS",
    );
  });

  it('writes the contract version of @koppelwerk/core into the manifest and exports it as `manifest`', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    await connectorGenerator(tree, { name: 'acme-books', kind: 'sink', transport: 'soap' });
    for (const id of ['acme-shop', 'acme-books']) {
      expect(tree.read(`connectors/${id}/src/${id}-manifest.ts`, 'utf-8')).toContain(`  contractVersion: ${CONTRACT_VERSION},\n  id: '${id}',`);
    }
    expect(tree.read('connectors/acme-shop/src/index.ts', 'utf-8')).toContain("export { acmeShopManifest, acmeShopManifest as manifest } from './acme-shop-manifest';");
  });

  it('refuses an existing name and changes nothing', async () => {
    const tree = workspace();
    await connectorGenerator(tree, { name: 'acme-shop', kind: 'source' });
    const before = tree.read('libs/runtime/src/connectors.ts', 'utf-8');
    expect(await failure(() => connectorGenerator(tree, { name: 'acme-shop', kind: 'sink' }))).toMatch(/Connector acme-shop already exists/);
    expect(tree.read('libs/runtime/src/connectors.ts', 'utf-8')).toBe(before);
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

  describe.each([
    ['source', 'rest'],
    ['sink', 'rest'],
    ['source', 'soap'],
    ['sink', 'soap'],
  ] as const)('the texts of a %s (%s)', (kind, transport) => {
    const generated = async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-words', kind, transport });
      const root = 'connectors/acme-words/src/';
      const files = tree
        .listChanges()
        .map((change) => change.path)
        .filter((path) => path.startsWith(root) && path.endsWith('.ts'))
        .map((path) => ({ path: path.slice(root.length), text: tree.read(path, 'utf-8') ?? '' }));
      return { tree, files };
    };
    /** What a run loads: the connector's code, without its simulator (whose texts are the fake API's own) and specs. */
    const connectorCode = (files: { path: string; text: string }[]) => files.filter(({ path }) => !path.startsWith('simulator/') && !path.endsWith('.spec.ts'));

    it('writes src/<id>-messages.ts: entries in Dutch and English with examples, codes prefixed with the constant name, brought by the manifest', async () => {
      const { files } = await generated();
      const source = files.find(({ path }) => path === 'acme-words-messages.ts')?.text ?? '';
      const exports = load(source, { '@koppelwerk/core': core });
      const entries = exports.ACME_WORDS_MESSAGES as MessageEntries;
      const codes = Object.keys(entries);
      expect(codes.length).toBeGreaterThan(3);
      expect(codes.filter((code) => !code.startsWith('ACME_WORDS_') || code in BUILT_IN_MESSAGES)).toEqual([]);
      // The check the runner makes of a connector's messages: both languages, with the example and with only what a throw site must pass.
      expect(entriesProblems('acme-words.messages', entries, BUILT_IN_MESSAGES)).toEqual([]);
      expect(typeof exports.worded).toBe('function');
      expect(source).toContain('export const worded = wordedBy(ACME_WORDS_MESSAGES);');
      const manifest = files.find(({ path }) => path === 'acme-words-manifest.ts')?.text ?? '';
      expect(manifest).toContain("import { ACME_WORDS_MESSAGES } from './acme-words-messages';");
      expect(manifest).toContain('  messages: ACME_WORDS_MESSAGES,\n});');
      // Its own spec checks the same, with the core helper.
      expect(files.find(({ path }) => path === 'acme-words-messages.spec.ts')?.text).toContain("entriesProblems('acme-words.messages', ACME_WORDS_MESSAGES, BUILT_IN_MESSAGES)");
    });

    it('words every error the connector throws by a code of its own entries, never by a bare English string', async () => {
      const { files } = await generated();
      const entries = load(files.find(({ path }) => path === 'acme-words-messages.ts')?.text ?? '', { '@koppelwerk/core': core }).ACME_WORDS_MESSAGES as MessageEntries;
      const bare: string[] = [];
      const worded = new Set<string>();
      let thrown = 0;
      for (const { path, text } of connectorCode(files)) {
        // A literal message: 'text', `text`, "text" as the constructor's first argument.
        for (const match of text.matchAll(/\bnew (?:RecordError|RejectedError|TransientError|AuthenticationError|ConfigurationError)\(\s*['"`]/g)) bare.push(`${path}: ${match[0]}`);
        for (const match of text.matchAll(ERROR)) {
          thrown++;
          const args = balanced(text, match.index + match[0].length - 1);
          if (!/^\(\s*\.\.\.worded\('ACME_WORDS_[A-Z0-9_]+'/.test(args)) bare.push(`${path}: ${match[0]}${args.slice(1, 80)}`);
        }
        for (const match of text.matchAll(/\bworded(?:\.text)?\('([A-Z][A-Z0-9_]*)'/g)) worded.add(match[1]);
        // The record mapper's `fail` words its texts by its own entry too: no message strings to pass it.
        expect(text).not.toMatch(/\bfail\([^)]*,\s*`/);
      }
      expect(bare).toEqual([]);
      expect(thrown).toBeGreaterThanOrEqual(kind === 'source' ? 4 : 3);
      // Every code said has an entry, and every entry is said somewhere.
      expect([...worded].filter((code) => !(code in entries))).toEqual([]);
      expect(Object.keys(entries).filter((code) => !worded.has(code))).toEqual([]);
    });

    it("words the check's details by their codes too, for a Dutch page", async () => {
      const { files } = await generated();
      const code = files.find(({ path }) => path === `acme-words-${kind}.ts`)?.text ?? '';
      expect(code).toContain('detailTexts: ');
      expect(code).not.toMatch(/details: \[`/);
    });
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
        'src/mappers/invoice-mapper.ts',
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
      expect(read('src/acme-soap-shop-config.ts')).toContain('apiKey: labelled(secret(');
      expect(read('src/acme-soap-shop-config.ts')).not.toContain('token');
      expect(read('src/wsdl/soap-contract.ts')).toContain("{ name: 'GetInvoices', request: [AUTH, 'Filter:cInvoiceFilter!'], result: 'cGetInvoicesResult' }");
      expect(read('src/acme-soap-shop-source.ts')).toContain("this.client.call<RawInvoicePage>('GetInvoices'");
      expect(read('src/simulator/acme-soap-shop-simulator.ts')).toContain('createSoapListener({');
      expect(read('src/conformance.int.spec.ts')).toContain('describeShopSource({');
      expect(read('src/acme-soap-shop-module.ts')).toContain('context.redactor.add([config.apiKey]);');
      expect(read('README.md')).toContain('--transport soap');
      noTemplateLeft(tree, root);
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@koppelwerk/acme-soap-shop']).toEqual(['./connectors/acme-soap-shop/src/index.ts']);
      expect(tree.read('libs/runtime/src/connectors.ts', 'utf-8')).toContain("import * as acmeSoapShop from '@koppelwerk/acme-soap-shop';");
    });

    it('creates a SOAP sink that runs the AccountingSink suite, registered and aliased', async () => {
      const tree = workspace();
      await connectorGenerator(tree, { name: 'acme-ledger', kind: 'sink', transport: 'soap' });
      const root = 'connectors/acme-ledger';
      for (const file of [
        'src/acme-ledger-client.ts',
        'src/acme-ledger-sink.ts',
        'src/wsdl/soap-contract.ts',
        'src/mappers/booking-mapper.ts',
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
      expect(tree.read('libs/runtime/src/connectors.ts', 'utf-8')).toContain("{ packageName: '@koppelwerk/acme-ledger', exports: acmeLedger },");
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
      const before = tree.read('libs/runtime/src/connectors.ts', 'utf-8');
      expect(await failure(() => connectorGenerator(tree, { name: 'acme-ledger', kind: 'source', transport: 'soap' }))).toMatch(/Connector acme-ledger already exists/);
      expect(await failure(() => connectorGenerator(tree, { name: 'acme-ledger', kind: 'sink', transport: 'rest' }))).toMatch(/Connector acme-ledger already exists/);
      expect(await failure(() => connectorGenerator(tree, { name: 'mijnwebwinkel', kind: 'source', transport: 'soap' }))).toMatch(/already exists/);
      expect(tree.read('libs/runtime/src/connectors.ts', 'utf-8')).toBe(before);
    });

    it('refuses an unknown transport', async () => {
      const tree = workspace();
      const schema = { name: 'acme-books', kind: 'sink', transport: 'graphql' } as unknown as Parameters<typeof connectorGenerator>[1];
      expect(await failure(() => connectorGenerator(tree, schema))).toMatch(/--transport must be rest or soap/);
      expect(tree.exists('connectors/acme-books')).toBe(false);
    });
  });
});
