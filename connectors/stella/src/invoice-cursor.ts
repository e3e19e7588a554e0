/**
 * The read position: invoices changed since `since` (minus an overlap window for clock skew and
 * late commits), the page to resume at, and which id@updated_at were already delivered so the
 * overlap delivers nothing twice.
 */
export interface InvoiceCursor {
  v: 1;
  since: string | null;
  /** Where the next pass starts, fixed when this pass started. */
  next: string | null;
  page: number;
  seen: Record<string, string>;
}

export function decodeInvoiceCursor(text: string | null): InvoiceCursor {
  if (!text) return { v: 1, since: null, next: null, page: 1, seen: {} };
  const parsed = JSON.parse(text) as InvoiceCursor;
  return { v: 1, since: parsed.since ?? null, next: parsed.next ?? null, page: parsed.page ?? 1, seen: parsed.seen ?? {} };
}

export function encodeInvoiceCursor(cursor: InvoiceCursor): string {
  return JSON.stringify(cursor);
}

/** Entries that can still be listed again from `since` on. */
export function keepFrom(seen: Record<string, string>, since: string | null): Record<string, string> {
  if (!since) return {};
  return Object.fromEntries(Object.entries(seen).filter(([, stamp]) => stamp >= since));
}
