/**
 * The standalone mode: the connector as an npm package of its own in a folder outside the workspace.
 * The files are rendered into a tree rooted at that folder, apart from the workspace's tree, so the
 * workspace is never changed (no path alias, no runner registration), and written only when nx runs
 * the generator's callback, which it skips on --dry-run. The callback also packs the SDK into the
 * package's sdk/ folder (standalone-sdk.ts) and prints the next steps (standalone-steps.ts).
 */
import { writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import type { ConnectorOptions } from './normalize-connector-options';
import { standaloneAllowScripts, standaloneDependencies } from './standalone-dependencies';
import { assertSdkBuilt, packSdkInto, SDK_FOLDER, type SdkPackage } from './standalone-sdk';
import { renderSteps, shellWord, standaloneSteps } from './standalone-steps';
import { PACKAGE_EXPORTS } from './workspace-package';
import { writeTemplates } from './write-templates';

export function generateStandalonePackage(workspace: Tree, options: ConnectorOptions): GeneratorCallback {
  const target = options.projectRoot;
  assertSdkBuilt(workspace.root, options.contractVersion);
  const steps = standaloneSteps(options, workspace.root);
  const packageJson = standalonePackageJson(workspace, options);
  const tree = new FsTree(target, false);
  writeTemplates(tree, options, '.', 'standalone', { setUpSteps: renderSteps(steps.setUp), tryItSteps: renderSteps(steps.tryIt), workspaceRoot: workspace.root });
  writeJson(tree, 'package.json', packageJson);
  const sdk = sdkTarballs(packageJson);
  const tarballs = Object.values(sdk).map((spec) => spec.replace(/^file:/, ''));
  console.log(
    `${options.importPath} (${options.transport} ${options.kind}): ${tree.listChanges().length} files for ${target}, and ${tarballs.join(' and ')} (packed from this checkout when the files are written)`,
  );
  return () => {
    const existed = fs.existsSync(target);
    try {
      packSdkInto(workspace.root, target, sdk);
    } catch (error) {
      fs.rmSync(existed ? path.join(target, SDK_FOLDER) : target, { recursive: true, force: true });
      throw error;
    }
    flushChanges(target, tree.listChanges());
    console.log(
      [
        '',
        `Created the package ${options.importPath} in ${target}; this workspace is unchanged.`,
        `Its ${SDK_FOLDER}/ folder holds the Koppelwerk SDK it builds on, packed from this checkout (it is on no registry): ${Object.keys(sdk).join(', ')}.`,
        'Next:',
        `  cd ${shellWord(target)}`,
        renderSteps(steps.setUp, '  '),
        'Then try it with Koppelwerk:',
        renderSteps(steps.tryIt, '  '),
        `Its README goes on from there: its simulator, a tenant file naming it, sync, build and publish.`,
      ].join('\n'),
    );
  };
}

/** The SDK devDependencies package.json takes from sdk/: name -> `file:sdk/<tarball>`. */
function sdkTarballs(packageJson: { devDependencies?: Record<string, string> }): Record<SdkPackage, string> {
  const entries = Object.entries(packageJson.devDependencies ?? {}).filter(([, spec]) => spec.startsWith(`file:${SDK_FOLDER}/`));
  return Object.fromEntries(entries) as Record<SdkPackage, string>;
}

export function standalonePackageJson(workspace: Tree, options: ConnectorOptions): Record<string, unknown> & { devDependencies: Record<string, string> } {
  const { dependencies, peerDependencies, peerDependenciesMeta, devDependencies } = standaloneDependencies(workspace, options);
  const what = options.kind === 'source' ? `reads invoices from ${options.title}` : `books into ${options.title}`;
  return {
    name: options.importPath,
    version: '0.1.0',
    description: `Koppelwerk connector (${options.kind}): ${what}.`,
    keywords: ['koppelwerk-connector', 'koppelwerk'],
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { ...PACKAGE_EXPORTS, './package.json': './package.json' },
    files: ['dist'],
    koppelwerk: { sources: 'src/index.ts' },
    scripts: { build: 'tsc -p tsconfig.build.json', test: 'jest', typecheck: 'tsc -p tsconfig.json --noEmit', prepack: 'npm run build' },
    dependencies,
    peerDependencies,
    peerDependenciesMeta,
    devDependencies,
    allowScripts: standaloneAllowScripts(workspace),
    engines: { node: '>=24' },
  };
}
