import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { ledgerId, RestTestClient } from './rest-test-client';

describe('the REST simulator: POST /v1/relation and POST /v1/invoice', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;
  const ids: Record<string, number> = {};
  let k1: number;

  const invoice = (extra: Record<string, unknown> = {}) => ({
    relationId: k1,
    templateId: 2,
    date: '2024-06-03',
    termOfPayment: 30,
    inExVat: 'EX',
    items: [
      { description: 'Arbeid monteur', quantity: 2.5, pricePerUnit: 55, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'] },
      { description: 'Kabel', quantity: 10, pricePerUnit: 1.2, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'] },
    ],
    ...extra,
  });

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ seed: { relaties: [{ Code: 'K1', Bedrijf: 'Klant 1', Email: 'klant@example.nl' }, { Code: 'K2', Bedrijf: 'Klant 2' }] } });
    client = new RestTestClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    await client.login(sim.accessToken);
    for (const code of ['1300', '1600', '8000', '8010']) ids[code] = await ledgerId(client, code);
    k1 = (await client.get('/v1/relation?code=K1')).body.items[0].id;
  });

  it('creates a relation by code and refuses the code twice (REL_049)', async () => {
    const created = await client.post('/v1/relation', { code: 'WB-0042', name: 'Fam. de Boer', type: 'P', city: 'Zeist', emailAddress: 'boer@example.nl', iban: 'NL91 ABNA 0417 1643 00' });
    expect(created.body).toEqual({ id: expect.any(Number), code: 'WB-0042' });
    expect((await client.get('/v1/relation?code=WB-0042')).body.items).toEqual([{ id: created.body.id, type: 'P', code: 'WB-0042' }]);
    expect(sim.state().administraties[0].relaties.at(-1)).toMatchObject({ ID: created.body.id, Code: 'WB-0042', Bedrijf: 'Fam. de Boer', BP: 'P', Plaats: 'Zeist' });
    expect((await client.post('/v1/relation', { code: 'WB-0042', name: 'Ander' })).body).toMatchObject({ status: 400, code: 'REL_049', propertyName: 'code' });
    const generated = await client.post('/v1/relation', { name: 'Zonder code' });
    expect(generated.body.code).toMatch(/^\d+$/);
  });

  it('refuses relation bodies with the REL codes', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'X' }, 'REL_002', 'name'],
      [{ name: '   ' }, 'REL_002', 'name'],
      [{ name: 'x'.repeat(101) }, 'REL_003', 'name'],
      [{ name: 42 }, 'ERR_002', 'name'],
      [{ name: 'A', type: 'C' }, 'REL_001', 'type'],
      [{ name: 'A', gender: 'x' }, 'REL_004', 'gender'],
      [{ name: 'A', code: 'C'.repeat(16) }, 'REL_006', 'code'],
      [{ name: 'A', emailAddress: 'geen-adres' }, 'REL_023', 'emailAddress'],
      [{ name: 'A', companyRegistrationNumber: '1234-56' }, 'REL_008', 'companyRegistrationNumber'],
      [{ name: 'A', iban: 'NL91ABNA0417164301' }, 'REL_007', 'iban'],
      [{ name: 'A', termOfPayment: -1 }, 'REL_030', 'termOfPayment'],
      [{ name: 'A', mandateType: 'X' }, 'REL_051', 'mandateType'],
      [{ name: 'A', ledgerId: 1 }, 'REL_048', 'ledgerId'],
    ];
    for (const [body, code, propertyName] of cases) {
      const answer = await client.post('/v1/relation', body);
      expect({ body, answer: answer.body.code, propertyName: answer.body.propertyName }).toEqual({ body, answer: code, propertyName });
    }
  });

  it('creates an invoice that the optional mutation object journals on the debtors ledger', async () => {
    const created = await client.post('/v1/invoice', invoice({ invoiceNumber: 'WB2024-17', mutation: { ledgerId: ids['1300'], description: 'Werkbon 17' } }));
    expect(created.body).toEqual({ id: 1, invoiceNumber: 'WB2024-17', inExVat: 'EX' });
    const read = await client.get('/v1/invoice/1');
    expect(read.body).toMatchObject({ id: 1, invoiceNumber: 'WB2024-17', relationId: k1, templateId: 2, termOfPayment: 30, totalExcl: 149.5, vatAmount: 31.4, totalAmount: 180.9, inExVat: 'EX' });
    expect(read.body.items).toHaveLength(2);
    const journal = await client.get('/v1/mutation?invoiceNumber=WB2024-17');
    expect(journal.body.items).toEqual([expect.objectContaining({ type: 2, ledgerId: ids['1300'], amount: 180.9 })]);
    expect((await client.get('/v1/invoice?invoiceNumber=WB2024-17')).body.count).toBe(1);
    expect(sim.state().administraties[0].facturen[0]).toMatchObject({ Factuurnummer: 'WB2024-17', Relatiecode: 'K1', TotaalInclBTW: '180.90' });
  });

  it('keeps an invoice without the mutation object a concept, numbers it when no number is given, and takes prices incl. VAT when asked', async () => {
    const concept = await client.post('/v1/invoice', invoice());
    expect(concept.body.invoiceNumber).toMatch(/\d$/);
    expect((await client.get(`/v1/mutation?invoiceNumber=${concept.body.invoiceNumber}`)).body.count).toBe(0);
    const gross = await client.post('/v1/invoice', invoice({ inExVat: 'IN', items: [{ description: 'Pakket', quantity: 1, pricePerUnit: 19.99, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'] }] }));
    expect(gross.body.inExVat).toBe('IN');
    expect((await client.get(`/v1/invoice/${gross.body.id}`)).body).toMatchObject({ totalAmount: 19.99, totalExcl: 16.52, vatAmount: 3.47 });
    const net = await client.post('/v1/invoice', { ...invoice({ items: [{ description: 'Pakket', quantity: 1, pricePerUnit: 19.99, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'] }] }), inExVat: undefined });
    expect(net.body.inExVat).toBe('EX');
    expect((await client.get(`/v1/invoice/${net.body.id}`)).body.totalAmount).toBe(24.19);
  });

  it('refuses an invoice number in use (FACT_101)', async () => {
    expect((await client.post('/v1/invoice', invoice({ invoiceNumber: 'F2024-1' }))).status).toBe(200);
    expect((await client.post('/v1/invoice', invoice({ invoiceNumber: 'F2024-1' }))).body).toMatchObject({ status: 400, code: 'FACT_101', propertyName: 'invoiceNumber' });
  });

  it('refuses invoice bodies with the FACT codes', async () => {
    const item = (change: Record<string, unknown>) => invoice({ items: [{ description: 'Arbeid', quantity: 1, pricePerUnit: 55, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'], ...change }] });
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [invoice({ relationId: undefined }), 'FACT_001', 'relationId'],
      [invoice({ relationId: 999999 }), 'FACT_002', 'relationId'],
      [invoice({ templateId: 99 }), 'FACT_018', 'templateId'],
      [invoice({ templateId: undefined }), 'FACT_018', 'templateId'],
      [invoice({ invoiceNumber: 'WB-A' }), 'FACT_009', 'invoiceNumber'],
      [invoice({ invoiceNumber: '1'.repeat(51) }), 'FACT_007', 'invoiceNumber'],
      [invoice({ inExVat: 'X' }), 'FACT_010', 'inExVat'],
      [invoice({ date: undefined }), 'FACT_011', 'date'],
      [invoice({ date: '2024-13-01' }), 'FACT_012', 'date'],
      [invoice({ date: '1970-01-01' }), 'FACT_013', 'date'],
      [invoice({ termOfPayment: undefined }), 'FACT_015', 'termOfPayment'],
      [invoice({ termOfPayment: -1 }), 'FACT_016', 'termOfPayment'],
      [invoice({ items: [] }), 'FACT_019', 'items'],
      [item({ description: undefined }), 'FACT_ITEM_001', 'items[0].description'],
      [item({ description: 'x'.repeat(201) }), 'FACT_ITEM_002', 'items[0].description'],
      [item({ pricePerUnit: undefined }), 'FACT_ITEM_004', 'items[0].pricePerUnit'],
      [item({ ledgerId: undefined }), 'FACT_ITEM_007', 'items[0].ledgerId'],
      [item({ ledgerId: 1 }), 'FACT_ITEM_012', 'items[0].ledgerId'],
      [item({ vatCode: 'HOOG' }), 'FACT_ITEM_014', 'items[0].vatCode'],
      [item({ vatAmount: 3 }), 'FACT_ITEM_015', 'items[0].vatAmount'],
      [item({ discountAmount: 1, discountPercentage: 10 }), 'FACT_ITEM_013', 'items[0].discountAmount'],
      [item({ quantity: 1.23456 }), 'ERR_002', 'items[0].quantity'],
      [item({ unitId: 99 }), 'FACT_ITEM_010', 'items[0].unitId'],
      [item({ productId: 99 }), 'FACT_ITEM_011', 'items[0].productId'],
      [invoice({ mutation: { ledgerId: ids['8000'] } }), 'MUT_011', 'mutation.ledgerId'],
      [invoice({ mutation: { description: 'x'.repeat(201) } }), 'FACT_VERWERK_002', 'mutation.description'],
    ];
    for (const [body, code, propertyName] of cases) {
      const answer = await client.post('/v1/invoice', body);
      expect({ code, status: answer.status, answer: answer.body.code, propertyName: answer.body.propertyName }).toEqual({ code, status: 400, answer: code, propertyName });
    }
    expect(sim.state().administraties[0].facturen).toHaveLength(0);
  });

  it('refuses an invoice dated in a closed period (FACT_VERWERK_001, SECURITY_007)', async () => {
    sim.closePeriodUntil('2024-06-30');
    expect((await client.post('/v1/invoice', invoice({ mutation: {} }))).body).toMatchObject({ code: 'FACT_VERWERK_001' });
    sim.closePeriodUntil(null);
    sim.closeAccountantPeriodUntil('2024-06-30');
    expect((await client.post('/v1/invoice', invoice({ mutation: {} }))).body).toMatchObject({ status: 403, code: 'SECURITY_007' });
  });
});
