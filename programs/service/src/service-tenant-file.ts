/**
 * Tenant files in the service mode. `tenants add` validates a file exactly as `check` loads it,
 * except that `${env:..}`/`${file:..}` references this machine cannot resolve are left to the
 * worker (which resolves them from its own environment); a secret written out in the file is
 * refused, so a secret never reaches the database. The worker turns the stored text back into a
 * tenant configuration with its own environment.
 */
import { dirname, join, resolve } from 'node:path';
import { ConfigurationError, collectSecrets, FILE_MESSAGES, wordedBy, type ConfigProblem, type ConnectorRegistry } from '@koppelwerk/core';

import { parseTenantYaml, readTenantFile, secretReferenceOf, tenantConfigFromObject, tenantFileSchema, type TenantConfig } from '@koppelwerk/runtime';

const worded = wordedBy(FILE_MESSAGES);

export interface ServiceTenantFile {
  tenant: string;
  /** The file's text exactly as written (secrets are references). */
  yaml: string;
  everyMinutes: number;
  scheduleEnabled: boolean;
  /** Paths whose references only the worker can resolve. */
  deferred: string[];
}

/** Secret fields written out in the file (not a reference), as problems with their paths; never their values. */
function literalSecrets(raw: unknown, registry: ConnectorRegistry, from: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const file = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  for (const name of ['source', 'sink'] as const) {
    const side = file[name] as { connector?: unknown; settings?: unknown } | undefined;
    if (!side || typeof side.connector !== 'string' || !side.settings || typeof side.settings !== 'object') continue;
    let schema;
    try {
      schema = registry.get(side.connector, undefined, 'connector', from).configSchema;
    } catch {
      continue; // an unknown connector is reported by the ordinary validation
    }
    const written = new Set(collectSecrets(schema, side.settings).filter((value) => secretReferenceOf(value) === undefined));
    if (written.size === 0) continue;
    const visit = (value: unknown, path: string[]): void => {
      if (typeof value === 'string' && written.has(value)) {
        problems.push(worded.problem(path.join('.'), 'SECRET_WRITTEN_OUT', {}));
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
      }
    };
    visit(side.settings, [name, 'settings']);
  }
  return problems;
}

/** Reads and validates a tenant file for the database; throws a ConfigurationError listing every problem. */
export function readServiceTenantFile(file: string, registry: ConnectorRegistry, env: NodeJS.ProcessEnv = process.env): ServiceTenantFile {
  return checkServiceTenantText(readTenantFile(file), file, registry, env);
}

/** A tenant file's text checked for the service, as `readServiceTenantFile` checks a file (`file` names it and resolves `${file:..}`). */
export function checkServiceTenantText(yaml: string, file: string, registry: ConnectorRegistry, env: NodeJS.ProcessEnv = process.env): ServiceTenantFile {
  const absolute = resolve(file);
  const raw = parseTenantYaml(yaml, file);
  const problems = literalSecrets(raw, registry, dirname(absolute));
  const deferred = new Set<string>();
  try {
    tenantConfigFromObject(raw, absolute, registry, { env, deferReferences: deferred });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const known = new Set(problems.map((p) => p.path));
    problems.push(...error.problems.filter((p) => !known.has(p.path)));
  }
  if (problems.length) throw new ConfigurationError(problems);
  // Valid: the file schema holds (the references only stand in connector settings).
  const parsed = tenantFileSchema.parse(raw);
  const everyMinutes = parsed.schedule.everyMinutes ?? registry.get(parsed.source.connector, undefined, 'connector', dirname(absolute)).defaultIntervalMinutes ?? 60;
  return { tenant: parsed.tenant, yaml, everyMinutes, scheduleEnabled: parsed.schedule.enabled, deferred: [...deferred] };
}

/**
 * The worker's view of a stored tenant: the text resolved with the worker's environment
 * (`${file:..}` relative to `baseDir`, the worker's working directory by default).
 */
export function serviceTenantConfig(name: string, yaml: string, registry: ConnectorRegistry, env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): TenantConfig {
  return tenantConfigFromObject(parseTenantYaml(yaml, `tenant ${name}`), join(resolve(baseDir), `${name}.yaml`), registry, { env });
}
