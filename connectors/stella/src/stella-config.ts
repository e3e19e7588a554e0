/** The connector's settings: one zod schema gives the type, the validation, the JSON Schema and what to redact. */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

/** PROVISIONAL: Stella publishes no API; see docs/connectors/stella.md. */
export const DEFAULT_ENDPOINT = 'https://api.stellahq.com';

export const stellaConfigSchema = z
  .object({
    /** The API key Stella issues for this integration (provisional contract). */
    api_key: secret(z.string().trim().min(1, 'the Stella API key is required')),
    /** API base URL without the version; the simulator's URL in a demo. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Invoices per page (at most 100). */
    pageSize: z.number().int().min(1).max(100).default(50),
    /** Invoices changed this long before the previous run started are read again (and deduplicated). */
    overlapMinutes: z.number().int().min(0).max(1440).default(10),
    /** First run only: read invoices changed on or after this day (default: all). */
    startDate: z.iso.date().optional(),
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
  })
  .strict();

export type StellaConfig = z.output<typeof stellaConfigSchema>;
export const StellaConfig = Symbol.for('koppelwerk.stella.Config');

/** The connector's logger (already a child with the connector id). */
export const StellaLogger = Symbol.for('koppelwerk.stella.Logger');
/** The tenant's redactor, for upstream texts that might echo the key. */
export const StellaRedactor = Symbol.for('koppelwerk.stella.Redactor');

/** The simulator's demo login, keys as the real API names them: the manifest's example config, and what the simulator accepts unless told otherwise. */
export const STELLA_DEMO_CREDENTIALS = Object.freeze({ api_key: 'demo-stella-key-9a7c31e5' });
