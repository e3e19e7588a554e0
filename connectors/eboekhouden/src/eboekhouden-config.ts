/**
 * The sink's settings: one zod schema gives the type, the validation, the JSON Schema and which
 * fields are secrets. Credentials are checked for shape before any call is made.
 */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://soap.e-boekhouden.nl/soap.asmx';
/** What `Source` says on OpenSession: identifies Koppelwerk to e-Boekhouden. */
export const SESSION_SOURCE = 'Koppelwerk';

const WHERE_CODES = 'in e-Boekhouden under Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP';

export const eboekhoudenConfigSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(
        6,
        'the e-Boekhouden username must be at least 6 characters: shorter usernames break the API connection. ' +
          'Create a longer login under Beheer > Uw account > Gebruikers > Toevoegen and use that one here',
      ),
    securityCode1: secret(
      z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{32}$/, `security code 1 must be the 32-character code shown ${WHERE_CODES}`),
    ),
    securityCode2: secret(
      z
        .string()
        .trim()
        .regex(
          /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/,
          `security code 2 must be the code of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX shown ${WHERE_CODES}`,
        ),
    ),
    /** For accountants with several administrations: its name (Bedrijf) or its GUID. */
    administration: z.string().trim().min(1).optional(),
    /** Override for tests and the simulator; defaults to the real https endpoint. */
    endpoint: z.url({ protocol: /^https?$/, message: 'endpoint must be an http(s) URL' }).optional(),
    /** Per-call timeout in milliseconds. */
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    /**
     * At most this many calls to e-Boekhouden start in any second, for this administration: shared by
     * every tenant of one process (daemon) that uses the same login. Unset: no limit.
     */
    maxCallsPerSecond: z.number().int().min(1, 'maxCallsPerSecond must be at least 1').max(1000).optional(),
  })
  .strict();

export type EboekhoudenConfig = z.output<typeof eboekhoudenConfigSchema>;
export type EboekhoudenConfigInput = z.input<typeof eboekhoudenConfigSchema>;

/** Where a person finds the codes, for hints. */
export const CODES_HINT =
  `e-Boekhouden changes both security codes whenever the password changes: copy the username and the new codes from ${WHERE_CODES}, ` +
  'save them in the tenant config, then retry the documents that failed meanwhile (koppelwerk errors / retry)';
