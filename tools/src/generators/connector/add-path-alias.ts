/** Adds `@koppelwerk/<id>` → `./connectors/<id>/src/index.ts` to tsconfig.base.json's paths. */
import { updateJson, type Tree } from '@nx/devkit';
import type { ConnectorOptions } from './normalize-connector-options';

export function addPathAlias(tree: Tree, options: ConnectorOptions): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    json.compilerOptions ??= {};
    json.compilerOptions.paths ??= {};
    json.compilerOptions.paths[options.importPath] = [`./${options.projectRoot}/src/index.ts`];
    return json;
  });
}
