/**
 * The entries of the mapping's codes (libs/mapping): why a document cannot be booked, what in the
 * mapping does not fit the administration, its warnings, and the reasons `explain` gives per step.
 */
import { entry } from './message-entry';

/** The words of the canonical model's values that texts show. */
const WORDS = {
  treatment: {
    nl: { normal: 'normaal tarief', 'reverse-charge': 'btw verlegd', 'intra-eu': 'binnen de EU', export: 'buiten de EU', exempt: 'vrijgesteld' },
  },
  incomeType: { nl: { revenue: 'omzet', shipping: 'verzendkosten', payment: 'betaalkosten', discount: 'korting' } },
  kind: {
    nl: {
      'sales-order': 'verkooporder',
      'sales-invoice': 'verkoopfactuur',
      'sales-credit-note': 'creditnota',
      'purchase-invoice': 'inkoopfactuur',
      'purchase-credit-note': 'inkoopcreditnota',
    },
  },
  matchedBy: { nl: { email: 'e-mailadres', 'source-id': 'id bij de bron', name: 'naam' } },
} as const;

function word(group: keyof typeof WORDS, value: string | number): string {
  return (WORDS[group].nl as Record<string, string>)[String(value)] ?? String(value);
}

/** A document line as rules match it: its rate, treatment, income type, country and date. */
type Line = { rate: string; treatment: string; incomeType: string; country?: string; date: string; originalDate?: string };
const LINE: Line = { rate: '9', treatment: 'normal', incomeType: 'revenue', country: 'NL', date: '2025-03-01', originalDate: '2025-02-10' };
const LINE_OPTIONAL = ['country', 'originalDate'] as const;

function described(language: 'nl' | 'en', p: Line): string {
  if (language === 'en') {
    const when = p.originalDate ? `on ${p.date}, correcting a supply of ${p.originalDate}` : `on ${p.date}`;
    return `${p.rate}% ${p.treatment} ${p.incomeType}${p.country ? ` to ${p.country}` : ''} ${when}`;
  }
  const when = p.originalDate ? `op ${p.date}, als correctie van een levering van ${p.originalDate}` : `op ${p.date}`;
  return `${p.rate}% ${word('treatment', p.treatment)}, ${word('incomeType', p.incomeType)}${p.country ? ` naar ${p.country}` : ''} ${when}`;
}

/** Rates stored as `21|9`, shown as `21% or 9%`. */
function rates(list: string, or: string): string {
  return list.split('|').map((rate) => `${rate}%`).join(` ${or} `);
}

const where = { kind: 'sales-order', number: '1001' };

/** A rule's place as a Dutch page shows it: the built-in table's rules are `ingebouwd`. */
const nlLabel = (label: string) => label.replace(/^built-in /, 'ingebouwd ');
const nlWhere = (p: { kind: string; number: string }) => `${word('kind', p.kind)} ${p.number}`;

