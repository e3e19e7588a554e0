import axios from 'axios';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { ledgerId, RestTestClient } from './rest-test-client';

const NS = 'http://www.e-boekhouden.nl/soap';

/** A raw SOAP 1.1 call, elements in schema order, the way the existing simulator spec calls it. */
async function soap(sim: EboekhoudenSimulator, operation: string, inner: string): Promise<string> {
  const envelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation} xmlns="${NS}">${inner}</${operation}></soap:Body></soap:Envelope>`;
  const response = await axios.post(`${sim.url}/soap.asmx`, envelope, {
    headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/${operation}"` },
    validateStatus: () => true,
  });
  return response.data as string;
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('the REST and SOAP APIs of the simulator share one administration', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;
  let session: string;
  const ids: Record<string, number> = {};

  const auth = () => `<SessionID>${session}</SessionID><SecurityCode2>${sim.credentials.securityCode2}</SecurityCode2>`;
  const soapMutation = (invoiceNumber: string) =>
    soap(
      sim,
      'AddMutatie',
      `${auth()}<oMut><MutatieNr>0</MutatieNr><Soort>FactuurVerstuurd</Soort><Datum>2024-04-02</Datum><Rekening>1300</Rekening><RelatieCode>K1</RelatieCode>` +
        `<Factuurnummer>${invoiceNumber}</Factuurnummer><Omschrijving>Over SOAP</Omschrijving><InExBTW>EX</InExBTW><MutatieRegels><cMutatieRegel>` +
        `<BedragInvoer>100.00</BedragInvoer><BedragExclBTW>100.00</BedragExclBTW><BedragBTW>21.00</BedragBTW><BedragInclBTW>121.00</BedragInclBTW>` +
        `<BTWCode>HOOG_VERK_21</BTWCode><BTWPercentage>21</BTWPercentage><TegenrekeningCode>8000</TegenrekeningCode><KostenplaatsID>0</KostenplaatsID></cMutatieRegel></MutatieRegels></oMut>`,
    );
  const soapLookUp = (invoiceNumber: string) =>
    soap(sim, 'GetMutaties', `${auth()}<cFilter><MutatieNr>0</MutatieNr><Factuurnummer>${invoiceNumber}</Factuurnummer><DatumVan>1980-01-01</DatumVan><DatumTm>2049-12-31</DatumTm></cFilter>`);
  const restSale = (invoiceNumber: string) => ({
    type: 2,
    date: '2024-04-02',
    ledgerId: ids['1300'],
    relationId: ids.K1,
    invoiceNumber,
    inExVat: 'EX',
    description: 'Over REST',
    rows: [{ ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 100 }],
  });

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ seed: { relaties: [{ Code: 'K1', Bedrijf: 'Klant 1' }] } });
    client = new RestTestClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    const { username, securityCode1, securityCode2 } = sim.credentials;
    const opened = await soap(sim, 'OpenSession', `<Username>${username}</Username><SecurityCode1>${securityCode1}</SecurityCode1><SecurityCode2>${securityCode2}</SecurityCode2><Source>test</Source>`);
    session = element(opened, 'SessionID')!;
    await client.login(sim.accessToken);
    for (const code of ['1300', '8000']) ids[code] = await ledgerId(client, code);
    ids.K1 = (await client.get('/v1/relation?code=K1')).body.items[0].id;
  });

  it('finds a mutation posted over REST over SOAP, with the same rows', async () => {
    const created = await client.post('/v1/mutation', restSale('2024-0700'));
    const found = await soapLookUp('2024-0700');
    expect(element(found, 'LastErrorCode')).toBe('');
    expect(element(found, 'MutatieNr')).toBe(String(created.body.id));
    expect(element(found, 'Soort')).toBe('FactuurVerstuurd');
    expect(element(found, 'RelatieCode')).toBe('K1');
    expect(element(found, 'BedragExclBTW')).toBe('100.00');
    expect(element(found, 'BedragBTW')).toBe('21.00');
    expect(element(found, 'TegenrekeningCode')).toBe('8000');
  });

  it('finds a mutation added over SOAP over REST, with ids for its codes', async () => {
    const added = await soapMutation('2024-0701');
    const number = Number(element(added, 'Mutatienummer'));
    expect(number).toBeGreaterThan(0);
    const listed = await client.get('/v1/mutation?invoiceNumber=2024-0701');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: number, type: 2, ledgerId: ids['1300'], amount: 121 })]);
    const read = await client.get(`/v1/mutation/${number}`);
    expect(read.body).toMatchObject({ relationId: ids.K1, description: 'Over SOAP', rows: [{ ledgerId: ids['8000'], vatCode: 'HOOG_VERK_21', amount: 100 }] });
  });

  it('refuses a duplicate across the APIs: SOAP after REST (M006) and REST after SOAP (MUT_019)', async () => {
    expect((await client.post('/v1/mutation', restSale('2024-0702'))).status).toBe(200);
    expect(element(await soapMutation('2024-0702'), 'LastErrorCode')).toBe('M006');
    expect(element(await soapMutation('2024-0703'), 'LastErrorCode')).toBe('');
    expect((await client.post('/v1/mutation', restSale('2024-0703'))).body.code).toBe('MUT_019');
    expect(sim.state().administraties[0].mutaties).toHaveLength(2);
  });

  it('shares relations by code and id', async () => {
    const created = await client.post('/v1/relation', { code: 'K9', name: 'Klant 9' });
    const overSoap = await soap(sim, 'GetRelaties', `${auth()}<cFilter><Code>K9</Code><ID>0</ID></cFilter>`);
    expect(element(overSoap, 'ID')).toBe(String(created.body.id));
    expect(element(overSoap, 'Bedrijf')).toBe('Klant 9');
    const addedOverSoap = await soap(
      sim,
      'AddRelatie',
      `${auth()}<oRel><ID>0</ID><AddDatum>2024-01-01</AddDatum><Code>K10</Code><Bedrijf>Klant 10</Bedrijf><Gb_ID>0</Gb_ID><GeenEmail>0</GeenEmail><NieuwsbriefgroepenCount>0</NieuwsbriefgroepenCount></oRel>`,
    );
    expect((await client.get('/v1/relation?code=K10')).body.items).toEqual([{ id: Number(element(addedOverSoap, 'Rel_ID')), type: 'B', code: 'K10' }]);
    expect((await client.post('/v1/relation', { code: 'K10', name: 'Nog eens' })).body.code).toBe('REL_049');
  });

  it('refuses an invoice number over REST that an invoice made over SOAP uses (FACT_101)', async () => {
    const added = await soap(
      sim,
      'AddFactuur',
      `${auth()}<oFact><Factuurnummer>F2024-9</Factuurnummer><Relatiecode>K1</Relatiecode><Datum>2024-04-03</Datum><Betalingstermijn>14</Betalingstermijn>` +
        `<Factuursjabloon>Standaard</Factuursjabloon><PerEmailVerzenden>false</PerEmailVerzenden><AutomatischeIncasso>false</AutomatischeIncasso>` +
        `<IncassoMachtigingDatumOndertekening>2024-01-01</IncassoMachtigingDatumOndertekening><IncassoMachtigingFirst>false</IncassoMachtigingFirst>` +
        `<InBoekhoudingPlaatsen>true</InBoekhoudingPlaatsen><Regels><cFactuurRegel><Aantal>1</Aantal><Omschrijving>Werk</Omschrijving><PrijsPerEenheid>50</PrijsPerEenheid>` +
        `<BTWCode>HOOG_VERK_21</BTWCode><TegenrekeningCode>8000</TegenrekeningCode><KostenplaatsID>0</KostenplaatsID></cFactuurRegel></Regels></oFact>`,
    );
    expect(element(added, 'LastErrorCode')).toBe('');
    const invoices = await client.get('/v1/invoice?invoiceNumber=F2024-9');
    expect(invoices.body.items).toEqual([expect.objectContaining({ id: 1, relationId: ids.K1, totalAmount: 60.5 })]);
    const again = await client.post('/v1/invoice', {
      invoiceNumber: 'F2024-9',
      relationId: ids.K1,
      templateId: 1,
      date: '2024-04-03',
      termOfPayment: 14,
      items: [{ description: 'Werk', quantity: 1, pricePerUnit: 50, vatCode: 'HOOG_VERK_21', ledgerId: ids['8000'] }],
    });
    expect(again.body.code).toBe('FACT_101');
  });
});
