/**
 * A journal entry as an e-Boekhouden mutation (`cMutatie`): MutatieNr 0, the account side in
 * `Rekening`, one row per VAT code and ledger exactly as the mapping gave them, the four amounts
 * checked to be consistent (incl = excl + VAT) and written with two decimals, InExBTW stated.
 */
import { RecordError, isKnownVatCode, type JournalEntry, type JournalKind } from '@koppelwerk/core';
import { MUTATIE_LIMITS, checkLength, checkRequired } from './field-limits';
import { dateText, moneyText, numberText, type WireObject } from './wire-format';

const SOORT: Record<JournalKind, string> = {
  'invoice-sent': 'FactuurVerstuurd',
  'invoice-received': 'FactuurOntvangen',
};

export function toMutatie(entry: JournalEntry): WireObject {
  checkRequired(entry.invoiceNumber, 'invoiceNumber', 'Factuurnummer');
  checkRequired(entry.accountLedger, 'accountLedger', 'Rekening');
  checkRequired(entry.relationCode, 'relationCode', 'RelatieCode');
  checkLength(entry.accountLedger, MUTATIE_LIMITS.Rekening, 'accountLedger', 'Rekening');
  checkLength(entry.relationCode, MUTATIE_LIMITS.RelatieCode, 'relationCode', 'RelatieCode');
  checkLength(entry.invoiceNumber, MUTATIE_LIMITS.Factuurnummer, 'invoiceNumber', 'Factuurnummer');
  checkLength(entry.reference, MUTATIE_LIMITS.Boekstuk, 'reference', 'Boekstuk');
  checkLength(entry.description, MUTATIE_LIMITS.Omschrijving, 'description', 'Omschrijving');
  const term = entry.paymentTermDays === undefined ? undefined : String(entry.paymentTermDays);
  if (entry.paymentTermDays !== undefined && (!Number.isInteger(entry.paymentTermDays) || entry.paymentTermDays < 0)) {
    throw new RecordError('paymentTermDays must be a whole number of days', { field: 'paymentTermDays', code: 'EB_PAYMENT_TERM' });
  }
  checkLength(term, MUTATIE_LIMITS.Betalingstermijn, 'paymentTermDays', 'Betalingstermijn');
  if (entry.rows.length === 0) throw new RecordError('the journal entry has no rows', { field: 'rows', code: 'EB_NO_ROWS' });

  const rows = entry.rows.map((row, index) => {
    const at = `rows[${index}]`;
    checkRequired(row.ledger, `${at}.ledger`, 'TegenrekeningCode');
    checkLength(row.ledger, MUTATIE_LIMITS.TegenrekeningCode, `${at}.ledger`, 'TegenrekeningCode');
    if (!isKnownVatCode(row.vatCode)) {
      throw new RecordError(`${at}.vatCode "${row.vatCode}" is not an e-Boekhouden VAT code`, { field: `${at}.vatCode`, code: 'EB_VAT_CODE' });
    }
    const excl = moneyText(row.amountExcl, `${at}.amountExcl`);
    const vat = moneyText(row.amountVat, `${at}.amountVat`);
    const incl = moneyText(row.amountIncl, `${at}.amountIncl`);
    if (!row.amountExcl.plus(row.amountVat).equals(row.amountIncl)) {
      throw new RecordError(`${at}: amount incl. VAT ${incl} is not excl. ${excl} + VAT ${vat}`, { field: `${at}.amountIncl`, code: 'EB_ROW_AMOUNTS' });
    }
    return {
      BedragInvoer: entry.amountsIncludeVat ? incl : excl,
      BedragExclBTW: excl,
      BedragBTW: vat,
      BedragInclBTW: incl,
      BTWCode: row.vatCode,
      BTWPercentage: numberText(row.vatRate),
      TegenrekeningCode: row.ledger,
      KostenplaatsID: 0,
    };
  });

  return {
    MutatieNr: 0,
    Soort: SOORT[entry.kind],
    Datum: dateText(entry.date, 'date'),
    Rekening: entry.accountLedger,
    RelatieCode: entry.relationCode,
    Factuurnummer: entry.invoiceNumber,
    Boekstuk: entry.reference,
    Omschrijving: entry.description,
    Betalingstermijn: term,
    InExBTW: entry.amountsIncludeVat ? 'IN' : 'EX',
    MutatieRegels: { cMutatieRegel: rows },
  };
}
