/**
 * The WerkbonApp connector's texts: every code its errors and checks carry, in Dutch and English
 * (`manifest.messages`). Its errors take their English from here (`worded`).
 */
import { entry, wordedBy } from '@koppelwerk/core';

/** What WerkbonApp's response codes mean (every answer is HTTP 200 with a `code`). */
const MEANING: Record<number, { nl: string; en: string }> = {
  1000: { nl: 'geen endpoint opgegeven', en: 'no endpoint given' },
  1001: { nl: 'onbekend endpoint', en: 'unknown endpoint' },
  1002: { nl: 'geen klanttoken opgegeven', en: 'no customer token given' },
  1003: { nl: 'geen softwaretoken opgegeven', en: 'no software token given' },
  1004: { nl: 'het klanttoken is niet geautoriseerd', en: 'the customer token is not authorised' },
  1005: { nl: 'het softwaretoken is niet geautoriseerd', en: 'the software token is not authorised' },
  1006: { nl: 'de API moet via https worden aangeroepen', en: 'the API must be called over https' },
  1007: { nl: 'een onafgevangen fout in WerkbonApp', en: 'an uncaught error in WerkbonApp' },
  1008: { nl: 'geen inhoud in het verzoek', en: 'no request body' },
  1009: { nl: 'de inhoud van het verzoek is geen geldige JSON', en: 'the request body is not valid JSON' },
  1500: { nl: 'werkbon niet gevonden', en: 'work order not found' },
  1501: { nl: 'er ontbreekt een veld van de werkbon', en: 'a work order field is missing' },
  1502: { nl: 'geen gegevens om bij te werken', en: 'no update data' },
  1503: { nl: 'er veranderde niets', en: 'no data changed' },
  1504: { nl: 'WerkbonApp kon de gegevens niet lezen', en: 'WerkbonApp could not parse the data' },
  1600: { nl: 'verwijderen mislukte', en: 'deleting failed' },
};

/** 1101, 1201, 1301, ...: a required field of an entity is missing. */
function isRequiredFieldCode(code: number): boolean {
  return code >= 1100 && code < 1500 && code % 100 < 50;
}

/** A response code in words. */
export function describeCode(code: number, language: 'nl' | 'en' = 'en'): string {
  const meaning = MEANING[code]?.[language];
  if (meaning) return meaning;
  if (isRequiredFieldCode(code)) return language === 'en' ? 'a required field is missing' : 'er ontbreekt een verplicht veld';
  return language === 'en' ? 'unknown error code' : 'onbekende foutcode';
}

const answered = (language: 'nl' | 'en', p: { what: string; answeredCode: number; said?: string }) =>
  `WerkbonApp ${p.what} ${language === 'en' ? 'answered code' : 'antwoordde met code'} ${p.answeredCode} (${describeCode(p.answeredCode, language)}${p.said ? `: ${p.said}` : ''})`;

const TOKEN_HINT = {
  nl: 'kopieer het klanttoken uit WerkbonApp (Start > ERP/CRM > Overzicht, met e-Boekhouden als gekozen pakket) naar de instellingen van de koppeling; het softwaretoken moet het token zijn dat voor deze koppeling is uitgegeven',
  en: 'copy the customer token from WerkbonApp (Start > ERP/CRM > Overzicht, with e-Boekhouden chosen as package) into the tenant config; the software token must be the one issued for this integration',
};

const ENTITIES: Record<string, string> = { relations: 'relaties', materials: 'materialen', 'hour types': 'uursoorten' };

const call = { what: 'GET GetWorkorders' };
const answer = { ...call, answeredCode: 1004, said: 'Token ongeldig' };

