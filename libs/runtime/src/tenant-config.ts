/**
 * One YAML file per tenant: `tenant`, `source`, `sink`, `mapping`, `schedule`, `state`.
 * Everything is validated before any call, and every problem is listed with its path in the file.
 * Secrets may be written as `${env:NAME}`, `${file:relative/path}` or `${encrypted:..}` (resolved in
 * secrets/secret-references.ts); they are never echoed back.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  bilingual,
  ConfigurationError,
  collectSecrets,
  checkConfig,
  type ConfigProblem,
  type ConnectorManifest,
  type ConnectorRegistry,
  type LogLevel,
} from '@koppelwerk/core';
import { compileMapping, type CompiledMapping } from '@koppelwerk/mapping';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { SecretKeyring } from './secrets/secret-box';
import { resolveReferences, unresolvedProblems, type Unresolved } from './secrets/secret-references';
import { fileWorded, reasonParams, unreadableFileReason } from './secrets/unreadable-file-reason';

export { unreadableFileReason };

const sideSchema = z
  .object({
    connector: z.string().min(1),
    /** Overrides the connector's default API address (e.g. a simulator on loopback). */
    endpoint: z.string().url().optional(),
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** How long personal data of finished documents stays in the state by default (`state.retainDays`). */
export const DEFAULT_RETAIN_DAYS = 90;
const RETAIN_DAYS_RULE = bilingual({ nl: 'een heel aantal dagen van 1 tot 36500, of `forever` om ze te bewaren', en: 'a whole number of days from 1 to 36500, or `forever` to keep it' });

