import { journalEntry, row } from '../../__fixtures__/sink-harness';
import { toMutatie } from './mutatie-mapper';

type Rows = { cMutatieRegel: Record<string, unknown>[] };

describe('journal entry -> cMutatie', () => {
  it('writes MutatieNr 0, the Soort, InExBTW and one row per given row with the four amounts to the cent', () => {
    const mutatie = toMutatie(
      journalEntry('2024-0001', 'K1', {
        rows: [row('8000', 'HOOG_VERK_21', '21', '1234567.89', '259259.26', '1493827.15'), row('8010', 'LAAG_VERK_9', '9', '10.1', '0.91', '11.01')],
      }),
    );
    expect(mutatie).toMatchObject({ MutatieNr: 0, Soort: 'FactuurVerstuurd', Datum: '2024-03-15', Rekening: '1300', InExBTW: 'IN', Betalingstermijn: '14' });
    const rows = (mutatie.MutatieRegels as Rows).cMutatieRegel;
    expect(rows).toEqual([
      { BedragInvoer: '1493827.15', BedragExclBTW: '1234567.89', BedragBTW: '259259.26', BedragInclBTW: '1493827.15', BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', TegenrekeningCode: '8000', KostenplaatsID: 0 },
      { BedragInvoer: '11.01', BedragExclBTW: '10.10', BedragBTW: '0.91', BedragInclBTW: '11.01', BTWCode: 'LAAG_VERK_9', BTWPercentage: '9', TegenrekeningCode: '8010', KostenplaatsID: 0 },
    ]);
    // Unset elements stay undefined: the envelope leaves them out (and writes the rest in schema order).
    expect(Object.keys(mutatie).filter((key) => mutatie[key] !== undefined)).toEqual(['MutatieNr', 'Soort', 'Datum', 'Rekening', 'RelatieCode', 'Factuurnummer', 'Omschrijving', 'Betalingstermijn', 'InExBTW', 'MutatieRegels']);
  });

  it('puts the excl. amount in BedragInvoer when amounts exclude VAT, and books purchases and credit notes', () => {
    const mutatie = toMutatie(
      journalEntry('INK-7', 'L1', { kind: 'invoice-received', accountLedger: '1600', amountsIncludeVat: false, rows: [row('4300', 'HOOG_INK_21', '21', '-50.00', '-10.50', '-60.50')] }),
    );
    expect(mutatie).toMatchObject({ Soort: 'FactuurOntvangen', Rekening: '1600', InExBTW: 'EX' });
    expect((mutatie.MutatieRegels as Rows).cMutatieRegel[0]).toMatchObject({ BedragInvoer: '-50.00', BedragInclBTW: '-60.50' });
  });
});
