/**
 * Mijnwebwinkel's live lookup for the link wizard: `orderStatuses`, the shop's own order statuses
 * as `GET /v1/orderstatuses` lists them (id, description in the tenant's `language`, credit flag),
 * to pick which are booked (`bookedStatuses`, matched by description as the source does).
 */
import { inject, injectable } from 'inversify';
import { readLookup, type ConnectorLookups, type LookupDeclaration, type LookupItem } from '@koppelwerk/core';
import { MijnwebwinkelClient } from './mijnwebwinkel-client';
import { parseOrderStatuses } from './order-statuses';

/** The connector's title, as its manifest gives it. */
const TITLE = 'Mijnwebwinkel';

export const MIJNWEBWINKEL_LOOKUPS: readonly LookupDeclaration[] = [
  {
    name: 'orderStatuses',
    caption: { nl: 'Orderstatussen die geboekt worden', en: 'Order statuses that are booked' },
    feeds: ['source.settings.bookedStatuses'],
    choice: 'many',
    note: {
      nl: 'De statussen van de winkel zelf, in de taal van de koppeling. Een creditorder wordt altijd als creditnota geboekt, ook als haar status niet is aangevinkt.',
      en: "The shop's own statuses, in the language of the link. A credit order is always booked as a credit note, also when its status is not ticked.",
    },
  },
];

@injectable()
export class MijnwebwinkelLookups implements ConnectorLookups {
  constructor(@inject(MijnwebwinkelClient) private readonly client: MijnwebwinkelClient) {}

  lookup(name: string, signal?: AbortSignal): Promise<LookupItem[]> {
    return readLookup(TITLE, MIJNWEBWINKEL_LOOKUPS, name, { orderStatuses: () => this.orderStatuses() }, signal);
  }

  /** In the shop's order (by id); a description the shop repeats is offered once, as `bookedStatuses` matches every status of that name. */
  private async orderStatuses(): Promise<LookupItem[]> {
    const statuses = parseOrderStatuses(await this.client.get<unknown>('/orderstatuses'));
    const seen = new Set<string>();
    return statuses
      .sort((a, b) => a.status - b.status)
      .filter((status) => status.description.trim() !== '' && !seen.has(status.description) && seen.add(status.description))
      .map((status) => ({
        value: status.description,
        label: status.description,
        detail: status.credit_order ? `status ${status.status} · creditorder` : `status ${status.status}`,
      }));
  }
}
