/**
 * The incremental cursor: where a read resumes. Opaque to the engine; JSON inside.
 * - `since`: the status-change filter of this pass (null = from the beginning or `startDate`)
 * - `next`: the filter of the following pass, fixed when this pass started (its start minus the overlap)
 * - `offset`: the next page of this pass (0 = a new pass starts)
 * - `seen`: order number → status-change stamp of orders already delivered that may be listed again
 *   (in the overlap window, or repeated at a page boundary); delivered again only when the stamp changed.
 */
export interface OrderCursor {
  v: 1;
  since: string | null;
  next: string | null;
  offset: number;
  seen: Record<string, string>;
}

export function decodeOrderCursor(cursor: string | null): OrderCursor {
  const fresh: OrderCursor = { v: 1, since: null, next: null, offset: 0, seen: {} };
  if (!cursor) return fresh;
  try {
    const value = JSON.parse(cursor) as Partial<OrderCursor>;
    if (value.v !== 1) throw new Error('unknown version');
    return {
      v: 1,
      since: typeof value.since === 'string' ? value.since : null,
      next: typeof value.next === 'string' ? value.next : null,
      offset: Number.isInteger(value.offset) && (value.offset as number) >= 0 ? (value.offset as number) : 0,
      seen: typeof value.seen === 'object' && value.seen !== null ? value.seen : {},
    };
  } catch {
    throw new RangeError('the saved Mijnwebwinkel cursor is not readable; reset the source state to read again');
  }
}

export function encodeOrderCursor(cursor: OrderCursor): string {
  return JSON.stringify(cursor);
}
