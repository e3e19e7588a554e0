import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { RestTestClient } from './rest-test-client';

const relaties = [
  { Code: 'K1', Bedrijf: 'Bouwbedrijf De Vries', Plaats: 'Utrecht', Email: 'info@devries.nl', BP: 'B' },
  { Code: 'K2', Bedrijf: 'Jansen Installaties', Plaats: 'Amersfoort', Email: 'post@jansen.nl', BP: 'B' },
  { Code: 'P1', Bedrijf: 'A. Bakker', Plaats: 'Utrecht', BP: 'P' },
];

function mutatie(number: number, date: string, invoice: string, soort = 'FactuurVerstuurd') {
  return {
    MutatieNr: number,
    Soort: soort,
    Datum: `${date}T00:00:00`,
    Rekening: soort === 'FactuurVerstuurd' ? '1300' : '1100',
    RelatieCode: soort === 'FactuurVerstuurd' ? 'K1' : '',
    Factuurnummer: invoice,
    Omschrijving: `Order ${invoice}`,
    InExBTW: 'EX',
    MutatieRegels: {
      cMutatieListRegel: [
        { BedragInvoer: '100.00', BedragExclBTW: '100.00', BedragBTW: '21.00', BedragInclBTW: '121.00', BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', Factuurnummer: invoice, TegenrekeningCode: '8000', KostenplaatsID: 0 },
      ],
    },
  };
}

describe('the REST simulator: lists, ids, paging and filters', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({
      seed: {
        relaties,
        kostenplaatsen: [
          { KostenplaatsId: 7, Omschrijving: 'Service', KostenplaatsParentId: 0 },
          { KostenplaatsId: 8, Omschrijving: 'Service noord', KostenplaatsParentId: 7 },
        ],
        mutaties: [
          mutatie(1, '2024-01-10', '2024-001'),
          mutatie(2, '2024-02-10', '2024-002'),
          mutatie(3, '2024-03-10', '2024-003'),
          mutatie(4, '2024-03-11', 'KAS-1', 'GeldOntvangen'),
        ],
      },
    });
    client = new RestTestClient(sim.url);
    await client.login(sim.accessToken);
  });
  afterAll(() => sim.close());

  it('gives ledgers, relations and mutations the ids the SOAP records have', async () => {
    const soap = sim.state().administraties[0];
    const debtors = soap.grootboekrekeningen.find((l) => l.Code === '1300')!;
    const ledgers = await client.get('/v1/ledger?code=1300');
    expect(ledgers.body).toEqual({ items: [{ id: debtors.ID, code: '1300', description: 'Debiteuren', category: 'DEB', group: 'Vorderingen' }], count: 1 });
    expect((await client.get(`/v1/ledger/${debtors.ID}`)).body.code).toBe('1300');

    const k2 = soap.relaties.find((r) => r.Code === 'K2')!;
    expect((await client.get('/v1/relation?code=K2')).body).toEqual({ items: [{ id: k2.ID, type: 'B', code: 'K2' }], count: 1 });
    const relation = await client.get(`/v1/relation/${k2.ID}`);
    expect(relation.body).toMatchObject({ id: k2.ID, code: 'K2', name: 'Jansen Installaties', city: 'Amersfoort', emailAddress: 'post@jansen.nl' });

    const mutation = await client.get('/v1/mutation/2');
    expect(mutation.body).toMatchObject({
      id: 2,
      type: 2,
      date: '2024-02-10',
      ledgerId: debtors.ID,
      relationId: soap.relaties.find((r) => r.Code === 'K1')!.ID,
      invoiceNumber: '2024-002',
      inExVat: 'EX',
      rows: [{ vatCode: 'HOOG_VERK_21', amount: 100, vatAmount: 21 }],
      vat: [{ vatCode: 'HOOG_VERK_21', amount: 21 }],
    });
  });

  it('answers unknown ids with 404 and the resource’s code', async () => {
    const cases: [string, string][] = [
      ['/v1/ledger/999999', 'LEDG_011'],
      ['/v1/ledger/abc', 'LEDG_011'],
      ['/v1/relation/999999', 'REL_055'],
      ['/v1/mutation/999', 'MUT_300'],
      ['/v1/invoice/5', 'FACT_021'],
      ['/v1/costcenter/99', 'COST_001'],
      ['/v1/product/99', 'ART_001'],
    ];
    for (const [path, code] of cases) {
      const answer = await client.get(path);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 404, code });
    }
  });

  it('pages with limit and offset and refuses limits outside 1–2000 and negative offsets', async () => {
    const all = await client.get('/v1/ledger?limit=2000');
    const total = all.body.count as number;
    expect(total).toBe(all.body.items.length);
    expect(total).toBeGreaterThan(10);
    const first = await client.get('/v1/ledger?limit=5');
    const second = await client.get('/v1/ledger?limit=5&offset=5');
    expect(first.body.count).toBe(5);
    expect([...first.body.items, ...second.body.items]).toEqual(all.body.items.slice(0, 10));
    expect((await client.get(`/v1/ledger?offset=${total}`)).body).toEqual({ items: [], count: 0 });
    expect((await client.get('/v1/ledger')).body.count).toBe(Math.min(100, total));
    for (const query of ['limit=0', 'limit=2001', 'limit=abc']) expect((await client.get(`/v1/ledger?${query}`)).body).toMatchObject({ status: 400, code: 'PAGE_001' });
    expect((await client.get('/v1/ledger?offset=-1')).body).toMatchObject({ status: 400, code: 'PAGE_002', propertyName: 'offset' });
  });

  it('filters with param[op]=value', async () => {
    const codes = async (path: string) => ((await client.get(path)).body.items as { code?: string; id: number }[]).map((i) => i.code ?? i.id);
    expect(await codes('/v1/relation?name[like]=%25bouw%25')).toEqual(['K1']);
    expect(await codes('/v1/relation?city=Utrecht')).toEqual(['K1', 'P1']);
    expect(await codes('/v1/relation?city[not_eq]=Utrecht')).toEqual(['K2']);
    expect(await codes('/v1/relation?type=P')).toEqual(['P1']);
    expect(await codes('/v1/relation?code[like]=K%3F')).toEqual(['K1', 'K2']);
    expect(await codes('/v1/relation?code=k1')).toEqual([]);
    expect(await codes('/v1/ledger?category=FIN')).toEqual(['1000', '1100']);
    expect(await codes('/v1/mutation?date[range]=2024-02-01,2024-03-10')).toEqual([2, 3]);
    expect(await codes('/v1/mutation?id[gte]=3')).toEqual([3, 4]);
    expect(await codes('/v1/mutation?type=5')).toEqual([4]);
    expect(await codes('/v1/mutation?invoiceNumber=2024-002')).toEqual([2]);
    expect(await codes('/v1/mutation?invoiceNumber[like]=2024-%25')).toEqual([1, 2, 3]);
    expect(await codes('/v1/mutation?description[not_like]=Order 2024%25')).toEqual([4]);
    expect(await codes('/v1/costcenter?parentId=7')).toEqual([8]);
  });

  it('refuses filters it cannot read', async () => {
    for (const query of ['id[like]=3', 'id=abc', 'date=10-02-2024', 'date[range]=2024-01-01', 'id[gt]=1&id[lt]=3']) {
      const answer = await client.get(`/v1/mutation?${query}`);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'ERR_002' });
    }
  });

  it('lists invoice templates, cost centres, products, units and the linked administration', async () => {
    expect((await client.get('/v1/invoicetemplate?active=true')).body.items.map((t: { name: string }) => t.name)).toEqual(['Standaard', 'Werkbon']);
    expect((await client.get('/v1/costcenter/8')).body).toEqual({ id: 8, description: 'Service noord', parentId: 7, active: true, fullPath: 'Service noord' });
    const units = (await client.get('/v1/unit')).body.items as { id: number; singular: string }[];
    const hour = units.find((u) => u.singular === 'UUR')!;
    const products = (await client.get('/v1/product?groupCode=URE')).body.items;
    expect(products).toEqual([
      { id: 1, code: 'ARBEID', description: 'Arbeid monteur', unitId: hour.id, active: true },
      { id: 2, code: 'ARBEID-SPOED', description: 'Arbeid spoed', unitId: hour.id, active: true },
      { id: 3, code: 'ARBEID-OUD', description: 'Arbeid (oud tarief)', unitId: hour.id, active: false },
    ]);
    const linked = await client.get('/v1/administration/linked');
    expect(linked.body).toEqual({ items: [{ guid: sim.state().administraties[0].Guid, company: 'Demo Installatietechniek B.V.' }], count: 1 });
    expect((await client.get('/v1/administration')).body).toMatchObject({ status: 400, code: 'EP_001' });
  });

  it('lists product groups and shows a product with its group, prices, VAT code and ledger', async () => {
    const groups = (await client.get('/v1/product/groups')).body;
    expect(groups).toEqual({ items: [{ id: 1, code: 'URE', description: 'Uren' }, { id: 2, code: 'MAT', description: 'Materiaal' }], count: 2 });
    const ledgers = (await client.get('/v1/ledger?code=8000')).body.items as { id: number }[];
    const product = (await client.get('/v1/product/2')).body;
    expect(product).toMatchObject({ id: 2, code: 'ARBEID-SPOED', groupId: 1, purchasePriceExcl: 0, priceExcl: 82.5, priceIncl: 99.83, vat: 'HOOG_VERK_21', ledgerId: ledgers[0].id, active: true });
    expect((await client.get('/v1/product/5')).body.groupId).toBe(2);
  });

  it('pages past the 500-row cap of the SOAP API', async () => {
    const many = await startEboekhoudenSimulator({ seed: { mutaties: Array.from({ length: 620 }, (_, i) => mutatie(i + 1, '2023-01-02', 'MIGRATIE', 'GeldOntvangen')) } });
    try {
      const rest = new RestTestClient(many.url);
      await rest.login(many.accessToken);
      expect((await rest.get('/v1/mutation?invoiceNumber=MIGRATIE&limit=500')).body.count).toBe(500);
      const rest2 = await rest.get('/v1/mutation?invoiceNumber=MIGRATIE&limit=500&offset=500');
      expect(rest2.body.count).toBe(120);
      expect(rest2.body.items.at(-1).id).toBe(620);
    } finally {
      await many.close();
    }
  });

  it('answers paths it does not know with a 404 error body and wrong methods with 405', async () => {
    const unknown = await client.get('/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: expect.any(String) });
    const method = await client.call('PUT', '/v1/mutation', {});
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toContain('GET');
  });
});
