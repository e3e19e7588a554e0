/** What GetOpenPosten and GetSaldo/GetSaldi read off an administration's mutations. */
import { Decimal } from '@koppelwerk/core';
import { text } from '../wire-format';
import type { SimAdministration } from './sim-administration';
import { wireList, wireRecord } from './sim-wire';

type Raw = Record<string, unknown>;

const rowsOf = (m: Raw) => wireList<Raw>(m.MutatieRegels, 'cMutatieListRegel');

/** Every invoice mutation of the kind (`Debiteuren`: sent, `Crediteuren`: received) as an open item, open in full. */
export function openItems(administration: SimAdministration, kind: string): Raw[] {
  const soort = kind === 'Crediteuren' ? 'FactuurOntvangen' : 'FactuurVerstuurd';
  return administration
    .mutationRecords()
    .filter((m) => text(m.Soort) === soort)
    .map((m) => {
      const total = Decimal.sum(rowsOf(m).map((r) => Decimal.parse(text(r.BedragInclBTW))));
      return wireRecord('cOpenPost', {
        MutDatum: m.Datum,
        MutFactuur: m.Factuurnummer,
        RelCode: m.RelatieCode,
        RelBedrijf: text(administration.relation(text(m.RelatieCode))?.Bedrijf),
        Bedrag: total.toFixed(2),
        Voldaan: '0.00',
        Openstaand: total.toFixed(2),
      });
    });
}

/** Sum of excl. amounts booked on a ledger (rows) plus incl. amounts on it as the account side. */
export function ledgerBalance(administration: SimAdministration, code: string): Decimal {
  let total = Decimal.ZERO;
  for (const m of administration.mutationRecords()) {
    const rows = rowsOf(m);
    for (const r of rows) if (text(r.TegenrekeningCode) === code) total = total.plus(Decimal.parse(text(r.BedragExclBTW)));
    if (text(m.Rekening) === code) total = total.plus(Decimal.sum(rows.map((r) => Decimal.parse(text(r.BedragInclBTW)))));
  }
  return total;
}
