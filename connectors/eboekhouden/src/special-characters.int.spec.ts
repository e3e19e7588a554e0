import { journalEntry, relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

describe('special characters survive the round trip', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const name = `Bakkerij "De Zoete Inval" & Zn. <B.V.> 't Hoekje – Crème brûlée`;

  it('in relation names and addresses', async () => {
    await h.sink.ensureRelation(relationToEnsure('SPEC1', name, { address: { street: "Kerkstraat 1 <achterom> & 'n poort", city: 'Ærøskøbing' } }));
    const listed = (await h.sink.listRelations()).find((r) => r.code === 'SPEC1');
    expect(listed?.relation.name).toBe(name);
    expect(listed?.relation.address).toMatchObject({ street: "Kerkstraat 1 <achterom> & 'n poort", city: 'Ærøskøbing' });
  });

  it('in invoice numbers and descriptions of mutations', async () => {
    await h.sink.ensureRelation(relationToEnsure('SPEC2'));
    const description = `Bestelling "Crème & <Brûlée>" – 2× à €4,50`;
    await h.sink.bookJournalEntry(journalEntry('F&<1>"', 'SPEC2', { description }));
    const stored = h.sim.state().administraties[0].mutaties.find((m) => m.Factuurnummer === 'F&<1>"');
    expect(stored?.Omschrijving).toBe(description);
    const found = await h.sink.findBooked({ documentKey: 'k', relation: relationToEnsure('SPEC2'), entry: journalEntry('F&<1>"', 'SPEC2'), warnings: [], explain: [] });
    expect(found).toEqual({ sinkId: String(stored?.MutatieNr) });
  });

  it('and control characters, which XML cannot carry, are left out; tabs and line breaks are kept', async () => {
    await h.sink.ensureRelation(relationToEnsure('SPEC3', 'Ut\u0007re\u001bcht\u0008 BV'));
    expect((await h.sink.listRelations()).find((r) => r.code === 'SPEC3')?.relation.name).toBe('Utrecht BV');
    await h.sink.bookJournalEntry(journalEntry('CTRL-1', 'SPEC3', { description: 'line one\r\nline\u0000 two\ttab' }));
    expect(h.sim.state().administraties[0].mutaties.find((m) => m.Factuurnummer === 'CTRL-1')?.Omschrijving).toBe('line one\r\nline two\ttab');
  });
});
