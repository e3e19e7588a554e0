/**
 * Canonical relation <-> REST relation. A new relation is created by its code with every field the
 * canonical relation has (`CreateRelation`); it was validated before (eboekhouden-validation.ts: the
 * published limits, the same as over SOAP), so a record error names the field. Read back from
 * `GET /v1/relation/{id}`.
 */
import type { BookkeepingRelation, Relation } from '@koppelwerk/core';
import type { CreateRelation, RestRelation } from '../rest-wire';

export function toCreateRelation(code: string, relation: Relation): CreateRelation {
  const isCompany = relation.kind === 'company';
  const values: Omit<CreateRelation, 'type'> = {
    code,
    name: (isCompany ? (relation.companyName ?? relation.name) : relation.name) ?? '',
    contact: relation.contactName ?? (isCompany ? undefined : relation.name),
    address: relation.address?.street,
    postalCode: relation.address?.postalCode,
    city: relation.address?.city,
    country: relation.address?.country,
    address2: relation.deliveryAddress?.street,
    postalCode2: relation.deliveryAddress?.postalCode,
    city2: relation.deliveryAddress?.city,
    country2: relation.deliveryAddress?.country,
    phoneNumber: relation.phone,
    mobilePhoneNumber: relation.mobile,
    emailAddress: relation.email,
    website: relation.website,
    note: relation.note,
    vatNumber: relation.vatNumber,
    // The API takes digits only (REL_008); a Chamber of Commerce number is written with spaces or dots at times.
    companyRegistrationNumber: relation.chamberOfCommerceNumber?.replace(/[\s.]/g, ''),
    iban: relation.iban?.replace(/\s/g, ''),
  };
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Omit<CreateRelation, 'type'>;
  return { type: isCompany ? 'B' : 'P', ...defined };
}

function optional(value: unknown): string | undefined {
  const result = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return result === '' ? undefined : result;
}

function address(street: unknown, postalCode: unknown, city: unknown, country: unknown) {
  const result = { street: optional(street), postalCode: optional(postalCode), city: optional(city), country: optional(country) };
  return Object.values(result).some((v) => v !== undefined) ? result : undefined;
}

export function fromRestRelation(raw: RestRelation): BookkeepingRelation {
  const code = optional(raw.code) ?? '';
  const isPerson = optional(raw.type)?.toUpperCase() === 'P';
  const name = optional(raw.name);
  const contact = optional(raw.contact);
  const relation = {
    sourceId: code,
    role: 'debtor' as const,
    kind: isPerson ? ('person' as const) : ('company' as const),
    name: name ?? contact ?? code,
    companyName: isPerson ? undefined : name,
    contactName: contact,
    email: optional(raw.emailAddress),
    phone: optional(raw.phoneNumber),
    mobile: optional(raw.mobilePhoneNumber),
    vatNumber: optional(raw.vatNumber),
    chamberOfCommerceNumber: optional(raw.companyRegistrationNumber),
    iban: optional(raw.iban),
    website: optional(raw.website),
    address: address(raw.address, raw.postalCode, raw.city, raw.country),
    deliveryAddress: address(raw.address2, raw.postalCode2, raw.city2, raw.country2),
    note: optional(raw.note),
  };
  return {
    id: optional(raw.id) ?? '',
    code,
    relation: Object.fromEntries(Object.entries(relation).filter(([, v]) => v !== undefined)) as unknown as BookkeepingRelation['relation'],
  };
}