export const tenantFileSchema = z
  .object({
    tenant: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, bilingual({ nl: 'alleen letters, cijfers, - en _ (de naam noemt het statusbestand)', en: 'letters, digits, - and _ only (it names the state file)' })),
    source: sideSchema,
    sink: sideSchema,
    mapping: z.unknown().optional(),
    schedule: z
      .object({
        /** Minutes between runs; the source connector's default when left out. */
        everyMinutes: z.number().int().min(1).max(24 * 60).optional(),
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    state: z
      .object({
        /** SQLite file; default `<config dir>/state/<tenant>.sqlite`. */
        path: z.string().optional(),
        /**
         * Days after which the customers' personal data of finished documents is removed from the
         * state (the exactly-once keys stay); `forever` keeps it. Default 90.
         */
        retainDays: z
          .union([z.number().int(RETAIN_DAYS_RULE).min(1, RETAIN_DAYS_RULE).max(36_500, RETAIN_DAYS_RULE), z.literal('forever')], RETAIN_DAYS_RULE)
          .default(DEFAULT_RETAIN_DAYS),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        /** What the tenant's log file holds: `debug` adds every page read and every booking. */
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export interface ConnectorSide {
  manifest: ConnectorManifest;
  config: unknown;
}

export interface TenantConfig {
  tenant: string;
  file: string;
  source: ConnectorSide;
  sink: ConnectorSide;
  mapping: CompiledMapping;
  everyMinutes: number;
  scheduleEnabled: boolean;
  statePath: string;
  /** Days after which the personal data of finished documents leaves the state; `forever`: never. */
  retainDays: number | 'forever';
  /** The level of the tenant's log file. */
  logLevel: LogLevel;
  /** Every secret value in the file, for the redactor. */
  secrets: string[];
}

/** Parses YAML text into a plain object; syntax errors become problems with line numbers. */
export function parseTenantYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length) {
    throw new ConfigurationError(
      document.errors.map((error) => fileWorded.problem(file, 'YAML_SYNTAX', { line: error.linePos?.[0].line, yamlCode: error.code, detail: error.message.split('\n')[0] })),
    );
  }
  return document.toJS();
}

/**
 * A section that failed the file schema, as far as its settings can still be checked: a bad
 * endpoint or an unknown key next to them must not hide the problems inside them.
 */
function sideToCheckAnyway(value: unknown): z.output<typeof sideSchema> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.connector !== 'string' || raw.connector.length === 0) return undefined;
  const settings = raw.settings && typeof raw.settings === 'object' && !Array.isArray(raw.settings) ? (raw.settings as Record<string, unknown>) : {};
  const endpoint = sideSchema.shape.endpoint.safeParse(raw.endpoint);
  return { connector: raw.connector, settings, endpoint: endpoint.success ? endpoint.data : undefined };
}

/** Validates a connector's settings; the section's `endpoint` override is passed as `endpoint`. */
function parseSide(
  side: z.output<typeof sideSchema>,
  name: 'source' | 'sink',
  registry: ConnectorRegistry,
  problems: ConfigProblem[],
  baseDir: string,
): ConnectorSide | undefined {
  let manifest: ConnectorManifest;
  try {
    manifest = registry.get(side.connector, name, `${name}.connector`, baseDir);
  } catch (error) {
    problems.push(...(error as ConfigurationError).problems);
    return undefined;
  }
  const settings = side.endpoint ? { ...side.settings, endpoint: side.endpoint } : side.settings;
  const result = checkConfig(manifest.configSchema, settings, `${name}.settings`);
  if (!result.success) {
    // The endpoint is written next to `settings`, so a problem with it is reported where it is written.
    const moved = side.endpoint ? { from: `${name}.settings.endpoint`, to: `${name}.endpoint` } : undefined;
    problems.push(...result.problems.map((p) => (moved && p.path === moved.from ? { ...p, path: moved.to } : p)));
    return undefined;
  }
  return { manifest, config: result.data };
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Leave `${env:..}`/`${file:..}` references this machine cannot resolve, and `${encrypted:..}`
   * ones whose key it lacks, to the machine that runs the tenant (a service worker): their paths
   * are collected here instead of being problems, and what their unresolved values fail is not
   * reported either.
   */
  deferReferences?: Set<string>;
  /** The keys for `${encrypted:..}` secrets; by default this machine's (`loadSecretKeyring(env)`), read when a file has one. */
  keyring?: SecretKeyring;
}

/** A tenant file that cannot be read, as the configuration problem every command reports. */
export function unreadableTenantFile(file: string, error: unknown): ConfigurationError {
  const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
  return new ConfigurationError([fileWorded.problem(file, 'TENANT_FILE_UNREADABLE', { missing: missing ? 'yes' : undefined, ...reasonParams(error, resolve(file)) })]);
}

/** The text of a tenant file, or the configuration problem saying why it cannot be read. */
export function readTenantFile(file: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (error) {
    throw unreadableTenantFile(file, error);
  }
}

/** Reads, resolves and validates one tenant file. Throws a ConfigurationError listing every problem. */
export function loadTenantConfig(file: string, registry: ConnectorRegistry, options: LoadOptions = {}): TenantConfig {
  const text = readTenantFile(file);
  return tenantConfigFromObject(parseTenantYaml(text, file), resolve(file), registry, options);
}

export function tenantConfigFromObject(raw: unknown, file: string, registry: ConnectorRegistry, options: LoadOptions = {}): TenantConfig {
  const deferred = options.deferReferences;
  try {
    return validateTenant(raw, file, registry, options);
  } catch (error) {
    if (!deferred || !(error instanceof ConfigurationError)) throw error;
    // A problem at a deferred reference's path is that reference's value: checked where it resolves.
    throw new ConfigurationError(error.problems.filter((problem) => !deferred.has(problem.path)));
  }
}

function validateTenant(raw: unknown, file: string, registry: ConnectorRegistry, options: LoadOptions): TenantConfig {
  const secrets = new Set<string>();
  const baseDir = dirname(file);
  const unresolved: Unresolved = new Map();
  const resolved = resolveReferences(raw, [], {
    baseDir,
    env: options.env ?? process.env,
    keyring: options.keyring,
    problems: unresolved,
    secrets,
    deferred: options.deferReferences,
  });
  // Each missing variable or file once; what its empty value then fails (e.g. "is required") is not repeated.
  const problems: ConfigProblem[] = unresolvedProblems(unresolved);
  const shadowed = new Set([...unresolved.values()].flatMap((reference) => reference.paths));
  const fail = () => new ConfigurationError(problems.filter((p, i) => i < unresolved.size || !shadowed.has(p.path)));
  const parsed = checkConfig(tenantFileSchema, resolved);
  if (!parsed.success) {
    problems.push(...parsed.problems);
    // Still look inside the sections that are there, so one run lists every problem.
    const partial = (resolved ?? {}) as Record<string, unknown>;
    for (const name of ['source', 'sink'] as const) {
      const side = sideToCheckAnyway(partial[name]);
      if (side) parseSide(side, name, registry, problems, baseDir);
    }
    collectMappingProblems(partial.mapping, problems);
    throw fail();
  }
  const config = parsed.data;
  const source = parseSide(config.source, 'source', registry, problems, baseDir);
  const sink = parseSide(config.sink, 'sink', registry, problems, baseDir);
  const mapping = collectMappingProblems(config.mapping, problems);
  if (problems.length || !source || !sink || !mapping) throw fail();
  for (const side of [source, sink]) {
    for (const value of collectSecrets(side.manifest.configSchema, side.config)) secrets.add(value);
  }
  return {
    tenant: config.tenant,
    file,
    source,
    sink,
    mapping,
    everyMinutes: config.schedule.everyMinutes ?? source.manifest.defaultIntervalMinutes ?? 60,
    scheduleEnabled: config.schedule.enabled,
    statePath: tenantStatePath(file, config.tenant, config.state.path),
    retainDays: config.state.retainDays,
    logLevel: config.log.level,
    secrets: [...secrets],
  };
}

/** Where a tenant's state database lives: `state.path` relative to the tenant file, or `<dir>/state/<tenant>.sqlite`. */
export function tenantStatePath(file: string, tenant: string, statePath?: string): string {
  const baseDir = dirname(resolve(file));
  return statePath ? resolve(baseDir, statePath) : join(baseDir, 'state', `${tenant}.sqlite`);
}

function collectMappingProblems(section: unknown, problems: ConfigProblem[]): CompiledMapping | undefined {
  try {
    return compileMapping(section);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems, ...problemsBehindSchemaErrors(section, error.problems));
    return undefined;
  }
}

