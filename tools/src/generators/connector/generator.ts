/**
 * `nx g @koppelwerk/tools:connector <name> --kind source|sink [--transport rest|soap]`: a complete,
 * working connector in connectors/<name> with the hand-written connectors' shape, registered with
 * the runner and reachable as `@koppelwerk/<name>`. With `--standalone --directory <folder>`: the
 * same connector as an npm package of its own in that folder, outside the workspace, which stays
 * untouched (see standalone-package.ts). The templates: write-templates.ts.
 */
import { formatFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { addPathAlias } from './add-path-alias';
import { normalizeConnectorOptions } from './normalize-connector-options';
import { registerWithRunner } from './register-with-runner';
import type { ConnectorGeneratorSchema } from './schema';
import { generateStandalonePackage } from './standalone-package';
import { writeTemplates } from './write-templates';
import { writeWorkspacePackage } from './workspace-package';

export async function connectorGenerator(tree: Tree, schema: ConnectorGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeConnectorOptions(tree, schema);
  if (options.standalone) return generateStandalonePackage(tree, options);

  writeTemplates(tree, options, options.projectRoot, 'workspace');
  writeWorkspacePackage(tree, options);
  addPathAlias(tree, options);
  registerWithRunner(tree, options);
  await formatFiles(tree);
  return () => {
    console.log(
      [
        '',
        `Created ${options.projectRoot} (${options.transport} ${options.kind}), registered it in libs/runtime/src/connectors.ts and libs/runtime/package.json and added ${options.importPath} and ${options.importPath}/simulator to tsconfig.base.json.`,
        'Next:',
        `  npx nx build ${options.id}                        # its dist/, whose main entry src/index.spec.ts checks`,
        `  npx jest -c ${options.projectRoot}/jest.config.js      # the conformance kit against its simulator`,
        `  KOPPELWERK_FROM_SOURCE=1 node runner/bin/koppelwerk.js simulate ${options.id} --port 8090`,
        `  grep -rn "TODO(api)" ${options.projectRoot}   # the places to fill in for the real API`,
        'See docs/adding-a-connector.md.',
      ].join('\n'),
    );
  };
}

export default connectorGenerator;
