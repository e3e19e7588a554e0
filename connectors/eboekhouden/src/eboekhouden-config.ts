/**
 * The sink's settings: one zod schema gives the type, the validation, the JSON Schema and which
 * fields are secrets. `api` picks the transport: `soap` (username and security codes) or `rest`
 * (an API token). Credentials are checked for shape before any call is made, and every problem is
 * listed in one pass, those of the chosen API included.
 */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://soap.e-boekhouden.nl/soap.asmx';
/** Where the SOAP service answers under its host (the real one and the simulator). */
export const SOAP_PATH = '/soap.asmx';
export const DEFAULT_REST_ENDPOINT = 'https://api.e-boekhouden.nl';
/** What `Source` says on OpenSession (SOAP) and `source` on POST /v1/session (REST): identifies Koppelwerk. */
export const SESSION_SOURCE = 'Koppelwerk';

const WHERE_CODES = 'in e-Boekhouden under Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP';
export const WHERE_TOKEN = 'in e-Boekhouden under Beheer > Inrichting > Koppelingen > API';

export const eboekhoudenConfigSchema = z
  .object({
    /** Which of e-Boekhouden's APIs to book through. */
    api: z.enum(['soap', 'rest']).default('soap').describe('soap: username and security codes; rest: an API token'),
    username: z
      .string()
      .trim()
      .min(
        6,
        'the e-Boekhouden username must be at least 6 characters: shorter usernames break the API connection. ' +
          'Create a longer login under Beheer > Uw account > Gebruikers > Toevoegen and use that one here',
      )
      .optional()
      .describe('SOAP: the API/SOAP username'),
    securityCode1: secret(
      z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{32}$/, `security code 1 must be the 32-character code shown ${WHERE_CODES}`),
    )
      .optional()
      .describe('SOAP: Beveiligingscode 1'),
    securityCode2: secret(
      z
        .string()
        .trim()
        .regex(
          /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/,
          `security code 2 must be the code of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX shown ${WHERE_CODES}`,
        ),
    )
      .optional()
      .describe('SOAP: Beveiligingscode 2'),
    /** For accountants with several administrations: its name (Bedrijf) or its GUID. */
    administration: z.string().trim().min(1).optional().describe('SOAP: for accountants, the administration name or GUID'),
    /** The REST API token (it belongs to one administration). */
    accessToken: secret(
      z
        .string()
        .trim()
        .min(1, `the API token is empty; create one ${WHERE_TOKEN}`)
        .regex(/^\S+$/, `the API token has spaces or line breaks in it; copy it again from ${WHERE_TOKEN}`),
    )
      .optional()
      .describe('REST: the API token'),
    /** What the REST session says it is (`source`); default Koppelwerk. */
    source: z
      .string()
      .regex(/^\w{1,10}$/, 'source must be 1 to 10 letters, digits or underscores')
      .optional()
      .describe('REST: how the session names this integration (default Koppelwerk)'),
    /** REST: book every row and invoice line on this cost centre (its description in e-Boekhouden). */
    costCenter: z.string().trim().min(1).optional().describe('REST: the cost centre (its description) every row is booked on'),
    /** Override for tests and the simulator; defaults to the real https endpoint of the chosen API. */
    endpoint: z.url({ protocol: /^https?$/, message: 'endpoint must be an http(s) URL' }).optional(),
    /** Per-call timeout in milliseconds. */
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    /**
     * At most this many calls to e-Boekhouden start in any second, for this administration: shared by
     * every tenant of one process (daemon) that uses the same login. Unset: no limit.
     */
    maxCallsPerSecond: z.number().int().min(1, 'maxCallsPerSecond must be at least 1').max(1000).optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    // Runs next to the field checks above, so a file with several problems hears of all of them at once.
    if (settings.api === 'rest') {
      if (settings.accessToken === undefined) {
        ctx.addIssue({ code: 'custom', path: ['accessToken'], message: `is required with api: rest; create an API token ${WHERE_TOKEN}` });
      }
      if (settings.administration !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['administration'], message: 'is for the SOAP API; an API token belongs to one administration: create the token in that administration' });
      }
      return;
    }
    if (settings.api !== 'soap') return;
    for (const field of ['username', 'securityCode1', 'securityCode2'] as const) {
      if (settings[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required with api: soap; copy it ${WHERE_CODES}` });
    }
    for (const field of ['source', 'costCenter'] as const) {
      if (settings[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is for the REST API (api: rest)' });
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
  `e-Boekhouden changes both security codes whenever the password changes: copy the username and the new codes from ${WHERE_CODES}, ` +
  'save them in the tenant config, then retry the documents that failed meanwhile (koppelwerk errors / retry)';

/** Where a person gets a new API token, for hints. */
export const TOKEN_HINT =
  `create a new API token ${WHERE_TOKEN}, save it in the tenant config (accessToken), ` +
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
