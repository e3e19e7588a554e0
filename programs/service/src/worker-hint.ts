/**
 * How to start a worker for a service tenant, for a command that finds none running: the worker
 * resolves the tenant's `${env:..}` references from its own environment, so the line names them
 * (its `${encrypted:..}` ones need the machine's secret key, the same as the dashboard's).
 * Read from the stored tenant file (its text as written, never a secret).
 */
import { parseTenantYaml } from '@koppelwerk/runtime';

/** The environment variables the tenant file reads, in the order it names them. */
export function environmentVariables(yaml: string, tenant: string): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const [, name] of value.matchAll(/\$\{env:([^}]+)\}/g)) names.add(name.trim());
    else if (value && typeof value === 'object') for (const item of Object.values(value)) visit(item);
  };
  try {
    visit(parseTenantYaml(yaml, `tenant ${tenant}`));
  } catch {
    // A stored file that no longer parses: the worker says what is wrong with it.
  }
  return [...names];
}

/** The command line that starts a worker able to run the tenant (`--database <url>`: the URL may hold a password). */
export function startWorkerLine(yaml: string, tenant: string): string {
  const variables = environmentVariables(yaml, tenant).map((name) => `${name}=... `);
  return `${variables.join('')}koppelwerk worker --database <url>`;
}
