/**
 * Which status ids are booked, resolved from the shop's own `/orderstatuses` list by description,
 * never from hard-coded ids. "Afgehaald" also matches "Betaald & afgehaald".
 */
import { ConfigurationError, RejectedError } from '@koppelwerk/core';
import type { RawOrderStatus } from './raw-order';
import { worded } from './mijnwebwinkel-messages';

export class OrderStatuses {
  constructor(
    private readonly all: RawOrderStatus[],
    /** Status ids whose orders are booked. */
    readonly booked: ReadonlySet<number>,
  ) {}

  /** A status flagged `credit_order` (a credit order's own status). */
  isCreditStatus(id: number): boolean {
    return this.all.some((status) => status.status === id && status.credit_order);
  }

  describe(id: number): string {
    return this.all.find((status) => status.status === id)?.description ?? `status ${id}`;
  }
}

export function parseOrderStatuses(value: unknown): RawOrderStatus[] {
  if (!Array.isArray(value)) throw new RejectedError(...worded('MWW_NOT_A_LIST', { path: '/orderstatuses' }));
  return value.map((entry, index) => {
    const status = entry as Partial<RawOrderStatus>;
    const id = typeof status.status === 'string' ? Number(status.status) : status.status;
    if (typeof id !== 'number' || !Number.isInteger(id) || typeof status.description !== 'string') {
      throw new RejectedError(...worded('MWW_BAD_STATUS_ENTRY', { index }));
    }
    return { status: id, description: status.description, credit_order: status.credit_order === true };
  });
}

export function resolveOrderStatuses(all: RawOrderStatus[], names: readonly string[]): OrderStatuses {
  const booked = new Set<number>();
  const unknown: string[] = [];
  for (const name of names) {
    const wanted = normalize(name);
    const exact = all.filter((status) => normalize(status.description) === wanted);
    const matches = exact.length > 0 ? exact : all.filter((status) => containsWords(normalize(status.description), wanted));
    if (matches.length === 0) unknown.push(name);
    for (const match of matches) booked.add(match.status);
  }
  if (unknown.length > 0) {
    const known = all.map((status) => `"${status.description}"`).join(', ');
    throw new ConfigurationError(
      unknown.map((name) => worded.problem('source.settings.bookedStatuses', 'MWW_UNKNOWN_STATUS', { name, known })),
    );
  }
  return new OrderStatuses(all, booked);
}

function normalize(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function containsWords(description: string, wanted: string): boolean {
  const words = description.split(/[^a-z0-9]+/).filter(Boolean);
  return wanted.split(/[^a-z0-9]+/).filter(Boolean).every((word) => words.includes(word));
}
