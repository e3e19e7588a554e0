/** The connector's settings: one zod schema gives the type, the validation, the JSON Schema and what to redact. */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

/** The API lives under `<endpoint>/api/v1`. */
export const DEFAULT_ENDPOINT = 'https://www.factuursturen.nl';

const USERNAME_REQUIRED = 'the FactuurSturen username is required (the name you log in with)';
const API_KEY_REQUIRED = 'the API key is required (FactuurSturen: Instellingen > Verbindingen > Maak API sleutel)';

export const factuursturenConfigSchema = z
  .object({
    /** The FactuurSturen login name (the username you sign in with). */
    username: z.string({ error: USERNAME_REQUIRED }).trim().min(1, USERNAME_REQUIRED),
    /** The API key: FactuurSturen → Instellingen → Verbindingen → "Maak API sleutel". */
    apiKey: secret(z.string({ error: API_KEY_REQUIRED }).trim().min(1, API_KEY_REQUIRED)),
    /** API base URL without `/api/v1`; the simulator's URL in a demo. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Also read purchase invoices (provisional contract, see the connector's doc). */
    purchaseInvoices: z.boolean().default(true),
    /** Invoices per page. */
    pageSize: z.number().int().min(1).max(500).default(100),
    /** Invoices dated this many days before the previous run's day are listed again (and deduplicated). */
    overlapDays: z.number().int().min(1).max(60).default(7),
    /** First run only: read invoices dated on or after this day (default: all). */
    startDate: z.iso.date().optional(),
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
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
