/**
 * A journal entry as an e-Boekhouden mutation (`cMutatie`): MutatieNr 0, the account side in
 * `Rekening`, one row per VAT code and ledger exactly as the mapping gave them, the four amounts
 * written with two decimals, InExBTW stated. The entry was validated before (eboekhouden-validation.ts:
 * lengths, VAT codes, incl = excl + VAT).
 */
import type { JournalEntry, JournalKind } from '@koppelwerk/core';
import { dateText, moneyText, numberText } from '../../wire-format';
import type { WireObject } from '../soap-wire';

/** The Soort of each kind of journal entry (and back, for reading: mutatie-list-mapper.ts). */
export const SOORT: Record<JournalKind, string> = {
  'invoice-sent': 'FactuurVerstuurd',
  'invoice-received': 'FactuurOntvangen',
};

export function toMutatie(entry: JournalEntry): WireObject {
  const term = entry.paymentTermDays === undefined ? undefined : String(entry.paymentTermDays);
  const rows = entry.rows.map((row, index) => {
    const at = `rows[${index}]`;
    const excl = moneyText(row.amountExcl, `${at}.amountExcl`);
    const vat = moneyText(row.amountVat, `${at}.amountVat`);
    const incl = moneyText(row.amountIncl, `${at}.amountIncl`);
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
