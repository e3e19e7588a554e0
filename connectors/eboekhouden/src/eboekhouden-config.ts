/**
 * The sink's settings: one zod schema gives the type, the validation, the JSON Schema and which
 * fields are secrets. `api` picks the transport: `soap` (username and security codes) or `rest`
 * (an API token). Credentials are checked for shape before any call is made, and every problem is
 * listed in one pass, those of the chosen API included. Each field has its label and help in Dutch
 * and English (`labelled`), each message of ours both texts (`bilingual`), for the dashboard's form.
 */
import { bilingual, COMMON_FIELD_TEXTS, labelled, localized, secret, type Bilingual } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://soap.e-boekhouden.nl/soap.asmx';
/** Where the SOAP service answers under its host (the real one and the simulator). */
export const SOAP_PATH = '/soap.asmx';
export const DEFAULT_REST_ENDPOINT = 'https://api.e-boekhouden.nl';
/** What `Source` says on OpenSession (SOAP) and `source` on POST /v1/session (REST): identifies Koppelwerk. */
export const SESSION_SOURCE = 'Koppelwerk';

const WHERE_CODES: Bilingual = {
  en: 'in e-Boekhouden under Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP',
  nl: 'in e-Boekhouden onder Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP',
};
export const WHERE_TOKEN: Bilingual = {
  en: 'in e-Boekhouden under Beheer > Inrichting > Koppelingen > API',
  nl: 'in e-Boekhouden onder Beheer > Inrichting > Koppelingen > API',
};

/** What the settings say when they are wrong, in both languages (the CLI's English, the dashboard's Dutch). */
const MESSAGES = {
  usernameTooShort: {
    en:
      'the e-Boekhouden username must be at least 6 characters: shorter usernames break the API connection. ' +
      'Create a longer login under Beheer > Uw account > Gebruikers > Toevoegen and use that one here',
    nl:
      'de gebruikersnaam van e-Boekhouden moet minstens 6 tekens hebben: met een kortere gebruikersnaam werkt de koppeling niet. ' +
      'Maak een langere login aan onder Beheer > Uw account > Gebruikers > Toevoegen en gebruik die hier',
  },
  securityCode1: {
    en: `security code 1 must be the 32-character code shown ${WHERE_CODES.en}`,
    nl: `beveiligingscode 1 moet de code van 32 tekens zijn die staat ${WHERE_CODES.nl}`,
  },
  securityCode2: {
    en: `security code 2 must be the code of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX shown ${WHERE_CODES.en}`,
    nl: `beveiligingscode 2 moet de code van de vorm XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX zijn die staat ${WHERE_CODES.nl}`,
  },
  tokenEmpty: { en: `the API token is empty; create one ${WHERE_TOKEN.en}`, nl: `het API-token is leeg; maak er een aan ${WHERE_TOKEN.nl}` },
  tokenSpaces: {
    en: `the API token has spaces or line breaks in it; copy it again from ${WHERE_TOKEN.en}`,
    nl: `het API-token bevat spaties of regeleinden; kopieer het opnieuw ${WHERE_TOKEN.nl}`,
  },
  source: { en: 'source must be 1 to 10 letters, digits or underscores', nl: 'de naam van de koppeling moet 1 tot 10 letters, cijfers of liggende streepjes zijn' },
  endpoint: { en: 'endpoint must be an http(s) URL', nl: 'het adres moet een http(s)-URL zijn' },
  maxCallsPerSecond: { en: 'maxCallsPerSecond must be at least 1', nl: 'het aantal aanroepen per seconde moet minstens 1 zijn' },
  restRequired: { en: `is required with api: rest; create an API token ${WHERE_TOKEN.en}`, nl: `is verplicht bij api: rest; maak een API-token aan ${WHERE_TOKEN.nl}` },
  soapRequired: { en: `is required with api: soap; copy it ${WHERE_CODES.en}`, nl: `is verplicht bij api: soap; kopieer het ${WHERE_CODES.nl}` },
  administrationIsSoap: {
    en: 'is for the SOAP API; an API token belongs to one administration: create the token in that administration',
    nl: 'hoort bij de SOAP-API; een API-token hoort bij één administratie: maak het token aan in die administratie',
  },
  restOnly: { en: 'is for the REST API (api: rest)', nl: 'hoort bij de REST-API (api: rest)' },
} satisfies Record<string, Bilingual>;

