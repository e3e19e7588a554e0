/** The words of a tenant's Controle tab, in Dutch (the default) and English. The kinds and fields come from the message catalogue. */
const nl = {
  intro:
    'Klopt de boekhouding met de bron? Kies een periode (op documentdatum): Koppelwerk vergelijkt wat de bron heeft, wat Koppelwerk boekte en wat nu in de boekhouding staat. Er wordt niets geschreven.',
  from: 'Van',
  to: 'Tot en met',
  submit: 'Controleren',
  badPeriod: 'Kies een geldige periode: twee datums (JJJJ-MM-DD), de eerste niet na de tweede.',
  counted: (source: number, booked: number, books: number) => `${source} document(en) in de bron, ${booked} geboekt door Koppelwerk, ${books} in de boekhouding.`,
  agree: 'De boekhouding klopt met de bron.',
  totals: 'Totalen per btw-code',
  vatCode: 'Btw-code',
  box: 'Rubriek',
  sides: { source: 'Bron', booked: 'Geboekt', books: 'Boekhouding', difference: 'Verschil' },
  amounts: { excl: 'excl.', vat: 'btw', incl: 'incl.' },
  differences: (n: number) => (n === 1 ? '1 verschil' : `${n} verschillen`),
  kind: 'Soort',
  document: 'Document',
  invoiceNumber: 'Factuurnummer',
  what: 'Wat',
  rebook: 'Opnieuw boeken',
  confirmTitle: 'Opnieuw boeken?',
  confirm: (document: string, invoiceNumber: string) =>
    `Document ${document} (${invoiceNumber}) is uit de boekhouding verwijderd. Koppelwerk vraagt de boekhouding eerst of het er echt niet meer in staat, en boekt het dan één keer opnieuw, zoals de bron het nu heeft.`,
  confirmYes: 'Ja, opnieuw boeken',
  cancel: 'Annuleren',
  failed: 'De controle kon niet gedaan worden:',
};

export type ReconcileTexts = typeof nl;

const en: ReconcileTexts = {
  intro:
    'Do the books agree with the source? Choose a period (by document date): Koppelwerk compares what the source has, what Koppelwerk booked and what the books hold now. Nothing is written.',
  from: 'From',
  to: 'Up to and including',
  submit: 'Reconcile',
  badPeriod: 'Choose a valid period: two dates (YYYY-MM-DD), the first not after the second.',
  counted: (source, booked, books) => `${source} document(s) in the source, ${booked} booked by Koppelwerk, ${books} in the books.`,
  agree: 'The books agree with the source.',
  totals: 'Totals per VAT code',
  vatCode: 'VAT code',
  box: 'Box',
  sides: { source: 'Source', booked: 'Booked', books: 'Books', difference: 'Difference' },
  amounts: { excl: 'excl.', vat: 'VAT', incl: 'incl.' },
  differences: (n) => (n === 1 ? '1 difference' : `${n} differences`),
  kind: 'Kind',
  document: 'Document',
  invoiceNumber: 'Invoice number',
  what: 'What',
  rebook: 'Book again',
  confirmTitle: 'Book again?',
  confirm: (document, invoiceNumber) =>
    `Document ${document} (${invoiceNumber}) was deleted from the books. Koppelwerk first asks the books whether it is really gone, then books it once more, as the source has it now.`,
  confirmYes: 'Yes, book it again',
  cancel: 'Cancel',
  failed: 'The reconciliation could not be done:',
};

export function reconcileTexts(language: 'nl' | 'en'): ReconcileTexts {
  return language === 'en' ? en : nl;
}
