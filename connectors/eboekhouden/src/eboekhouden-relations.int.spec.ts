import { RejectedError } from '@koppelwerk/core';
import { relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

describe('relations: find by code, create when missing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      seed: { relaties: [{ ID: 7, Code: 'BESTAAND', Bedrijf: 'Bestaande Klant B.V.', Email: 'oud@example.nl', BP: 'B' }] },
    });
  });
  afterEach(() => h.close());

  it('creates a missing relation with every canonical field', async () => {
    const wanted = relationToEnsure('K100', 'Installatiebedrijf Jansen', {
      contactName: 'Piet Jansen',
      phone: '030-1234567',
      mobile: '06-12345678',
      vatNumber: 'NL001234567B01',
      chamberOfCommerceNumber: '12345678',
      iban: 'NL91ABNA0417164300',
      website: 'https://jansen.example',
      address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL' },
      deliveryAddress: { street: 'Magazijnweg 9', postalCode: '1234 CD', city: 'Nieuwegein', country: 'NL' },
      note: 'via webshop',
    });
    expect(await h.sink.ensureRelation(wanted)).toEqual({ code: 'K100', created: true });
    const stored = h.sim.state().administraties[0].relaties.find((r) => r.Code === 'K100');
    expect(stored).toMatchObject({
      Bedrijf: 'Installatiebedrijf Jansen',
      Contactpersoon: 'Piet Jansen',
      Adres: 'Dorpsstraat 1',
      Postcode: '1234 AB',
      Plaats: 'Utrecht',
      Land: 'NL',
      Adres2: 'Magazijnweg 9',
      Plaats2: 'Nieuwegein',
      Telefoon: '030-1234567',
      GSM: '06-12345678',
      Email: 'k100@example.nl',
      Site: 'https://jansen.example',
      Notitie: 'via webshop',
      BTWNummer: 'NL001234567B01',
      KvkNummer: '12345678',
      IBAN: 'NL91ABNA0417164300',
      BP: 'B',
    });
    const listed = (await h.sink.listRelations()).find((r) => r.code === 'K100');
    expect(listed?.relation).toMatchObject({ name: 'Installatiebedrijf Jansen', address: { city: 'Utrecht' }, deliveryAddress: { city: 'Nieuwegein' } });
  });

  it('books a private person as P with the name as contact', async () => {
    await h.sink.ensureRelation({ code: 'P1', createIfMissing: true, relation: { sourceId: '1', role: 'debtor', kind: 'person', name: 'Anna de Vries' } });
    expect(h.sim.state().administraties[0].relaties.find((r) => r.Code === 'P1')).toMatchObject({ BP: 'P', Bedrijf: 'Anna de Vries', Contactpersoon: 'Anna de Vries' });
  });

  it('never overwrites an existing relation', async () => {
    expect(await h.sink.ensureRelation(relationToEnsure('BESTAAND', 'Nieuwe Naam'))).toEqual({ code: 'BESTAAND', created: false });
    const stored = h.sim.state().administraties[0].relaties.find((r) => r.Code === 'BESTAAND');
    expect(stored).toMatchObject({ Bedrijf: 'Bestaande Klant B.V.', Email: 'oud@example.nl' });
    expect(h.sim.calls().AddRelatie ?? 0).toBe(0);
  });

  it('reads the relation codes once per run: returning customers cost no call, a new one one AddRelatie', async () => {
    for (let i = 0; i < 5; i++) await h.sink.ensureRelation(relationToEnsure('K1'));
    await h.sink.ensureRelation(relationToEnsure('BESTAAND'));
    await h.sink.ensureRelation(relationToEnsure('BESTAAND'));
    await h.sink.ensureRelation(relationToEnsure('K2'));
    expect(h.sim.calls().GetRelaties).toBe(1);
    expect(h.sim.calls().AddRelatie).toBe(2);
  });

  it('creates one relation when many bookings for a new customer arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => h.sink.ensureRelation(relationToEnsure('NIEUW'))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(h.sim.calls().AddRelatie).toBe(1);
    expect(h.sim.state().administraties[0].relaties.filter((r) => r.Code === 'NIEUW')).toHaveLength(1);
  });

  it('settles "code already in use" (CREL001) from a concurrent writer by looking the code up again', async () => {
    const a = h.connect();
    const b = h.connect();
    const results = await Promise.all([a.ensureRelation(relationToEnsure('RACE')), b.ensureRelation(relationToEnsure('RACE'))]);
    expect(results.map((r) => r.code)).toEqual(['RACE', 'RACE']);
    expect(h.sim.state().administraties[0].relaties.filter((r) => r.Code === 'RACE')).toHaveLength(1);
    expect(h.sim.calls().AddRelatie).toBe(2);
  });

  it('refuses to create when the mapping does not allow it, and says what to do', async () => {
    const error = await h.sink.ensureRelation({ ...relationToEnsure('ONBEKEND'), createIfMissing: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as RejectedError).hint).toMatch(/create relation ONBEKEND in e-Boekhouden/);
  });

  it('names the field when a relation value is too long, before calling', async () => {
    await expect(h.sink.ensureRelation(relationToEnsure('K2', 'x'.repeat(101)))).rejects.toMatchObject({ errorClass: 'record', field: 'relation.companyName' });
    await expect(h.sink.ensureRelation(relationToEnsure('K'.repeat(16)))).rejects.toMatchObject({ field: 'relation.code' });
    expect(h.sim.calls().AddRelatie ?? 0).toBe(0);
  });
});
