/**
 * The e-Boekhouden connector's texts for what e-Boekhouden answers (SOAP and REST): a refusal
 * shows e-Boekhouden's own words (Dutch already) as they come, in a frame of Dutch or English. Its
 * codes are families (FAMILY_PARAM): the error keeps e-Boekhouden's own code (`E0023`, `MUT_005`).
 */
import { entry } from '@koppelwerk/core';

type Refused = { what: string; document?: string; upstreamCode?: string; said?: string };

/** `e-Boekhouden refused AddMutatie (MUT_005): Periode is afgesloten`: what e-Boekhouden said, framed. */
export function refused(language: 'nl' | 'en', p: Refused): string {
  const about = p.document ? (language === 'en' ? ` for ${p.document}` : ` voor ${p.document}`) : '';
  const code = p.upstreamCode ? ` (${p.upstreamCode})` : '';
  const said = p.said === undefined ? '' : `: ${p.said || (language === 'en' ? 'no description' : 'geen omschrijving')}`;
  return `e-Boekhouden ${language === 'en' ? 'refused' : 'weigerde'} ${p.what}${about}${code}${said}`;
}

const REFUSED = { what: 'AddMutatie', document: 'invoice 2025-0042', upstreamCode: 'MUT_005', said: 'De periode is afgesloten' };
const REFUSED_OPTIONAL = ['document', 'upstreamCode', 'said'] as const;
const framed = { nl: (p: Refused) => refused('nl', p), en: (p: Refused) => refused('en', p) };

const HINTS = {
  codes: {
    nl: 'e-Boekhouden verandert beide beveiligingscodes bij elke wachtwoordwijziging: kopieer de gebruikersnaam en de nieuwe codes in e-Boekhouden onder Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP, sla ze op in de instellingen van de koppeling en verwerk daarna de documenten die intussen mislukten opnieuw (tabblad Fouten)',
    en: 'e-Boekhouden changes both security codes whenever the password changes: copy the username and the new codes in e-Boekhouden under Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP, save them in the tenant config, then retry the documents that failed meanwhile (koppelwerk errors / retry)',
  },
  token: {
    nl: 'maak een nieuw API-token aan in e-Boekhouden onder Beheer > Inrichting > Koppelingen > API, sla het op in de instellingen van de koppeling (accessToken) en verwerk daarna de documenten die intussen mislukten opnieuw (tabblad Fouten)',
    en: 'create a new API token in e-Boekhouden under Beheer > Inrichting > Koppelingen > API, save it in the tenant config (accessToken), then retry the documents that failed meanwhile (koppelwerk errors / retry)',
  },
  closedPeriod: {
    nl: 'de boekdatum valt in een periode die de accountant heeft afgesloten: vraag om die te heropenen, of verbeter de datum en verwerk opnieuw',
    en: 'the booking date falls in a period your accountant closed: ask to reopen it, or correct the date and retry',
  },
  booked: { nl: 'het document staat al in e-Boekhouden; er hoeft niets te gebeuren', en: 'the document is already in e-Boekhouden; nothing to do' },
};

/** Where to get new credentials, for either API. */
export const CREDENTIALS_HINTS = { soap: HINTS.codes, rest: HINTS.token };

