import { Decimal, type Article, type BookkeepingRelation } from '@koppelwerk/core';
import { startHarness, type Harness } from './__fixtures__/werkbonapp-harness';

function relation(code: string, name = `Klant ${code}`, city = 'Utrecht'): BookkeepingRelation {
  return { id: code, code, relation: { sourceId: code, role: 'debtor', kind: 'company', name, email: `${code}@example.nl`, address: { street: 'Dorpsstraat 1', postalCode: '3511 AB', city } } };
}

function article(code: string, unit: string, price: string): Article {
  const excl = Decimal.of(price);
  return { id: code, code, description: `Artikel ${code}`, unit, purchasePriceExcl: Decimal.ZERO, salesPriceExcl: excl, salesPriceIncl: excl, vatRate: Decimal.of('21'), active: true };
}

describe('WerkbonappImportTarget', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('creates relations by debtor number; a repeat creates nothing and updates only what changed', async () => {
    harness = await startHarness();
    const first = await harness.target.upsertRelations([relation('1001'), relation('1002'), relation('1003')]);
    expect(first).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [] });
    expect(harness.sim.relations().map((r) => [r.debtor_number, r.name, r.city])).toEqual([
      ['1001', 'Klant 1001', 'Utrecht'],
      ['1002', 'Klant 1002', 'Utrecht'],
      ['1003', 'Klant 1003', 'Utrecht'],
    ]);

    const again = await harness.target.upsertRelations([relation('1001'), relation('1002', 'Klant 1002 BV', 'Zeist'), relation('1003')]);
    expect(again).toEqual({ created: 0, updated: 1, unchanged: 2, failed: [] });
    expect(harness.sim.relations()).toHaveLength(3);
    expect(harness.sim.relations()[1]).toMatchObject({ name: 'Klant 1002 BV', city: 'Zeist' });
  });

  it('sends materials and hour types with decimal commas, upserted by code', async () => {
    harness = await startHarness();
    expect(await harness.target.upsertMaterials([article('WCD', 'STUK', '8.95')])).toMatchObject({ created: 1 });
    expect(await harness.target.upsertHourTypes([article('ARBEID', 'UUR', '55')])).toMatchObject({ created: 1 });
    expect(harness.sim.materials()[0]).toMatchObject({ code: 'WCD', unit: 'STUK', price: '8,95' });
    expect(harness.sim.hourTypes()[0]).toMatchObject({ code: 'ARBEID', sale_price: '55,00', active: '1' });
    expect(await harness.target.upsertMaterials([article('WCD', 'STUK', '9.25')])).toMatchObject({ created: 0, updated: 1 });
    expect(harness.sim.materials()).toHaveLength(1);
    expect(harness.sim.materials()[0].price).toBe('9,25');
  });

  it('one refused relation does not block the others', async () => {
    harness = await startHarness();
    const result = await harness.target.upsertRelations([relation('1'), relation('2', 'Zonder plaats', ''), relation('3')]);
    expect(result.created).toBe(2);
    expect(result.failed.map((f) => [f.key, f.error.code])).toEqual([['2', 'WBA_1101']]);
    expect(harness.sim.relations().map((r) => r.debtor_number)).toEqual(['1', '3']);
  });

  it('each kind can be switched off per tenant: nothing is sent', async () => {
    harness = await startHarness({ settings: { import: { relations: false, materials: true, hourTypes: false } } });
    expect(await harness.target.upsertRelations([relation('1')])).toEqual({ created: 0, updated: 0, unchanged: 0, failed: [] });
    expect(await harness.target.upsertHourTypes([article('A', 'UUR', '1')])).toMatchObject({ created: 0 });
    expect(await harness.target.upsertMaterials([article('M', 'STUK', '1')])).toMatchObject({ created: 1 });
    expect(harness.sim.relations()).toEqual([]);
    expect(harness.sim.hourTypes()).toEqual([]);
    expect(await harness.target.check()).toMatchObject({ ok: true, details: ['imports materials'] });
  });
});
