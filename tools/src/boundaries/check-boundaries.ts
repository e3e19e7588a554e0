/**
 * `npm run check:boundaries`: fails when any import crosses the architecture's dependency rules
 * (layers between projects, boundary-rules.ts) or makes a loop among the folders of one project
 * (folder-loops.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import { checkBoundaries } from './boundary-rules';
import { folderLoops, relativeImports, type SourceFile } from './folder-loops';

/** A project's source files, specs and fixtures left out. */
function sourceFiles(sourceRoot: string): SourceFile[] {
  const root = join(workspaceRoot, sourceRoot);
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative(root, path).split(sep).join('/'), imports: relativeImports(readFileSync(path, 'utf8')) });
      }
    }
  };
  walk(root);
  return files;
}

async function main(): Promise<void> {
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const projects = Object.values(graph.nodes).map((node) => ({ name: node.name, tags: node.data.tags ?? [] }));
  const dependencies = Object.values(graph.dependencies).flat();
  const violations = checkBoundaries(projects, dependencies);
  for (const node of Object.values(graph.nodes)) {
    const sourceRoot = node.data.sourceRoot;
    if (!sourceRoot) continue;
    for (const loop of folderLoops(sourceFiles(sourceRoot))) {
      violations.push({
        source: node.name,
        target: node.name,
        message: `folders of "${node.name}" import each other in a loop: ${loop.folders.join(', ')} (${loop.examples.join('; ')}); make the imports point one way`,
      });
    }
  }
  if (violations.length === 0) {
    console.log(`module boundaries: ${projects.length} projects, ${dependencies.filter((d) => graph.nodes[d.target]).length} internal dependencies, no violations, no folder loops`);
    return;
  }
  for (const violation of violations) console.error(`boundary violation: ${violation.message}`);
  console.error(`module boundaries: ${violations.length} violation(s)`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
