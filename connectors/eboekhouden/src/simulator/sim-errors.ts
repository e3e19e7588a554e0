/**
 * The simulator's in-band errors. e-Boekhouden publishes only E0023 (session expired) and CREL001
 * (relation code in use); M006 is the legacy import interface's "mutation exists". The other codes
 * are the simulator's own, with Dutch descriptions worded the way the service words its errors.
 */
export class SimError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }
}

export const simErrors = {
  loginFailed: () => new SimError('E0001', 'Gebruikersnaam, beveiligingscode 1 of beveiligingscode 2 onjuist.'),
  administrationUnknown: () => new SimError('E0002', 'Administratie niet gevonden of geen toegang tot deze administratie.'),
  securityCode2Wrong: () => new SimError('E0003', 'Beveiligingscode 2 onjuist.'),
  sessionExpired: () => new SimError('E0023', 'Sessie is verlopen. Open een nieuwe sessie.'),
  relationCodeInUse: (code: string) => new SimError('CREL001', `Relatiecode ${code} is al in gebruik.`),
  relationInvalid: (what: string) => new SimError('CREL002', what),
  invoiceNumberExists: (number: string) => new SimError('M006', `Factuurnummer ${number} bestaat al.`),
  ledgerUnknown: (code: string) => new SimError('EMUT001', `Grootboekrekening ${code} bestaat niet.`),
  relationUnknown: (code: string) => new SimError('EMUT002', `Relatie ${code} bestaat niet.`),
  amountsInconsistent: (row: number) =>
    new SimError('EMUT003', `Regel ${row}: bedrag incl. BTW is niet gelijk aan bedrag excl. BTW plus BTW, of BedragInvoer klopt niet met InExBTW.`),
  periodClosed: (date: string) => new SimError('EMUT004', `De periode van ${date} is afgesloten; er kan niet meer in geboekt worden.`),
  fieldInvalid: (what: string) => new SimError('EMUT005', what),
  vatCodeUnknown: (code: string) => new SimError('EMUT006', `BTW-code ${code} is onbekend.`),
  ledgerNotAllowed: (code: string, why: string) => new SimError('EMUT007', `Grootboekrekening ${code} is hier niet toegestaan: ${why}.`),
  invoiceInvalid: (what: string) => new SimError('EFAC001', what),
  invoiceExists: (number: string) => new SimError('EFAC002', `Factuurnummer ${number} bestaat al.`),
  ledgerInvalid: (what: string) => new SimError('EGB001', what),
};
