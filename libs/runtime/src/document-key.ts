/**
 * How people name a document on the command line: the source's key as `koppelwerk log` and
 * `errors` show it (`1001`), or with its kind in front (`sales-order:1001`).
 */
import { DOCUMENT_KINDS, type DocumentKind } from '@koppelwerk/core';
import type { StateStore } from '@koppelwerk/engine';

/** `sales-order:1001` -> kind and key; a key without a known kind in front is returned whole. */
export function splitDocumentKey(text: string): { kind?: DocumentKind; key: string } {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  if ((DOCUMENT_KINDS as readonly string[]).includes(kind) && colon < text.length - 1) return { kind: kind as DocumentKind, key: text.slice(colon + 1) };
  return { key: text };
}

/** Whether the state knows the document under exactly this key (activity, ledger or error queue). */
async function knownKey(store: StateStore, key: string, kind?: DocumentKind): Promise<boolean> {
  if (kind !== undefined) {
    if (await store.getLedgerEntry({ documentKey: key, kind })) return true;
    return (await store.listErrors({ documentKey: key, includeResolved: true })).some((entry) => entry.kind === kind);
  }
  if ((await store.listActivity({ documentKey: key, limit: 1 })).length) return true;
  return (await store.listErrors({ documentKey: key, includeResolved: true })).length > 0;
}

/** The key the tenant's state knows the document by, or undefined when it has never seen it. */
export async function findDocumentKey(store: StateStore, text: string): Promise<string | undefined> {
  if (await knownKey(store, text)) return text;
  const { kind, key } = splitDocumentKey(text);
  if (kind !== undefined && (await knownKey(store, key, kind))) return key;
  return undefined;
}
