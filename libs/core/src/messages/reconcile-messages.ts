/**
 * The entries of reconciliation (`koppelwerk reconcile`, the Controle tab): the kinds of
 * difference, why a document is missing in the books, the fields compared, and what a command
 * refuses.
 */
import { entry } from './message-entry';

const CAUSE = { cause: 'HTTP_FAILED_UPSTREAM', 'cause.text': 'Mijnwebwinkel GET /orders failed upstream (503)', 'cause.what': 'Mijnwebwinkel GET /orders', 'cause.status': 503 };

/** The kinds of difference in words. */
export const DIFFERENCE_KIND_WORDS: Record<string, { nl: string; en: string }> = {
  'missing-in-books': { nl: 'ontbreekt in de boekhouding', en: 'missing in the books' },
  'deleted-in-books': { nl: 'verwijderd uit de boekhouding', en: 'deleted in the books' },
  'changed-in-books': { nl: 'gewijzigd in de boekhouding', en: 'changed in the books' },
  'unknown-in-books': { nl: 'onbekende boeking in de boekhouding', en: 'unknown booking in the books' },
  'changed-in-source': { nl: 'gewijzigd in de bron', en: 'changed in the source' },
};

/** The fields compared in words. */
export const COMPARED_FIELD_WORDS: Record<string, { nl: string; en: string }> = {
  amount: { nl: 'bedrag', en: 'amount' },
  vatCode: { nl: 'btw-code', en: 'VAT code' },
  ledger: { nl: 'grootboekrekening', en: 'ledger' },
  date: { nl: 'datum', en: 'date' },
  relation: { nl: 'relatie', en: 'relation' },
};

export const RECONCILE_MESSAGES = {
  RECONCILE_PARKED: entry({
    example: CAUSE,
    optional: ['cause'],
    message: { nl: (_p, nested) => `in de foutenlijst: ${nested('cause')}`, en: (_p, nested) => `parked: ${nested('cause')}` },
  }),
  RECONCILE_CANNOT_BOOK: entry({
    example: CAUSE,
    optional: ['cause'],
    message: { nl: (_p, nested) => `kan niet geboekt worden: ${nested('cause')}`, en: (_p, nested) => `cannot be booked: ${nested('cause')}` },
  }),
  RECONCILE_PENDING: entry({ example: {}, message: { nl: () => 'gelezen, nog niet geboekt: de volgende synchronisatie boekt het', en: () => 'read, not booked yet: the next sync books it' } }),
  RECONCILE_IN_DOUBT: entry({
    example: {},
    message: { nl: () => 'verstuurd, maar de uitkomst is nog niet bekend: de volgende synchronisatie zoekt het uit', en: () => 'sent, but the outcome is not known yet: the next sync settles it' },
  }),
  RECONCILE_NOT_READ: entry({ example: {}, message: { nl: () => 'nog niet gelezen: de volgende synchronisatie leest het', en: () => 'not read yet: the next sync reads it' } }),
  RECONCILE_GONE_FROM_SOURCE: entry({ example: {}, message: { nl: () => 'staat in deze periode niet meer in de bron', en: () => 'no longer in the source for this period' } }),
  RECONCILE_NO_PERIOD: entry({
    example: { title: 'Stella' },
    message: {
      nl: (p) => `${p.title} kan geen periode lezen, dus deze koppeling kan niet gecontroleerd worden`,
      en: (p) => `${p.title} cannot read a period, so this tenant cannot be reconciled`,
    },
  }),
  RECONCILE_NO_BOOKS: entry({
    example: { title: 'Acme Boekhouding' },
    message: {
      nl: (p) => `${p.title} kan de boekingen van een periode niet opsommen, dus deze koppeling kan niet gecontroleerd worden`,
      en: (p) => `${p.title} cannot list the bookings of a period, so this tenant cannot be reconciled`,
    },
  }),
  RECONCILE_REBOOK_NOT_DELETED: entry({
    example: { document: '1001', invoiceNumber: 'WEB-1001', sinkId: '412' },
    optional: ['sinkId'],
    message: {
      nl: (p) => `document ${p.document} (${p.invoiceNumber}) staat nog in de boekhouding${p.sinkId ? ` als ${p.sinkId}` : ''}; alleen een document dat eruit verwijderd is wordt opnieuw geboekt`,
      en: (p) => `document ${p.document} (${p.invoiceNumber}) is still in the books${p.sinkId ? ` as ${p.sinkId}` : ''}; only a document deleted from them is booked again`,
    },
  }),
  RECONCILE_REBOOK_NOT_BOOKED: entry({
    example: { document: '1001' },
    message: {
      nl: (p) => `document ${p.document} is niet door Koppelwerk geboekt; alleen een geboekt document dat uit de boekhouding verwijderd is wordt opnieuw geboekt`,
      en: (p) => `document ${p.document} was not booked by Koppelwerk; only a booked document that was deleted from the books is booked again`,
    },
  }),
  ACTION_NOTHING_TO_REBOOK: entry({
    example: {},
    message: {
      nl: () => 'niets opnieuw geboekt: geen van de gekozen documenten is uit de boekhouding verwijderd',
      en: () => 'nothing booked again: none of the chosen documents was deleted from the books',
    },
  }),
};
