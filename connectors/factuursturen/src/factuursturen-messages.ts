/**
 * The FactuurSturen connector's texts: every code its errors and checks carry, in Dutch and
 * English (`manifest.messages`). Its errors take their English from here (`worded`).
 */
import { entry, wordedBy } from '@koppelwerk/core';

/** The values a problem of an invoice's field is worded with. */
export interface ProblemParams {
  value?: string;
  name?: string;
  stated?: string;
  computed?: string;
  rate?: string;
  discounted?: string;
}

/** `shown(value)` says `missing` for a value the record left out (a present one is quoted). */
const v = (value: string | undefined) => (value === 'missing' || value === undefined ? 'afwezig' : value);

type Words = { nl: (p: ProblemParams) => string; en: (p: ProblemParams) => string };

/** What is wrong with a field of an invoice (FS_BAD_INVOICE's and FS_BAD_PURCHASE_INVOICE's `problem`). */
export const INVOICE_PROBLEMS = {
  'not-object': { nl: () => 'is geen object', en: () => 'is not an object' },
  missing: { nl: () => 'ontbreekt', en: () => 'is missing' },
  'missing-supplier-number': { nl: () => 'ontbreekt (het factuurnummer van de leverancier)', en: () => "is missing (the supplier's invoice number)" },
  'not-invoice-id': { nl: (p) => `is ${v(p.value)}, geen factuur-id`, en: (p) => `is ${p.value}, not an invoice id` },
  'not-id': { nl: (p) => `is ${v(p.value)}, geen id`, en: (p) => `is ${p.value}, not an id` },
  'not-date': { nl: (p) => `is ${v(p.value)}, geen datum (jjjj-mm-dd)`, en: (p) => `is ${p.value}, not a date (yyyy-mm-dd)` },
  'unknown-client': {
    nl: (p) => `is ${v(p.value)}, een klant die FactuurSturen niet kent, dus de valuta van de factuur is onbekend`,
    en: (p) => `is ${p.value}, a client FactuurSturen does not list, so the invoice's currency is unknown`,
  },
  'not-currency': { nl: (p) => `is ${v(p.value)}, geen ISO-valutacode`, en: (p) => `is ${p.value}, not an ISO currency code` },
  'tax-type': { nl: (p) => `is ${v(p.value)}; bekend: "extax", "intax"`, en: (p) => `is ${p.value}; known: "extax", "intax"` },
  'empty-names': { nl: () => 'is leeg, en de contactpersoon en het e-mailadres ook', en: () => 'is empty, and so are the contact and the e-mail address' },
  'not-email': { nl: (p) => `is ${v(p.value)}, geen e-mailadres`, en: (p) => `is ${p.value}, not an e-mail address` },
  'country-not-listed': { nl: (p) => `is ${v(p.value)}, en dat staat niet in /countrylist`, en: (p) => `is ${p.value}, which /countrylist does not list` },
  'country-no-iso': {
    nl: (p) => `is ${v(p.value)}, dat /countrylist ${p.name} noemt, een land zonder bekende ISO-code`,
    en: (p) => `is ${p.value}, which /countrylist names ${p.name}, a country without a known ISO code`,
  },
  'country-no-name': { nl: (p) => `is ${v(p.value)}, dat /countrylist zonder naam noemt`, en: (p) => `is ${p.value}, which /countrylist lists without a name` },
  'not-line-list': { nl: (p) => `is ${v(p.value)}, geen lijst van regels`, en: (p) => `is ${p.value}, not a list of lines` },
  'not-line': { nl: () => 'is geen factuurregel', en: () => 'is not an invoice line' },
  'not-quantity': { nl: (p) => `is ${v(p.value)}, geen aantal`, en: (p) => `is ${p.value}, not a quantity` },
  'not-amount': { nl: (p) => `is ${v(p.value)}, geen bedrag`, en: (p) => `is ${p.value}, not an amount` },
  'not-vat-percentage': { nl: (p) => `is ${v(p.value)}, geen btw-percentage`, en: (p) => `is ${p.value}, not a VAT percentage` },
  'not-percentage': { nl: (p) => `is ${v(p.value)}, geen percentage`, en: (p) => `is ${p.value}, not a percentage` },
  'line-total-mismatch': {
    nl: (p) => `is ${p.stated} maar aantal × prijs${p.discounted === 'yes' ? ' min de korting' : ''} is ${p.computed}`,
    en: (p) => `is ${p.stated} but amount × price${p.discounted === 'yes' ? ' less the discount' : ''} is ${p.computed}`,
  },
  'no-line-with-amount': { nl: () => 'heeft geen regel met een bedrag', en: () => 'has no line with an amount' },
  'not-vat-list': { nl: (p) => `is ${v(p.value)}, geen lijst van btw-bedragen`, en: (p) => `is ${p.value}, not a list of VAT amounts` },
  'not-vat-amount': { nl: () => 'is geen btw-bedrag', en: () => 'is not a VAT amount' },
  'sum-of-mismatch': {
    nl: (p) => `is ${p.stated} maar de regels tegen ${p.rate}% tellen op tot ${p.computed}`,
    en: (p) => `is ${p.stated} but the lines at ${p.rate}% add up to ${p.computed}`,
  },
  'no-vat-entry': { nl: (p) => `heeft geen regel voor de factuurregels tegen ${p.rate}%`, en: (p) => `has no entry for the lines at ${p.rate}%` },
  'vat-sum-mismatch': { nl: (p) => `is ${v(p.value)} maar de btw per tarief telt op tot ${p.computed}`, en: (p) => `is ${p.value} but the VAT per rate adds up to ${p.computed}` },
  'discount-without-taxes': {
    nl: () => 'is leeg op een factuur met korting, dus de korting kan niet over de btw-tarieven worden verdeeld',
    en: () => 'is empty on an invoice with a discount, so the discount cannot be split over the VAT rates',
  },
  'total-mismatch': { nl: (p) => `is ${p.stated} maar de regels en de btw tellen op tot ${p.computed}`, en: (p) => `is ${p.stated} but the lines and VAT add up to ${p.computed}` },
} satisfies Record<string, Words>;

