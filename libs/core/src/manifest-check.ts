/**
 * What the runner checks of every connector before it uses it, built in or a package: the contract
 * version it was built for, the manifest's shape, that its example config passes its own schema,
 * and that its DI module binds what the manifest declares. Each problem is one readable sentence.
 */
import { Container } from 'inversify';
import { lookupWiringProblems, lookupsProblems } from './connector-lookups';
import { CONTRACT_VERSION } from './contract-version';
import { Logger, silentLogger } from './logger';
import { CONNECTOR_ID_PATTERN, type Capability, type ConnectorManifest } from './manifest';
import { BUILT_IN_MESSAGES } from './messages/built-in-messages';
import { entryProblems } from './messages/entry-problems';
import type { MessageEntries } from './messages/message-entry';
import { Redactor } from './redactor';
import { missingBindings } from './tenant-container';

const KINDS = ['source', 'sink'];
const CAPABILITIES: readonly Capability[] = ['read', 'refetch', 'acknowledge', 'date-range', 'import-target', 'journal', 'invoice', 'list-books'];

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? (value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object') : String(value);
}

/** The contract version problem alone: checked first, since nothing else is comparable without it. */
export function contractVersionProblem(manifest: { contractVersion?: unknown }): string | undefined {
  const version = manifest.contractVersion;
  if (version === CONTRACT_VERSION) return undefined;
  if (version === undefined) return `declares no contract version (manifest.contractVersion); this Koppelwerk runs contract version ${CONTRACT_VERSION}`;
  return `was built for contract version ${shown(version)}; this Koppelwerk runs contract version ${CONTRACT_VERSION}`;
}

/** Every problem of a candidate manifest, in one pass; empty when it can be used. */
export function manifestProblems(candidate: unknown): string[] {
  if (!candidate || typeof candidate !== 'object') return [`exports no connector manifest (found ${shown(candidate)} where an object with id, kind and createModule belongs)`];
  const manifest = candidate as Partial<Record<keyof ConnectorManifest, unknown>>;
  const version = contractVersionProblem(manifest);
  if (version) return [version];
  const problems: string[] = [];
  if (typeof manifest.id !== 'string' || !CONNECTOR_ID_PATTERN.test(manifest.id)) problems.push(`manifest.id is ${shown(manifest.id)}; it must be kebab-case, e.g. "my-shop"`);
  if (typeof manifest.kind !== 'string' || !KINDS.includes(manifest.kind)) problems.push(`manifest.kind is ${shown(manifest.kind)}; it must be "source" or "sink"`);
  for (const key of ['title', 'description'] as const) {
    if (typeof manifest[key] !== 'string' || (manifest[key] as string).trim() === '') problems.push(`manifest.${key} is ${shown(manifest[key])}; it must be a text`);
  }
  if (!Array.isArray(manifest.capabilities)) problems.push(`manifest.capabilities is ${shown(manifest.capabilities)}; it must be a list of ${CAPABILITIES.join(', ')}`);
  else {
    const unknown = manifest.capabilities.filter((c) => !CAPABILITIES.includes(c as Capability));
    if (unknown.length) problems.push(`manifest.capabilities has unknown ${unknown.map(shown).join(', ')}; known: ${CAPABILITIES.join(', ')}`);
    if (manifest.kind === 'source' && !manifest.capabilities.includes('read')) problems.push('manifest.capabilities of a source must include "read"');
  }
  const defaultInterval = manifest.defaultIntervalMinutes;
  if (defaultInterval !== undefined && !(Number.isInteger(defaultInterval) && (defaultInterval as number) > 0)) {
    problems.push(`manifest.defaultIntervalMinutes is ${shown(defaultInterval)}; it must be a whole number of minutes above 0`);
  }
  const schema = manifest.configSchema as { safeParse?: unknown } | undefined;
  if (!schema || typeof schema.safeParse !== 'function') problems.push(`manifest.configSchema is ${shown(schema)}; it must be a zod schema`);
  if (typeof manifest.createModule !== 'function') problems.push(`manifest.createModule is ${shown(manifest.createModule)}; it must be a function returning a ContainerModule`);
  const simulator = manifest.simulator as { start?: unknown } | undefined;
  if (simulator !== undefined && (typeof simulator !== 'object' || typeof simulator?.start !== 'function')) problems.push(`manifest.simulator must have a start function`);
  problems.push(...messagesProblems(manifest.messages));
  problems.push(...lookupsProblems(manifest.lookups, manifest.kind));
  if (problems.length) return problems;
  return bindingProblems(manifest as ConnectorManifest);
}

/**
 * The connector's texts: each entry words its message (and hint, when it has one) in Dutch and
 * English as functions of its params, gives an example of its params, and renders with it; no entry
 * redefines a code of Koppelwerk's own.
 */
export function messagesProblems(messages: unknown): string[] {
  if (messages === undefined) return [];
  if (!messages || typeof messages !== 'object' || Array.isArray(messages)) return [`manifest.messages is ${shown(messages)}; it must be an object of entries by code`];
  const problems: string[] = [];
  for (const [code, candidate] of Object.entries(messages as MessageEntries)) {
    const at = `manifest.messages.${code}`;
    if (Object.prototype.hasOwnProperty.call(BUILT_IN_MESSAGES, code)) problems.push(`${at} redefines a code of Koppelwerk's own; use a code of the connector's own (e.g. with its prefix)`);
    else problems.push(...entryProblems(at, code, candidate, { ...BUILT_IN_MESSAGES, ...(messages as MessageEntries) }));
  }
  return problems;
}

/** Parses the example config and loads the module into a scratch container: what is declared must be bound. */
function bindingProblems(manifest: ConnectorManifest): string[] {
  const parsed = manifest.configSchema.safeParse(manifest.exampleConfig);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return [`manifest.exampleConfig does not pass its own configSchema (at ${first?.path.join('.') || 'the top'}: ${first?.message ?? 'invalid'})`];
  }
  const container = new Container({ defaultScope: 'Singleton' });
  try {
    const logger: Logger = silentLogger;
    container.loadSync(manifest.createModule(parsed.data, { tenant: 'manifest-check', logger, redactor: new Redactor() }));
  } catch (error) {
    return [`manifest.createModule failed for the example config: ${error instanceof Error ? error.message : String(error)}`];
  }
  return [...missingBindings(container, manifest), ...lookupWiringProblems(container, manifest)];
}
