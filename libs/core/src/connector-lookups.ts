/**
 * Live lookups: lists a connector reads from its API right now (the shop's order statuses, the
 * administration's ledger accounts), so that a person picks a setting's value instead of typing it.
 * A connector declares each lookup in its manifest (`lookups`: its name, a caption in Dutch and
 * English, the settings of the tenant file it fills) and binds `ConnectorLookups`, which reads them.
 * The manifest check refuses a connector that declares lookups and does not bind it.
 */
import type { Container } from 'inversify';
import { knownKeysAt, type Bilingual } from './config-schema';
import { ConfigurationError, KoppelwerkError, RejectedError, TransientError, errorParams } from './errors';
import type { ConnectorManifest } from './manifest';
import { LOOKUP_MESSAGES } from './messages/lookup-messages';
import { wordedBy } from './messages/worded';

const worded = wordedBy(LOOKUP_MESSAGES);

/** One thing to pick. */
export interface LookupItem {
  /** What is written into the setting: a ledger's code (`1300`), a status as the shop names it (`Betaald`). */
  value: string;
  /** What a person reads: the ledger's name (`Debiteuren`). */
  label: string;
  /** What tells items apart beyond their label: the ledger's category and group (`DEB · Vorderingen`). */
  detail?: string;
}

/** Reads a connector's declared lookups from its API. Bound by a connector whose manifest declares `lookups`. */
export interface ConnectorLookups {
  /**
   * The items of the lookup `name`, as the API has them now; an empty list when the API has none.
   * A name the manifest does not declare is a ConfigurationError (code LOOKUP_UNKNOWN) naming the
   * ones it does, thrown before any call. Stops with the signal's reason (a KoppelwerkError, else a
   * TransientError LOOKUP_STOPPED) once `signal` aborts. A sink's lookups share its session: its
   * `close()` ends it.
   */
  lookup(name: string, signal?: AbortSignal): Promise<LookupItem[]>;
}
export const ConnectorLookups = Symbol.for('koppelwerk.ConnectorLookups');

/**
 * A lookup as the manifest declares it: what the link wizard and the settings page show, and which
 * settings its items fill.
 */
export interface LookupDeclaration {
  /** What `lookup(name)` takes: camelCase, unique within the connector (`ledgers`, `orderStatuses`). */
  name: string;
  /** What the page says above the items. */
  caption: Bilingual;
  /**
   * The settings of a tenant file an item's value is written into, as paths in the file: the
   * connector's own settings under `source.settings.` or `sink.settings.` (its kind's), or the
   * mapping's under `mapping.`; `[]` stands for every item of a list
   * (`mapping.ledgers.sales.rules[].ledger`). A connector's own setting must exist in its config schema.
   */
  feeds: readonly string[];
  /** `one`: a setting takes one value (a list to pick from); `many`: it takes a list of them (checkboxes). */
  choice: 'one' | 'many';
  /** Where the items come from, when it needs saying (a fixed list derived from the API's documentation). */
  note?: Bilingual;
}

const LOOKUP_NAME = /^[a-z][A-Za-z0-9]*$/;
const FEED_PATH = /^(source\.settings|sink\.settings|mapping)((\.[A-Za-z_][A-Za-z0-9_-]*)(\[\])?)+$/;

/** The lookups a manifest declares (none when it declares none). */
export function declaredLookups(manifest: Pick<ConnectorManifest, 'lookups'>): readonly LookupDeclaration[] {
  return manifest.lookups ?? [];
}

/** The ConfigurationError for a lookup `connector` (its title) does not offer, naming the ones it does. */
export function unknownLookupError(connector: string, name: string, offered: readonly string[]): ConfigurationError {
  return new ConfigurationError([worded.problem('lookup', 'LOOKUP_UNKNOWN', { connector, name, offered: offered.join(', ') || undefined })]);
}

/** The TransientError of a lookup that got no answer within `seconds` (a caller's timeout). */
export function lookupTimeoutError(connector: string, name: string, seconds: number): TransientError {
  return new TransientError(...worded('LOOKUP_TIMEOUT', { connector, name, seconds }));
}

/** The TransientError of a lookup whose signal aborted without a KoppelwerkError as its reason. */
export function lookupStoppedError(connector: string, name: string): TransientError {
  return new TransientError(...worded('LOOKUP_STOPPED', { connector, name }));
}

/**
 * A lookup's failure as a KoppelwerkError: one already is one stays as it is; anything else (a bug,
 * an answer the connector could not read) becomes a RejectedError LOOKUP_FAILED with it as its cause.
 */
export function lookupFailure(connector: string, name: string, error: unknown, redact: (text: string) => string = (text) => text): KoppelwerkError {
  if (KoppelwerkError.is(error)) return error;
  const params = { connector, name, ...errorParams('cause', error, redact) };
  return new RejectedError(...worded('LOOKUP_FAILED', params as { connector: string; name: string }, { cause: error }));
}

/**
 * `work`, until `signal` aborts: then its reason when that is a KoppelwerkError (a caller's timeout),
 * else `stopped()`. What `work` does after that is no longer waited for.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, stopped: () => KoppelwerkError): Promise<T> {
  if (!signal) return work;
  const reason = () => (KoppelwerkError.is(signal.reason) ? signal.reason : stopped());
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * What a connector's `lookup` does with a name: the reader of a declared lookup, run until `signal`
 * aborts; an undeclared name (or one without a reader) is `unknownLookupError`, before any call.
 * `connector` is the manifest's title.
 */
