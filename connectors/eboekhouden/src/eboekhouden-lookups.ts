/**
 * e-Boekhouden's live lookup for the link wizard: `ledgers`, the administration's ledger accounts
 * (code, name, category and group), read over the tenant's API through the transport: SOAP
 * `GetGrootboekrekeningen`, REST `GET /v1/ledger` (paged). It shares the sink's session, which the
 * sink's `close()` ends.
 */
import { inject, injectable } from 'inversify';
import { readLookup, type ConnectorLookups, type LookupDeclaration, type LookupItem } from '@koppelwerk/core';
import { EboekhoudenTransport } from './eboekhouden-transport';

/** The connector's title, as its manifest gives it. */
const TITLE = 'e-Boekhouden.nl';

export const EBOEKHOUDEN_LOOKUPS: readonly LookupDeclaration[] = [
  {
    name: 'ledgers',
    caption: { nl: 'Grootboekrekeningen van de administratie', en: "The administration's ledger accounts" },
    // Every setting of the mapping that names one ledger (docs/configuration.md, "Ledgers" and "Amounts and rounding").
    feeds: [
      'mapping.ledgers.debtors',
      'mapping.ledgers.creditors',
      'mapping.ledgers.sales.default',
      'mapping.ledgers.sales.rules[].ledger',
      'mapping.ledgers.purchase.default',
      'mapping.ledgers.purchase.rules[].ledger',
      'mapping.rounding.ledger',
    ],
    choice: 'one',
  },
];

@injectable()
export class EboekhoudenLookups implements ConnectorLookups {
  constructor(@inject(EboekhoudenTransport) private readonly transport: EboekhoudenTransport) {}

  lookup(name: string, signal?: AbortSignal): Promise<LookupItem[]> {
    return readLookup(TITLE, EBOEKHOUDEN_LOOKUPS, name, { ledgers: () => this.ledgers() }, signal);
  }

  /** By code, in the order a person expects (`1000` before `1100`, `800001` after `8060`); each code once. */
  private async ledgers(): Promise<LookupItem[]> {
    const seen = new Set<string>();
    return (await this.transport.listLedgers())
      .filter((ledger) => ledger.code !== '' && !seen.has(ledger.code) && seen.add(ledger.code))
      .sort((a, b) => a.code.localeCompare(b.code, 'nl', { numeric: true }))
      .map((ledger) => {
        const detail = [ledger.category, ledger.group].filter(Boolean).join(' · ');
        return { value: ledger.code, label: ledger.description || ledger.code, ...(detail ? { detail } : {}) };
      });
  }
}
