/**
 * `nx g @koppelwerk/tools:connector <name> --kind source|sink [--transport rest|soap]`: a complete,
 * working connector in connectors/<name> with the hand-written connectors' shape, registered with
 * the runner and reachable as `@koppelwerk/<name>`. Templates, later folders adding to earlier ones:
 * files/common (every connector), files/<kind> (both transports), files/<transport>/common and
 * files/<transport>/<kind> (client, source or sink, simulator; for soap also the contract).
 */
import { formatFiles, generateFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import { addPathAlias } from './add-path-alias';
import { normalizeConnectorOptions } from './normalize-connector-options';
import { registerWithRunner } from './register-with-runner';
import type { ConnectorGeneratorSchema } from './schema';

export async function connectorGenerator(tree: Tree, schema: ConnectorGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeConnectorOptions(tree, schema);
  const substitutions = { ...options, tmpl: '' };
  for (const folder of [['common'], [options.kind], [options.transport, 'common'], [options.transport, options.kind]]) {
    generateFiles(tree, path.join(__dirname, 'files', ...folder), options.projectRoot, substitutions);
  }
  addPathAlias(tree, options);
  registerWithRunner(tree, options);
  await formatFiles(tree);
  return () => {
    console.log(
      [
        '',
        `Created ${options.projectRoot} (${options.transport} ${options.kind}), registered it in runner/src/connectors.ts and added ${options.importPath} to tsconfig.base.json.`,
        'Next:',
        `  npx jest -c ${options.projectRoot}/jest.config.js      # the conformance kit against its simulator`,
        `  KOPPELWERK_FROM_SOURCE=1 node runner/bin/koppelwerk.js simulate ${options.id} --port 8090`,
        `  grep -rn "TODO(api)" ${options.projectRoot}   # the places to fill in for the real API`,
        'See docs/adding-a-connector.md.',
      ].join('\n'),
    );
  };
}

export default connectorGenerator;
