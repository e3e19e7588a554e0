/**
 * The Stella connector's texts: every code its errors and checks carry, in Dutch and English
 * (`manifest.messages`). Its errors take their English from here (`worded`).
 */
import { entry, wordedBy } from '@koppelwerk/core';

const key = { key: 'INV-2025-001' };

export const STELLA_MESSAGES = {
  STELLA_KEY_REFUSED: entry({
    example: { status: 401, detail: 'invalid api key' },
    optional: ['detail'],
    message: {
      nl: (p) => `Stella weigerde de API-sleutel (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `Stella refused the API key (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
    hint: {
      nl: () => 'vraag Stella om een API-sleutel voor deze koppeling en sla die op in de instellingen van de koppeling (source.settings.api_key)',
      en: () => 'ask Stella for an API key for this integration and save it in the tenant config (source.settings.api_key)',
    },
  }),
  STELLA_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://api.stellahq.com' },
    message: {
      nl: (p) => `daar is geen Stella-API; het endpoint moet het adres van de API zijn zonder /v1 (${p.endpoint}, of de \`endpoint\`-regel van \`koppelwerk simulate stella\`)`,
      en: (p) => `no Stella API there; the endpoint should be the API's address without /v1 (${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate stella\`)`,
    },
  }),
  STELLA_CHECK_ACCOUNT: entry({
    example: { company: 'Installatiebedrijf Jansen' },
    message: { nl: (p) => `Stella-account "${p.company}"`, en: (p) => `Stella account "${p.company}"` },
  }),
  STELLA_CHECK_PROVISIONAL: entry({
    example: {},
    message: { nl: () => 'voorlopig API-contract: zie docs/connectors/stella.md', en: () => 'provisional API contract: see docs/connectors/stella.md' },
  }),
  STELLA_NOT_FOUND: entry({
    example: key,
    message: { nl: (p) => `factuur ${p.key} bestaat niet meer in Stella`, en: (p) => `invoice ${p.key} no longer exists in Stella` },
  }),
  STELLA_NOT_FINALIZED: entry({
    example: { ...key, status: 'draft' },
    message: { nl: (p) => `factuur ${p.key} is niet definitief (status "${p.status}")`, en: (p) => `invoice ${p.key} is not finalized (status "${p.status}")` },
  }),
  STELLA_AMOUNT: entry({
    example: { field: 'lines[0].unit_price', value: '"tien"' },
    message: { nl: (p) => `${p.field} is geen bedrag: ${p.value}`, en: (p) => `${p.field} is not an amount: ${p.value}` },
  }),
  STELLA_CUSTOMER: entry({
    example: {},
    message: { nl: () => 'de factuur heeft geen klant met een id en een naam', en: () => 'the invoice has no customer with an id and a name' },
  }),
  STELLA_LINE: entry({
    example: {},
    message: { nl: () => 'een factuurregel heeft geen omschrijving', en: () => 'an invoice line has no description' },
  }),
  STELLA_BOOKED_ELSEWHERE: entry({
    example: { number: 'INV-2025-001', status: 'booked', bookedAt: '2025-03-01', reference: 'M-77' },
    optional: ['bookedAt', 'reference'],
    message: {
      nl: (p) => {
        const how = p.status === 'booked' ? `boekte haar${p.bookedAt ? ` op ${p.bookedAt}` : ''}${p.reference ? ` (${p.reference})` : ''}` : 'is haar aan het boeken';
        return `factuur ${p.number} is elders al geboekt: de eigen e-Boekhouden-koppeling van Stella ${how}; Koppelwerk boekte haar niet nog eens`;
      },
      en: (p) => {
        const how = p.status === 'booked' ? `booked it${p.bookedAt ? ` on ${p.bookedAt}` : ''}${p.reference ? ` (${p.reference})` : ''}` : 'is booking it';
        return `invoice ${p.number} is already booked elsewhere: Stella's own e-Boekhouden link ${how}; Koppelwerk did not book it again`;
      },
    },
    hint: {
      nl: () => 'twee koppelingen boeken in één administratie: zet de eigen e-Boekhouden-koppeling van Stella uit (Voorkeuren > Integraties) of stop deze koppeling; zie docs/connectors/stella.md',
      en: () => "two links book into one administration: switch off Stella's own e-Boekhouden link (Voorkeuren > Integraties) or stop this tenant; see docs/connectors/stella.md",
    },
  }),
  STELLA_MALFORMED: entry({ example: {}, message: { nl: () => 'de factuur is geen object', en: () => 'the invoice is not an object' } }),
  STELLA_NUMBER: entry({ example: {}, message: { nl: () => 'de factuur heeft geen nummer', en: () => 'the invoice has no number' } }),
  STELLA_DATE: entry({
    example: { value: '"1-3-2025"' },
    message: { nl: (p) => `de factuurdatum is geen JJJJ-MM-DD: ${p.value}`, en: (p) => `the invoice date is not YYYY-MM-DD: ${p.value}` },
  }),
  STELLA_LINES: entry({ example: {}, message: { nl: () => 'de factuur heeft geen regels', en: () => 'the invoice has no lines' } }),
  STELLA_TOTALS: entry({
    example: { excl: '100.00', stated: '110.00' },
    message: {
      nl: (p) => `de regels tellen op tot ${p.excl} exclusief btw, maar de factuur vermeldt ${p.stated}`,
      en: (p) => `the lines add up to ${p.excl} excl. VAT, but the invoice states ${p.stated}`,
    },
  }),
};

export const worded = wordedBy(STELLA_MESSAGES);
