/**
 * Adds `@koppelwerk/<id>` → `./connectors/<id>/src/index.ts` and its simulator's entry,
 * `@koppelwerk/<id>/simulator` → `./connectors/<id>/src/simulator/index.ts`, to tsconfig.base.json's
 * paths (jest maps the same paths).
 */
import { updateJson, type Tree } from '@nx/devkit';
import type { ConnectorOptions } from './normalize-connector-options';

export function addPathAlias(tree: Tree, options: ConnectorOptions): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    json.compilerOptions ??= {};
    json.compilerOptions.paths ??= {};
    json.compilerOptions.paths[options.importPath] = [`./${options.projectRoot}/src/index.ts`];
    json.compilerOptions.paths[`${options.importPath}/simulator`] = [`./${options.projectRoot}/src/simulator/index.ts`];
    return json;
  });
}
