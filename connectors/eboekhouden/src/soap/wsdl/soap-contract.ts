/**
 * The e-Boekhouden SOAP contract as data: every complex type with its elements in schema order,
 * and every operation with its request and result. The WSDL the simulator serves and the envelopes
 * the client writes both come from here (as EBOEKHOUDEN_CONTRACT, below), so element names, order
 * and required elements cannot drift apart.
 *
 * Field notation: `Name` is an optional string; `Name:type` names the type; a trailing `!` means
 * minOccurs=1 (must be sent, even when 0); `~` marks a nillable element; type `any` has no type
 * attribute (the real WSDL leaves `cFactuurList.Relatiecode` untyped).
 */
import type { SoapContract } from '@koppelwerk/core';

export const SOAP_NAMESPACE = 'http://www.e-boekhouden.nl/soap';
export const SOAP_SERVICE = 'soapApp';
export const SOAP_PORT = 'soapAppSoap';
export const SOAP12_PORT = 'soapAppSoap12';
/** The address the real WSDL states. Plain http: never post to it, always set the endpoint. */
export const WSDL_STATED_ADDRESS = 'http://soap.e-boekhouden.nl/soap.asmx';

export const ENUMS: Record<string, readonly string[]> = {
  enMutatieSoorten: [
    'OpeningsSaldo',
    'FactuurOntvangen',
    'FactuurVerstuurd',
    'FactuurbetalingOntvangen',
    'FactuurbetalingVerstuurd',
    'GeldOntvangen',
    'GeldUitgegeven',
    'Memoriaal',
  ],
  enOpenpostenSoort: ['Debiteuren', 'Crediteuren'],
};

const RELATIE_FIELDS = [
  'ID:long!', 'AddDatum:dateTime!', 'Code', 'Bedrijf', 'Contactpersoon', 'Geslacht', 'Adres', 'Postcode', 'Plaats', 'Land',
  'Adres2', 'Postcode2', 'Plaats2', 'Land2', 'Telefoon', 'GSM', 'FAX', 'Email', 'Site', 'Notitie', 'Bankrekening',
  'Girorekening', 'BTWNummer', 'KvkNummer', 'Aanhef', 'IBAN', 'BIC', 'BP',
  'Def1', 'Def2', 'Def3', 'Def4', 'Def5', 'Def6', 'Def7', 'Def8', 'Def9', 'Def10',
  'LA', 'Gb_ID:long!', 'GeenEmail:long!', 'NieuwsbriefgroepenCount:long!',
];

const MUTATIE_REGEL_AMOUNTS = ['BedragInvoer:decimal!', 'BedragExclBTW:decimal!', 'BedragBTW:decimal!', 'BedragInclBTW:decimal!', 'BTWCode', 'BTWPercentage:decimal!'];

