/**
 * Folder-level loops inside a project: its source files grouped by their top folder under the
 * source root, and every group of folders that import each other round in a circle. A file directly
 * in the source root counts on its own (the package's composition, its manifest, small shared
 * types): `mappers/` may use `raw-records.ts` while the source uses `mappers/`, but a chain such as
 * `dashboard/ -> tenant-runtime.ts -> observability/ -> dashboard/` is a loop. Specs and fixtures
 * are left out: a test may reach across folders.
 */
import { dirname, join, normalize, relative, sep } from 'node:path';
import { stronglyConnected } from './strongly-connected';

export interface SourceFile {
  /** Relative to the project's source root, with `/` separators. */
  path: string;
  /** The relative import specifiers of the file (`./x`, `../y/z`), as written. */
  imports: string[];
}

export interface FolderLoop {
  /** The folders of the loop, sorted. */
  folders: string[];
  /** One import per folder edge of the loop, as `from/file.ts -> to/module`. */
  examples: string[];
}

const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;

/** The relative specifiers a TypeScript file imports, re-exports or requires. */
export function relativeImports(text: string): string[] {
  return [...text.matchAll(RELATIVE_IMPORT)].map((match) => match[1]);
}

/** The top folder of a path relative to the source root (`name/`), or the file itself when it lies directly in it. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? `${parts[0]}/` : path.replace(/\.ts$/, '');
}

/** Every loop among the folders, each as its folders and an example import per edge. */
export function folderLoops(files: SourceFile[]): FolderLoop[] {
  const edges = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = folderOf(file.path);
    for (const specifier of file.imports) {
      const target = normalize(join(dirname(file.path), specifier)).split(sep).join('/');
      if (target.startsWith('..')) continue; // outside the source root
      const to = folderOf(target);
      if (to === from) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${file.path} -> ${relative('.', target)}`);
      edges.set(from, out);
    }
  }
  return stronglyConnected(edges)
    // Files of one folder that import each other are no folder loop (neither in a subfolder nor at the root).
    .filter((component) => component.length > 1 && component.some((node) => node.endsWith('/')))
    .map((component) => {
      const inLoop = new Set(component);
      const examples = component.flatMap((from) => [...(edges.get(from) ?? new Map<string, string>())].filter(([to]) => inLoop.has(to)).map(([, example]) => example));
      return { folders: [...component].sort(), examples: examples.sort() };
    });
}
