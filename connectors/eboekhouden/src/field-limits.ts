/**
 * Field lengths e-Boekhouden enforces, checked before anything is sent, so a record error names the
 * field instead of the upstream rejecting the whole call.
 */
import { RecordError } from '@koppelwerk/core';
import { worded } from './eboekhouden-messages';

export const MUTATIE_LIMITS = {
  Rekening: 10,
  RelatieCode: 15,
  Factuurnummer: 50,
  Boekstuk: 50,
  Omschrijving: 200,
  Betalingstermijn: 4,
  TegenrekeningCode: 10,
} as const;

export const RELATIE_LIMITS = {
  Code: 15,
  Bedrijf: 100,
  Contactpersoon: 100,
  Adres: 150,
  Adres2: 150,
  Postcode: 50,
  Postcode2: 50,
  Plaats: 50,
  Plaats2: 50,
  Land: 50,
  Land2: 50,
  Telefoon: 50,
  GSM: 50,
  FAX: 50,
  Email: 150,
  BTWNummer: 50,
  Aanhef: 50,
  IBAN: 50,
  BIC: 50,
  KvkNummer: 50,
  Site: 150,
} as const;

export const FACTUUR_LIMITS = {
  Factuurnummer: 50,
  Relatiecode: 15,
  Omschrijving: 200,
  BoekhoudmutatieOmschrijving: 200,
  Code: 50,
  Eenheid: 50,
  Factuursjabloon: 100,
} as const;

/**
 * Throws a RecordError naming both the canonical field and the e-Boekhouden element when `value` is
 * longer than `limit` characters.
 */
export function checkLength(value: string | undefined, limit: number, field: string, element: string): void {
  if (value === undefined) return;
  if ([...value].length > limit) {
    throw new RecordError(...worded('EB_FIELD_TOO_LONG', { field, length: [...value].length, limit, element }, { field }));
  }
}

export function checkRequired(value: string | undefined, field: string, element: string): void {
  if (value === undefined || value.trim() === '') {
    throw new RecordError(...worded('EB_FIELD_REQUIRED', { field, element }, { field }));
  }
}
