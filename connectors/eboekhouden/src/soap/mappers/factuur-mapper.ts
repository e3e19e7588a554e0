/**
 * An invoice for e-Boekhouden's invoicing module (`cFactuur`, AddFactuur): template, payment term,
 * lines with quantity, unit, code, description, price excl. VAT and VAT code, and whether it is
 * also put in the books (InBoekhoudingPlaatsen, which creates an open item). No e-mail, no direct
 * debit. The invoice was validated before (eboekhouden-validation.ts).
 */
import type { InvoiceEntry } from '@koppelwerk/core';
import { dateText, numberText } from '../../wire-format';
import type { WireObject } from '../soap-wire';

export function toFactuur(invoice: InvoiceEntry): WireObject {
  const date = dateText(invoice.date, 'date');
  const lines = invoice.lines.map((line) => ({
    Aantal: numberText(line.quantity),
    Eenheid: line.unit,
    Code: line.code,
    Omschrijving: line.description,
    PrijsPerEenheid: numberText(line.unitPrice),
    BTWCode: line.vatCode,
    TegenrekeningCode: line.ledger,
    KostenplaatsID: 0,
  }));
  return {
    Factuurnummer: invoice.invoiceNumber || undefined,
    Relatiecode: invoice.relationCode,
    Datum: date,
    Betalingstermijn: invoice.paymentTermDays,
    Factuursjabloon: invoice.template,
    PerEmailVerzenden: false,
    AutomatischeIncasso: false,
    // Required by the schema even without a direct debit: a real date, never 0001-01-01.
    IncassoMachtigingDatumOndertekening: date,
    IncassoMachtigingFirst: false,
    InBoekhoudingPlaatsen: invoice.bookInLedger,
    BoekhoudmutatieOmschrijving: invoice.description,
    Regels: { cFactuurRegel: lines },
  };
}
