/**
 * FactuurSturen has no status field: the status is derived from `sent`, `open`, `totalintax`,
 * `duedate` and `uncollectible`, with the names of the API's list filters.
 */
import { Decimal, type LocalDate } from '@koppelwerk/core';
import { exactNumber } from './invoice-lines';

export type InvoiceStatus = 'draft' | 'sent' | 'overdue' | 'partly' | 'paid' | 'toomuch' | 'uncollectible';

export interface StatusFields {
  sent?: string;
  open?: unknown;
  totalintax?: unknown;
  duedate?: string;
  uncollectible?: string;
}

export function deriveStatus(invoice: StatusFields, today: LocalDate): InvoiceStatus {
  if (!invoice.sent) return 'draft';
  if (invoice.uncollectible) return 'uncollectible';
  const open = exactNumber(invoice.open);
  const total = exactNumber(invoice.totalintax) ?? Decimal.ZERO;
  if (open) {
    // Credit notes have negative totals: compare in the invoice's own direction.
    const direction = total.isNegative() ? Decimal.ONE.negated() : Decimal.ONE;
    const left = open.times(direction);
    if (left.isZero()) return 'paid';
    if (left.isNegative()) return 'toomuch';
    if (left.compare(total.times(direction)) < 0) return 'partly';
  }
  if (invoice.duedate && invoice.duedate < today) return 'overdue';
  return 'sent';
}
