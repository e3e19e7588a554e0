/**
 * WerkbonApp's live lookup for the link wizard: `workStatuses`, the customer's own work statuses as
 * the `workstatusses` function lists them (sta_code, sta_name), to pick which one marks a work order
 * for invoicing (`export.workStatus`, written as WerkbonApp shows it: "1 naar E-boekhouden").
 */
import { inject, injectable } from 'inversify';
import { readLookup, type ConnectorLookups, type LookupDeclaration, type LookupItem } from '@koppelwerk/core';
import { WerkbonappClient } from './werkbonapp-client';
import { parseWorkStatuses } from './work-statuses';

/** The connector's title, as its manifest gives it. */
const TITLE = 'WerkbonApp';

export const WERKBONAPP_LOOKUPS: readonly LookupDeclaration[] = [
  {
    name: 'workStatuses',
    caption: { nl: 'Werkstatus van de werkbonnen die gefactureerd worden', en: 'Work status of the work orders to invoice' },
    feeds: ['source.settings.export.workStatus'],
    choice: 'one',
  },
];

@injectable()
export class WerkbonappLookups implements ConnectorLookups {
  constructor(@inject(WerkbonappClient) private readonly client: WerkbonappClient) {}

  lookup(name: string, signal?: AbortSignal): Promise<LookupItem[]> {
    return readLookup(TITLE, WERKBONAPP_LOOKUPS, name, { workStatuses: () => this.workStatuses() }, signal);
  }

  /** In the customer's order; each status once, its value code and name as WerkbonApp shows them. */
  private async workStatuses(): Promise<LookupItem[]> {
    const seen = new Set<string>();
    return parseWorkStatuses(await this.client.get<unknown>('workstatusses'))
      .map((status) => ({ status, value: [status.code, status.name].filter(Boolean).join(' ') }))
      .filter(({ value }) => !seen.has(value) && seen.add(value))
      .map(({ status, value }) => ({ value, label: status.name || status.code, ...(status.code && status.name ? { detail: `code ${status.code}` } : {}) }));
  }
}
