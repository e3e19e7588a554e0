/**
 * An invoice for e-Boekhouden's invoicing module (`cFactuur`, AddFactuur): template, payment term,
 * lines with quantity, unit, code, description, price excl. VAT and VAT code, and whether it is
 * also put in the books (InBoekhoudingPlaatsen, which creates an open item). No e-mail, no direct debit.
 */
import { RecordError, isKnownVatCode, type InvoiceEntry } from '@koppelwerk/core';
import { FACTUUR_LIMITS, MUTATIE_LIMITS, checkLength, checkRequired } from './field-limits';
import { dateText, numberText, type WireObject } from './wire-format';

export function toFactuur(invoice: InvoiceEntry): WireObject {
  checkRequired(invoice.relationCode, 'relationCode', 'Relatiecode');
  checkRequired(invoice.template, 'template', 'Factuursjabloon');
  checkLength(invoice.invoiceNumber, FACTUUR_LIMITS.Factuurnummer, 'invoiceNumber', 'Factuurnummer');
  checkLength(invoice.relationCode, FACTUUR_LIMITS.Relatiecode, 'relationCode', 'Relatiecode');
  checkLength(invoice.template, FACTUUR_LIMITS.Factuursjabloon, 'template', 'Factuursjabloon');
  checkLength(invoice.description, FACTUUR_LIMITS.BoekhoudmutatieOmschrijving, 'description', 'BoekhoudmutatieOmschrijving');
  if (!Number.isInteger(invoice.paymentTermDays) || invoice.paymentTermDays < 0 || invoice.paymentTermDays > 9999) {
    throw new RecordError('paymentTermDays must be a whole number of days (0 to 9999)', { field: 'paymentTermDays', code: 'EB_PAYMENT_TERM' });
  }
  if (invoice.lines.length === 0) throw new RecordError('the invoice has no lines', { field: 'lines', code: 'EB_NO_LINES' });
  const date = dateText(invoice.date, 'date');
  const lines = invoice.lines.map((line, index) => {
    const at = `lines[${index}]`;
    checkLength(line.unit, FACTUUR_LIMITS.Eenheid, `${at}.unit`, 'Eenheid');
    checkLength(line.code, FACTUUR_LIMITS.Code, `${at}.code`, 'Code');
    checkLength(line.description, FACTUUR_LIMITS.Omschrijving, `${at}.description`, 'Omschrijving');
    checkLength(line.ledger, MUTATIE_LIMITS.TegenrekeningCode, `${at}.ledger`, 'TegenrekeningCode');
    if (!isKnownVatCode(line.vatCode)) {
      throw new RecordError(`${at}.vatCode "${line.vatCode}" is not an e-Boekhouden VAT code`, { field: `${at}.vatCode`, code: 'EB_VAT_CODE' });
    }
    return {
      Aantal: numberText(line.quantity),
      Eenheid: line.unit,
      Code: line.code,
      Omschrijving: line.description,
      PrijsPerEenheid: numberText(line.unitPrice),
      BTWCode: line.vatCode,
      TegenrekeningCode: line.ledger,
      KostenplaatsID: 0,
    };
  });
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
