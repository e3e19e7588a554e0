/**
 * What AddFactuur (and REST's POST /v1/invoice) works out from an invoice's lines, as e-Boekhouden
 * does: totals per VAT code and ledger, and the mutation that journals the invoice when it is put
 * in the books (InBoekhoudingPlaatsen), an open item on the debtors ledger.
 */
import { Decimal } from '@koppelwerk/core';
import { FACTUUR_LIMITS } from '../field-limits';
import { text } from '../wire-format';
import { simErrors } from './sim-errors';
import { asDateTime, checkMax, decimal, vatRate } from './sim-values';
import { wireRecord } from './sim-wire';

type Raw = Record<string, unknown>;

/** One VAT code and ledger of an invoice, its amounts to the cent. */
export interface InvoiceTotal {
  code: string;
  ledger: string;
  excl: Decimal;
  vat: Decimal;
  incl: Decimal;
  rate: Decimal;
}

/**
 * The lines as stored (cFactuurRegel, VAT code GEEN and ledger 8000 when left out), and the
 * unrounded excl. sum of quantity times price per VAT code and ledger. `checkLedger` refuses a
 * ledger the administration lacks or a line may not use.
 */
export function readInvoiceLines(lines: Raw[], date: string, checkLedger: (ledger: string) => void): { perCode: Map<string, { excl: Decimal; ledger: string }>; storedLines: Raw[] } {
  const perCode = new Map<string, { excl: Decimal; ledger: string }>();
  const storedLines = lines.map((line, index) => {
    const at = `Regel ${index + 1}`;
    const code = text(line.BTWCode) || 'GEEN';
    vatRate(code, date);
    checkMax(line.Omschrijving, FACTUUR_LIMITS.Omschrijving, `${at}: Omschrijving`, simErrors.invoiceInvalid);
    const ledger = text(line.TegenrekeningCode) || '8000';
    checkLedger(ledger);
    const quantity = decimal(line.Aantal, `${at}: Aantal`);
    const price = decimal(line.PrijsPerEenheid, `${at}: PrijsPerEenheid`);
    const key = `${code}|${ledger}`;
    const group = perCode.get(key) ?? { excl: Decimal.ZERO, ledger };
    group.excl = group.excl.plus(quantity.times(price));
    perCode.set(key, group);
    return wireRecord('cFactuurRegel', { ...line, BTWCode: code, TegenrekeningCode: ledger, KostenplaatsID: Number(line.KostenplaatsID ?? 0) });
  });
  return { perCode, storedLines };
}

/**
 * e-Boekhouden totals per VAT rate: round the excl. total per code, then the VAT on it. With prices
 * incl. VAT (`inEx: 'IN'`) the line totals are incl.: round that, then take the VAT out of it.
 * `perCode` is keyed `<VAT code>|<ledger>`, its `excl` the unrounded sum of quantity times price.
 */
export function invoiceTotals(perCode: Map<string, { excl: Decimal; ledger: string }>, date: string, inEx?: 'IN' | 'EX'): InvoiceTotal[] {
  return [...perCode.entries()].map(([key, group]) => {
    const code = key.split('|')[0];
    if (inEx === 'IN') {
      const rate = vatRate(code, date);
      const incl = group.excl.round(2);
      const vat = incl.times(rate).dividedBy(Decimal.HUNDRED.plus(rate), 2);
      return { code, ledger: group.ledger, excl: incl.minus(vat), vat, incl, rate };
    }
    const excl = group.excl.round(2);
    const vat = excl.times(vatRate(code, date)).dividedBy(Decimal.HUNDRED, 2);
    return { code, ledger: group.ledger, excl, vat, incl: excl.plus(vat), rate: vatRate(code, date) };
  });
}

/** The cMutatie that journals an invoice: FactuurVerstuurd on the debtors `ledger`, one row per total. */
export function invoiceMutation(invoice: { number: string; relatiecode: string; date: string; term: number; ledger: string; description: string; totals: InvoiceTotal[] }): Raw {
  return {
    MutatieNr: 0,
    Soort: 'FactuurVerstuurd',
    Datum: invoice.date,
    Rekening: invoice.ledger,
    RelatieCode: invoice.relatiecode,
    Factuurnummer: invoice.number,
    Omschrijving: invoice.description,
    Betalingstermijn: String(invoice.term),
    InExBTW: 'EX',
    MutatieRegels: {
      cMutatieRegel: invoice.totals.map((t) => ({
        BedragInvoer: t.excl.toFixed(2),
        BedragExclBTW: t.excl.toFixed(2),
        BedragBTW: t.vat.toFixed(2),
        BedragInclBTW: t.incl.toFixed(2),
        BTWCode: t.code,
        BTWPercentage: t.rate.toString(),
        TegenrekeningCode: t.ledger,
        KostenplaatsID: 0,
      })),
    },
  };
}

/** The invoice as GetFacturen lists it (cFactuurList): its totals, open in full when it was put in the books. */
export function invoiceRecord(invoice: { number: string; relatiecode: string; date: string; term: number; booked: boolean; totals: InvoiceTotal[]; lines: Raw[] }): Raw {
  const totalExcl = Decimal.sum(invoice.totals.map((t) => t.excl));
  const totalVat = Decimal.sum(invoice.totals.map((t) => t.vat));
  const totalIncl = totalExcl.plus(totalVat);
  return wireRecord('cFactuurList', {
    Factuurnummer: invoice.number,
    Relatiecode: invoice.relatiecode,
    Datum: asDateTime(invoice.date),
    Betalingstermijn: invoice.term,
    TotaalExclBTW: totalExcl.toFixed(2),
    TotaalBTW: totalVat.toFixed(2),
    TotaalInclBTW: totalIncl.toFixed(2),
    TotaalOpenstaand: invoice.booked ? totalIncl.toFixed(2) : '0.00',
    URLPDFBestand: `https://secure.e-boekhouden.nl/bh/factuur.asp?nr=${encodeURIComponent(invoice.number)}`,
    Regels: { cFactuurRegel: invoice.lines },
  });
}