export const eboekhoudenConfigSchema = z
  .object({
    /** Which of e-Boekhouden's APIs to book through. */
    api: labelled(z.enum(['soap', 'rest']).default('soap'), {
      nl: {
        label: 'Soort koppeling',
        help: 'SOAP: met de gebruikersnaam en beveiligingscode 1 en 2. REST: met een API-token.',
        options: { soap: 'SOAP (gebruikersnaam en beveiligingscodes)', rest: 'REST (API-token)' },
      },
      en: {
        label: 'API',
        help: 'soap: username and security codes; rest: an API token',
        options: { soap: 'SOAP (username and security codes)', rest: 'REST (API token)' },
      },
    }),
    username: labelled(z.string().trim().min(6, bilingual(MESSAGES.usernameTooShort)).optional(), {
      nl: { label: 'Gebruikersnaam', help: `Alleen bij SOAP: de gebruikersnaam van de API/SOAP-koppeling, ${WHERE_CODES.nl}. Minstens 6 tekens.` },
      en: { label: 'Username', help: `SOAP only: the API/SOAP username, ${WHERE_CODES.en}. At least 6 characters.` },
    }),
    securityCode1: labelled(secret(z.string().trim().regex(/^[0-9a-fA-F]{32}$/, bilingual(MESSAGES.securityCode1))).optional(), {
      nl: { label: 'Beveiligingscode 1', help: `Alleen bij SOAP: de code van 32 tekens ${WHERE_CODES.nl}. Verandert mee als het wachtwoord verandert.` },
      en: { label: 'Security code 1', help: `SOAP only: Beveiligingscode 1, the 32-character code ${WHERE_CODES.en}. It changes whenever the password changes.` },
    }),
    securityCode2: labelled(
      secret(z.string().trim().regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, bilingual(MESSAGES.securityCode2))).optional(),
      {
        nl: { label: 'Beveiligingscode 2', help: `Alleen bij SOAP: de code van de vorm XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX ${WHERE_CODES.nl}.` },
        en: { label: 'Security code 2', help: `SOAP only: Beveiligingscode 2, the code of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX ${WHERE_CODES.en}.` },
      },
    ),
    /** For accountants with several administrations: its name (Bedrijf) or its GUID. */
    administration: labelled(z.string().trim().min(1).optional(), {
      nl: { label: 'Administratie', help: 'Alleen bij SOAP, voor boekhouders met meer administraties: de naam (Bedrijf) of de GUID van de administratie. Leeg: de administratie van de login.' },
      en: { label: 'Administration', help: "SOAP only, for accountants with several administrations: its name (Bedrijf) or its GUID. Empty: the login's administration." },
    }),
    /** The REST API token (it belongs to one administration). */
    accessToken: labelled(secret(z.string().trim().min(1, bilingual(MESSAGES.tokenEmpty)).regex(/^\S+$/, bilingual(MESSAGES.tokenSpaces))).optional(), {
      nl: { label: 'API-token', help: `Alleen bij REST: het API-token, te maken ${WHERE_TOKEN.nl}. Het hoort bij één administratie.` },
      en: { label: 'API token', help: `REST only: the API token, created ${WHERE_TOKEN.en}. It belongs to one administration.` },
    }),
    /** What the REST session says it is (`source`); default Koppelwerk. */
    source: labelled(z.string().regex(/^\w{1,10}$/, bilingual(MESSAGES.source)).optional(), {
      nl: { label: 'Naam van de koppeling', help: 'Alleen bij REST: hoe de sessie deze koppeling bij e-Boekhouden noemt; 1 tot 10 letters, cijfers of liggende streepjes (standaard Koppelwerk).' },
      en: { label: 'Integration name', help: 'REST only: how the session names this integration to e-Boekhouden; 1 to 10 letters, digits or underscores (default Koppelwerk).' },
    }),
    /** REST: book every row and invoice line on this cost centre (its description in e-Boekhouden). */
    costCenter: labelled(z.string().trim().min(1).optional(), {
      nl: { label: 'Kostenplaats', help: 'Alleen bij REST: de kostenplaats (haar omschrijving in e-Boekhouden) waarop elke regel geboekt wordt. Leeg: geen kostenplaats.' },
      en: { label: 'Cost centre', help: 'REST only: the cost centre (its description in e-Boekhouden) every row is booked on. Empty: none.' },
    }),
    /** Override for tests and the simulator; defaults to the real https endpoint of the chosen API. */
    endpoint: labelled(z.url({ protocol: /^https?$/, ...bilingual(MESSAGES.endpoint) }).optional(), COMMON_FIELD_TEXTS.endpoint),
    /** Per-call timeout in milliseconds. */
    timeoutMs: labelled(z.number().int().min(1000).max(300_000).optional(), {
      nl: { label: 'Wachttijd per aanroep (milliseconden)', help: 'Zo lang wacht Koppelwerk op één antwoord van e-Boekhouden (1000 tot 300000); daarna volgt later een nieuwe poging.' },
      en: { label: 'Timeout per call (milliseconds)', help: 'How long Koppelwerk waits for one answer from e-Boekhouden (1000 to 300000); after that it tries again later.' },
    }),
    /**
     * At most this many calls to e-Boekhouden start in any second, for this administration: shared by
     * every tenant of one process (daemon) that uses the same login. Unset: no limit.
     */
    maxCallsPerSecond: labelled(z.number().int().min(1, bilingual(MESSAGES.maxCallsPerSecond)).max(1000).optional(), {
      nl: { label: 'Aanroepen per seconde (hoogstens)', help: 'Hoogstens zoveel aanroepen per seconde naar deze administratie, samen voor alle koppelingen in één proces met dezelfde login. Leeg: geen grens.' },
      en: { label: 'Calls per second (at most)', help: 'At most this many calls per second to this administration, shared by every tenant of one process with the same login. Empty: no limit.' },
    }),
  })
  .strict()
  .superRefine((settings, ctx) => {
    // Runs next to the field checks above, so a file with several problems hears of all of them at once.
    if (settings.api === 'rest') {
      if (settings.accessToken === undefined) {
        ctx.addIssue({ code: 'custom', path: ['accessToken'], message: localized(MESSAGES.restRequired) });
      }
      if (settings.administration !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['administration'], message: localized(MESSAGES.administrationIsSoap) });
      }
      return;
    }
    if (settings.api !== 'soap') return;
    for (const field of ['username', 'securityCode1', 'securityCode2'] as const) {
      if (settings[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: localized(MESSAGES.soapRequired) });
    }
    for (const field of ['source', 'costCenter'] as const) {
      if (settings[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: localized(MESSAGES.restOnly) });
    }
  });

