/**
 * Dependency rules, enforced on nx's project graph by tag. Every project carries one layer tag, and
 * may depend only on the layers below its own (never on one above, never sideways):
 *
 *   core < mapping, testing < engine < stores, connectors < runtime < programs < cli
 *
 * Programs (daemon, service, dashboard, observability) are the one layer whose members may use each
 * other (the dashboard shows the service's tenants, the daemon reports through observability), as long
 * as no projects depend on each other in a loop, which is refused for every layer.
 *
 * `testing` (the simulator toolkit and the conformance kit) sits beside `mapping`: connectors and
 * stores use it for their simulators and specs. Stores and connectors sit side by side and never
 * import each other; a connector never imports another connector, a store never the other store.
 * `tools` (the generator and these checks) may use every library and connector, never a program.
 */
import { stronglyConnected } from './strongly-connected';

export const BOUNDARY_RULES: Readonly<Record<string, readonly string[]>> = {
  'layer:core': [],
  'layer:mapping': ['layer:core'],
  'layer:testing': ['layer:core'],
  'layer:engine': ['layer:core', 'layer:mapping', 'layer:testing'],
  'layer:store': ['layer:core', 'layer:mapping', 'layer:testing', 'layer:engine'],
  'layer:connector': ['layer:core', 'layer:mapping', 'layer:testing'],
  'layer:runtime': ['layer:core', 'layer:mapping', 'layer:testing', 'layer:engine', 'layer:store', 'layer:connector'],
  'layer:program': ['layer:core', 'layer:mapping', 'layer:testing', 'layer:engine', 'layer:store', 'layer:connector', 'layer:runtime', 'layer:program'],
  'layer:cli': ['layer:core', 'layer:mapping', 'layer:testing', 'layer:engine', 'layer:store', 'layer:connector', 'layer:runtime', 'layer:program'],
  'layer:tools': ['layer:core', 'layer:mapping', 'layer:testing', 'layer:engine', 'layer:store', 'layer:connector'],
};

export interface GraphProject {
  name: string;
  tags: string[];
}

export interface GraphDependency {
  source: string;
  target: string;
}

export interface BoundaryViolation {
  source: string;
  target: string;
  message: string;
}

/** Every dependency that breaks a rule, every loop among projects, and every project without exactly one known type tag. */
export function checkBoundaries(projects: GraphProject[], dependencies: GraphDependency[]): BoundaryViolation[] {
  const typeOf = new Map<string, string>();
  const violations: BoundaryViolation[] = [];
  for (const project of projects) {
    const types = project.tags.filter((tag) => tag in BOUNDARY_RULES);
    if (types.length !== 1) {
      violations.push({
        source: project.name,
        target: project.name,
        message: `project "${project.name}" needs exactly one of the tags ${Object.keys(BOUNDARY_RULES).join(', ')} (has: ${project.tags.join(', ') || 'none'})`,
      });
      continue;
    }
    typeOf.set(project.name, types[0]);
  }
  for (const { source, target } of dependencies) {
    if (source === target) continue;
    const from = typeOf.get(source);
    const to = typeOf.get(target);
    if (!from || !to) continue; // external packages, or already reported
    if (!BOUNDARY_RULES[from].includes(to)) {
      violations.push({
        source,
        target,
        message: `"${source}" (${from}) may not depend on "${target}" (${to}); ${from} may depend on: ${BOUNDARY_RULES[from].join(', ') || 'no other project'}`,
      });
    }
  }
  return [...violations, ...projectLoops(dependencies, typeOf)];
}

/** Projects that depend on each other round in a circle (nx cannot even build them in order). */
function projectLoops(dependencies: GraphDependency[], typeOf: Map<string, string>): BoundaryViolation[] {
  const edges = new Map<string, Map<string, true>>();
  for (const { source, target } of dependencies) {
    if (source === target || !typeOf.has(source) || !typeOf.has(target)) continue;
    edges.set(source, (edges.get(source) ?? new Map<string, true>()).set(target, true));
  }
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const loop = [...component].sort();
      return { source: loop[0], target: loop[loop.length - 1], message: `projects ${loop.map((name) => `"${name}"`).join(', ')} depend on each other in a loop; make the dependencies point one way` };
    });
}
