/**
 * While a connector package runs in this process, its `require` of the contract's modules gets the
 * runner's own instances: one `@koppelwerk/core` (DI tokens, error classes, the registry that marks a
 * config field secret), one inversify, one zod. A second copy installed next to the plugin would
 * bind tokens the runner cannot see and secrets it would not redact; the contract version check
 * decides whether the plugin may share them at all.
 *
 * Written here rather than taken from a library: the aliasing libraries (module-alias, tsconfig-paths)
 * redirect a name to a path for every caller, and require-in-the-middle loads the plugin's own copy
 * before replacing it. This needs "these names, for files of these packages only, to these module
 * objects": one wrapper around the `require` of Node's CommonJS modules.
 */
import * as core from '@koppelwerk/core';
import * as mapping from '@koppelwerk/mapping';
import * as testing from '@koppelwerk/testing';
import * as inversify from 'inversify';
import Module from 'node:module';
import { sep } from 'node:path';
import * as zod from 'zod';

/** The modules a connector package is given by the runner (its peerDependencies). */
export const HOST_MODULES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['@koppelwerk/core', core],
  ['@koppelwerk/mapping', mapping],
  ['@koppelwerk/testing', testing],
  ['inversify', inversify],
  ['zod', zod],
]);

interface ModuleRequire {
  filename?: string | null;
  require(request: string): unknown;
}

interface CommonJsLoader {
  _load(request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean): unknown;
}

/** Node's CommonJS Module class itself, also where a test runner hands out a subclass of it (jest does). */
const CommonJsModule: { prototype: ModuleRequire } & CommonJsLoader = (() => {
  const given = Module as unknown as { prototype: ModuleRequire } & CommonJsLoader;
  const parent: unknown = Object.getPrototypeOf(given);
  return parent !== Function.prototype && typeof (parent as CommonJsLoader | null)?._load === 'function' ? (parent as typeof given) : given;
})();

const packageRoots = new Set<string>();
let installed = false;

function insidePackage(filename: string | null | undefined): boolean {
  if (!filename) return false;
  for (const root of packageRoots) if (filename.startsWith(root)) return true;
  return false;
}

/**
 * Requires a package's entry file with Node's CommonJS loader itself (what `require` calls), so the
 * package resolves its own dependencies from its own folder, and test runners that replace
 * `require` load it as the runner's CLI does.
 */
export function requirePackageEntry(file: string): unknown {
  return CommonJsModule._load(file, null, false);
}

/** From now on, files under `packageRoot` (a real path) get the runner's instances of HOST_MODULES. */
export function shareHostModules(packageRoot: string): void {
  packageRoots.add(packageRoot.endsWith(sep) ? packageRoot : packageRoot + sep);
  if (installed) return;
  installed = true;
  // Every CommonJS file's `require` is this method of its module object.
  const prototype = CommonJsModule.prototype;
  const required = prototype.require;
  prototype.require = function requireSharingHostModules(this: ModuleRequire, request: string) {
    if (HOST_MODULES.has(request) && insidePackage(this.filename)) return HOST_MODULES.get(request);
    return required.call(this, request);
  };
}
