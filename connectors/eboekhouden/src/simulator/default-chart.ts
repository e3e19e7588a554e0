/** What a fresh simulated administration contains: a small standard Dutch chart of accounts and demo articles. */
export interface SimLedger {
  ID: number;
  Code: string;
  Omschrijving: string;
  Categorie: string;
  Groep: string;
}

const LEDGERS: [string, string, string, string][] = [
  ['0100', 'Inventaris', 'BAL', 'Vaste activa'],
  ['0500', 'Eigen vermogen', 'BAL', 'Eigen vermogen'],
  ['1000', 'Kas', 'FIN', 'Liquide middelen'],
  ['1100', 'Bank', 'FIN', 'Liquide middelen'],
  ['1300', 'Debiteuren', 'DEB', 'Vorderingen'],
  ['1500', 'Af te dragen BTW hoog', 'AF19', 'BTW'],
  ['1510', 'Af te dragen BTW laag', 'AF6', 'BTW'],
  ['1520', 'Af te dragen BTW overig', 'AFOVERIG', 'BTW'],
  ['1530', 'Voorbelasting', 'VOOR', 'BTW'],
  ['1560', 'BTW rekening courant', 'BTWRC', 'BTW'],
  ['1600', 'Crediteuren', 'CRED', 'Schulden'],
  ['4000', 'Personeelskosten', 'VW', 'Kosten'],
  ['4100', 'Huisvestingskosten', 'VW', 'Kosten'],
  ['4200', 'Vervoerskosten', 'VW', 'Kosten'],
  ['4300', 'Kantoorkosten', 'VW', 'Kosten'],
  ['4400', 'Verkoopkosten', 'VW', 'Kosten'],
  ['4500', 'Algemene kosten', 'VW', 'Kosten'],
  ['7000', 'Inkoopwaarde van de omzet', 'VW', 'Kostprijs'],
  ['8000', 'Omzet hoog tarief', 'VW', 'Omzet'],
  ['8010', 'Omzet laag tarief', 'VW', 'Omzet'],
  ['8020', 'Omzet onbelast en buitenland', 'VW', 'Omzet'],
  ['8050', 'Omzet verzendkosten', 'VW', 'Omzet'],
  ['8060', 'Omzet betaalkosten', 'VW', 'Omzet'],
  // The rounding ledger docs/configuration.md gives as the example of `mapping.rounding.ledger`.
  ['8990', 'Afrondingsverschillen', 'VW', 'Omzet'],
  ['9000', 'Rente en bankkosten', 'VW', 'Financieel'],
];

export function defaultLedgers(): SimLedger[] {
  return LEDGERS.map(([Code, Omschrijving, Categorie, Groep], index) => ({ ID: 1000 + index, Code, Omschrijving, Categorie, Groep }));
}

export function defaultArticles(): Record<string, unknown>[] {
  const article = (id: number, code: string, description: string, unit: string, group: string, excl: string, incl: string, active = true) => ({
    ArtikelID: id,
    ArtikelOmschrijving: description,
    ArtikelCode: code,
    GroepOmschrijving: group,
    GroepCode: group.slice(0, 3).toUpperCase(),
    Eenheid: unit,
    InkoopprijsExclBTW: '0.00',
    VerkoopprijsExclBTW: excl,
    VerkoopprijsInclBTW: incl,
    BTWCode: 'HOOG_VERK_21',
    TegenrekeningCode: '8000',
    BtwPercentage: '21',
    KostenplaatsID: 0,
    Actief: active,
  });
  return [
    article(1, 'ARBEID', 'Arbeid monteur', 'UUR', 'Uren', '55.00', '66.55'),
    article(2, 'ARBEID-SPOED', 'Arbeid spoed', 'UUR', 'Uren', '82.50', '99.83'),
    article(3, 'ARBEID-OUD', 'Arbeid (oud tarief)', 'UUR', 'Uren', '45.00', '54.45', false),
    article(4, 'KABEL-3X2.5', 'Installatiekabel 3x2,5 mm²', 'METER', 'Materiaal', '1.20', '1.45'),
    article(5, 'WCD-DUBBEL', 'Wandcontactdoos dubbel', 'STUK', 'Materiaal', '8.95', '10.83'),
  ];
}
