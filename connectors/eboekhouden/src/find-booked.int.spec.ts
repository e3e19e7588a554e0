import { journalEntry, relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';
import type { Booking } from '@koppelwerk/core';

function seededMutation(number: number, invoiceNumber: string) {
  return {
    MutatieNr: number,
    Soort: 'FactuurVerstuurd',
    Datum: '2023-06-01T00:00:00',
    Rekening: '1300',
    RelatieCode: 'K1',
    Factuurnummer: invoiceNumber,
    InExBTW: 'IN',
    MutatieRegels: { cMutatieListRegel: [{ BedragInvoer: '1.21', BedragExclBTW: '1.00', BedragBTW: '0.21', BedragInclBTW: '1.21', BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', Factuurnummer: invoiceNumber, TegenrekeningCode: '8000', KostenplaatsID: 0 }] },
  };
}

const booking = (invoiceNumber: string): Booking => ({
  documentKey: `sales-invoice:${invoiceNumber}`,
  relation: relationToEnsure('K1'),
  entry: journalEntry(invoiceNumber, 'K1'),
  warnings: [],
  explain: [],
});

describe('already booked? (settling writes whose outcome is unknown)', () => {
  let h: Harness;
  beforeAll(async () => {
    // 1200 mutations that share one number (a migrated administration), then one more.
    const mutaties = Array.from({ length: 1200 }, (_, i) => seededMutation(i + 1, 'MIGRATIE'));
    mutaties.push(seededMutation(1201, 'MIGRATIE-LAATSTE'));
    h = await startHarness({ seed: { relaties: [{ Code: 'K1', Bedrijf: 'Klant 1' }], mutaties } });
  });
  afterAll(() => h.close());

  it('finds a booked document by its invoice number', async () => {
    const booked = await h.sink.bookJournalEntry(journalEntry('2024-0042', 'K1'));
    expect(await h.sink.findBooked(booking('2024-0042'))).toEqual(booked);
    expect(await h.sink.findBooked(booking('2024-0043'))).toBeNull();
  });

  it('pages past the 500-row cap with MutatieNrVan', async () => {
    const before = h.sim.calls().GetMutaties ?? 0;
    expect(await h.sink.findBooked(booking('MIGRATIE'))).toEqual({ sinkId: '1' });
    expect((h.sim.calls().GetMutaties ?? 0) - before).toBe(3);
  });

  it('stops paging at the first short page', async () => {
    expect(h.sim.state().administraties[0].mutaties.length).toBeGreaterThan(1200);
    const before = h.sim.calls().GetMutaties ?? 0;
    await h.sink.findBooked(booking('MIGRATIE-LAATSTE'));
    expect((h.sim.calls().GetMutaties ?? 0) - before).toBe(1);
  });
});
