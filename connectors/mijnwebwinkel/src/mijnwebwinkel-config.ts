/**
 * The connector's settings: one zod schema gives the type, the validation, the JSON Schema, what to
 * redact and the settings form (each field's label and help in Dutch and English).
 */
import { bilingual, COMMON_FIELD_TEXTS, labelled, secret } from '@koppelwerk/core';
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'https://api.myonlinestore.com';

export const mijnwebwinkelConfigSchema = z
  .object({
    /** The shop token: Mijnwebwinkel → Instellingen → API → Token toevoegen, then "Toon token". */
    token: labelled(
      secret(
        z
          .string()
          .trim()
          .min(
            1,
            bilingual({
              en: 'the shop token is required (Instellingen > API > Token toevoegen > Toon token)',
              nl: 'het token van de winkel is verplicht (Instellingen > API > Token toevoegen > Toon token)',
            }),
          ),
      ),
      {
        nl: { label: 'Token van de winkel', help: 'In Mijnwebwinkel onder Instellingen > API > Token toevoegen; daarna toont Toon token het token om te kopiëren.' },
        en: { label: 'Shop token', help: 'In Mijnwebwinkel under Instellingen > API > Token toevoegen; then Toon token shows it to copy.' },
      },
    ),
    /** The partner token of this integration, issued to registered partner apps. */
    partner_token: labelled(secret(z.string().trim().min(1, bilingual({ en: 'the partner token is required', nl: 'het partnertoken is verplicht' }))), {
      nl: { label: 'Partnertoken', help: 'Het token dat Mijnwebwinkel aan deze koppeling gaf (voor geregistreerde partner-apps).' },
      en: { label: 'Partner token', help: 'The token Mijnwebwinkel issued to this integration (for registered partner apps).' },
    }),
    /** API base URL without the version; the simulator's URL in a demo. */
    endpoint: labelled(z.url({ protocol: /^https?$/ }).optional(), COMMON_FIELD_TEXTS.endpoint),
    /** Status descriptions (as in /orderstatuses) whose orders are booked. */
    bookedStatuses: labelled(z.array(z.string().trim().min(1)).min(1).default(['Betaald', 'Verzonden', 'Afgehaald']), {
      nl: { label: 'Te boeken orderstatussen', help: 'De orders met een van deze statussen (zoals Mijnwebwinkel ze noemt) worden geboekt; één status per regel.' },
      en: { label: 'Order statuses to book', help: 'Orders with one of these statuses (as Mijnwebwinkel names them) are booked; one status a line.' },
    }),
    /** Orders per page (the API allows at most 100). */
    pageSize: labelled(z.number().int().min(1).max(100).default(100), {
      nl: { label: 'Orders per pagina', help: 'Zoveel orders haalt één aanroep op (hoogstens 100).' },
      en: { label: 'Orders per page', help: 'How many orders one call fetches (at most 100).' },
    }),
    /** Orders whose status changed this long before the previous run started are read again (and deduplicated). */
    overlapMinutes: labelled(z.number().int().min(0).max(1440).default(10), {
      nl: { label: 'Overlap (minuten)', help: 'Orders waarvan de status tot zoveel minuten vóór de vorige verwerking veranderde, worden opnieuw bekeken; wat al geboekt is, wordt overgeslagen.' },
      en: { label: 'Overlap (minutes)', help: 'Orders whose status changed up to this many minutes before the previous run are looked at again; what is booked already is skipped.' },
    }),
    /** First run only: read orders whose status changed on or after this day (default: all). */
    startDate: labelled(z.iso.date().optional(), {
      nl: { label: 'Begindatum', help: 'Alleen bij de eerste verwerking: orders waarvan de status op of na deze dag veranderde (JJJJ-MM-DD). Leeg: alle orders.' },
      en: { label: 'Start date', help: 'First run only: orders whose status changed on or after this day (YYYY-MM-DD). Empty: all orders.' },
    }),
    /** Language of status descriptions. */
    language: labelled(z.string().regex(/^[a-z]{2}_[A-Z]{2}$/).default('nl_NL'), {
      nl: { label: 'Taal van de statussen', help: 'De taal waarin Mijnwebwinkel de orderstatussen noemt, geschreven als nl_NL of en_GB.' },
      en: { label: 'Language of the statuses', help: 'The language Mijnwebwinkel names the order statuses in, written as nl_NL or en_GB.' },
    }),
    timeoutSeconds: labelled(z.number().int().min(1).max(300).default(30), COMMON_FIELD_TEXTS.timeoutSeconds),
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
