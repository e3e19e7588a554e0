import * as soap from 'soap';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '../../simulator/eboekhouden-simulator';

/**
 * The request side of every operation as the reference's tables list it (element names, order, and
 * `!` for minOccurs=1). Written out by hand from the fact sheet, independently of soap-contract.ts.
 */
const S = ['SessionID', 'SecurityCode2'];
const REFERENCE_REQUESTS: Record<string, string[]> = {
  OpenSession: ['Username', 'SecurityCode1', 'SecurityCode2', 'Source'],
  OpenSessionSub: ['Username', 'SecurityCode1', 'SecurityCode2', 'Source', 'AdministratieGUID'],
  CloseSession: ['SessionID'],
  AutoLogin: ['Username', 'SessionID', 'SecurityCode2'],
  GetAdministraties: S,
  AddMutatie: [...S, 'oMut'],
  GetMutaties: [...S, 'cFilter'],
  AddFactuur: [...S, 'oFact'],
  GetFacturen: [...S, 'cFilter'],
  AddRelatie: [...S, 'oRel'],
  UpdateRelatie: [...S, 'oRel'],
  GetRelaties: [...S, 'cFilter'],
  AddGrootboekrekening: [...S, 'oGb'],
  UpdateGrootboekrekening: [...S, 'oGb'],
  GetGrootboekrekeningen: [...S, 'cFilter'],
  GetOpenPosten: [...S, 'OpSoort!'],
  GetSaldo: [...S, 'cFilter'],
  GetSaldi: [...S, 'cFilter'],
  GetKostenplaatsen: [...S, 'cFilter'],
  GetArtikelen: [...S, 'cFilter'],
};

const REFERENCE_TYPES: Record<string, string[]> = {
  cMutatie: ['MutatieNr!', 'Soort!', 'Datum!', 'Rekening', 'RelatieCode', 'Factuurnummer', 'Boekstuk', 'Omschrijving', 'Betalingstermijn', 'Betalingskenmerk', 'InExBTW', 'MutatieRegels'],
  cMutatieRegel: ['BedragInvoer!', 'BedragExclBTW!', 'BedragBTW!', 'BedragInclBTW!', 'BTWCode', 'BTWPercentage!', 'TegenrekeningCode', 'KostenplaatsID!'],
  cMutatieFilter: ['MutatieNr!', 'MutatieNrVan', 'MutatieNrTm', 'Factuurnummer', 'DatumVan!', 'DatumTm!'],
  cFactuur: [
    'Factuurnummer', 'Relatiecode', 'Datum!', 'Betalingstermijn!', 'Factuursjabloon', 'PerEmailVerzenden!', 'EmailOnderwerp', 'EmailBericht',
    'EmailVanAdres', 'EmailVanNaam', 'AutomatischeIncasso!', 'IncassoIBAN', 'IncassoMachtigingSoort', 'IncassoMachtigingID',
    'IncassoMachtigingDatumOndertekening!', 'IncassoMachtigingFirst!', 'IncassoRekeningNummer', 'IncassoTnv', 'IncassoPlaats',
    'IncassoOmschrijvingRegel1', 'IncassoOmschrijvingRegel2', 'IncassoOmschrijvingRegel3', 'InBoekhoudingPlaatsen!', 'BoekhoudmutatieOmschrijving', 'Regels',
  ],
  cFactuurRegel: ['Aantal!', 'Eenheid', 'Code', 'Omschrijving', 'PrijsPerEenheid!', 'BTWCode', 'TegenrekeningCode', 'KostenplaatsID!'],
  cFactuurFilter: ['Factuurnummer', 'Relatiecode', 'DatumVan!', 'DatumTm!'],
  cRelatie: [
    'ID!', 'AddDatum!', 'Code', 'Bedrijf', 'Contactpersoon', 'Geslacht', 'Adres', 'Postcode', 'Plaats', 'Land', 'Adres2', 'Postcode2', 'Plaats2',
    'Land2', 'Telefoon', 'GSM', 'FAX', 'Email', 'Site', 'Notitie', 'Bankrekening', 'Girorekening', 'BTWNummer', 'KvkNummer', 'Aanhef', 'IBAN',
    'BIC', 'BP', 'Def1', 'Def2', 'Def3', 'Def4', 'Def5', 'Def6', 'Def7', 'Def8', 'Def9', 'Def10', 'LA', 'Gb_ID!', 'GeenEmail!', 'NieuwsbriefgroepenCount!',
  ],
  cRelatieFilter: ['Trefwoord', 'Code', 'ID!'],
  cGrootboekrekening: ['ID!', 'Code', 'Omschrijving', 'Categorie', 'Groep'],
  cGrootboekrekeningFilter: ['ID!', 'Code', 'Categorie'],
  cSaldoFilter: ['GbCode', 'KostenPlaatsId!', 'DatumVan!', 'DatumTot!'],
  cSaldiFilter: ['KostenPlaatsId!', 'DatumVan!', 'DatumTot!', 'Categorie'],
  cKostenplaatsFilter: ['KostenplaatsID', 'KostenplaatsParentID', 'Omschrijving'],
  cKostenplaats: ['KostenplaatsId!', 'Omschrijving', 'KostenplaatsParentId!'],
  cArtikelFilter: ['ArtikelID', 'ArtikelOmschrijving', 'ArtikelCode', 'GroepOmschrijving', 'GroepCode'],
  cArtikel: [
    'ArtikelID!', 'ArtikelOmschrijving', 'ArtikelCode', 'GroepOmschrijving', 'GroepCode', 'Eenheid', 'InkoopprijsExclBTW!', 'VerkoopprijsExclBTW!',
    'VerkoopprijsInclBTW!', 'BTWCode', 'TegenrekeningCode', 'BtwPercentage!', 'KostenplaatsID!', 'Actief!',
  ],
  cMutatieListRegel: ['BedragInvoer!', 'BedragExclBTW!', 'BedragBTW!', 'BedragInclBTW!', 'BTWCode', 'BTWPercentage!', 'Factuurnummer', 'TegenrekeningCode', 'KostenplaatsID!'],
  cAdministratie: ['Bedrijf', 'Plaats', 'Guid', 'StartBoekjaar'],
  cError: ['LastErrorCode', 'LastErrorDescription'],
};

