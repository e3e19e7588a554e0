/**
 * A connector package under development runs from its TypeScript sources, without a build: through
 * @swc-node/register, the hook this repository already runs its own sources with (`KOPPELWERK_FROM_SOURCE=1`).
 * Chosen over ts-node's: it compiles a file in about a millisecond and does not type-check at run
 * time (the package's own `tsc` and tests do that), and it honours the package's tsconfig
 * decorator settings, which inversify's @injectable classes need.
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join, sep } from 'node:path';

interface SwcRegister {
  register(options?: object, hookOptions?: { matcher?: (file: string) => boolean; ignoreNodeModules?: boolean }): () => void;
}
interface SwcTsconfig {
  readDefaultTsConfig(path?: string): object;
}

const compiledRoots = new Set<string>();
/** The runner itself runs from its sources: a hook already compiles every .ts file outside node_modules. */
const runnerCompilesTypeScript = Boolean((Module as unknown as { _extensions: Record<string, unknown> })._extensions['.ts']);

/** `undefined` once `packageRoot`'s .ts files compile on require; otherwise what to install. */
export function compileTypeScriptOf(packageRoot: string): string | undefined {
  if (compiledRoots.has(packageRoot)) return undefined;
  if (runnerCompilesTypeScript && !packageRoot.split(sep).includes('node_modules')) {
    compiledRoots.add(packageRoot);
    return undefined;
  }
  const swc = loadSwc(packageRoot);
  if (!swc) return 'install @swc-node/register and @swc/core (as devDependencies of the connector package) to run it from its TypeScript sources, or build it';
  const tsconfig = join(packageRoot, 'tsconfig.json');
  const options = existsSync(tsconfig) ? swc.config.readDefaultTsConfig(tsconfig) : swc.config.readDefaultTsConfig('');
  const root = packageRoot + sep;
  const nested = join(packageRoot, 'node_modules') + sep;
  swc.register.register(options, {
    ignoreNodeModules: false,
    matcher: (file) => file.startsWith(root) && !file.startsWith(nested) && /\.[cm]?ts$/.test(file),
  });
  compiledRoots.add(packageRoot);
  return undefined;
}

/** The package's own @swc-node/register first (its devDependency), then the runner's. */
function loadSwc(packageRoot: string): { register: SwcRegister; config: SwcTsconfig } | undefined {
  for (const from of [join(packageRoot, 'package.json'), __filename]) {
    try {
      const requireFrom = createRequire(from);
      return {
        register: requireFrom('@swc-node/register/register') as SwcRegister,
        config: requireFrom('@swc-node/register/read-default-tsconfig') as SwcTsconfig,
      };
    } catch {
      // not installed there
    }
  }
  return undefined;
}
