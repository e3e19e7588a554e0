/**
 * The connector's settings: one zod schema gives the type, the validation, the JSON Schema, what to
 * redact and the settings form (each field's label and help in Dutch and English).
 */
import { bilingual, COMMON_FIELD_TEXTS, labelled, secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://www.werkbonapp.nl';
export const DEFAULT_WORK_STATUS = '1 naar E-boekhouden';

export const werkbonappConfigSchema = z
  .object({
    /** The customer token: WerkbonApp → Start → ERP/CRM → Overzicht, after choosing e-Boekhouden. */
    token: labelled(
      secret(
        z
          .string()
          .trim()
          .min(
            1,
            bilingual({
              en: 'the customer token is required (WerkbonApp: Start > ERP/CRM > Overzicht)',
              nl: 'het klanttoken is verplicht (WerkbonApp: Start > ERP/CRM > Overzicht)',
            }),
          ),
      ),
      {
        nl: { label: 'Klanttoken', help: 'In WerkbonApp onder Start > ERP/CRM > Overzicht, na het kiezen van e-Boekhouden.' },
        en: { label: 'Customer token', help: 'In WerkbonApp under Start > ERP/CRM > Overzicht, after choosing e-Boekhouden.' },
      },
    ),
    /** The software token WerkbonApp issued to this integration. */
    software_token: labelled(
      secret(z.string().trim().min(1, bilingual({ en: 'the software token of this integration is required', nl: 'het softwaretoken van deze koppeling is verplicht' }))),
      {
        nl: { label: 'Softwaretoken', help: 'Het token dat WerkbonApp aan deze koppeling gaf.' },
        en: { label: 'Software token', help: 'The token WerkbonApp issued to this integration.' },
      },
    ),
    /** Host without `/openapi`; the simulator's URL in a demo. */
    endpoint: labelled(z.url({ protocol: /^https?$/ }).optional(), COMMON_FIELD_TEXTS.endpoint),
    /** OPENApi version in the path. */
    apiVersion: labelled(z.number().int().min(7).max(99).default(8), {
      nl: { label: 'Versie van OPENApi', help: 'De versie van de WerkbonApp-API in het adres (standaard 8).' },
      en: { label: 'OPENApi version', help: "The version of WerkbonApp's API in its address (default 8)." },
    }),
    /** Export direction: completed work orders become invoices in e-Boekhouden. */
    export: labelled(
      z
        .object({
          enabled: labelled(z.boolean().default(true), {
            nl: { label: 'Werkbonnen factureren', help: 'Afgeronde werkbonnen als facturen naar e-Boekhouden sturen.' },
            en: { label: 'Invoice work orders', help: 'Send completed work orders to e-Boekhouden as invoices.' },
          }),
          /** Work status (code, name or "code name", as in WerkbonApp) of the work orders to invoice. */
          workStatus: labelled(z.string().trim().min(1).default(DEFAULT_WORK_STATUS), {
            nl: { label: 'Werkstatus', help: 'De werkstatus van de werkbonnen die gefactureerd worden: code, naam of "code naam", zoals in WerkbonApp.' },
            en: { label: 'Work status', help: 'The work status of the work orders to invoice: code, name or "code name", as in WerkbonApp.' },
          }),
          /** VAT rate (percent) for materials that are no article in e-Boekhouden; leave out to refuse them. */
          materialVatRate: labelled(z.enum(['0', '9', '21']).optional(), {
            nl: { label: 'Btw-tarief van losse materialen', help: 'Het btw-percentage voor materialen die geen artikel in e-Boekhouden zijn. Leeg: zulke werkbonnen worden geweigerd.' },
            en: { label: 'VAT rate of other materials', help: 'The VAT percentage for materials that are no article in e-Boekhouden. Empty: such work orders are refused.' },
          }),
        })
        .strict()
        .prefault({}),
      {
        nl: { label: 'Werkbonnen naar e-Boekhouden', help: 'Afgeronde werkbonnen worden facturen in e-Boekhouden.' },
        en: { label: 'Work orders to e-Boekhouden', help: 'Completed work orders become invoices in e-Boekhouden.' },
      },
    ),
    /** Import direction: what goes from e-Boekhouden into WerkbonApp. */
    import: labelled(
      z
        .object({
          relations: labelled(z.boolean().default(true), {
            nl: { label: 'Relaties', help: 'De relaties uit e-Boekhouden in WerkbonApp zetten.' },
            en: { label: 'Relations', help: 'Put the relations from e-Boekhouden into WerkbonApp.' },
          }),
          materials: labelled(z.boolean().default(true), {
            nl: { label: 'Materialen', help: 'De artikelen uit e-Boekhouden als materialen in WerkbonApp zetten.' },
            en: { label: 'Materials', help: 'Put the articles from e-Boekhouden into WerkbonApp as materials.' },
          }),
          hourTypes: labelled(z.boolean().default(true), {
            nl: { label: 'Uursoorten', help: 'De uursoorten uit e-Boekhouden in WerkbonApp zetten.' },
            en: { label: 'Hour types', help: 'Put the hour types from e-Boekhouden into WerkbonApp.' },
          }),
        })
        .strict()
        .prefault({}),
      {
        nl: { label: 'Van e-Boekhouden naar WerkbonApp', help: 'Wat Koppelwerk uit e-Boekhouden in WerkbonApp zet.' },
        en: { label: 'From e-Boekhouden to WerkbonApp', help: 'What Koppelwerk puts from e-Boekhouden into WerkbonApp.' },
      },
    ),
    /** GetWorkorders returns everything at once and can be slow. */
    timeoutSeconds: labelled(z.number().int().min(1).max(900).default(300), {
      nl: { label: 'Wachttijd per aanroep (seconden)', help: 'Zo lang wacht Koppelwerk op één antwoord; WerkbonApp geeft alle werkbonnen in één keer en kan traag zijn (standaard 300).' },
      en: { label: 'Timeout per call (seconds)', help: 'How long Koppelwerk waits for one answer; WerkbonApp returns every work order at once and can be slow (default 300).' },
    }),
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
