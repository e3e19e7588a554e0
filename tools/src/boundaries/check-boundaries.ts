/** `npm run check:boundaries`: fails when any import crosses the architecture's dependency rules. */
import { createProjectGraphAsync } from '@nx/devkit';
import { checkBoundaries } from './boundary-rules';

async function main(): Promise<void> {
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const projects = Object.values(graph.nodes).map((node) => ({ name: node.name, tags: node.data.tags ?? [] }));
  const dependencies = Object.values(graph.dependencies).flat();
  const violations = checkBoundaries(projects, dependencies);
  if (violations.length === 0) {
    console.log(`module boundaries: ${projects.length} projects, ${dependencies.filter((d) => graph.nodes[d.target]).length} internal dependencies, no violations`);
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