export const MAPPING_MESSAGES = {
  MAP_UNMAPPED_VAT: entry({
    example: { table: 'sales', line: 1, ...LINE },
    optional: LINE_OPTIONAL,
    message: {
      nl: (p) => `geen btw-regel in mapping.vat.${p.table} past bij ${described('nl', p)} (regel ${p.line}); voeg er een regel voor toe aan de mapping van deze koppeling`,
      en: (p) => `no VAT rule in mapping.vat.${p.table} matches ${described('en', p)} (line ${p.line}); add a rule for it to the tenant's mapping`,
    },
  }),
  MAP_UNKNOWN_VAT_CODE: entry({
    example: { label: 'mapping.vat.sales[1]', vatCode: 'HOOG_21' },
    message: {
      nl: (p) => `${nlLabel(p.label)} gaf de onbekende btw-code "${p.vatCode}"`,
      en: (p) => `${p.label} produced unknown VAT code "${p.vatCode}"`,
    },
  }),
  MAP_VAT_RATE_MISMATCH: entry({
    example: { label: 'mapping.vat.sales[0]', line: 1, vatCode: 'LAAG_VERK_9', rates: '9', date: '2025-03-01', orBefore: 'no', lineRate: '21' },
    message: {
      nl: (p) => `${nlLabel(p.label)} boekt regel ${p.line} op ${p.vatCode}, dat ${rates(p.rates, 'of')} is ${p.orBefore === 'yes' ? 'op of vóór' : 'op'} ${p.date}, maar de regel heeft ${p.lineRate}%`,
      en: (p) => `${p.label} maps line ${p.line} to ${p.vatCode}, which is ${rates(p.rates, 'or')} ${p.orBefore === 'yes' ? 'on or before' : 'on'} ${p.date}, but the line has ${p.lineRate}%`,
    },
  }),
  MAP_UNMAPPED_LEDGER: entry({
    example: { table: 'sales', incomeType: 'shipping', vatCode: 'HOOG_VERK_21', line: 2 },
    message: {
      nl: (p) => `geen grootboekregel in mapping.ledgers.${p.table} past bij ${word('incomeType', p.incomeType)} met btw-code ${p.vatCode} (regel ${p.line}) en de tabel heeft geen standaard`,
      en: (p) => `no ledger rule in mapping.ledgers.${p.table} matches income type ${p.incomeType} with VAT code ${p.vatCode} (line ${p.line}) and the table has no default`,
    },
  }),
  MAP_TOTAL_MISMATCH: entry({
    example: { ...where, booked: '120.00', expected: '121.50', difference: '1.50', maxDifference: '0.05' },
    message: {
      nl: (p) =>
        `${nlWhere(p)}: de regels tellen op tot ${p.booked} maar het totaal van de bron is ${p.expected}, een verschil van ${p.difference}; ` +
        `meer dan mapping.rounding.maxDifference (${p.maxDifference}) toestaat, dus het wordt niet geboekt`,
      en: (p) =>
        `${p.kind} ${p.number}: the rows add up to ${p.booked} but the source's total is ${p.expected}, a difference of ` +
        `${p.difference}; more than mapping.rounding.maxDifference (${p.maxDifference}) allows, so it is not booked`,
    },
  }),
  MAP_NO_ROUNDING_LEDGER: entry({
    example: { ...where, booked: '120.00', expected: '120.01', difference: '0.01' },
    message: {
      nl: (p) => `${nlWhere(p)}: de regels tellen op tot ${p.booked} maar het totaal van de bron is ${p.expected}; stel mapping.rounding.ledger in om het verschil van ${p.difference} te boeken`,
      en: (p) => `${p.kind} ${p.number}: the rows add up to ${p.booked} but the source's total is ${p.expected}; set mapping.rounding.ledger to book the difference of ${p.difference}`,
    },
  }),
  MAP_MATERIAL_PRICE: entry({
    example: { description: 'Kabel 3x2,5', article: 'K325' },
    message: {
      nl: (p) => `materiaal "${p.description}" heeft geen prijs en er is geen artikel met code "${p.article}" in de boekhouding`,
      en: (p) => `material "${p.description}" has no price and no article with code "${p.article}" exists in the bookkeeping`,
    },
  }),
  MAP_MATERIAL_VAT: entry({
    example: { description: 'Kabel 3x2,5' },
    message: { nl: (p) => `materiaal "${p.description}" heeft geen btw-tarief`, en: (p) => `material "${p.description}" has no VAT rate` },
  }),
  MAP_UNKNOWN_HOUR_TYPE: entry({
    example: { hourType: 'MONTAGE' },
    message: {
      nl: (p) => `uursoort "${p.hourType}" bestaat in de boekhouding niet als actief artikel met eenheid UUR`,
      en: (p) => `hour type "${p.hourType}" does not exist in the bookkeeping as an active article with unit UUR`,
    },
    hint: {
      nl: () => 'voeg de uursoort toe in e-Boekhouden (Factureren > Producten/diensten, eenheid Uur, actief) of verbeter de werkbon',
      en: () => 'add the hour type in e-Boekhouden (Factureren > Producten/diensten, unit Uur, active) or fix the work order',
    },
  }),
  MAP_NO_LINES: entry({
    example: { of: 'work-order' },
    message: {
      nl: (p) => (p.of === 'work-order' ? 'de werkbon heeft geen materialen en geen uren om te factureren' : 'het document heeft geen regels'),
      en: (p) => (p.of === 'work-order' ? 'the work order has no materials and no hours to invoice' : 'the document has no lines'),
    },
  }),
  MAP_INVOICE_NUMBER: entry({
    example: { invoiceNumber: 'WEB-2025-000000000001', max: 20, setting: 'mapping.texts.invoiceNumber' },
    optional: ['setting'],
    message: {
      nl: (p) => `factuurnummer "${p.invoiceNumber}" moet 1 tot ${p.max} tekens lang zijn${p.setting ? ` (${p.setting})` : ''}`,
      en: (p) => `invoice number "${p.invoiceNumber}" must be 1 to ${p.max} characters${p.setting ? ` (${p.setting})` : ''}`,
    },
  }),
  MAP_FOREIGN_CURRENCY: entry({
    example: { currency: 'USD' },
    message: {
      nl: (p) =>
        `het document is in ${p.currency}; vreemde valuta wordt geweigerd door mapping.currency.foreign ` +
        `(zet die op "convert" met een koers, of op "book-as-euro" om de bedragen onomgerekend te boeken)`,
      en: (p) =>
        `the document is in ${p.currency}; foreign currency is refused by mapping.currency.foreign ` +
        `(set it to "convert" with a rate, or to "book-as-euro" to book the amounts unconverted)`,
    },
  }),
  MAP_NO_EXCHANGE_RATE: entry({
    example: { currency: 'USD' },
    message: {
      nl: (p) => `het document is in ${p.currency}, maar noch het document noch mapping.currency.rates.${p.currency} geeft een koers om het om te rekenen`,
      en: (p) => `the document is in ${p.currency} but neither the document nor mapping.currency.rates.${p.currency} gives a rate to convert it`,
    },
  }),
  MAP_NO_RELATION_KEY: entry({
    example: {},
    message: {
      nl: () => 'de relatie heeft geen e-mailadres, id of naam om haar aan te herkennen',
      en: () => 'the relation has no e-mail, id or name to recognise it by',
    },
  }),
  MAP_RELATION_CODE: entry({
    example: { relationCode: 'WEB-ABCDEFGHIJKLMNOP', max: 15 },
    message: {
      nl: (p) => `relatiecode "${p.relationCode}" moet 1 tot ${p.max} tekens lang zijn`,
      en: (p) => `relation code "${p.relationCode}" must be 1 to ${p.max} characters`,
    },
  }),
  MAP_BAD_VAT_RATE: entry({
    example: { line: 2, rate: '-21' },
    message: { nl: (p) => `regel ${p.line} heeft een onmogelijk btw-tarief van ${p.rate}%`, en: (p) => `line ${p.line} has an impossible VAT rate of ${p.rate}%` },
  }),
  MAP_ABSURD_AMOUNT: entry({
    example: { line: 1, amount: '1000000000000.00' },
    message: {
      nl: (p) => `regel ${p.line} komt op ${p.amount}, en dat is geen aannemelijk bedrag`,
      en: (p) => `line ${p.line} amounts to ${p.amount}, which is not a plausible amount`,
    },
  }),
  MAP_NEGATIVE_TOTAL: entry({
    example: { total: '-12.10', kind: 'sales-order' },
    message: {
      nl: (p) => `het document komt op ${p.total}; een negatieve ${word('kind', p.kind)} moet als creditnota komen`,
      en: (p) => `the document totals ${p.total}; a negative ${p.kind} must come as a credit note`,
    },
  }),
  MAP_UNKNOWN_VAT_CODE_RULE: entry({
    example: { vatCode: 'HOOG_21' },
    message: { nl: (p) => `onbekende btw-code "${p.vatCode}"`, en: (p) => `unknown VAT code "${p.vatCode}"` },
  }),
  MAP_NO_FUNCTION: entry({
    example: { function: 'vatByCountry' },
    message: {
      nl: (p) => `er is geen mappingfunctie met de naam "${p.function}" geregistreerd`,
      en: (p) => `no mapping function named "${p.function}" is registered`,
    },
  }),
  MAP_LEDGER_MISSING: entry({
    example: { ledger: '8010' },
    message: { nl: (p) => `grootboekrekening ${p.ledger} bestaat niet in deze administratie`, en: (p) => `ledger ${p.ledger} does not exist in this administration` },
  }),
  MAP_VAT_CODE_MISSING: entry({
    example: { vatCode: 'LAAG_VERK_9' },
    message: { nl: (p) => `btw-code ${p.vatCode} is niet beschikbaar in deze administratie`, en: (p) => `VAT code ${p.vatCode} is not available in this administration` },
  }),
  MAP_UNKNOWN_PLACEHOLDER: entry({
    example: { name: 'ordernr', known: '{number} {date}' },
    message: { nl: (p) => `onbekende plaatshouder {${p.name}}; bekend: ${p.known}`, en: (p) => `unknown placeholder {${p.name}}; known: ${p.known}` },
  }),
  MAP_BOOKED_AS_EURO: entry({
    example: { number: '1001', currency: 'USD' },
    message: {
      nl: (p) => `${p.number}: bedragen in ${p.currency} als euro geboekt, zonder omrekening (mapping.currency.foreign = book-as-euro)`,
      en: (p) => `${p.number}: amounts in ${p.currency} booked as euros without conversion (mapping.currency.foreign = book-as-euro)`,
    },
  }),

  // The reasons `explain` gives for each step of a booking.
  EXPLAIN_VAT_LINE: entry({
    example: { ...LINE, correction: 'original' },
    optional: [...LINE_OPTIONAL, 'correction'],
    message: {
      nl: (p) => `${described('nl', p)}${p.correction === 'original' ? ': een correctie volgt het tarief van de oorspronkelijke levering' : ''}`,
      en: (p) => `${described('en', p)}${p.correction === 'original' ? ': a correction follows the rate of the original supply' : ''}`,
    },
  }),
  EXPLAIN_VAT_EARLIER: entry({
    example: { ...LINE, until: '2018-12-31' },
    optional: LINE_OPTIONAL,
    message: {
      nl: (p) => `${described('nl', p)}: een creditnota zonder de datum van het origineel, opgevat als correctie van een levering uit de tijd dat deze regel gold (tot ${p.until})`,
      en: (p) => `${described('en', p)}: a credit note without the original's date, taken as correcting a supply made while this rule applied (until ${p.until})`,
    },
  }),
  EXPLAIN_LEDGER: entry({
    example: { incomeType: 'revenue', vatCode: 'HOOG_VERK_21' },
    message: { nl: (p) => `${word('incomeType', p.incomeType)} met btw-code ${p.vatCode}`, en: (p) => `${p.incomeType} with VAT code ${p.vatCode}` },
  }),
  EXPLAIN_ROW: entry({
    example: { vatCode: 'HOOG_VERK_21', ledger: '8000' },
    message: {
      nl: (p) => `regels met btw-code ${p.vatCode} op grootboekrekening ${p.ledger}: hun som afgerond op centen, daarna de btw daarover één keer afgerond`,
      en: (p) => `lines with VAT code ${p.vatCode} on ledger ${p.ledger}: their sum rounded to cents, then its VAT rounded once`,
    },
  }),
  EXPLAIN_ROUNDING_ROW: entry({
    example: {},
    message: { nl: () => 'het verschil tussen de regels en het totaal van de bron, zonder btw', en: () => "the difference between the rows and the source's total, without VAT" },
  }),
  EXPLAIN_TOTAL: entry({
    example: { booked: '120.00', expected: '120.01', difference: '0.01', maxDifference: '0.05' },
    optional: ['difference', 'maxDifference'],
    message: {
      nl: (p) =>
        `geboekt ${p.booked}, het totaal van de bron ${p.expected}: ` +
        (p.difference ? `een verschil van ${p.difference}, binnen mapping.rounding.maxDifference ${p.maxDifference ?? ''}`.trim() : 'geen verschil'),
      en: (p) =>
        `booked ${p.booked}, the source's total ${p.expected}: ` +
        (p.difference ? `a difference of ${p.difference}, within mapping.rounding.maxDifference ${p.maxDifference ?? ''}`.trim() : 'no difference'),
    },
  }),
  EXPLAIN_RELATION_GIVEN: entry({
    example: {},
    message: { nl: () => 'de werkbon noemt zijn relatiecode', en: () => 'the work order names its relation code' },
  }),
  EXPLAIN_RELATION_FUNCTION: entry({
    example: { function: 'relationByShop' },
    message: { nl: (p) => `functie ${p.function}`, en: (p) => `function ${p.function}` },
  }),
  EXPLAIN_RELATION_MATCHED: entry({
    example: { matchedBy: 'email', key: 'jan@example.nl' },
    message: { nl: (p) => `herkend aan ${word('matchedBy', p.matchedBy)} "${p.key}"`, en: (p) => `matched by ${p.matchedBy} "${p.key}"` },
  }),
  EXPLAIN_CURRENCY_AS_EURO: entry({
    example: { currency: 'USD' },
    message: {
      nl: (p) => `het document is in ${p.currency} en deze koppeling boekt vreemde bedragen als euro`,
      en: (p) => `the document is in ${p.currency} and the tenant books foreign amounts as euros`,
    },
  }),
  EXPLAIN_CURRENCY_CONVERTED: entry({
    example: { currency: 'USD', rate: '0.92' },
    message: { nl: (p) => `omgerekend van ${p.currency} tegen ${p.rate} EUR per ${p.currency}`, en: (p) => `converted from ${p.currency} at ${p.rate} EUR per ${p.currency}` },
  }),
  EXPLAIN_TEMPLATE: entry({
    example: { template: 'WEB-{number}' },
    message: { nl: (p) => `sjabloon "${p.template}"`, en: (p) => `template "${p.template}"` },
  }),
  EXPLAIN_ACCOUNT_LEDGER: entry({
    example: { purchase: 'no' },
    message: {
      nl: (p) => (p.purchase === 'yes' ? 'een inkoopdocument wordt geboekt op de grootboekrekening crediteuren' : 'een verkoopdocument wordt geboekt op de grootboekrekening debiteuren'),
      en: (p) => (p.purchase === 'yes' ? 'a purchase document is booked on the creditors ledger' : 'a sales document is booked on the debtors ledger'),
    },
  }),
  EXPLAIN_MATERIAL: entry({
    example: { description: 'Kabel 3x2,5' },
    message: { nl: (p) => `materiaal "${p.description}"`, en: (p) => `material "${p.description}"` },
  }),
  EXPLAIN_HOURS: entry({
    example: {},
    message: { nl: () => 'uren van de werkperiodes × de prijs van de uursoort', en: () => 'hours of the work periods × the hour type price' },
  }),
  // What `explain` shows a step decided (its value) and by which rule, where words are part of them.
  EXPLAIN_VALUE_ROW: entry({
    example: { ledger: '8000', vatCode: 'HOOG_VERK_21', excl: '24.55', vat: '5.16', incl: '29.71' },
    message: {
      nl: (p) => `${p.ledger} ${p.vatCode} excl ${p.excl} btw ${p.vat} incl ${p.incl}`,
      en: (p) => `${p.ledger} ${p.vatCode} excl ${p.excl} VAT ${p.vat} incl ${p.incl}`,
    },
  }),
  EXPLAIN_VALUE_ROUNDED: entry({
    example: { expected: '29.70', difference: '-0.01', ledger: '8000' },
    message: { nl: (p) => `${p.expected} (afronding ${p.difference} op ${p.ledger})`, en: (p) => `${p.expected} (rounding ${p.difference} on ${p.ledger})` },
  }),
  EXPLAIN_VALUE_LINE: entry({
    example: { quantity: '2', price: '12.50', vatCode: 'HOOG_VERK_21', ledger: '8000', hours: 'yes' },
    optional: ['hours'],
    message: {
      nl: (p) => `${p.quantity}${p.hours === 'yes' ? ' u' : ''} × ${p.price} ${p.vatCode} op ${p.ledger}`,
      en: (p) => `${p.quantity}${p.hours === 'yes' ? ' h' : ''} × ${p.price} ${p.vatCode} on ${p.ledger}`,
    },
  }),
  EXPLAIN_RULE_ROUNDING: entry({ example: {}, message: { nl: () => 'afronding per btw-code', en: () => 'rounding per VAT code' } }),
  EXPLAIN_RULE_WORK_ORDER: entry({ example: {}, message: { nl: () => 'werkbon', en: () => 'work order' } }),
  EXPLAIN_RULE_MATERIAL: entry({
    example: { article: 'K325' },
    optional: ['article'],
    message: { nl: (p) => (p.article ? `artikel ${p.article}` : 'materiaal van de werkbon'), en: (p) => (p.article ? `article ${p.article}` : 'work order material') },
  }),
  EXPLAIN_RULE_HOUR_TYPE: entry({ example: { code: 'MONTAGE' }, message: { nl: (p) => `uursoort ${p.code}`, en: (p) => `hour type ${p.code}` } }),
  EXPLAIN_RULE_EXCHANGE_RATE: entry({ example: {}, message: { nl: () => 'wisselkoers van het document', en: () => 'document exchange rate' } }),
  EXPLAIN_RULE_DEFAULT_LEDGER: entry({
    example: { table: 'sales' },
    message: {
      nl: (p) => `mapping.ledgers.${p.table}.default (mapping.rounding.ledger is niet ingesteld)`,
      en: (p) => `mapping.ledgers.${p.table}.default (mapping.rounding.ledger is not set)`,
    },
  }),
  EXPLAIN_RULE_BUILT_IN: entry({ example: { path: 'vat.sales[2]' }, message: { nl: (p) => `ingebouwd ${p.path}`, en: (p) => `built-in ${p.path}` } }),
  EXPLAIN_INVOICE_TEMPLATE: entry({
    example: {},
    message: { nl: () => 'het factuursjabloon van deze koppeling', en: () => "the tenant's invoice template" },
  }),
};