export type EboekhoudenConfig = z.output<typeof eboekhoudenConfigSchema>;
export type EboekhoudenConfigInput = z.input<typeof eboekhoudenConfigSchema>;

/** The settings the SOAP transport reads: the login is there (the schema required it). */
export type SoapSettings = EboekhoudenConfig & { api: 'soap'; username: string; securityCode1: string; securityCode2: string };
/** The settings the REST transport reads. */
export type RestSettings = EboekhoudenConfig & { api: 'rest'; accessToken: string };

/** Where a person finds the codes, for hints. */
export const CODES_HINT =
  `e-Boekhouden changes both security codes whenever the password changes: copy the username and the new codes from ${WHERE_CODES.en}, ` +
  'save them in the tenant config, then retry the documents that failed meanwhile (koppelwerk errors / retry)';

/** Where a person gets a new API token, for hints. */
export const TOKEN_HINT =
  `create a new API token ${WHERE_TOKEN.en}, save it in the tenant config (accessToken), ` +
  'then retry the documents that failed meanwhile (koppelwerk errors / retry)';

/**
 * The simulator's demo login (SOAP), in the settings' terms: the manifest's example config, and the
 * login the simulator accepts unless its seed names others.
 */
export const EBOEKHOUDEN_DEMO_CREDENTIALS = Object.freeze({
  username: 'demo.koppelwerk',
  securityCode1: '5f2b8c1d9e3a4b6c7d8e9f0a1b2c3d4e',
  securityCode2: 'C0FFEE00-1234-4ABC-9DEF-0123456789AB',
});
