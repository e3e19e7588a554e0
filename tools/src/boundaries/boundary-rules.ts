/**
 * Dependency rules, enforced on nx's project graph by tag:
 *   libs depend on libs only; connectors on libs only (never on each other);
 *   only the runner knows connectors; tools use libs.
 */
export const BOUNDARY_RULES: Readonly<Record<string, readonly string[]>> = {
  'type:lib': ['type:lib'],
  'type:connector': ['type:lib'],
  'type:runner': ['type:lib', 'type:connector'],
  'type:tools': ['type:lib'],
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

/** Every dependency that breaks a rule, and every project without exactly one known type tag. */
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
        message: `"${source}" (${from}) may not depend on "${target}" (${to}); ${from} may depend on: ${BOUNDARY_RULES[from].join(', ')}`,
      });
    }
  }
  return violations;
}
