import { dec, isHourType, type InvoiceEntry, type LocalDate } from '@koppelwerk/core';
import { relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

function workOrderInvoice(invoiceNumber: string, bookInLedger: boolean): InvoiceEntry {
  return {
    type: 'invoice',
    date: '2024-05-02' as LocalDate,
    invoiceNumber,
    relationCode: 'WB1',
    template: 'Werkbon',
    paymentTermDays: 30,
    bookInLedger,
    description: `Werkbon ${invoiceNumber}`,
    lines: [
      { quantity: dec('2.5'), unit: 'UUR', code: 'ARBEID', description: 'Arbeid monteur', unitPrice: dec('55.00'), vatCode: 'HOOG_VERK_21', ledger: '8000' },
      { quantity: dec('3'), unit: 'STUK', code: 'WCD-DUBBEL', description: 'Wandcontactdoos dubbel', unitPrice: dec('8.95'), vatCode: 'HOOG_VERK_21', ledger: '8000' },
      { quantity: dec('1'), unit: 'STUK', description: 'Boek "Elektra & zo"', unitPrice: dec('19.99'), vatCode: 'LAAG_VERK_9', ledger: '8010' },
    ],
  };
}

describe('invoices (AddFactuur) for the work-order flow', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.sink.ensureRelation(relationToEnsure('WB1'));
  });
  afterEach(() => h.close());

  it('creates the invoice with template, term and lines, and books it with per-rate totals when asked', async () => {
    const result = await h.sink.createInvoice!(workOrderInvoice('WB-2024-001', true));
    expect(result).toEqual({ sinkId: 'WB-2024-001' });
    const state = h.sim.state().administraties[0];
    const invoice = state.facturen[0] as Record<string, unknown>;
    // 2.5 × 55.00 + 3 × 8.95 = 164.35 at 21% → 34.51; 19.99 at 9% → 1.80
    expect(invoice).toMatchObject({ Factuurnummer: 'WB-2024-001', Relatiecode: 'WB1', Betalingstermijn: 30, TotaalExclBTW: '184.34', TotaalBTW: '36.31', TotaalInclBTW: '220.65' });
    const lines = (invoice.Regels as { cFactuurRegel: Record<string, unknown>[] }).cFactuurRegel;
    expect(lines.map((l) => [l.Aantal, l.Eenheid, l.Code ?? '', l.PrijsPerEenheid, l.BTWCode])).toEqual([
      ['2.5', 'UUR', 'ARBEID', '55', 'HOOG_VERK_21'],
      ['3', 'STUK', 'WCD-DUBBEL', '8.95', 'HOOG_VERK_21'],
      ['1', 'STUK', '', '19.99', 'LAAG_VERK_9'],
    ]);
    expect(state.mutaties).toHaveLength(1);
    expect(state.mutaties[0]).toMatchObject({ Soort: 'FactuurVerstuurd', Rekening: '1300', Factuurnummer: 'WB-2024-001', Omschrijving: 'Werkbon WB-2024-001' });
    const booking = { documentKey: 'work-order:1', relation: relationToEnsure('WB1'), entry: workOrderInvoice('WB-2024-001', true), warnings: [], explain: [] };
    expect(await h.sink.findBooked(booking)).toEqual({ sinkId: 'WB-2024-001' });
  });

  it('creates no open item when the invoice is not put in the books', async () => {
    await h.sink.createInvoice!(workOrderInvoice('WB-2024-002', false));
    expect(h.sim.state().administraties[0].mutaties).toHaveLength(0);
  });

  it('refuses the same invoice number twice as already booked', async () => {
    await h.sink.createInvoice!(workOrderInvoice('WB-2024-003', false));
    await expect(h.sink.createInvoice!(workOrderInvoice('WB-2024-003', false))).rejects.toMatchObject({ errorClass: 'rejected', alreadyBooked: true });
  });

  it('lists materials and hour types (active articles with unit UUR) for the import direction', async () => {
    const articles = await h.sink.listArticles();
    expect(articles.filter(isHourType).map((a) => a.code)).toEqual(['ARBEID', 'ARBEID-SPOED']);
    const cable = articles.find((a) => a.code === 'KABEL-3X2.5');
    expect(cable).toMatchObject({ unit: 'METER', vatCode: 'HOOG_VERK_21', active: true, description: 'Installatiekabel 3x2,5 mm²' });
    expect(cable?.salesPriceExcl.toFixed(2)).toBe('1.20');
    expect(await h.sink.listVatCodes()).toContain('LAAG_VERK_9');
  });
});
