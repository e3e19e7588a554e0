/**
 * The one validation step before either wire. Everything e-Boekhouden would refuse in a journal
 * entry, an invoice or a new relation is refused here first, as a record error that names the
 * canonical field (and, in its message, the element of the API the tenant books through), so a
 * document is parked with a reason before any call is made. The sink runs it before every write
 * and every relation (eboekhouden-sink.ts); a transport runs `validateRelation` before it creates
 * a relation, the only time one is sent. The mappers (soap/mappers, rest/mappers) only convert.
 *
 * The rules are the same over SOAP and REST, except where the APIs differ: SOAP writes ledger,
 * relation and unit codes into the document, so their lengths count there (REST looks codes up as
 * ids first); REST's invoicing module wants an invoice number that ends in a digit, a description
 * and a ledger on every line, and at most four decimals in a quantity.
 */
import { RecordError, isKnownVatCode, type Decimal, type InvoiceEntry, type JournalEntry, type Relation } from '@koppelwerk/core';
import type { EboekhoudenApi } from './eboekhouden-transport';
import { FACTUUR_LIMITS, MUTATIE_LIMITS, RELATIE_LIMITS, checkLength, checkRequired } from './field-limits';
import { dateText, moneyText } from './wire-format';
import { worded } from './eboekhouden-messages';

/** The element a canonical field is written to, per API: what a message names. */
type Element = Record<EboekhoudenApi, string>;

const JOURNAL = {
  invoiceNumber: { soap: 'Factuurnummer', rest: 'invoiceNumber' },
  accountLedger: { soap: 'Rekening', rest: 'ledgerId' },
  relationCode: { soap: 'RelatieCode', rest: 'relationId' },
  reference: { soap: 'Boekstuk', rest: 'entryNumber' },
  description: { soap: 'Omschrijving', rest: 'description' },
  rowLedger: { soap: 'TegenrekeningCode', rest: 'ledgerId' },
} satisfies Record<string, Element>;

const INVOICE = {
  invoiceNumber: { soap: 'Factuurnummer', rest: 'invoiceNumber' },
  relationCode: { soap: 'Relatiecode', rest: 'relationId' },
  template: { soap: 'Factuursjabloon', rest: 'templateId' },
  description: { soap: 'BoekhoudmutatieOmschrijving', rest: 'mutation.description' },
  lineCode: { soap: 'Code', rest: 'code' },
  lineDescription: { soap: 'Omschrijving', rest: 'description' },
} satisfies Record<string, Element>;