/** Complex types in the order of their elements. Arrays (`ArrayOfX`) are derived from ARRAY_ITEMS. */
export const COMPLEX_TYPES: Record<string, readonly string[]> = {
  cError: ['LastErrorCode', 'LastErrorDescription'],
  cAdministratie: ['Bedrijf', 'Plaats', 'Guid', 'StartBoekjaar'],
  cSaldoFilter: ['GbCode', 'KostenPlaatsId:long!', 'DatumVan:dateTime!~', 'DatumTot:dateTime!~'],
  cSaldiFilter: ['KostenPlaatsId:long!', 'DatumVan:dateTime!~', 'DatumTot:dateTime!~', 'Categorie'],
  cSaldo: ['ID:long!', 'Code', 'Categorie', 'Saldo:double!'],
  cFactuur: [
    'Factuurnummer', 'Relatiecode', 'Datum:dateTime!', 'Betalingstermijn:long!', 'Factuursjabloon', 'PerEmailVerzenden:boolean!',
    'EmailOnderwerp', 'EmailBericht', 'EmailVanAdres', 'EmailVanNaam', 'AutomatischeIncasso:boolean!', 'IncassoIBAN',
    'IncassoMachtigingSoort', 'IncassoMachtigingID', 'IncassoMachtigingDatumOndertekening:dateTime!', 'IncassoMachtigingFirst:boolean!',
    'IncassoRekeningNummer', 'IncassoTnv', 'IncassoPlaats', 'IncassoOmschrijvingRegel1', 'IncassoOmschrijvingRegel2',
    'IncassoOmschrijvingRegel3', 'InBoekhoudingPlaatsen:boolean!', 'BoekhoudmutatieOmschrijving', 'Regels:ArrayOfCFactuurRegel',
  ],
  cFactuurRegel: ['Aantal:double!', 'Eenheid', 'Code', 'Omschrijving', 'PrijsPerEenheid:double!', 'BTWCode', 'TegenrekeningCode', 'KostenplaatsID:long!'],
  cFactuurFilter: ['Factuurnummer', 'Relatiecode', 'DatumVan:dateTime!', 'DatumTm:dateTime!'],
  cFactuurList: [
    'Factuurnummer', 'Relatiecode:any', 'Datum:dateTime!', 'Betalingstermijn:long!', 'TotaalExclBTW:double!', 'TotaalBTW:double!',
    'TotaalInclBTW:double!', 'TotaalOpenstaand:double!', 'URLPDFBestand', 'Regels:ArrayOfCFactuurRegel',
  ],
  cMutatie: [
    'MutatieNr:long!', 'Soort:enMutatieSoorten!', 'Datum:dateTime!', 'Rekening', 'RelatieCode', 'Factuurnummer', 'Boekstuk',
    'Omschrijving', 'Betalingstermijn', 'Betalingskenmerk', 'InExBTW', 'MutatieRegels:ArrayOfCMutatieRegel',
  ],
  cMutatieRegel: [...MUTATIE_REGEL_AMOUNTS, 'TegenrekeningCode', 'KostenplaatsID:long!'],
  cMutatieFilter: ['MutatieNr:long!', 'MutatieNrVan:long', 'MutatieNrTm:long', 'Factuurnummer', 'DatumVan:dateTime!', 'DatumTm:dateTime!'],
  cMutatieList: [
    'MutatieNr:long!', 'Soort:enMutatieSoorten!', 'Datum:dateTime!', 'Rekening', 'RelatieCode', 'Factuurnummer', 'Boekstuk',
    'Omschrijving', 'Betalingstermijn', 'InExBTW', 'MutatieRegels:ArrayOfCMutatieListRegel',
  ],
  cMutatieListRegel: [...MUTATIE_REGEL_AMOUNTS, 'Factuurnummer', 'TegenrekeningCode', 'KostenplaatsID:long!'],
  cGrootboekrekening: ['ID:long!', 'Code', 'Omschrijving', 'Categorie', 'Groep'],
  cGrootboekrekeningFilter: ['ID:long!', 'Code', 'Categorie'],
  cRelatie: RELATIE_FIELDS,
  cRelatieFilter: ['Trefwoord', 'Code', 'ID:long!'],
  cOpenPost: ['MutDatum:dateTime!', 'MutFactuur', 'RelCode', 'RelBedrijf', 'Bedrag:double!', 'Voldaan:double!', 'Openstaand:double!'],
  cKostenplaatsFilter: ['KostenplaatsID:long', 'KostenplaatsParentID:long', 'Omschrijving'],
  cKostenplaats: ['KostenplaatsId:long!', 'Omschrijving', 'KostenplaatsParentId:long!'],
  cArtikelFilter: ['ArtikelID:long', 'ArtikelOmschrijving', 'ArtikelCode', 'GroepOmschrijving', 'GroepCode'],
  cArtikel: [
    'ArtikelID:long!', 'ArtikelOmschrijving', 'ArtikelCode', 'GroepOmschrijving', 'GroepCode', 'Eenheid', 'InkoopprijsExclBTW:decimal!',
    'VerkoopprijsExclBTW:decimal!', 'VerkoopprijsInclBTW:decimal!', 'BTWCode', 'TegenrekeningCode', 'BtwPercentage:decimal!',
    'KostenplaatsID:long!', 'Actief:boolean!',
  ],
};

/** `ArrayOfCX` wraps repeated `cX` elements. */
export const ARRAY_ITEMS = [
  'cAdministratie', 'cSaldo', 'cFactuurRegel', 'cFactuurList', 'cMutatieRegel', 'cMutatieList', 'cMutatieListRegel',
  'cGrootboekrekening', 'cRelatie', 'cOpenPost', 'cKostenplaats', 'cArtikel',
] as const;

const SESSION = ['SessionID', 'SecurityCode2'];
const LOGIN = ['Username', 'SecurityCode1', 'SecurityCode2', 'Source'];

export interface OperationContract {
  name: string;
  /** Children of the request element, in order. */
  request: readonly string[];
  /** The `<Op>Result` type: a `cResult…` type, `cError` for the update calls, or null (CloseSession). */
  resultType: string | null;
  /** Elements of the result type after `ErrorMsg` (for `cResult…` types defined here). */
  payload?: readonly string[];
}

