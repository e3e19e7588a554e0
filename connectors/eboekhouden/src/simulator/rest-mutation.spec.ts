import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { ledgerId, RestTestClient } from './rest-test-client';

describe('the REST simulator: POST /v1/mutation', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;
  const ids: Record<string, number> = {};
  let k1: number;
  let k2: number;

  /** A valid sales invoice (type 2): one row per VAT code and ledger, amounts incl. VAT. */
  const sale = (invoiceNumber: string, extra: Record<string, unknown> = {}) => ({
    type: 2,
    date: '2024-05-01',
    ledgerId: ids['1300'],
    relationId: k1,
    invoiceNumber,
    inExVat: 'IN',
    description: `Order ${invoiceNumber}`,
    termOfPayment: 14,
    rows: [
      { ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 121, description: 'Omzet hoog' },
      { ledgerId: ids['8010'], vatCode: 'LAAG_VERK_9', amount: 10.9, description: 'Omzet laag' },
    ],
    ...extra,
  });

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ seed: { relaties: [{ Code: 'K1', Bedrijf: 'Klant 1' }, { Code: 'L1', Bedrijf: 'Leverancier 1' }] } });
    client = new RestTestClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    await client.login(sim.accessToken);
    for (const code of ['1100', '1300', '1600', '4000', '8000', '8010']) ids[code] = await ledgerId(client, code);
    k1 = (await client.get('/v1/relation?code=K1')).body.items[0].id;
    k2 = (await client.get('/v1/relation?code=L1')).body.items[0].id;
  });

  it('books a sales invoice with VAT computed from the amounts and shows it as the API returns it', async () => {
    const created = await client.post('/v1/mutation', sale('2024-0100'));
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.any(Number) });
    const stored = sim.state().administraties[0].mutaties.at(-1)!;
    expect(stored).toMatchObject({ Soort: 'FactuurVerstuurd', Rekening: '1300', RelatieCode: 'K1', Factuurnummer: '2024-0100', InExBTW: 'IN', Betalingstermijn: '14' });
    expect((stored.MutatieRegels as { cMutatieListRegel: Record<string, unknown>[] }).cMutatieListRegel).toEqual([
      expect.objectContaining({ BedragInvoer: '121.00', BedragExclBTW: '100.00', BedragBTW: '21.00', BedragInclBTW: '121.00', TegenrekeningCode: '8000' }),
      expect.objectContaining({ BedragInvoer: '10.90', BedragExclBTW: '10.00', BedragBTW: '0.90', BedragInclBTW: '10.90', TegenrekeningCode: '8010' }),
    ]);
    const read = await client.get(`/v1/mutation/${created.body.id}`);
    expect(read.body).toMatchObject({
      type: 2,
      ledgerId: ids['1300'],
      relationId: k1,
      inExVat: 'IN',
      termOfPayment: 14,
      rows: [
        { ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 121, description: 'Omzet hoog' },
        { ledgerId: ids['8010'], vatCode: 'LAAG_VERK_9', amount: 10.9, description: 'Omzet laag' },
      ],
      vat: [{ vatCode: 'HOOG_VERK_21', amount: 21 }, { vatCode: 'LAAG_VERK_9', amount: 0.9 }],
    });
    const listed = await client.get('/v1/mutation?invoiceNumber=2024-0100');
    expect(listed.body).toEqual({ items: [{ id: created.body.id, type: 2, date: '2024-05-01', invoiceNumber: '2024-0100', ledgerId: ids['1300'], amount: 131.9, entryNumber: '' }], count: 1 });
  });

  it('totals VAT per VAT code, then spreads it over the code’s rows to the cent', async () => {
    // 359.80 + 12.76 incl. 21%: VAT of the total 372.56 is 64.66; per row it would be 62.44 + 2.21 = 64.65.
    const rows = [
      { ledgerId: ids['8010'], vatCode: 'HOOG_VERK_21', amount: 359.8 },
      { ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 12.76 },
      { ledgerId: ids['8000'], vatCode: 'LAAG_VERK_9', amount: 38.88 },
    ];
    const created = await client.post('/v1/mutation', sale('2024-0110', { rows }));
    expect(created.status).toBe(200);
    const stored = sim.state().administraties[0].mutaties.at(-1)!;
    expect((stored.MutatieRegels as { cMutatieListRegel: Record<string, unknown>[] }).cMutatieListRegel).toEqual([
      expect.objectContaining({ BedragExclBTW: '297.35', BedragBTW: '62.45', BedragInclBTW: '359.80' }),
      expect.objectContaining({ BedragExclBTW: '10.55', BedragBTW: '2.21', BedragInclBTW: '12.76' }),
      expect.objectContaining({ BedragExclBTW: '35.67', BedragBTW: '3.21', BedragInclBTW: '38.88' }),
    ]);
    expect((await client.get(`/v1/mutation/${created.body.id}`)).body.vat).toEqual([{ vatCode: 'HOOG_VERK_21', amount: 64.66 }, { vatCode: 'LAAG_VERK_9', amount: 3.21 }]);
  });

  it('refuses a sales invoice number twice (MUT_019) and a supplier’s invoice number twice per supplier (MUT_020)', async () => {
    expect((await client.post('/v1/mutation', sale('2024-0101'))).status).toBe(200);
    const again = await client.post('/v1/mutation', sale('2024-0101', { relationId: k2 }));
    expect(again.body).toMatchObject({ status: 400, type: 'validation', code: 'MUT_019', propertyName: 'invoiceNumber' });

    const purchase = (relationId: number) => ({
      type: 1,
      date: '2024-05-02',
      ledgerId: ids['1600'],
      relationId,
      invoiceNumber: 'INK-7',
      inExVat: 'EX',
      rows: [{ ledgerId: ids['4000'], vatCode: 'HOOG_INK_21', amount: 50 }],
    });
    expect((await client.post('/v1/mutation', purchase(k2))).status).toBe(200);
    expect((await client.post('/v1/mutation', purchase(k2))).body.code).toBe('MUT_020');
    expect((await client.post('/v1/mutation', purchase(k1))).status).toBe(200);
    expect(sim.state().administraties[0].mutaties).toHaveLength(3);
  });

  it('refuses bodies the schema or the administration does not allow, naming the property', async () => {
    const without = (key: string) => {
      const body: Record<string, unknown> = sale('2024-0200');
      delete body[key];
      return body;
    };
    const row = (change: Record<string, unknown>) => sale('2024-0200', { rows: [{ ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 121, ...change }] });
    const cases: [Record<string, unknown>, string, string][] = [
      [without('type'), 'MUTA_002', 'type'],
      [sale('2024-0200', { type: 9 }), 'MUT_001', 'type'],
      [sale('2024-0200', { type: '2' }), 'ERR_002', 'type'],
      [without('date'), 'MUT_003', 'date'],
      [sale('2024-0200', { date: '01-05-2024' }), 'MUT_004', 'date'],
      [sale('2024-0200', { date: '2024-02-30' }), 'MUT_004', 'date'],
      [without('ledgerId'), 'MUTA_001', 'ledgerId'],
      [sale('2024-0200', { ledgerId: 1 }), 'MUT_007', 'ledgerId'],
      [sale('2024-0200', { ledgerId: ids['1600'] }), 'MUT_011', 'ledgerId'],
      [sale('2024-0200', { type: 1, ledgerId: ids['1300'] }), 'MUT_010', 'ledgerId'],
      [sale('2024-0200', { type: 5 }), 'MUT_009', 'ledgerId'],
      [without('relationId'), 'MUT_012', 'relationId'],
      [sale('2024-0200', { relationId: 424242 }), 'MUT_013', 'relationId'],
      [without('invoiceNumber'), 'MUT_002', 'invoiceNumber'],
      [sale('x'.repeat(51)), 'MUT_018', 'invoiceNumber'],
      [without('inExVat'), 'MUTA_005', 'inExVat'],
      [sale('2024-0200', { inExVat: 'INCL' }), 'MUT_017', 'inExVat'],
      [without('rows'), 'MUT_100', 'rows'],
      [sale('2024-0200', { rows: [] }), 'MUT_100', 'rows'],
      [row({ ledgerId: undefined }), 'MUTA_004', 'rows[0].ledgerId'],
      [row({ ledgerId: 1 }), 'MUT_104', 'rows[0].ledgerId'],
      [row({ ledgerId: ids['1100'] }), 'MUT_106', 'rows[0].ledgerId'],
      [row({ vatCode: 'HOOG_VERK' }), 'MUT_109', 'rows[0].vatCode'],
      [row({ vatCode: 'LAAG_VERK' }), 'MUT_109', 'rows[0].vatCode'],
      [row({ vatCode: 'HOOG_INK_21' }), 'MUT_111', 'rows[0].vatCode'],
      [row({ vatAmount: 21 }), 'MUTA_003', 'rows[0].vatAmount'],
      [row({ amount: '121.00' }), 'ERR_002', 'rows[0].amount'],
      [row({ amount: undefined }), 'ERR_002', 'rows[0].amount'],
      [row({ costCenterId: 99 }), 'MUT_117', 'rows[0].costCenterId'],
      [sale('2024-0200', { type: 1, ledgerId: ids['1600'], rows: [{ ledgerId: ids['4000'], vatCode: 'HOOG_VERK_21', amount: 1 }] }), 'MUT_110', 'rows[0].vatCode'],
      [sale('2024-0200', { type: 1, ledgerId: ids['1600'], rows: [{ ledgerId: ids['4000'], vatCode: 'VERL_INK', amount: 1 }] }), 'MUT_026', 'inExVat'],
      [sale('2024-0200', { type: 5, ledgerId: ids['1100'], rows: [{ ledgerId: ids['8000'], vatCode: 'GEEN', amount: 1 }] }), 'MUT_016', 'termOfPayment'],
    ];
    for (const [body, code, propertyName] of cases) {
      const answer = await client.post('/v1/mutation', body);
      expect({ code, status: answer.status, answer: answer.body.code, propertyName: answer.body.propertyName }).toEqual({ code, status: 400, answer: code, propertyName });
    }
    expect(sim.state().administraties[0].mutaties).toHaveLength(0);
    expect((await client.call('POST', '/v1/mutation', '{"type": 2,', { 'content-type': 'application/json' })).body.code).toBe('ERR_002');
  });

  it('refuses bookings in a closed period: MUT_005, or SECURITY_007 when the accountant closed it', async () => {
    sim.closePeriodUntil('2024-05-31');
    const closed = await client.post('/v1/mutation', sale('2024-0300'));
    expect(closed.body).toMatchObject({ status: 400, code: 'MUT_005' });
    sim.closePeriodUntil(null);
    sim.closeAccountantPeriodUntil('2024-12-31');
    const accountant = await client.post('/v1/mutation', sale('2024-0300'));
    expect(accountant.status).toBe(403);
    expect(accountant.body).toMatchObject({ type: 'security', code: 'SECURITY_007', securityType: 0 });
    expect((await client.post('/v1/mutation', sale('2024-0300', { date: '2025-01-02' }))).status).toBe(200);
  });

  it('checks a payment reference for uniqueness when asked (MUTA_008)', async () => {
    expect((await client.post('/v1/mutation', sale('2024-0400', { paymentReference: 'RF18 0000 0000 0000 0001' }))).status).toBe(200);
    expect((await client.post('/v1/mutation', sale('2024-0401', { paymentReference: 'RF18 0000 0000 0000 0001' }))).status).toBe(200);
    const checked = await client.post('/v1/mutation', sale('2024-0402', { paymentReference: 'RF18 0000 0000 0000 0001', checkPaymentReference: true }));
    expect(checked.body).toMatchObject({ code: 'MUTA_008', propertyName: 'paymentReference' });
  });

  it('books a payment received against an invoice it knows (type 3) and refuses one it does not (MUT_115)', async () => {
    await client.post('/v1/mutation', sale('2024-0500'));
    const payment = (invoiceNumber: string) => ({
      type: 3,
      date: '2024-05-20',
      ledgerId: ids['1100'],
      inExVat: 'EX',
      rows: [{ vatCode: 'GEEN', amount: 131.9, invoiceNumber, relationId: k1 }],
    });
    expect((await client.post('/v1/mutation', payment('2024-0500'))).status).toBe(200);
    expect((await client.post('/v1/mutation', payment('2024-9999'))).body).toMatchObject({ code: 'MUT_115', propertyName: 'rows[0].invoiceNumber' });
    expect((await client.post('/v1/mutation', { ...payment('2024-0500'), rows: [{ vatCode: 'GEEN', amount: 1, relationId: k1 }] })).body.code).toBe('MUT_120');
  });
});