/** Every relation field that is sent, with its published limit (the same administration behind both APIs). */
const RELATION: { from: string; limit: number; element: Element; value: (relation: Relation) => string | undefined }[] = [
  { from: 'relation.contactName', limit: RELATIE_LIMITS.Contactpersoon, element: { soap: 'Contactpersoon', rest: 'contact' }, value: (r) => r.contactName ?? (r.kind === 'company' ? undefined : r.name) },
  { from: 'relation.address.street', limit: RELATIE_LIMITS.Adres, element: { soap: 'Adres', rest: 'address' }, value: (r) => r.address?.street },
  { from: 'relation.address.postalCode', limit: RELATIE_LIMITS.Postcode, element: { soap: 'Postcode', rest: 'postalCode' }, value: (r) => r.address?.postalCode },
  { from: 'relation.address.city', limit: RELATIE_LIMITS.Plaats, element: { soap: 'Plaats', rest: 'city' }, value: (r) => r.address?.city },
  { from: 'relation.address.country', limit: RELATIE_LIMITS.Land, element: { soap: 'Land', rest: 'country' }, value: (r) => r.address?.country },
  { from: 'relation.deliveryAddress.street', limit: RELATIE_LIMITS.Adres2, element: { soap: 'Adres2', rest: 'address2' }, value: (r) => r.deliveryAddress?.street },
  { from: 'relation.deliveryAddress.postalCode', limit: RELATIE_LIMITS.Postcode2, element: { soap: 'Postcode2', rest: 'postalCode2' }, value: (r) => r.deliveryAddress?.postalCode },
  { from: 'relation.deliveryAddress.city', limit: RELATIE_LIMITS.Plaats2, element: { soap: 'Plaats2', rest: 'city2' }, value: (r) => r.deliveryAddress?.city },
  { from: 'relation.deliveryAddress.country', limit: RELATIE_LIMITS.Land2, element: { soap: 'Land2', rest: 'country2' }, value: (r) => r.deliveryAddress?.country },
  { from: 'relation.phone', limit: RELATIE_LIMITS.Telefoon, element: { soap: 'Telefoon', rest: 'phoneNumber' }, value: (r) => r.phone },
  { from: 'relation.mobile', limit: RELATIE_LIMITS.GSM, element: { soap: 'GSM', rest: 'mobilePhoneNumber' }, value: (r) => r.mobile },
  { from: 'relation.email', limit: RELATIE_LIMITS.Email, element: { soap: 'Email', rest: 'emailAddress' }, value: (r) => r.email },
  { from: 'relation.website', limit: RELATIE_LIMITS.Site, element: { soap: 'Site', rest: 'website' }, value: (r) => r.website },
  { from: 'relation.vatNumber', limit: RELATIE_LIMITS.BTWNummer, element: { soap: 'BTWNummer', rest: 'vatNumber' }, value: (r) => r.vatNumber },
  { from: 'relation.chamberOfCommerceNumber', limit: RELATIE_LIMITS.KvkNummer, element: { soap: 'KvkNummer', rest: 'companyRegistrationNumber' }, value: (r) => r.chamberOfCommerceNumber },
  { from: 'relation.iban', limit: RELATIE_LIMITS.IBAN, element: { soap: 'IBAN', rest: 'iban' }, value: (r) => r.iban },
];

export function validateJournalEntry(entry: JournalEntry, api: EboekhoudenApi): void {
  checkRequired(entry.invoiceNumber, 'invoiceNumber', JOURNAL.invoiceNumber[api]);
  checkRequired(entry.accountLedger, 'accountLedger', JOURNAL.accountLedger[api]);
  checkRequired(entry.relationCode, 'relationCode', JOURNAL.relationCode[api]);
  if (api === 'soap') {
    checkLength(entry.accountLedger, MUTATIE_LIMITS.Rekening, 'accountLedger', JOURNAL.accountLedger.soap);
    checkLength(entry.relationCode, MUTATIE_LIMITS.RelatieCode, 'relationCode', JOURNAL.relationCode.soap);
  }
  checkLength(entry.invoiceNumber, MUTATIE_LIMITS.Factuurnummer, 'invoiceNumber', JOURNAL.invoiceNumber[api]);
  checkLength(entry.reference, MUTATIE_LIMITS.Boekstuk, 'reference', JOURNAL.reference[api]);
  checkLength(entry.description, MUTATIE_LIMITS.Omschrijving, 'description', JOURNAL.description[api]);
  if (entry.paymentTermDays !== undefined) checkPaymentTerm(entry.paymentTermDays);
  if (entry.rows.length === 0) throw new RecordError(...worded('EB_NO_ROWS', {}, { field: 'rows' }));
  dateText(entry.date, 'date');
  entry.rows.forEach((row, index) => {
    const at = `rows[${index}]`;
    checkRequired(row.ledger, `${at}.ledger`, JOURNAL.rowLedger[api]);
    if (api === 'soap') checkLength(row.ledger, MUTATIE_LIMITS.TegenrekeningCode, `${at}.ledger`, JOURNAL.rowLedger.soap);
    checkVatCode(row.vatCode, `${at}.vatCode`);
    const excl = moneyText(row.amountExcl, `${at}.amountExcl`);
    const vat = moneyText(row.amountVat, `${at}.amountVat`);
    const incl = moneyText(row.amountIncl, `${at}.amountIncl`);
    if (!row.amountExcl.plus(row.amountVat).equals(row.amountIncl)) {
      throw new RecordError(...worded('EB_ROW_AMOUNTS', { at, incl, excl, vat }, { field: `${at}.amountIncl` }));
    }
  });
}