export const EBOEKHOUDEN_UPSTREAM_MESSAGES = {
  EB_REFUSED: entry({ example: REFUSED, optional: REFUSED_OPTIONAL, message: framed }),
  EB_REFUSED_CLOSED_PERIOD: entry({
    example: REFUSED,
    optional: REFUSED_OPTIONAL,
    message: framed,
    hint: { nl: () => HINTS.closedPeriod.nl, en: () => HINTS.closedPeriod.en },
  }),
  EB_REFUSED_BOOKED: entry({
    example: { ...REFUSED, upstreamCode: 'M006', said: 'Mutatie bestaat al' },
    optional: REFUSED_OPTIONAL,
    message: framed,
    hint: { nl: () => HINTS.booked.nl, en: () => HINTS.booked.en },
  }),
  EB_REFUSED_DUPLICATE: entry({
    example: { ...REFUSED, upstreamCode: 'MUT_019', said: 'Factuurnummer is al in gebruik' },
    optional: REFUSED_OPTIONAL,
    message: framed,
    hint: { nl: () => 'e-Boekhouden heeft al een document met dit factuurnummer', en: () => 'e-Boekhouden already has a document with this invoice number' },
  }),
  EB_REFUSED_STATUS: entry({
    example: { ...REFUSED, status: 409 },
    optional: REFUSED_OPTIONAL,
    message: {
      nl: (p) => refused('nl', { ...p, said: undefined }) + ` (HTTP ${p.status})${p.said !== undefined ? `: ${p.said || 'geen omschrijving'}` : ''}`,
      en: (p) => refused('en', { ...p, said: undefined }) + ` (HTTP ${p.status})${p.said !== undefined ? `: ${p.said || 'no description'}` : ''}`,
    },
  }),
  EB_REFUSED_FIELD: entry({
    example: { ...REFUSED, field: 'rows[0].ledgerId' },
    optional: [...REFUSED_OPTIONAL, 'field'],
    message: {
      nl: (p) => refused('nl', p) + (p.field ? ` (veld ${p.field})` : ''),
      en: (p) => refused('en', p) + (p.field ? ` (field ${p.field})` : ''),
    },
    hint: {
      nl: (p) => (p.field ? `verbeter ${p.field} bij de bron of in de mapping en verwerk opnieuw` : 'verbeter het document bij de bron of in de mapping en verwerk opnieuw'),
      en: (p) => (p.field ? `correct ${p.field} in the source or in the mapping, then retry` : 'correct the document in the source or in the mapping, then retry'),
    },
  }),
  EB_CODES_REFUSED: entry({
    example: { ...REFUSED, what: 'OpenSession', upstreamCode: 'E0001', said: 'Beveiligingscode onjuist' },
    optional: REFUSED_OPTIONAL,
    message: framed,
    hint: { nl: () => HINTS.codes.nl, en: () => HINTS.codes.en },
  }),
  EB_REFUSED_TOKEN_HINT: entry({
    example: { ...REFUSED, what: 'POST /v1/session', upstreamCode: 'SECURITY_003', said: 'Geen toegang' },
    optional: REFUSED_OPTIONAL,
    message: framed,
    hint: { nl: () => HINTS.token.nl, en: () => HINTS.token.en },
  }),
  EB_TOKEN_REFUSED: entry({
    example: { upstreamCode: 'API_SESSION_003', said: 'Token verlopen' },
    optional: ['upstreamCode', 'said'],
    message: {
      nl: (p) => `e-Boekhouden weigerde het API-token${p.upstreamCode ? ` (${p.upstreamCode})` : ''}${p.said !== undefined ? `: ${p.said || 'geen omschrijving'}` : ''}`,
      en: (p) => `e-Boekhouden refused the API token${p.upstreamCode ? ` (${p.upstreamCode})` : ''}${p.said !== undefined ? `: ${p.said || 'no description'}` : ''}`,
    },
    hint: { nl: () => HINTS.token.nl, en: () => HINTS.token.en },
  }),
  EB_TOKEN_REFUSED_HTTP: entry({
    example: { what: 'POST /v1/mutation' },
    message: {
      nl: (p) => `e-Boekhouden weigerde het API-token (HTTP 401 op ${p.what})`,
      en: (p) => `e-Boekhouden refused the API token (HTTP 401 on ${p.what})`,
    },
    hint: { nl: () => HINTS.token.nl, en: () => HINTS.token.en },
  }),
  EB_SOURCE_REFUSED: entry({
    example: { ...REFUSED, what: 'POST /v1/session', upstreamCode: 'API_SESSION_002', said: 'Source ongeldig' },
    optional: REFUSED_OPTIONAL,
    message: {
      nl: (p) => `${refused('nl', p)}; gebruik 1 tot 10 letters, cijfers of liggende streepjes`,
      en: (p) => `${refused('en', p)}; use 1 to 10 letters, digits or underscores`,
    },
  }),
  EB_SESSION_EXPIRED: entry({
    example: { operation: 'AddMutatie' },
    message: {
      nl: (p) => `de e-Boekhouden-sessie verliep en kon niet worden vernieuwd (${p.operation})`,
      en: (p) => `the e-Boekhouden session expired and could not be renewed (${p.operation})`,
    },
  }),
  EB_SOAP_FAULT: entry({
    example: { operation: 'AddMutatie', faultCode: 'soap:Client', said: 'Server was unable to read request' },
    message: {
      nl: (p) => `e-Boekhouden antwoordde op ${p.operation} met een SOAP-fout ${p.faultCode}: ${p.said}`,
      en: (p) => `e-Boekhouden answered ${p.operation} with a SOAP fault ${p.faultCode}: ${p.said}`,
    },
  }),
  EB_HTTP_STATUS: entry({
    example: { operation: 'AddMutatie', status: 502 },
    message: {
      nl: (p) => `e-Boekhouden antwoordde op ${p.operation} met HTTP ${p.status}`,
      en: (p) => `e-Boekhouden answered ${p.operation} with HTTP ${p.status}`,
    },
  }),
  EB_RATE_LIMITED: entry({
    example: { what: 'POST /v1/mutation', detail: 'Too many requests' },
    optional: ['detail'],
    message: {
      nl: (p) => `e-Boekhouden remde ${p.what} af (HTTP 429${p.detail !== undefined ? `: ${p.detail || 'geen omschrijving'}` : ''})`,
      en: (p) => `e-Boekhouden rate-limited ${p.what} (HTTP 429${p.detail !== undefined ? `: ${p.detail || 'no description'}` : ''})`,
    },
  }),
  EB_FAILED_UPSTREAM: entry({
    example: { what: 'POST /v1/mutation', status: 503, upstreamCode: 'SYS_001', detail: 'Onderhoud' },
    optional: ['upstreamCode', 'detail'],
    message: {
      nl: (p) => `e-Boekhouden faalde bij ${p.what} (HTTP ${p.status}${p.upstreamCode ? `, ${p.upstreamCode}` : ''}${p.detail !== undefined ? `: ${p.detail || 'geen omschrijving'}` : ''})`,
      en: (p) => `e-Boekhouden failed on ${p.what} (HTTP ${p.status}${p.upstreamCode ? `, ${p.upstreamCode}` : ''}${p.detail !== undefined ? `: ${p.detail || 'no description'}` : ''})`,
    },
    hint: {
      nl: () => 'een probleem aan de kant van e-Boekhouden; er gaat niets verloren, de volgende poging probeert het opnieuw',
      en: () => "a problem on e-Boekhouden's side; nothing is lost, the next attempt tries again",
    },
  }),
  EB_REST_NOT_JSON: entry({
    example: { what: 'POST /v1/mutation', document: 'invoice 2025-0042', status: 200, kind: 'html' },
    optional: ['document'],
    message: {
      nl: (p) =>
        p.kind === 'error-format'
          ? `e-Boekhouden antwoordde op ${p.what} met HTTP ${p.status} en een inhoud die niet zijn foutformaat is`
          : `e-Boekhouden antwoordde op ${p.what}${p.document ? ` voor ${p.document}` : ''} met ${{ html: 'een HTML-pagina', empty: 'een lege inhoud' }[p.kind] ?? 'een inhoud die geen volledige JSON is'} (HTTP ${p.status})`,
      en: (p) =>
        p.kind === 'error-format'
          ? `e-Boekhouden answered ${p.what} with HTTP ${p.status} and a body that is not its error format`
          : `e-Boekhouden answered ${p.what}${p.document ? ` for ${p.document}` : ''} with ${{ html: 'an HTML page', empty: 'an empty body' }[p.kind] ?? 'a body that is not complete JSON'} (HTTP ${p.status})`,
    },
    hint: {
      nl: (p) =>
        p.kind === 'error-format'
          ? 'iets tussen Koppelwerk en e-Boekhouden (een proxy, een firewall) antwoordde; daardoor werd niets geboekt, de volgende poging probeert het opnieuw'
          : 'het antwoord ging onderweg verloren; de volgende poging kijkt eerst of het document aankwam',
      en: (p) =>
        p.kind === 'error-format'
          ? 'something between Koppelwerk and e-Boekhouden (a proxy, a firewall) answered; nothing was booked by it, the next attempt tries again'
          : 'the answer was lost on the way; the next attempt first looks up whether the document arrived',
    },
  }),
  EB_SOAP_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://soap.e-boekhouden.nl/soap.asmx', onServicePath: 'yes' },
    message: {
      nl: (p) =>
        p.onServicePath === 'yes'
          ? `daar is geen e-Boekhouden SOAP-dienst; het endpoint moet ${p.endpoint} zijn, of de \`endpoint\`-regel van \`koppelwerk simulate eboekhouden\``
          : `het endpoint moet eindigen op /soap.asmx (${p.endpoint}, of de \`endpoint\`-regel van \`koppelwerk simulate eboekhouden\`)`,
      en: (p) =>
        p.onServicePath === 'yes'
          ? `no e-Boekhouden SOAP service there; the endpoint should be ${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate eboekhouden\``
          : `the endpoint should end in /soap.asmx (${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate eboekhouden\`)`,
    },
  }),
  EB_REST_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://api.e-boekhouden.nl' },
    message: {
      nl: (p) => `daar is geen e-Boekhouden REST-API; het endpoint moet het adres van de API zijn zonder pad (${p.endpoint}, of de url die \`koppelwerk simulate eboekhouden --api rest\` toont)`,
      en: (p) => `no e-Boekhouden REST API there; the endpoint should be the API's address without a path (${p.endpoint}, or the url \`koppelwerk simulate eboekhouden --api rest\` prints)`,
    },
  }),
};