interface SchemaElement {
  $name: string;
  $minOccurs?: string;
  $type?: string;
  children: SchemaElement[];
}

describe('our WSDL, as a SOAP client built from it sees it', () => {
  let sim: EboekhoudenSimulator;
  let client: soap.Client;
  let schema: { complexTypes: Record<string, SchemaElement>; elements: Record<string, SchemaElement> };

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator();
    // Fetched from the simulator, the way any client would build itself from `?wsdl`.
    client = await soap.createClientAsync(`${sim.endpoint}?wsdl`, { disableCache: true });
    schema = (client.wsdl.definitions.schemas as Record<string, typeof schema>)['http://www.e-boekhouden.nl/soap'];
  });
  afterAll(() => sim.close());

  const sequence = (node: SchemaElement): string[] => {
    const seq = node.children.find((c) => c.children !== undefined && (c as unknown as { name: string }).name === 'sequence') ?? node.children[0];
    return (seq?.children ?? []).map((c) => c.$name + (c.$minOccurs === '1' ? '!' : ''));
  };
  const requestOf = (operation: string): string[] => {
    const element = schema.elements[operation];
    const complexType = element.children[0];
    return complexType.children.length ? sequence(complexType) : [];
  };

  it('has the real namespace, service, both ports and all 20 operations on each', () => {
    const description = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(description)).toEqual(['soapApp']);
    expect(Object.keys(description.soapApp)).toEqual(['soapAppSoap', 'soapAppSoap12']);
    for (const port of ['soapAppSoap', 'soapAppSoap12']) {
      expect(Object.keys(description.soapApp[port]).sort()).toEqual(Object.keys(REFERENCE_REQUESTS).sort());
    }
    expect(client.wsdl.definitions.$targetNamespace).toBe('http://www.e-boekhouden.nl/soap');
  });

  it.each(Object.entries(REFERENCE_REQUESTS))('%s request elements, in order, with required ones marked', (operation, expected) => {
    expect(requestOf(operation)).toEqual(expected);
  });

  it.each(Object.entries(REFERENCE_TYPES))('type %s has the reference elements in order', (type, expected) => {
    expect(sequence(schema.complexTypes[type])).toEqual(expected);
  });

  it('keeps the three spellings of the cost-centre id', () => {
    expect(sequence(schema.complexTypes.cMutatieRegel)).toContain('KostenplaatsID!');
    expect(sequence(schema.complexTypes.cSaldiFilter)).toContain('KostenPlaatsId!');
    expect(sequence(schema.complexTypes.cKostenplaats)).toContain('KostenplaatsId!');
  });

  it('uses document/literal with SOAPAction http://www.e-boekhouden.nl/soap/<Operation>', () => {
    const bindings = client.wsdl.definitions.bindings as Record<string, { style: string; methods: Record<string, { soapAction: string; style: string }> }>;
    for (const binding of ['soapAppSoap', 'soapAppSoap12']) {
      for (const operation of Object.keys(REFERENCE_REQUESTS)) {
        expect(bindings[binding].methods[operation].soapAction).toBe(`http://www.e-boekhouden.nl/soap/${operation}`);
        expect(bindings[binding].methods[operation].style).toBe('document');
      }
    }
  });

  it('states the real (plain http) address, which the sink never trusts', () => {
    const ports = (client.wsdl.definitions.services as Record<string, { ports: Record<string, { location: string }> }>).soapApp.ports;
    expect(ports.soapAppSoap.location).toBe('http://soap.e-boekhouden.nl/soap.asmx');
  });

  it('lets a client built from it talk to the simulator (OpenSession with the demo login)', async () => {
    client.setEndpoint(sim.endpoint);
    const { username, securityCode1, securityCode2 } = sim.credentials;
    const [result, raw] = (await client.OpenSessionAsync({ Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'test' })) as [
      { OpenSessionResult: { SessionID: string; ErrorMsg: { LastErrorCode?: string } } },
      string,
    ];
    expect(result.OpenSessionResult.SessionID).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(raw).toContain('<OpenSessionResponse xmlns="http://www.e-boekhouden.nl/soap">');
  });
});
