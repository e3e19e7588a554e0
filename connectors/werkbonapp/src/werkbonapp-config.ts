/** The connector's settings: one zod schema gives the type, the validation, the JSON Schema and what to redact. */
import { secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://www.werkbonapp.nl';
export const DEFAULT_WORK_STATUS = '1 naar E-boekhouden';

export const werkbonappConfigSchema = z
  .object({
    /** The customer token: WerkbonApp → Start → ERP/CRM → Overzicht, after choosing e-Boekhouden. */
    token: secret(z.string().trim().min(1, 'the customer token is required (WerkbonApp: Start > ERP/CRM > Overzicht)')),
    /** The software token WerkbonApp issued to this integration. */
    software_token: secret(z.string().trim().min(1, 'the software token of this integration is required')),
    /** Host without `/openapi`; the simulator's URL in a demo. */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** OPENApi version in the path. */
    apiVersion: z.number().int().min(7).max(99).default(8),
    /** Export direction: completed work orders become invoices in e-Boekhouden. */
    export: z
      .object({
        enabled: z.boolean().default(true),
        /** Work status (code, name or "code name", as in WerkbonApp) of the work orders to invoice. */
        workStatus: z.string().trim().min(1).default(DEFAULT_WORK_STATUS),
        /** VAT rate (percent) for materials that are no article in e-Boekhouden; leave out to refuse them. */
        materialVatRate: z.enum(['0', '9', '21']).optional(),
      })
      .strict()
      .prefault({}),
    /** Import direction: what goes from e-Boekhouden into WerkbonApp. */
    import: z
      .object({
        relations: z.boolean().default(true),
        materials: z.boolean().default(true),
        hourTypes: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** GetWorkorders returns everything at once and can be slow. */
    timeoutSeconds: z.number().int().min(1).max(900).default(300),
  })
  .strict();

export type WerkbonappConfig = z.output<typeof werkbonappConfigSchema>;
export const WerkbonappConfig = Symbol.for('koppelwerk.werkbonapp.Config');

/** The connector's logger (already a child with the connector id). */
export const WerkbonappLogger = Symbol.for('koppelwerk.werkbonapp.Logger');
/** The tenant's redactor, for upstream texts that might echo a token. */
export const WerkbonappRedactor = Symbol.for('koppelwerk.werkbonapp.Redactor');

/** The simulator's demo login, keys as the real API names them: the manifest's example config, and what the simulator accepts unless told otherwise. */
export const WERKBONAPP_DEMO_CREDENTIALS = Object.freeze({
  token: 'demo-customer-token-4c81e2a9',
  software_token: 'demo-software-token-b7d350f1',
});