export function readLookup(
  connector: string,
  declared: readonly LookupDeclaration[],
  name: string,
  readers: Readonly<Record<string, () => Promise<LookupItem[]>>>,
  signal?: AbortSignal,
): Promise<LookupItem[]> {
  const offered = declared.map((lookup) => lookup.name).filter((known) => Object.prototype.hasOwnProperty.call(readers, known));
  if (!offered.includes(name)) return Promise.reject(unknownLookupError(connector, name, offered));
  const stopped = () => lookupStoppedError(connector, name);
  if (signal?.aborted) return untilAborted(Promise.resolve([]), signal, stopped);
  return untilAborted(readers[name](), signal, stopped);
}

/** What makes a lookup's answer usable: a list of items with a value and a label, each value once. One sentence per problem. */
export function lookupItemProblems(items: unknown): string[] {
  if (!Array.isArray(items)) return ['the lookup did not answer with a list'];
  const problems: string[] = [];
  const seen = new Set<string>();
  items.forEach((candidate, i) => {
    const item = (candidate ?? {}) as Partial<Record<keyof LookupItem, unknown>>;
    if (typeof item.value !== 'string' || item.value.trim() === '') problems.push(`item ${i} has no value`);
    else if (seen.has(item.value)) problems.push(`item ${i} repeats the value ${JSON.stringify(item.value)}`);
    else seen.add(item.value);
    if (typeof item.label !== 'string' || item.label.trim() === '') problems.push(`item ${i} has no label`);
    if (item.detail !== undefined && typeof item.detail !== 'string') problems.push(`item ${i} has a detail that is not a text`);
    const unknown = Object.keys(item).filter((key) => !['value', 'label', 'detail'].includes(key));
    if (unknown.length) problems.push(`item ${i} has unknown fields ${unknown.join(', ')}`);
  });
  return problems;
}

/** The shape of `manifest.lookups`, for the manifest check: each problem one sentence. */
export function lookupsProblems(lookups: unknown, kind: unknown): string[] {
  if (lookups === undefined) return [];
  if (!Array.isArray(lookups)) return ['manifest.lookups must be a list of lookups ({ name, caption, feeds, choice })'];
  const problems: string[] = [];
  const names = new Set<string>();
  lookups.forEach((candidate, i) => {
    const lookup = (candidate ?? {}) as Partial<Record<keyof LookupDeclaration, unknown>>;
    const at = `manifest.lookups[${i}]`;
    if (typeof lookup.name !== 'string' || !LOOKUP_NAME.test(lookup.name)) problems.push(`${at}.name must be a camelCase name, e.g. "ledgers"`);
    else if (names.has(lookup.name)) problems.push(`${at}.name "${lookup.name}" is declared twice`);
    else names.add(lookup.name);
    for (const key of ['caption', 'note'] as const) {
      if (key === 'note' && lookup.note === undefined) continue;
      const text = lookup[key] as Partial<Bilingual> | undefined;
      if (!text || typeof text.nl !== 'string' || !text.nl.trim() || typeof text.en !== 'string' || !text.en.trim()) problems.push(`${at}.${key} must have a text in Dutch (nl) and English (en)`);
    }
    if (lookup.choice !== 'one' && lookup.choice !== 'many') problems.push(`${at}.choice must be "one" or "many"`);
    if (!Array.isArray(lookup.feeds) || lookup.feeds.length === 0) problems.push(`${at}.feeds must list the settings it fills, e.g. "mapping.ledgers.debtors"`);
    else problems.push(...lookup.feeds.flatMap((feed, j) => feedProblems(`${at}.feeds[${j}]`, feed, kind)));
  });
  return problems;
}

function feedProblems(at: string, feed: unknown, kind: unknown): string[] {
  if (typeof feed !== 'string' || !FEED_PATH.test(feed)) {
    return [`${at} is ${JSON.stringify(feed)}; it must be a path in the tenant file under source.settings., sink.settings. or mapping. (with [] for every item of a list)`];
  }
  const side = feed.startsWith('source.settings.') ? 'source' : feed.startsWith('sink.settings.') ? 'sink' : undefined;
  if (side && side !== kind) return [`${at} is ${feed}; a ${String(kind)} connector's settings are under ${String(kind)}.settings.`];
  return [];
}

/**
 * What a connector that declares lookups must also do, checked on its loaded module: bind
 * ConnectorLookups, and name only settings its config schema has.
 */
export function lookupWiringProblems(container: Container, manifest: ConnectorManifest): string[] {
  const declared = declaredLookups(manifest);
  if (declared.length === 0) return [];
  const problems: string[] = [];
  if (!container.isBound(ConnectorLookups)) {
    problems.push(`declares lookups (${declared.map((l) => l.name).join(', ')}) in its manifest but its module does not bind ConnectorLookups`);
  }
  for (const lookup of declared) {
    for (const feed of lookup.feeds) {
      const missing = missingSetting(manifest, feed);
      if (missing) problems.push(`manifest.lookups "${lookup.name}" feeds ${feed}, but its config schema has no setting ${missing}`);
    }
  }
  return problems;
}

/** The first key of a `<side>.settings.` path that the config schema lacks; undefined when it has them all (or the path is the mapping's). */
function missingSetting(manifest: ConnectorManifest, feed: string): string | undefined {
  const match = /^(source|sink)\.settings\.(.+)$/.exec(feed);
  if (!match) return undefined;
  const path: string[] = [];
  for (const segment of match[2].split('.')) {
    const key = segment.replace(/\[\]$/, '');
    if (!knownKeysAt(manifest.configSchema, path).includes(key)) return [...path, key].join('.');
    path.push(key);
    if (segment.endsWith('[]')) path.push('0');
  }
  return undefined;
}
