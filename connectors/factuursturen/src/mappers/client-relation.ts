/**
 * A FactuurSturen client record → the canonical Relation (debtor, or creditor for the provisional
 * purchase invoices). Fields the record lacks fall back to the invoice's own snapshot of it.
 */
import { shown, type Address, type Relation, type RelationRole, type VatTreatment } from '@koppelwerk/core';
import { isEuMember, type CountryCodes } from '../country-codes';
import type { Fail } from './invoice-lines';
import type { RawClient } from '../raw-invoice';

export interface RelationInput {
  role: RelationRole;
  /** The client's number (`clientnr`), or the supplier's. */
  number: string;
  record: RawClient;
  /** The document's copy of the party, for fields the record leaves empty. */
  snapshot?: RawClient;
  /** Where the record sits in the raw document, for error fields (`client.`, `supplier.`). */
  path: string;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `"true"`/`"false"` strings (and real booleans). */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return undefined;
}

export function mapRelation(input: RelationInput, countries: CountryCodes, fail: Fail): Relation {
  const { record, snapshot = {}, path } = input;
  // The record wins, also where it is deliberately empty; the snapshot only fills fields it lacks.
  const pick = (field: keyof RawClient) => (record[field] !== undefined ? text(record[field]) : text(snapshot[field]));
  const company = pick('company');
  const contact = pick('contact');
  const email = pick('email');
  if (!company && !contact && !email) fail(`${path}company`, 'empty-names');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) fail(`${path}email`, 'not-email', { value: shown(email) });
  const countryId = pick('country');
  let country: string | undefined;
  if (countryId) {
    const code = countries.codeOf(countryId);
    if (code === undefined) fail(`${path}country`, 'country-not-listed', { value: shown(countryId) });
    // A country we cannot name would decide the 0% VAT treatment on a guess.
    if (code === null) {
      const name = countries.nameOf(countryId);
      fail(`${path}country`, name ? 'country-no-iso' : 'country-no-name', { value: shown(countryId), ...(name ? { name: shown(name) } : {}) });
    }
    country = code!;
  }
  const address: Address = {
    ...optional('street', [pick('address'), pick('address_addon')].filter(Boolean).join(' ') || undefined),
    ...optional('postalCode', pick('zipcode')),
    ...optional('city', pick('city')),
    ...optional('country', country),
  };
  return {
    sourceId: input.number,
    role: input.role,
    kind: company ? 'company' : 'person',
    name: (company ?? contact ?? email)!,
    ...optional('companyName', company),
    ...optional('contactName', contact),
    ...optional('email', email),
    ...optional('phone', pick('phone')),
    ...optional('mobile', pick('mobile')),
    ...optional('vatNumber', pick('taxnumber')?.replace(/[\s.]/g, '').toUpperCase()),
    ...optional('iban', pick('bankcode')?.replace(/\s/g, '').toUpperCase()),
    address,
  };
}

/**
 * How a 0% line is treated. VAT shifted to the customer: reverse charge at home, an intra-EU
 * supply inside the EU, export outside it. Not shifted: export outside the EU, exempt otherwise.
 */
export function zeroRateTreatment(taxShifted: boolean, country: string | undefined): VatTreatment {
  const inEu = country === undefined || isEuMember(country);
  if (!inEu) return 'export';
  if (!taxShifted) return 'exempt';
  return country === undefined || country === 'NL' ? 'reverse-charge' : 'intra-eu';
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}