export const WERKBONAPP_MESSAGES = {
  WBA_ANSWERED: entry({
    example: answer,
    optional: ['said'],
    message: { nl: (p) => answered('nl', p), en: (p) => answered('en', p) },
  }),
  WBA_TOKEN_REFUSED: entry({
    example: answer,
    optional: ['said'],
    message: { nl: (p) => answered('nl', p), en: (p) => answered('en', p) },
    hint: { nl: () => TOKEN_HINT.nl, en: () => TOKEN_HINT.en },
  }),
  WBA_ANSWERED_ENDPOINT: entry({
    example: { ...answer, answeredCode: 1006 },
    optional: ['said'],
    message: {
      nl: (p) => `${answered('nl', p)}; controleer het endpoint (https) en de API-versie`,
      en: (p) => `${answered('en', p)}; check the endpoint (https) and the API version`,
    },
  }),
  WBA_ANSWERED_CODE: entry({
    example: { code: 1001 },
    message: { nl: (p) => `code ${p.code} (${describeCode(p.code, 'nl')})`, en: (p) => `code ${p.code} (${describeCode(p.code, 'en')})` },
  }),
  WBA_ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://app.werkbonapp.nl' },
    message: {
      nl: (p) =>
        `daar is geen WerkbonApp OPENApi; het endpoint moet de host zijn zonder /openapi (${p.endpoint}, of de \`endpoint\`-regel van \`koppelwerk simulate werkbonapp\`), en de API-versie een die WerkbonApp aanbiedt`,
      en: (p) =>
        `no WerkbonApp OPENApi there; the endpoint should be the host without /openapi (${p.endpoint}, or the \`endpoint\` line of \`koppelwerk simulate werkbonapp\`), and the API version one WerkbonApp offers`,
    },
  }),
  WBA_RATE_LIMITED: entry({
    example: call,
    message: { nl: (p) => `WerkbonApp ${p.what} kreeg te veel verzoeken tegelijk (HTTP 429)`, en: (p) => `WerkbonApp ${p.what} was rate limited (HTTP 429)` },
  }),
  WBA_FAILED_UPSTREAM: entry({
    example: { ...call, status: 502 },
    message: { nl: (p) => `WerkbonApp ${p.what} mislukte aan de kant van WerkbonApp (HTTP ${p.status})`, en: (p) => `WerkbonApp ${p.what} failed upstream (HTTP ${p.status})` },
  }),
  WBA_NO_ENVELOPE: entry({
    example: call,
    message: {
      nl: (p) => `WerkbonApp ${p.what} antwoordde zonder code (niet de OPENApi-envelop)`,
      en: (p) => `WerkbonApp ${p.what} answered without a code (not the OPENApi envelope)`,
    },
  }),
  WBA_NOT_A_LIST: entry({
    example: {},
    message: { nl: () => 'WerkbonApp gaf op GetWorkorders geen lijst terug', en: () => 'WerkbonApp GetWorkorders did not answer with a list' },
  }),
  WBA_NOT_FOUND: entry({
    example: { key: '12' },
    message: { nl: (p) => `werkbon ${p.key} bestaat niet meer in WerkbonApp`, en: (p) => `work order ${p.key} no longer exists in WerkbonApp` },
  }),
  WBA_NOT_COMPLETE: entry({
    example: { key: '12', status: 'Opgehaald', complete: 'Compleet' },
    message: {
      nl: (p) => `werkbon ${p.key} heeft status "${p.status}": hij is nog niet af (${p.complete})`,
      en: (p) => `work order ${p.key} has status "${p.status}": it is not finished (${p.complete}) yet`,
    },
  }),
  WBA_NOT_A_NUMBER: entry({
    example: { field: 'Materials[0].MaterialPrice', value: '"twaalf"' },
    message: { nl: (p) => `${p.field} is geen getal: ${p.value}`, en: (p) => `${p.field} is not a number: ${p.value}` },
  }),
  WBA_PERIOD_TIME: entry({
    example: { problem: 'break' },
    message: {
      nl: (p) => (p.problem === 'break' ? 'de pauze van deze werkperiode is langer dan de periode' : 'de werkperiode heeft geen TotalTime en geen begin- en eindtijd'),
      en: (p) => (p.problem === 'break' ? 'the break of this work period is longer than the period' : 'work period has neither a TotalTime nor a begin and end time'),
    },
  }),
  WBA_NO_CUSTOMER: entry({ example: {}, message: { nl: () => 'de werkbon noemt geen klant', en: () => 'the work order names no customer' } }),
  WBA_MATERIAL_QUANTITY: entry({ example: {}, message: { nl: () => 'een materiaal heeft geen aantal', en: () => 'a material has no quantity' } }),
  WBA_MATERIAL_NAME: entry({ example: {}, message: { nl: () => 'een materiaal heeft geen code en geen naam', en: () => 'a material has neither a code nor a name' } }),
  WBA_PERIOD_HOUR_TYPE: entry({ example: {}, message: { nl: () => 'een werkperiode heeft geen uursoort', en: () => 'a work period has no hour type' } }),
  WBA_MALFORMED: entry({ example: {}, message: { nl: () => 'de werkbon is geen object', en: () => 'the work order is not an object' } }),
  WBA_NO_ID: entry({ example: {}, message: { nl: () => 'de werkbon heeft geen id', en: () => 'the work order has no id' } }),
  WBA_DATE: entry({
    example: { value: '"31-02-2025"' },
    message: { nl: (p) => `de werkbon heeft geen geldige WorkDate (d-m-J): ${p.value}`, en: (p) => `the work order has no valid WorkDate (d-m-Y): ${p.value}` },
  }),
  WBA_NO_KEY: entry({
    example: { label: 'relations', keyField: 'debtor_number' },
    message: {
      nl: (p) => `een van de ${ENTITIES[p.label] ?? p.label} heeft geen ${p.keyField}`,
      en: (p) => `one of the ${p.label} has no ${p.keyField}`,
    },
  }),
  WBA_NO_WORK_STATUS: entry({
    example: { wanted: '1 naar E-boekhouden', known: '"2 Gefactureerd"' },
    message: {
      nl: (p) => `WerkbonApp heeft geen werkstatus "${p.wanted}"; de werkstatussen: ${p.known || '(geen)'}`,
      en: (p) => `WerkbonApp has no work status "${p.wanted}"; its work statuses: ${p.known || '(none)'}`,
    },
  }),
  WBA_CHECK_EXPORT: entry({
    example: { complete: 'Compleet', workStatus: '1 naar E-boekhouden' },
    message: {
      nl: (p) => `factureert werkbonnen met status ${p.complete} en werkstatus "${p.workStatus}"`,
      en: (p) => `invoices work orders with status ${p.complete} and work status "${p.workStatus}"`,
    },
  }),
  WBA_CHECK_EXPORT_OFF: entry({
    example: {},
    message: { nl: () => 'het exporteren van werkbonnen staat uit', en: () => 'export of work orders is switched off' },
  }),
  WBA_CHECK_IMPORTS: entry({
    example: { imports: 'relations|materials' },
    message: {
      nl: (p) =>
        p.imports ? `importeert ${p.imports.split('|').map((kind) => ({ relations: 'relaties', materials: 'materialen', hourTypes: 'uursoorten' })[kind] ?? kind).join(', ')} uit de boekhouding` : 'het importeren staat uit',
      en: (p) => (p.imports ? `imports ${p.imports.split('|').join(', ')} from the bookkeeping` : 'import is switched off'),
    },
  }),
};

export const worded = wordedBy(WERKBONAPP_MESSAGES);
