/**
 * The connector's settings: one zod schema gives the type, the validation, the JSON Schema, what to
 * redact and the settings form (each field's label and help in Dutch and English).
 */
import { bilingual, COMMON_FIELD_TEXTS, labelled, secret } from '@koppelwerk/core';
import { z } from 'zod';

/** PROVISIONAL: Stella publishes no API; see docs/connectors/stella.md. */
export const DEFAULT_ENDPOINT = 'https://api.stellahq.com';

export const stellaConfigSchema = z
  .object({
    /** The API key Stella issues for this integration (provisional contract). */
    api_key: labelled(secret(z.string().trim().min(1, bilingual({ en: 'the Stella API key is required', nl: 'de API-sleutel van Stella is verplicht' }))), {
      nl: { label: 'API-sleutel', help: 'De sleutel die Stella voor deze koppeling uitgeeft.' },
      en: { label: 'API key', help: 'The key Stella issues for this integration.' },
    }),
    /** API base URL without the version; the simulator's URL in a demo. */
    endpoint: labelled(z.url({ protocol: /^https?$/ }).optional(), COMMON_FIELD_TEXTS.endpoint),
    /** Invoices per page (at most 100). */
    pageSize: labelled(z.number().int().min(1).max(100).default(50), {
      nl: { label: 'Facturen per pagina', help: 'Zoveel facturen haalt één aanroep op (hoogstens 100).' },
      en: { label: 'Invoices per page', help: 'How many invoices one call fetches (at most 100).' },
    }),
    /** Invoices changed this long before the previous run started are read again (and deduplicated). */
    overlapMinutes: labelled(z.number().int().min(0).max(1440).default(10), {
      nl: { label: 'Overlap (minuten)', help: 'Facturen die tot zoveel minuten vóór de vorige verwerking veranderden, worden opnieuw bekeken; wat al geboekt is, wordt overgeslagen.' },
      en: { label: 'Overlap (minutes)', help: 'Invoices changed up to this many minutes before the previous run are looked at again; what is booked already is skipped.' },
    }),
    /** First run only: read invoices changed on or after this day (default: all). */
    startDate: labelled(z.iso.date().optional(), {
      nl: { label: 'Begindatum', help: 'Alleen bij de eerste verwerking: facturen die op of na deze dag veranderden (JJJJ-MM-DD). Leeg: alle facturen.' },
      en: { label: 'Start date', help: 'First run only: invoices changed on or after this day (YYYY-MM-DD). Empty: all invoices.' },
    }),
    timeoutSeconds: labelled(z.number().int().min(1).max(300).default(30), COMMON_FIELD_TEXTS.timeoutSeconds),
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
