/**
 * A tenant file changed from a form (the dashboard's Instellingen): its editable values read out of
 * the text, and new values written back into the same text with the `yaml` document API, so its
 * comments, order and everything the form does not show stay as they were. What changed is listed
 * field by field; a secret only as "changed", never with a value. A secret typed in is encrypted;
 * a secret left as it was (its reference) is not touched.
 */
import { createHash } from 'node:crypto';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { secretPaths, UsageError, type ConnectorRegistry } from '@koppelwerk/core';
import { secretReferenceOf } from './secrets/secret-references';
import type { DraftLedgers, DraftSide } from './tenant-draft';

/** What the settings page edits of a tenant file. */
export interface TenantFileValues {
  tenant: string;
  source: DraftSide;
  sink: DraftSide;
  ledgers: DraftLedgers;
  everyMinutes?: number;
}

export interface ChangedField {
  /** As the form names it: `sink.settings.securityCode1`, `ledgers.sales`, `everyMinutes`. */
  path: string;
  /** A secret: its values are never told. */
  secret: boolean;
  before?: unknown;
  after?: unknown;
}

/** What `saveTenantFile` compares: the sha256 of a tenant file's text. */
export function textFingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The tenant file changed since the form was opened: the change is not saved over it. */
export class StaleTenantFileError extends UsageError {
  constructor(readonly tenant: string) {
    super(`the tenant file of ${tenant} changed since the form was opened (on disk, by the command line or by another user): open the settings again and make the change there`);
  }
}

export const LEDGER_PATHS: Record<keyof DraftLedgers, string[]> = {
  debtors: ['mapping', 'ledgers', 'debtors'],
  creditors: ['mapping', 'ledgers', 'creditors'],
  sales: ['mapping', 'ledgers', 'sales', 'default'],
  purchase: ['mapping', 'ledgers', 'purchase', 'default'],
};

function plain(document: Document, path: readonly string[]): unknown {
  const node = document.getIn(path, true);
  return node === undefined ? undefined : (document.getIn(path) as unknown);
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The editable values of a tenant file's text, references as written. */
export function tenantFileValues(text: string): TenantFileValues {
  const document = parseDocument(text);
  const side = (kind: 'source' | 'sink'): DraftSide => {
    const settings = document.getIn([kind, 'settings']);
    return {
      connector: asText(plain(document, [kind, 'connector'])) ?? '',
      endpoint: asText(plain(document, [kind, 'endpoint'])),
      settings: settings && typeof settings === 'object' ? JSON.parse(JSON.stringify((settings as { toJSON?: () => unknown }).toJSON?.() ?? settings)) : {},
    };
  };
  const ledgers: DraftLedgers = {};
  for (const [name, path] of Object.entries(LEDGER_PATHS) as Array<[keyof DraftLedgers, string[]]>) ledgers[name] = asText(plain(document, path));
  const every = plain(document, ['schedule', 'everyMinutes']);
  return { tenant: asText(plain(document, ['tenant'])) ?? '', source: side('source'), sink: side('sink'), ledgers, everyMinutes: typeof every === 'number' ? every : undefined };
}

/** Sets a value at a path, keeping the comment of a scalar that is replaced; undefined removes the key. */
function setKeepingComments(document: Document, path: readonly string[], value: unknown): void {
  if (value === undefined) {
    if (document.hasIn(path)) document.deleteIn(path);
    return;
  }
  const node = document.getIn(path, true);
  if (isScalar(node) && (value === null || typeof value !== 'object')) node.value = value;
  else document.setIn(path, value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes `values` into `text` (connectors and the tenant's name are not changed here); returns the
 * new text and what changed. `encrypt` turns a typed-in secret into its `${encrypted:..}` reference.
 */
export function editTenantFile(text: string, values: TenantFileValues, registry: ConnectorRegistry, encrypt: (plaintext: string) => string): { text: string; changed: ChangedField[] } {
  const document = parseDocument(text);
  const before = tenantFileValues(text);
  const changed: ChangedField[] = [];
  for (const kind of ['source', 'sink'] as const) {
    const schema = registry.find(before[kind].connector, kind).manifest.configSchema;
    const secrets = new Set([...secretPaths(schema, before[kind].settings), ...secretPaths(schema, values[kind].settings)].map((path) => path[0]));
    const settingsNode = document.getIn([kind, 'settings'], true);
    if (!isMap(settingsNode)) document.setIn([kind, 'settings'], document.createNode({}));
    const keys = new Set([...Object.keys(before[kind].settings), ...Object.keys(values[kind].settings)]);
    for (const key of keys) {
      let next = values[kind].settings[key];
      const old = before[kind].settings[key];
      if (secrets.has(key) && typeof next === 'string' && next !== '' && secretReferenceOf(next) === undefined) next = encrypt(next);
      if (same(old, next)) continue;
      setKeepingComments(document, [kind, 'settings', key], next);
      const secret = secrets.has(key);
      changed.push({ path: `${kind}.settings.${key}`, secret, ...(secret ? {} : { before: old, after: next }) });
    }
    if (before[kind].endpoint !== values[kind].endpoint) {
      setKeepingComments(document, [kind, 'endpoint'], values[kind].endpoint);
      changed.push({ path: `${kind}.endpoint`, secret: false, before: before[kind].endpoint, after: values[kind].endpoint });
    }
  }
  for (const [name, path] of Object.entries(LEDGER_PATHS) as Array<[keyof DraftLedgers, string[]]>) {
    const next = values.ledgers[name];
    if (next === undefined || next === '' || next === before.ledgers[name]) continue;
    setKeepingComments(document, path, next);
    changed.push({ path: `ledgers.${name}`, secret: false, before: before.ledgers[name], after: next });
  }
  if (values.everyMinutes !== undefined && values.everyMinutes !== before.everyMinutes) {
    setKeepingComments(document, ['schedule', 'everyMinutes'], values.everyMinutes);
    changed.push({ path: 'everyMinutes', secret: false, before: before.everyMinutes, after: values.everyMinutes });
  }
  // Nothing changed: the text stays exactly as written (the yaml library would realign its comments).
  return { text: changed.length > 0 ? document.toString() : text, changed };
}
