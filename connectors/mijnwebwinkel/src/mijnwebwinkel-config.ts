/** The connector's settings: one zod schema gives the type, the validation, the JSON Schema and what to redact. */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://api.myonlinestore.com';

export const mijnwebwinkelConfigSchema = z
  .object({
    /** The shop token: Mijnwebwinkel → Instellingen → API → Token toevoegen, then "Toon token". */
    token: secret(z.string().trim().min(1, 'the shop token is required (Instellingen > API > Token toevoegen > Toon token)')),
    /** The partner token of this integration, issued to registered partner apps. */
    partner_token: secret(z.string().trim().min(1, 'the partner token is required')),
    /** API base URL without the version; the simulator's URL in a demo. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Status descriptions (as in /orderstatuses) whose orders are booked. */
    bookedStatuses: z.array(z.string().trim().min(1)).min(1).default(['Betaald', 'Verzonden', 'Afgehaald']),
    /** Orders per page (the API allows at most 100). */
    pageSize: z.number().int().min(1).max(100).default(100),
    /** Orders whose status changed this long before the previous run started are read again (and deduplicated). */
    overlapMinutes: z.number().int().min(0).max(1440).default(10),
    /** First run only: read orders whose status changed on or after this day (default: all). */
    startDate: z.iso.date().optional(),
    /** Language of status descriptions. */
    language: z.string().regex(/^[a-z]{2}_[A-Z]{2}$/).default('nl_NL'),
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
  })
  .strict();

export type MijnwebwinkelConfig = z.output<typeof mijnwebwinkelConfigSchema>;
export const MijnwebwinkelConfig = Symbol.for('koppelwerk.mijnwebwinkel.Config');

/** The connector's logger (already a child with the connector id). */
export const MijnwebwinkelLogger = Symbol.for('koppelwerk.mijnwebwinkel.Logger');
/** The tenant's redactor, for upstream texts that might echo a token. */
export const MijnwebwinkelRedactor = Symbol.for('koppelwerk.mijnwebwinkel.Redactor');

/** The simulator's demo login, keys as the real API names them: the manifest's example config, and what the simulator accepts unless told otherwise. */
export const MIJNWEBWINKEL_DEMO_CREDENTIALS = Object.freeze({
  token: 'demo-shop-token-7f3a9c',
  partner_token: 'demo-partner-token-51e0b2',
});
