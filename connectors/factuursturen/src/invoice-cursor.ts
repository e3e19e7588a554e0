/**
 * The incremental cursor: where a read resumes. Opaque to the engine; JSON inside. Two streams are
 * read one after the other in each pass, sales invoices and then purchase invoices; each has:
 * - `since`: the invoice-date filter of this pass (null = from the beginning or `startDate`)
 * - `next`: the filter of the following pass, fixed when this pass started (its day minus the overlap)
 * - `offset`: the next page of this pass (0 = a new pass starts)
 * - `seen`: invoice id → invoice date of invoices already delivered that may be listed again
 *   (in the overlap window, or repeated at a page boundary); never delivered twice.
 * `phase` names the stream being read.
 */
export type StreamName = 'sales' | 'purchase';

export interface StreamCursor {
  since: string | null;
  next: string | null;
  offset: number;
  seen: Record<string, string>;
}

export interface InvoiceCursor {
  v: 1;
  phase: StreamName;
  sales: StreamCursor;
  purchase: StreamCursor;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function freshStream(): StreamCursor {
  return { since: null, next: null, offset: 0, seen: {} };
}

export function decodeInvoiceCursor(cursor: string | null): InvoiceCursor {
  const fresh: InvoiceCursor = { v: 1, phase: 'sales', sales: freshStream(), purchase: freshStream() };
  if (!cursor) return fresh;
  try {
    const value = JSON.parse(cursor) as Partial<InvoiceCursor>;
    if (value.v !== 1) throw new Error('unknown version');
    return { v: 1, phase: value.phase === 'purchase' ? 'purchase' : 'sales', sales: stream(value.sales), purchase: stream(value.purchase) };
  } catch {
    throw new RangeError('the saved FactuurSturen cursor is not readable; reset the source state to read again');
  }
}

export function encodeInvoiceCursor(cursor: InvoiceCursor): string {
  return JSON.stringify(cursor);
}

function stream(value: Partial<StreamCursor> | undefined): StreamCursor {
  if (!value || typeof value !== 'object') return freshStream();
  const seen = typeof value.seen === 'object' && value.seen !== null && !Array.isArray(value.seen) ? value.seen : {};
  return {
    since: typeof value.since === 'string' && DAY.test(value.since) ? value.since : null,
    next: typeof value.next === 'string' && DAY.test(value.next) ? value.next : null,
    offset: Number.isInteger(value.offset) && (value.offset as number) >= 0 ? (value.offset as number) : 0,
    seen,
  };
}

/** Entries of `seen` that can be listed again from `since` on. */
export function keepFrom(seen: Record<string, string>, since: string | null): Record<string, string> {
  if (!since) return {};
  return Object.fromEntries(Object.entries(seen).filter(([, date]) => date >= since));
}
