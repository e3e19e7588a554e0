/**
 * The Mijnwebwinkel connector's texts: every code its errors and checks carry, in Dutch and
 * English (`manifest.messages`). Its errors take their English from here (`worded`).
 */
import { entry, wordedBy } from '@koppelwerk/core';

type Said = { value?: string; total?: string; lines?: string };

/** `shown(value)` says `missing` for a value the order left out (a present one is quoted). */
const nlValue = (value: string | undefined) => (value === 'missing' || value === undefined ? 'afwezig' : value);

/** What is wrong with a field of an order (MWW_BAD_ORDER's `problem`), in both languages. */
export const ORDER_PROBLEMS = {
  'not-object': { nl: () => 'is geen object', en: () => 'is not an object' },
  missing: { nl: () => 'ontbreekt', en: () => 'is missing' },
  'missing-or-empty': { nl: () => 'ontbreekt of is leeg', en: () => 'is missing or empty' },
  'missing-on-credit': { nl: () => 'ontbreekt op een creditorder', en: () => 'is missing on a credit order' },
  'missing-name': { nl: () => 'ontbreekt, en het bedrijf en het e-mailadres ook', en: () => 'is missing, and so are the company and the e-mail address' },
  'not-order-number': { nl: (p) => `is ${nlValue(p.value)}, geen ordernummer`, en: (p) => `is ${p.value}, not an order number` },
  'not-date': { nl: (p) => `is ${nlValue(p.value)}, geen datum (jjjj-mm-dd)`, en: (p) => `is ${p.value}, not a date (yyyy-mm-dd)` },
  'not-date-time': { nl: (p) => `is ${nlValue(p.value)}, geen datum en tijd`, en: (p) => `is ${p.value}, not a date and time` },
  'not-status': { nl: (p) => `is ${nlValue(p.value)}, geen status-id`, en: (p) => `is ${p.value}, not a status id` },
  'not-currency': { nl: (p) => `is ${nlValue(p.value)}, geen ISO-valutacode`, en: (p) => `is ${p.value}, not an ISO currency code` },
  'tax-strategy': {
    nl: (p) => `is ${nlValue(p.value)}; bekend: "", "zero_percent", "reverse_charged_vat"`,
    en: (p) => `is ${p.value}; known: "", "zero_percent", "reverse_charged_vat"`,
  },
  'not-amount': { nl: (p) => `is ${nlValue(p.value)}, geen bedrag`, en: (p) => `is ${p.value}, not an amount` },
  'total-mismatch': { nl: (p) => `is ${p.total} maar de orderregels tellen op tot ${p.lines}`, en: (p) => `is ${p.total} but the order lines add up to ${p.lines}` },
  'not-vat-rate': { nl: (p) => `is ${nlValue(p.value)}, geen btw-tarief`, en: (p) => `is ${p.value}, not a VAT rate` },
  'not-order-line': { nl: () => 'is geen orderregel', en: () => 'is not an order line' },
  'not-quantity': { nl: (p) => `is ${nlValue(p.value)}, geen geheel getal van minstens 1`, en: (p) => `is ${p.value}, not a whole number of at least 1` },
  'not-price': { nl: () => 'is geen prijs', en: () => 'is not a price' },
  'not-vat-percentage': { nl: (p) => `is ${nlValue(p.value)}, geen btw-percentage`, en: (p) => `is ${p.value}, not a VAT percentage` },
  'not-email': { nl: (p) => `is ${nlValue(p.value)}, geen e-mailadres`, en: (p) => `is ${p.value}, not an e-mail address` },
  'not-country': { nl: (p) => `is ${nlValue(p.value)}, geen landcode`, en: (p) => `is ${p.value}, not a country code` },
} satisfies Record<string, { nl: (p: Said) => string; en: (p: Said) => string }>;

/** The problems MWW_BAD_ORDER knows. */
export type OrderProblem = keyof typeof ORDER_PROBLEMS;

const problem = (language: 'nl' | 'en', p: Said & { problem: string }) => (ORDER_PROBLEMS as Record<string, { nl: (p: Said) => string; en: (p: Said) => string }>)[p.problem]?.[language](p) ?? p.problem;