export type InvoiceProblem = keyof typeof INVOICE_PROBLEMS;

const problem = (language: 'nl' | 'en', p: ProblemParams & { problem: string }) => (INVOICE_PROBLEMS as Record<string, Words>)[p.problem]?.[language](p) ?? p.problem;

// Each problem of INVOICE_PROBLEMS renders with its own params in factuursturen-messages.spec.ts.
const bad = { key: '2025-0042', field: 'clientnr', problem: 'missing', value: '"veel"', name: '"Kosovo"', stated: '12.10', computed: '12.00', rate: '21', discounted: 'yes' };
const badOptional = ['value', 'name', 'stated', 'computed', 'rate', 'discounted'] as const;

export const FACTUURSTUREN_MESSAGES = {
  FS_CREDENTIALS_REFUSED: entry({
    example: { status: 401, detail: 'Unauthorized' },
    optional: ['detail'],
    message: {
      nl: (p) => `FactuurSturen weigerde de gebruikersnaam of de API-sleutel (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `FactuurSturen refused the username or API key (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
    hint: {
      nl: () => 'controleer de gebruikersnaam en maak in FactuurSturen een nieuwe API-sleutel aan onder Instellingen > Verbindingen > "Maak API sleutel"; sla die op in de instellingen van de koppeling',
      en: () => 'check the username and create a new API key in FactuurSturen under Instellingen > Verbindingen > "Maak API sleutel", then save it in the tenant config',
    },
  }),
  FS_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://www.factuursturen.nl' },
    message: {
      nl: (p) => `daar is geen FactuurSturen-API; het endpoint moet het adres van de site zijn zonder /api/v1 (${p.endpoint}, of de \`endpoint\`-regel van \`koppelwerk simulate factuursturen\`)`,
      en: (p) => `no FactuurSturen API there; the endpoint should be the site's address without /api/v1 (${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate factuursturen\`)`,
    },
  }),
  FS_NOT_JSON: entry({
    example: { path: '/invoices' },
    message: {
      nl: (p) => `FactuurSturen antwoordde op GET ${p.path} met XML, niet met de gevraagde JSON`,
      en: (p) => `FactuurSturen GET ${p.path} answered XML, not the JSON that was asked for`,
    },
  }),
  FS_QUOTA: entry({
    example: { what: 'GET /invoices', at: '14:00' },
    message: {
      nl: (p) => `het uurquotum van de FactuurSturen-API is op; ${p.what} wacht tot ${p.at} UTC`,
      en: (p) => `FactuurSturen's hourly API quota is used up; ${p.what} waits until ${p.at} UTC`,
    },
    hint: {
      nl: () => 'er gaat niets verloren: de volgende verwerking gaat verder waar deze stopte zodra het volgende uur begint',
      en: () => 'nothing is lost: the next run continues where this one stopped once the hour has turned',
    },
  }),
  FS_NOT_FOUND: entry({
    example: { key: '2025-0042', purchase: 'no' },
    message: {
      nl: (p) => `${p.purchase === 'yes' ? 'inkoopfactuur' : 'factuur'} ${p.key} bestaat niet meer in FactuurSturen`,
      en: (p) => `${p.purchase === 'yes' ? 'purchase invoice' : 'invoice'} ${p.key} no longer exists in FactuurSturen`,
    },
  }),
  FS_NOT_SENT: entry({
    example: { key: '2025-0042' },
    message: { nl: (p) => `factuur ${p.key} is niet verstuurd, dus ze wordt niet geboekt`, en: (p) => `invoice ${p.key} has not been sent, so it is not booked` },
  }),
  FS_PAGING: entry({
    example: { list: 'sales', offset: 100 },
    message: {
      nl: (p) => `FactuurSturen gaf voor vanaf ${p.offset} dezelfde ${p.list === 'purchase' ? 'inkoopfacturen' : 'verkoopfacturen'} als voor de pagina ervoor; de paginering wordt genegeerd`,
      en: (p) => `FactuurSturen listed the same ${p.list} invoices for offset ${p.offset} as for the page before; it ignores the paging offset`,
    },
  }),
  FS_NOT_A_LIST: entry({
    example: { list: '/clients' },
    message: {
      nl: (p) => (p.list.startsWith('/') ? `FactuurSturen gaf op ${p.list} geen lijst terug` : `FactuurSturen gaf de lijst van ${p.list === 'purchase' ? 'inkoopfacturen' : 'verkoopfacturen'} niet als lijst`),
      en: (p) => (p.list.startsWith('/') ? `FactuurSturen ${p.list} did not answer with a list` : `FactuurSturen did not answer the ${p.list} invoice list with a list`),
    },
  }),
  FS_BAD_INVOICE: entry({
    example: bad,
    optional: badOptional,
    message: { nl: (p) => `factuur ${p.key}: ${p.field} ${problem('nl', p)}`, en: (p) => `invoice ${p.key}: ${p.field} ${problem('en', p)}` },
  }),
  FS_BAD_PURCHASE_INVOICE: entry({
    example: { ...bad, key: 'purchase:900' },
    optional: badOptional,
    message: { nl: (p) => `inkoopfactuur ${p.key}: ${p.field} ${problem('nl', p)}`, en: (p) => `purchase invoice ${p.key}: ${p.field} ${problem('en', p)}` },
  }),
  FS_CHECK_ACCOUNT: entry({
    example: { username: 'bakkerij' },
    message: { nl: (p) => `gebruiker "${p.username}"`, en: (p) => `account "${p.username}"` },
  }),
  FS_CHECK_PURCHASES: entry({
    example: { available: 'yes' },
    message: {
      nl: (p) => (p.available === 'yes' ? 'inkoopfacturen: gelezen (voorlopig contract)' : 'inkoopfacturen: het voorlopige endpoint is er niet, alleen verkoopfacturen worden gelezen'),
      en: (p) => (p.available === 'yes' ? 'purchase invoices: read (provisional contract)' : 'purchase invoices: the provisional endpoint is not available, only sales invoices are read'),
    },
  }),
  FS_CHECK_QUOTA: entry({
    example: { remaining: 42 },
    message: { nl: (p) => `nog ${p.remaining} API-aanroepen over dit uur`, en: (p) => `${p.remaining} API calls left this hour` },
  }),
};

export const worded = wordedBy(FACTUURSTUREN_MESSAGES);
