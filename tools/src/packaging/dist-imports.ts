/**
 * What a packed package needs from other packages: the package names that the .js files it ships
 * under dist/ `require(...)` and that its .d.ts files import, relative paths and Node's built-ins
 * left out. (The runner's bin/ is not read: its one require beyond dist/, of the TypeScript hook,
 * runs only from a source checkout.)
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const BUILT_IN = new Set(builtinModules);
const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;
const TYPE_IMPORT = /(?:\bfrom\s+|\bimport\(\s*|<reference\s+types=)["']([^"']+)["']/g;
/** Every way TypeScript source loads a module: `import/export ... from`, `import '...'`, `import(...)`, `require(...)`. */
const SOURCE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\(\s*)["']([^"']+)["']/g;

/** `@scope/name/deep/path` -> `@scope/name`, `name/deep` -> `name`; undefined for relative and built-in specifiers. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  if (BUILT_IN.has(parts[0])) return undefined;
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function namesIn(packageDirectory: string, files: Iterable<string>, suffix: string, pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!file.startsWith('dist/') || !file.endsWith(suffix)) continue;
    for (const match of readFileSync(join(packageDirectory, file), 'utf8').matchAll(pattern)) {
      const name = packageNameOf(match[1]);
      if (name) names.add(name);
    }
  }
  return names;
}

/** Packages the shipped JavaScript loads at run time; `files` are paths relative to the package folder. */
export function requiredPackages(packageDirectory: string, files: Iterable<string>): Set<string> {
  return namesIn(packageDirectory, files, '.js', REQUIRE);
}

/** Packages the shipped declaration files refer to (what a TypeScript consumer needs to see the types). */
export function typeImportedPackages(packageDirectory: string, files: Iterable<string>): Set<string> {
  return namesIn(packageDirectory, files, '.d.ts', TYPE_IMPORT);
}

/** Packages a TypeScript source text loads (relative paths and Node's built-ins left out). */
export function packagesImportedBy(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(SOURCE_IMPORT)) {
    const name = packageNameOf(match[1]);
    if (name) names.add(name);
  }
  return names;
}
