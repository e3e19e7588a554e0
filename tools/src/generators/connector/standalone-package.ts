/**
 * The standalone mode: the connector as an npm package of its own in a folder outside the workspace.
 * The files are rendered into a tree rooted at that folder, apart from the workspace's tree, so the
 * workspace is never changed (no path alias, no runner registration), and written only when nx runs
 * the generator's callback, which it skips on --dry-run.
 */
import { writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import type { ConnectorOptions } from './normalize-connector-options';
import { standaloneDependencies } from './standalone-dependencies';
import { writeTemplates } from './write-templates';

export function generateStandalonePackage(workspace: Tree, options: ConnectorOptions): GeneratorCallback {
  const target = options.projectRoot;
  const tree = new FsTree(target, false);
  writeTemplates(tree, options, '.', 'standalone');
  writeJson(tree, 'package.json', standalonePackageJson(workspace, options));
  const files = tree.listChanges().map((change) => change.path).sort();
  console.log(`${options.importPath} (${options.transport} ${options.kind}): ${files.length} files for ${target}`);
  return () => {
    flushChanges(target, tree.listChanges());
    console.log(
      [
        '',
        `Created the package ${options.importPath} in ${target}; this workspace is unchanged.`,
        'Next, in that folder:',
        '  npm install                   # the Koppelwerk SDK, jest, swc and TypeScript',
        '  npm test                      # the conformance kit against its simulator',
        '  grep -rn "TODO(api)" src      # the places to fill in for the real API',
        'Its README says how to try it with `koppelwerk simulate` and a tenant file, and how to publish it.',
      ].join('\n'),
    );
  };
}

function standalonePackageJson(workspace: Tree, options: ConnectorOptions): Record<string, unknown> {
  const { dependencies, peerDependencies, devDependencies } = standaloneDependencies(workspace, options);
  const what = options.kind === 'source' ? `reads invoices from ${options.title}` : `books into ${options.title}`;
  return {
    name: options.importPath,
    version: '0.1.0',
    description: `Koppelwerk connector (${options.kind}): ${what}.`,
    keywords: ['koppelwerk-connector', 'koppelwerk'],
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist'],
    koppelwerk: { sources: 'src/index.ts' },
    scripts: { build: 'tsc -p tsconfig.build.json', test: 'jest', typecheck: 'tsc -p tsconfig.json --noEmit', prepack: 'npm run build' },
    dependencies,
    peerDependencies,
    devDependencies,
    engines: { node: '>=24' },
  };
}