/**
 * The mapping compiler checks placeholders, functions and VAT codes only once the section fits
 * its schema. So that one pass lists every problem, the parts the schema refused are left out and
 * the rest is compiled again; what that finds is added (never a problem inside a part left out).
 */
function problemsBehindSchemaErrors(section: unknown, schemaProblems: ConfigProblem[]): ConfigProblem[] {
  if (!section || typeof section !== 'object' || Array.isArray(section)) return [];
  const pruned = structuredClone(section) as Record<string, unknown>;
  const left: string[] = [];
  for (const problem of schemaProblems) {
    const keys = problem.path.split('.').slice(1);
    const unknownKey = /^unknown key `([^`]+)`/.exec(problem.message)?.[1];
    if (unknownKey !== undefined) keys.push(unknownKey);
    if (keys.length === 0) return [];
    // A refused list item would shift the items after it: leave the whole list out.
    const cut = keys.findIndex((key) => /^\d+$/.test(key));
    const removed = cut > 0 ? keys.slice(0, cut) : keys;
    let node: unknown = pruned;
    for (const key of removed.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[removed[removed.length - 1]];
    left.push(['mapping', ...removed].join('.'));
  }
  try {
    compileMapping(pruned);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) return [];
    const inside = (path: string) => left.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
    const known = new Set(schemaProblems.map((p) => `${p.path}\n${p.message}`));
    return error.problems.filter((p) => !inside(p.path) && !known.has(`${p.path}\n${p.message}`));
  }
}


