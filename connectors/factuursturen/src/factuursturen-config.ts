/**
 * The connector's settings: one zod schema gives the type, the validation, the JSON Schema, what to
 * redact and the settings form (each field's label and help in Dutch and English).
 */
import { bilingual, COMMON_FIELD_TEXTS, labelled, secret, type Bilingual } from '@koppelwerk/core';
import { z } from 'zod';

/** The API lives under `<endpoint>/api/v1`. */
export const DEFAULT_ENDPOINT = 'https://www.factuursturen.nl';

const USERNAME_REQUIRED: Bilingual = {
  en: 'the FactuurSturen username is required (the name you log in with)',
  nl: 'de gebruikersnaam van FactuurSturen is verplicht (de naam waarmee u inlogt)',
};
const API_KEY_REQUIRED: Bilingual = {
  en: 'the API key is required (FactuurSturen: Instellingen > Verbindingen > Maak API sleutel)',
  nl: 'de API-sleutel is verplicht (FactuurSturen: Instellingen > Verbindingen > Maak API sleutel)',
};

export const factuursturenConfigSchema = z
  .object({
    /** The FactuurSturen login name (the username you sign in with). */
    username: labelled(z.string(bilingual(USERNAME_REQUIRED)).trim().min(1, bilingual(USERNAME_REQUIRED)), {
      nl: { label: 'Gebruikersnaam', help: 'De naam waarmee u inlogt bij FactuurSturen.' },
      en: { label: 'Username', help: 'The name you sign in to FactuurSturen with.' },
    }),
    /** The API key: FactuurSturen → Instellingen → Verbindingen → "Maak API sleutel". */
    apiKey: labelled(secret(z.string(bilingual(API_KEY_REQUIRED)).trim().min(1, bilingual(API_KEY_REQUIRED))), {
      nl: { label: 'API-sleutel', help: 'Te maken in FactuurSturen onder Instellingen > Verbindingen > Maak API sleutel.' },
      en: { label: 'API key', help: 'Created in FactuurSturen under Instellingen > Verbindingen > Maak API sleutel.' },
    }),
    /** API base URL without `/api/v1`; the simulator's URL in a demo. */
    endpoint: labelled(z.url({ protocol: /^https?$/ }).optional(), COMMON_FIELD_TEXTS.endpoint),
    /** Also read purchase invoices (provisional contract, see the connector's doc). */
    purchaseInvoices: labelled(z.boolean().default(true), {
      nl: { label: 'Ook inkoopfacturen', help: 'Naast de verkoopfacturen ook de inkoopfacturen uit FactuurSturen boeken.' },
      en: { label: 'Purchase invoices too', help: 'Book the purchase invoices from FactuurSturen as well as the sales invoices.' },
    }),
    /** Invoices per page. */
    pageSize: labelled(z.number().int().min(1).max(500).default(100), {
      nl: { label: 'Facturen per pagina', help: 'Zoveel facturen haalt één aanroep op (1 tot 500).' },
      en: { label: 'Invoices per page', help: 'How many invoices one call fetches (1 to 500).' },
    }),
    /** Invoices dated this many days before the previous run's day are listed again (and deduplicated). */
    overlapDays: labelled(z.number().int().min(1).max(60).default(7), {
      nl: { label: 'Overlap (dagen)', help: 'Facturen tot zoveel dagen vóór de dag van de vorige verwerking worden opnieuw bekeken; wat al geboekt is, wordt overgeslagen.' },
      en: { label: 'Overlap (days)', help: "Invoices dated up to this many days before the previous run's day are looked at again; what is booked already is skipped." },
    }),
    /** First run only: read invoices dated on or after this day (default: all). */
    startDate: labelled(z.iso.date().optional(), {
      nl: { label: 'Begindatum', help: 'Alleen bij de eerste verwerking: facturen van deze dag of later (JJJJ-MM-DD). Leeg: alle facturen.' },
      en: { label: 'Start date', help: 'First run only: invoices dated on or after this day (YYYY-MM-DD). Empty: all invoices.' },
    }),
    timeoutSeconds: labelled(z.number().int().min(1).max(300).default(30), COMMON_FIELD_TEXTS.timeoutSeconds),
  })
  .strict();

export type FactuursturenConfig = z.output<typeof factuursturenConfigSchema>;
export const FactuursturenConfig = Symbol.for('koppelwerk.factuursturen.Config');

/** The connector's logger (already a child with the connector id). */
export const FactuursturenLogger = Symbol.for('koppelwerk.factuursturen.Logger');
/** The tenant's redactor, for upstream texts that might echo a credential. */
export const FactuursturenRedactor = Symbol.for('koppelwerk.factuursturen.Redactor');

/** The simulator's demo login, keys as the real API names them: the manifest's example config, and what the simulator accepts unless told otherwise. */
export const FACTUURSTUREN_DEMO_CREDENTIALS = Object.freeze({
  username: 'demo-bedrijf',
  apiKey: 'demo-api-key-4c1d8e27b9',
});