/** All 20 operations, in the order of the real WSDL. */
export const OPERATIONS: readonly OperationContract[] = [
  { name: 'GetAdministraties', request: SESSION, resultType: 'cResultGetAdministraties', payload: ['Administraties:ArrayOfCAdministratie'] },
  { name: 'GetSaldo', request: [...SESSION, 'cFilter:cSaldoFilter'], resultType: 'cResultGetSaldo', payload: ['Saldo:double!'] },
  { name: 'GetSaldi', request: [...SESSION, 'cFilter:cSaldiFilter'], resultType: 'cResultGetSaldi', payload: ['Saldi:ArrayOfCSaldo'] },
  { name: 'AddFactuur', request: [...SESSION, 'oFact:cFactuur'], resultType: 'cResultAddFactuur', payload: ['Factuurnummer'] },
  { name: 'GetFacturen', request: [...SESSION, 'cFilter:cFactuurFilter'], resultType: 'cResultGetFacturen', payload: ['Facturen:ArrayOfCFactuurList'] },
  { name: 'AddMutatie', request: [...SESSION, 'oMut:cMutatie'], resultType: 'cResultAddMutatie', payload: ['Mutatienummer:long!'] },
  { name: 'GetMutaties', request: [...SESSION, 'cFilter:cMutatieFilter'], resultType: 'cResultGetMutaties', payload: ['Mutaties:ArrayOfCMutatieList'] },
  { name: 'AddGrootboekrekening', request: [...SESSION, 'oGb:cGrootboekrekening'], resultType: 'cResultAddGrootboekrekening', payload: ['Gb_ID:long!'] },
  { name: 'UpdateGrootboekrekening', request: [...SESSION, 'oGb:cGrootboekrekening'], resultType: 'cError' },
  {
    name: 'GetGrootboekrekeningen',
    request: [...SESSION, 'cFilter:cGrootboekrekeningFilter'],
    resultType: 'cResultGetGrootboekrekeningen',
    payload: ['Rekeningen:ArrayOfCGrootboekrekening'],
  },
  { name: 'AddRelatie', request: [...SESSION, 'oRel:cRelatie'], resultType: 'cResultAddRelatie', payload: ['Rel_ID:long!'] },
  { name: 'UpdateRelatie', request: [...SESSION, 'oRel:cRelatie'], resultType: 'cError' },
  { name: 'GetRelaties', request: [...SESSION, 'cFilter:cRelatieFilter'], resultType: 'cResultGetRelaties', payload: ['Relaties:ArrayOfCRelatie'] },
  { name: 'GetOpenPosten', request: [...SESSION, 'OpSoort:enOpenpostenSoort!'], resultType: 'cResultGetOpenPosten', payload: ['Openposten:ArrayOfCOpenPost'] },
  { name: 'OpenSession', request: LOGIN, resultType: 'cResultOpenSession', payload: ['SessionID'] },
  { name: 'OpenSessionSub', request: [...LOGIN, 'AdministratieGUID'], resultType: 'cResultOpenSession' },
  { name: 'CloseSession', request: ['SessionID'], resultType: null },
  { name: 'AutoLogin', request: ['Username', 'SessionID', 'SecurityCode2'], resultType: 'cResultAutoLogin', payload: ['Token'] },
  {
    name: 'GetKostenplaatsen',
    request: [...SESSION, 'cFilter:cKostenplaatsFilter'],
    resultType: 'cResultGetKostenplaatsen',
    payload: ['Kostenplaatsen:ArrayOfCKostenplaats'],
  },
  { name: 'GetArtikelen', request: [...SESSION, 'cFilter:cArtikelFilter'], resultType: 'cResultGetArtikelen', payload: ['Artikelen:ArrayOfCArtikel'] },
];

/** The same contract in the shape of the shared SOAP tools (`@koppelwerk/core` soap): the client writes and reads its messages from it. */
export const EBOEKHOUDEN_CONTRACT: SoapContract = {
  namespace: SOAP_NAMESPACE,
  service: SOAP_SERVICE,
  port: SOAP_PORT,
  soap12Port: SOAP12_PORT,
  address: WSDL_STATED_ADDRESS,
  // The result types (ErrorMsg and the payload) first, as the real WSDL lists them.
  types: {
    ...Object.fromEntries(OPERATIONS.filter((op) => op.payload).map((op) => [op.resultType as string, ['ErrorMsg:cError', ...(op.payload ?? [])]])),
    ...COMPLEX_TYPES,
  },
  arrays: ARRAY_ITEMS,
  enums: ENUMS,
  operations: OPERATIONS.map((op) => ({ name: op.name, request: op.request, result: op.resultType })),
};
