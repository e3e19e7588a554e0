/**
 * The e-Boekhouden connector's texts: every code its errors and checks carry, in Dutch and English
 * (`manifest.messages`): what it checks before a call, what it looks up, its sessions and its dots;
 * what e-Boekhouden itself answers is in eboekhouden-upstream-messages.ts. Its errors take their
 * English from here (`worded`).
 */
import { entry, wordedBy } from '@koppelwerk/core';
import { CREDENTIALS_HINTS, EBOEKHOUDEN_UPSTREAM_MESSAGES } from './eboekhouden-upstream-messages';

/** An error as `errorParams('cause', error)` nests it, for the examples. */
const CAUSE = { cause: 'EB_REFUSED', 'cause.text': 'e-Boekhouden refused AddMutatie (MUT_019): Factuurnummer bestaat al', 'cause.what': 'AddMutatie', 'cause.upstreamCode': 'MUT_019', 'cause.said': 'Factuurnummer bestaat al' };

const OWN_MESSAGES = {
  EB_AMOUNT_PRECISION: entry({
    example: { field: 'rows[0].amountExcl', value: '10.005', places: 2, money: 'yes' },
    optional: ['money'],
    message: {
      nl: (p) =>
        p.money === 'yes'
          ? `${p.field} heeft meer dan twee decimalen (${p.value}); bedragen moeten vóór het boeken afgerond zijn`
          : `${p.field} heeft meer dan ${p.places} decimalen (${p.value})`,
      en: (p) =>
        p.money === 'yes' ? `${p.field} has more than two decimals (${p.value}); amounts must be rounded before booking` : `${p.field} has more than ${p.places} decimals (${p.value})`,
    },
  }),
  EB_DATE: entry({
    example: { field: 'date' },
    message: { nl: (p) => `${p.field} is geen datum (JJJJ-MM-DD)`, en: (p) => `${p.field} is not a date (YYYY-MM-DD)` },
  }),
  EB_DATE_RANGE: entry({
    example: { field: 'date', date: '1979-12-31', earliest: '1980-01-01', latest: '2049-12-31' },
    message: {
      nl: (p) => `${p.field} ${p.date} ligt buiten wat e-Boekhouden aanneemt (${p.earliest} tot ${p.latest})`,
      en: (p) => `${p.field} ${p.date} is outside the range e-Boekhouden accepts (${p.earliest} to ${p.latest})`,
    },
  }),
  EB_FIELD_TOO_LONG: entry({
    example: { field: 'description', length: 212, limit: 200, element: 'Omschrijving' },
    message: {
      nl: (p) => `${p.field} is ${p.length} tekens; e-Boekhouden staat er hoogstens ${p.limit} toe in ${p.element}`,
      en: (p) => `${p.field} is ${p.length} characters; e-Boekhouden allows at most ${p.limit} in ${p.element}`,
    },
    hint: {
      nl: (p) => `maak ${p.field} korter (of verander de regel in de mapping die het maakt)`,
      en: (p) => `shorten ${p.field} (or change the mapping rule that produces it)`,
    },
  }),
  EB_FIELD_REQUIRED: entry({
    example: { field: 'relationCode', element: 'RelatieCode' },
    message: { nl: (p) => `${p.field} is leeg; e-Boekhouden heeft ${p.element} nodig`, en: (p) => `${p.field} is empty; e-Boekhouden needs ${p.element}` },
  }),
  EB_NO_ROWS: entry({ example: {}, message: { nl: () => 'de memoriaalboeking heeft geen regels', en: () => 'the journal entry has no rows' } }),
  EB_NO_LINES: entry({ example: {}, message: { nl: () => 'de factuur heeft geen regels', en: () => 'the invoice has no lines' } }),
  EB_ROW_AMOUNTS: entry({
    example: { at: 'rows[0]', incl: '12.11', excl: '10.00', vat: '2.10' },
    message: {
      nl: (p) => `${p.at}: het bedrag incl. btw ${p.incl} is niet excl. ${p.excl} + btw ${p.vat}`,
      en: (p) => `${p.at}: amount incl. VAT ${p.incl} is not excl. ${p.excl} + VAT ${p.vat}`,
    },
  }),
  EB_INVOICE_NUMBER: entry({
    example: { invoiceNumber: 'WEB-A' },
    message: {
      nl: (p) => `factuurnummer "${p.invoiceNumber}" eindigt niet op een cijfer; de factuurmodule van e-Boekhouden heeft er een nodig dat dat wel doet`,
      en: (p) => `invoiceNumber "${p.invoiceNumber}" does not end in a digit; e-Boekhouden's invoicing module needs one that does`,
    },
    hint: {
      nl: () => 'verander de regel voor factuurnummers in de mapping (texts.invoiceNumber) zodat nummers op een cijfer eindigen',
      en: () => 'change the invoice number rule in the mapping (texts.invoiceNumber) so numbers end in a digit',
    },
  }),
  EB_PAYMENT_TERM: entry({
    example: {},
    message: {
      nl: () => 'paymentTermDays moet een geheel aantal dagen zijn (0 tot 9999)',
      en: () => 'paymentTermDays must be a whole number of days (0 to 9999)',
    },
  }),
  EB_VAT_CODE: entry({
    example: { field: 'rows[0].vatCode', vatCode: 'HOOG_22' },
    message: { nl: (p) => `${p.field} "${p.vatCode}" is geen btw-code van e-Boekhouden`, en: (p) => `${p.field} "${p.vatCode}" is not an e-Boekhouden VAT code` },
  }),
  EB_UNKNOWN_LEDGER: entry({
    example: { field: 'rows[0].ledger', ledger: '8010' },
    message: { nl: (p) => `${p.field}: grootboekrekening ${p.ledger} bestaat niet in e-Boekhouden`, en: (p) => `${p.field}: ledger ${p.ledger} does not exist in e-Boekhouden` },
    hint: {
      nl: (p) => `voeg grootboekrekening ${p.ledger} toe onder Beheer > Inrichting > Grootboekrekeningen, of verander de mapping, en verwerk opnieuw`,
      en: (p) => `add ledger ${p.ledger} under Beheer > Inrichting > Grootboekrekeningen, or change the mapping, then retry`,
    },
  }),
  EB_UNKNOWN_TEMPLATE: entry({
    example: { field: 'template', name: 'Werkbon', names: '"Standaard", "Offerte"' },
    message: {
      nl: (p) => `${p.field}: e-Boekhouden heeft geen factuursjabloon "${p.name}"; wel: ${p.names || 'geen'}`,
      en: (p) => `${p.field}: e-Boekhouden has no invoice template "${p.name}"; it has: ${p.names || 'none'}`,
    },
    hint: {
      nl: () => 'gebruik de naam van een factuursjabloon dat e-Boekhouden heeft (Beheer > Facturen > Sjablonen) en verwerk opnieuw',
      en: () => 'use the name of an invoice template e-Boekhouden has (Beheer > Facturen > Sjablonen), then retry',
    },
  }),
  EB_NO_COST_CENTER: entry({
    example: { description: 'Winkel', known: '"Kantoor"' },
    message: {
      nl: (p) => `e-Boekhouden heeft geen kostenplaats "${p.description}"; wel: ${p.known || 'geen'}`,
      en: (p) => `e-Boekhouden has no cost centre "${p.description}"; it has: ${p.known || 'none'}`,
    },
  }),
  EB_NO_ADMINISTRATION: entry({
    example: { wanted: 'Bakkerij BV', known: '"Bakkerij Holding"' },
    message: {
      nl: (p) => `deze login heeft geen administratie "${p.wanted}"; wel: ${p.known || 'geen'}`,
      en: (p) => `this login has no administration "${p.wanted}"; it has: ${p.known || 'none'}`,
    },
  }),
  EB_RELATION_MISSING: entry({
    example: { relationCode: 'WEB-3F2K9', creatingOff: 'yes' },
    optional: ['creatingOff'],
    message: {
      nl: (p) => `relatie ${p.relationCode} bestaat niet in e-Boekhouden${p.creatingOff === 'yes' ? ' en het aanmaken van relaties staat uit' : ''}`,
      en: (p) => `relation ${p.relationCode} does not exist in e-Boekhouden${p.creatingOff === 'yes' ? ' and creating relations is turned off' : ''}`,
    },
    hint: {
      nl: (p) => `maak relatie ${p.relationCode} aan in e-Boekhouden, of sta het aanmaken van relaties toe in de mapping, en verwerk opnieuw`,
      en: (p) => `create relation ${p.relationCode} in e-Boekhouden, or allow creating relations in the mapping, then retry`,
    },
  }),
  EB_REST_NO_ITEMS: entry({
    example: { path: '/v1/mutation' },
    message: { nl: (p) => `e-Boekhouden antwoordde op GET ${p.path} zonder lijst`, en: (p) => `e-Boekhouden answered GET ${p.path} without a list of items` },
  }),
  EB_REST_NO_MUTATION_ID: entry({
    example: { invoiceNumber: '2024-0001', date: '2024-03-15' },
    message: {
      nl: (p) => `e-Boekhouden gaf mutatie ${p.invoiceNumber} van ${p.date} zonder id; de regels ervan zijn via de REST API dan niet te lezen`,
      en: (p) => `e-Boekhouden listed mutation ${p.invoiceNumber} of ${p.date} without its id; its rows cannot be read over the REST API then`,
    },
    hint: {
      nl: () => 'controleer de boekingen van deze periode via de SOAP API (sink.settings.api: soap), die de regels in de lijst zelf geeft',
      en: () => 'check the books of this period over the SOAP API (sink.settings.api: soap), which gives the rows in the list itself',
    },
  }),
  EB_SESSION_DROPPED: entry({
    example: { what: 'POST /v1/mutation' },
    message: {
      nl: (p) => `e-Boekhouden liet ook de nieuwe sessie vallen (${p.what}); de volgende verwerking probeert het opnieuw`,
      en: (p) => `e-Boekhouden dropped the new session too (${p.what}); the next run tries again`,
    },
  }),
  EB_SESSION_CLOSED: entry({
    example: { what: 'AddMutatie' },
    message: {
      nl: (p) => `e-Boekhouden ${p.what} werd niet gedaan: deze verwerking sloot haar sessie (ze is aan het eindigen); de volgende verwerking gaat verder`,
      en: (p) => `e-Boekhouden ${p.what} was not done: this run closed its session (it is ending); the next run goes on`,
    },
  }),
  EB_NO_SESSION: entry({
    example: { operation: 'OpenSession', api: 'soap' },
    message: {
      nl: (p) =>
        p.api === 'rest'
          ? 'e-Boekhouden antwoordde op POST /v1/session zonder sessietoken en zonder fout'
          : `e-Boekhouden antwoordde op ${p.operation} zonder SessionID en zonder fout`,
      en: (p) =>
        p.api === 'rest' ? 'e-Boekhouden answered POST /v1/session without a session token and without an error' : `e-Boekhouden answered ${p.operation} without a SessionID and without an error`,
    },
  }),
  EB_NOT_SOAP: entry({
    example: { operation: 'AddMutatie', said: 'Unexpected end of input' },
    message: {
      nl: (p) => `e-Boekhouden antwoordde op ${p.operation} met iets dat geen SOAP-antwoord is: ${p.said}`,
      en: (p) => `e-Boekhouden answered ${p.operation} with something that is not a SOAP answer: ${p.said}`,
    },
  }),
  EB_DUPLICATE_NOT_FOUND: entry({
    example: CAUSE,
    optional: ['cause'],
    message: {
      nl: (_p, nested) => `${nested('cause')}; zoeken op factuurnummer vond zo'n document niet`,
      en: (_p, nested) => `${nested('cause')}; looking it up by invoice number found no such document`,
    },
    hint: {
      nl: () => 'een ander document in e-Boekhouden gebruikt dit factuurnummer: geef dit document in de mapping een eigen nummer en verwerk opnieuw',
      en: () => 'another document in e-Boekhouden uses this invoice number: give this one its own number in the mapping, then retry',
    },
  }),
  EB_ALREADY_BOOKED_AS: entry({
    example: { ...CAUSE, sinkId: 'M-1234' },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `${nested('cause')} (al geboekt als ${p.sinkId})`,
      en: (p, nested) => `${nested('cause')} (already booked as ${p.sinkId})`,
    },
    hint: { nl: () => 'het document staat al in e-Boekhouden; er hoeft niets te gebeuren', en: () => 'the document is already in e-Boekhouden; nothing to do' },
  }),
  EB_CHECK_MAPPING: entry({
    example: {},
    message: {
      nl: () => 'de mapping gebruikt grootboekrekeningen of btw-codes die e-Boekhouden niet kent',
      en: () => 'the mapping uses ledgers or VAT codes e-Boekhouden does not know',
    },
  }),
  EB_CHECK_LEDGER_MISSING: entry({
    example: { ledger: '8010' },
    message: {
      nl: (p) => `grootboekrekening ${p.ledger} bestaat niet in e-Boekhouden: voeg die toe onder Beheer > Inrichting > Grootboekrekeningen of verander de mapping`,
      en: (p) => `ledger ${p.ledger} does not exist in e-Boekhouden: add it under Beheer > Inrichting > Grootboekrekeningen or change the mapping`,
    },
  }),
  EB_CHECK_VAT_CODE: entry({
    example: { vatCode: 'HOOG_22', known: 'HOOG_VERK_21, LAAG_VERK_9' },
    message: {
      nl: (p) => `btw-code ${p.vatCode} is geen btw-code van e-Boekhouden; gebruik een van ${p.known}`,
      en: (p) => `VAT code ${p.vatCode} is not an e-Boekhouden VAT code; use one of ${p.known}`,
    },
  }),
  EB_CREDENTIALS_REFUSED: entry({
    example: { api: 'soap' },
    message: {
      nl: (p) => (p.api === 'rest' ? 'e-Boekhouden weigerde het API-token' : 'e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes'),
      en: (p) => (p.api === 'rest' ? 'e-Boekhouden refused the API token' : 'e-Boekhouden refused the username and security codes'),
    },
    hint: { nl: (p) => CREDENTIALS_HINTS[p.api === 'rest' ? 'rest' : 'soap'].nl, en: (p) => CREDENTIALS_HINTS[p.api === 'rest' ? 'rest' : 'soap'].en },
  }),
  EB_UNREACHABLE: entry({
    example: { ...CAUSE, framed: 'yes' },
    optional: ['cause'],
    message: {
      nl: (p, nested) => (p.framed === 'yes' ? `e-Boekhouden is niet bereikbaar: ${nested('cause')}` : nested('cause')),
      en: (p, nested) => (p.framed === 'yes' ? `e-Boekhouden cannot be reached: ${nested('cause')}` : nested('cause')),
    },
    hint: {
      nl: (_p, nested) => nested('cause', { hint: true }) || 'controleer de internetverbinding; er gaat niets verloren, de volgende verwerking probeert het opnieuw',
      en: (_p, nested) => nested('cause', { hint: true }) || 'check the internet connection; nothing is lost, the next run tries again',
    },
  }),
};

export const EBOEKHOUDEN_MESSAGES = { ...OWN_MESSAGES, ...EBOEKHOUDEN_UPSTREAM_MESSAGES };

export const worded = wordedBy(EBOEKHOUDEN_MESSAGES);