export function validateInvoice(invoice: InvoiceEntry, api: EboekhoudenApi): void {
  checkRequired(invoice.relationCode, 'relationCode', INVOICE.relationCode[api]);
  checkRequired(invoice.template, 'template', INVOICE.template[api]);
  checkLength(invoice.invoiceNumber, FACTUUR_LIMITS.Factuurnummer, 'invoiceNumber', INVOICE.invoiceNumber[api]);
  if (api === 'soap') {
    checkLength(invoice.relationCode, FACTUUR_LIMITS.Relatiecode, 'relationCode', INVOICE.relationCode.soap);
    checkLength(invoice.template, FACTUUR_LIMITS.Factuursjabloon, 'template', INVOICE.template.soap);
  }
  checkLength(invoice.description, FACTUUR_LIMITS.BoekhoudmutatieOmschrijving, 'description', INVOICE.description[api]);
  if (api === 'rest' && invoice.invoiceNumber && !/\d$/.test(invoice.invoiceNumber)) {
    throw new RecordError(...worded('EB_INVOICE_NUMBER', { invoiceNumber: invoice.invoiceNumber }, { field: 'invoiceNumber' }));
  }
  checkPaymentTerm(invoice.paymentTermDays);
  if (invoice.lines.length === 0) throw new RecordError(...worded('EB_NO_LINES', {}, { field: 'lines' }));
  dateText(invoice.date, 'date');
  invoice.lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    if (api === 'rest') checkRequired(line.description, `${at}.description`, INVOICE.lineDescription.rest);
    if (api === 'soap') checkLength(line.unit, FACTUUR_LIMITS.Eenheid, `${at}.unit`, 'Eenheid');
    checkLength(line.code, FACTUUR_LIMITS.Code, `${at}.code`, INVOICE.lineCode[api]);
    checkLength(line.description, FACTUUR_LIMITS.Omschrijving, `${at}.description`, INVOICE.lineDescription[api]);
    if (api === 'soap') checkLength(line.ledger, MUTATIE_LIMITS.TegenrekeningCode, `${at}.ledger`, 'TegenrekeningCode');
    if (api === 'rest') checkRequired(line.ledger, `${at}.ledger`, 'ledgerId');
    checkVatCode(line.vatCode, `${at}.vatCode`);
    if (api === 'rest') checkDecimals(line.quantity, 4, `${at}.quantity`);
  });
}

/** The code a relation is found and created by: checked before it is looked up, over either API. */
export function validateRelationCode(code: string, api: EboekhoudenApi): void {
  const element = api === 'soap' ? 'Code' : 'code';
  checkRequired(code, 'relation.code', element);
  checkLength(code, RELATIE_LIMITS.Code, 'relation.code', element);
}

/** A relation about to be created: its code, its name (a company's is its company name) and every field it has. */
export function validateRelation(code: string, relation: Relation, api: EboekhoudenApi): void {
  validateRelationCode(code, api);
  const isCompany = relation.kind === 'company';
  const nameField = isCompany ? 'relation.companyName' : 'relation.name';
  const name = isCompany ? (relation.companyName ?? relation.name) : relation.name;
  const nameElement = api === 'soap' ? 'Bedrijf' : 'name';
  checkRequired(name, nameField, nameElement);
  checkLength(name, RELATIE_LIMITS.Bedrijf, nameField, nameElement);
  for (const field of RELATION) checkLength(field.value(relation), field.limit, field.from, field.element[api]);
}

function checkPaymentTerm(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > 9999) {
    throw new RecordError(...worded('EB_PAYMENT_TERM', {}, { field: 'paymentTermDays' }));
  }
}

function checkVatCode(vatCode: string, field: string): void {
  if (!isKnownVatCode(vatCode)) throw new RecordError(...worded('EB_VAT_CODE', { field, vatCode }, { field }));
}

function checkDecimals(value: Decimal, places: number, field: string): void {
  if (!value.round(places).equals(value)) {
    throw new RecordError(...worded('EB_AMOUNT_PRECISION', { field, value: value.toString(), places }, { field }));
  }
}
