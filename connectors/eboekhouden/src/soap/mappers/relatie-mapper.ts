/**
 * Canonical relation <-> e-Boekhouden `cRelatie`. Every field the canonical relation has is sent;
 * the relation was validated before (eboekhouden-validation.ts), so a record error names the field.
 */
import type { BookkeepingRelation, LocalDate, Relation } from '@koppelwerk/core';
import type { RELATIE_LIMITS } from '../../field-limits';
import { text } from '../../wire-format';
import type { WireObject } from '../soap-wire';

/** The raw relation as GetRelaties returns it (strings and numbers, as parsed by node-soap). */
export type CRelatie = Record<string, unknown> & { ID?: number; Code?: string; Bedrijf?: string };

type RelatieField = keyof typeof RELATIE_LIMITS;

export function toRelatie(code: string, relation: Relation, today: LocalDate): WireObject {
  const isCompany = relation.kind === 'company';
  const values: Partial<Record<RelatieField, string | undefined>> & Record<string, unknown> = {
    Code: code,
    Bedrijf: isCompany ? (relation.companyName ?? relation.name) : relation.name,
    Contactpersoon: relation.contactName ?? (isCompany ? undefined : relation.name),
    Adres: relation.address?.street,
    Postcode: relation.address?.postalCode,
    Plaats: relation.address?.city,
    Land: relation.address?.country,
    Adres2: relation.deliveryAddress?.street,
    Postcode2: relation.deliveryAddress?.postalCode,
    Plaats2: relation.deliveryAddress?.city,
    Land2: relation.deliveryAddress?.country,
    Telefoon: relation.phone,
    GSM: relation.mobile,
    Email: relation.email,
    Site: relation.website,
    BTWNummer: relation.vatNumber,
    KvkNummer: relation.chamberOfCommerceNumber,
    IBAN: relation.iban,
  };
  return {
    ID: 0,
    AddDatum: today,
    ...values,
    Notitie: relation.note,
    BP: isCompany ? 'B' : 'P',
    LA: '0',
    Gb_ID: 0,
    GeenEmail: 0,
    NieuwsbriefgroepenCount: 0,
  };
}

function optional(value: unknown): string | undefined {
  const result = text(value).trim();
  return result === '' ? undefined : result;
}

function address(street: unknown, postalCode: unknown, city: unknown, country: unknown) {
  const result = { street: optional(street), postalCode: optional(postalCode), city: optional(city), country: optional(country) };
  return Object.values(result).some((v) => v !== undefined) ? result : undefined;
}

export function fromRelatie(raw: CRelatie): BookkeepingRelation {
  const code = text(raw.Code);
  const isPerson = text(raw.BP).toUpperCase() === 'P';
  const company = optional(raw.Bedrijf);
  const contact = optional(raw.Contactpersoon);
  return {
    id: text(raw.ID),
    code,
    relation: withoutUndefined({
      sourceId: code,
      role: 'debtor',
      kind: isPerson ? 'person' : 'company',
      name: company ?? contact ?? code,
      companyName: isPerson ? undefined : company,
      contactName: contact,
      email: optional(raw.Email),
      phone: optional(raw.Telefoon),
      mobile: optional(raw.GSM),
      vatNumber: optional(raw.BTWNummer),
      chamberOfCommerceNumber: optional(raw.KvkNummer),
      iban: optional(raw.IBAN),
      website: optional(raw.Site),
      address: address(raw.Adres, raw.Postcode, raw.Plaats, raw.Land),
      deliveryAddress: address(raw.Adres2, raw.Postcode2, raw.Plaats2, raw.Land2),
      note: optional(raw.Notitie),
    }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