export const MIJNWEBWINKEL_MESSAGES = {
  MWW_TOKENS_REFUSED: entry({
    example: { status: 401, detail: 'invalid token' },
    optional: ['detail'],
    message: {
      nl: (p) => `Mijnwebwinkel weigerde het winkeltoken of het partnertoken (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `Mijnwebwinkel refused the shop token or partner token (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
    hint: {
      nl: () => 'maak in Mijnwebwinkel een nieuw token aan onder Instellingen > API > Token toevoegen (kies deze koppeling als partner), kopieer het met "Toon token" en sla het op in de instellingen van de koppeling',
      en: () => 'create a new token in Mijnwebwinkel under Instellingen > API > Token toevoegen (choose this integration as partner), copy it with "Toon token" and save it in the tenant config',
    },
  }),
  MWW_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://api.mijnwebwinkel.nl' },
    message: {
      nl: (p) => `daar is geen Mijnwebwinkel-API; het endpoint moet het adres van de API zijn zonder /v1 (${p.endpoint}, of de \`endpoint\`-regel van \`koppelwerk simulate mijnwebwinkel\`)`,
      en: (p) => `no Mijnwebwinkel API there; the endpoint should be the API's address without /v1 (${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate mijnwebwinkel\`)`,
    },
  }),
  MWW_UNREADABLE_ANSWER: entry({
    example: { path: '/orders' },
    message: {
      nl: (p) => `Mijnwebwinkel antwoordde op GET ${p.path} met iets dat geen JSON is (onderweg afgebroken?)`,
      en: (p) => `Mijnwebwinkel GET ${p.path} answered with a body that is not JSON (cut off on the way?)`,
    },
  }),
  MWW_NOT_A_LIST: entry({
    example: { path: '/orders' },
    message: { nl: (p) => `Mijnwebwinkel gaf op GET ${p.path} geen lijst terug`, en: (p) => `Mijnwebwinkel GET ${p.path} did not answer with a list` },
  }),
  MWW_BAD_STATUS_ENTRY: entry({
    example: { index: 3 },
    message: {
      nl: (p) => `regel ${p.index} van Mijnwebwinkel /orderstatuses heeft geen numerieke status en omschrijving`,
      en: (p) => `Mijnwebwinkel /orderstatuses entry ${p.index} has no numeric status and description`,
    },
  }),
  MWW_UNKNOWN_STATUS: entry({
    example: { name: 'Betaald', known: '"Nieuw", "Verzonden"' },
    message: {
      nl: (p) => `de winkel heeft geen orderstatus "${p.name}"; de statussen: ${p.known}`,
      en: (p) => `the shop has no order status "${p.name}"; its statuses: ${p.known}`,
    },
  }),
  MWW_CHECK_SHOP: entry({
    example: { shop: 'De Korenschoof' },
    message: { nl: (p) => `winkel "${p.shop}"`, en: (p) => `shop "${p.shop}"` },
  }),
  MWW_CHECK_BOOKED_STATUSES: entry({
    example: { statuses: 'Betaald, Verzonden' },
    message: { nl: (p) => `geboekte statussen: ${p.statuses}`, en: (p) => `booked statuses: ${p.statuses}` },
  }),
  MWW_NOT_FOUND: entry({
    example: { key: '1001' },
    message: { nl: (p) => `order ${p.key} bestaat niet meer in Mijnwebwinkel`, en: (p) => `order ${p.key} no longer exists in Mijnwebwinkel` },
  }),
  MWW_NOT_BOOKED_STATUS: entry({
    example: { key: '1001', status: 'Nieuw' },
    message: {
      nl: (p) => `order ${p.key} heeft status "${p.status}", en die wordt niet geboekt`,
      en: (p) => `order ${p.key} has status "${p.status}", which is not booked`,
    },
  }),
  MWW_BAD_ORDER: entry({
    // Each problem of ORDER_PROBLEMS renders with its own params in mijnwebwinkel-messages.spec.ts.
    example: { key: '1001', field: 'debtor', problem: 'missing', value: '"12,10"', total: '12.10', lines: '12.00' },
    optional: ['value', 'total', 'lines'],
    message: {
      nl: (p) => `order ${p.key}: ${p.field} ${problem('nl', p)}`,
      en: (p) => `order ${p.key}: ${p.field} ${problem('en', p)}`,
    },
  }),
};

export const worded = wordedBy(MIJNWEBWINKEL_MESSAGES);
