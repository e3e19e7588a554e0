/**
 * How values go on the wire and come back: decimals as `1234.56` (no grouping), dates as
 * `YYYY-MM-DD`, request objects in schema order, lists that may arrive as one object.
 */
import { Decimal, RecordError, isLocalDate, type LocalDate } from '@koppelwerk/core';
import { fieldsOf } from './wsdl/soap-contract';

/** Dates e-Boekhouden accepts for bookings. */
export const EARLIEST_DATE = '1980-01-01';
export const LATEST_DATE = '2049-12-31';

/** An amount with at most two decimals, as `xs:decimal` text. More decimals are a mapping bug: refuse. */
export function moneyText(amount: Decimal, field: string): string {
  if (!amount.round(2).equals(amount)) {
    throw new RecordError(`${field} has more than two decimals (${amount.toString()}); amounts must be rounded before booking`, {
      field,
      code: 'EB_AMOUNT_PRECISION',
    });
  }
  return amount.toFixed(2);
}

/** A quantity, rate or price with as many decimals as it has (`xs:double`/`xs:decimal`, no exponent). */
export function numberText(value: Decimal): string {
  return value.toString();
}

export function dateText(date: LocalDate | string, field: string): string {
  if (!isLocalDate(date)) throw new RecordError(`${field} is not a date (YYYY-MM-DD)`, { field, code: 'EB_DATE' });
  if (date < EARLIEST_DATE || date > LATEST_DATE) {
    throw new RecordError(`${field} ${date} is outside the range e-Boekhouden accepts (${EARLIEST_DATE} to ${LATEST_DATE})`, {
      field,
      code: 'EB_DATE_RANGE',
    });
  }
  return date;
}

export type WireObject = Record<string, unknown>;

/**
 * A request object with its keys in the type's schema order (node-soap writes keys in object order,
 * and the service reads elements in sequence). Undefined values are left out; a missing required
 * element is a programming error.
 */
export function ordered(typeName: string, values: WireObject): WireObject {
  const result: WireObject = {};
  const known = new Set<string>();
  for (const field of fieldsOf(typeName)) {
    known.add(field.name);
    const value = values[field.name];
    if (value === undefined) {
      if (field.required) throw new Error(`${typeName}.${field.name} is required on the wire`);
      continue;
    }
    result[field.name] = value;
  }
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw new Error(`${typeName} has no element ${key}`);
  }
  return result;
}

/** The items of a SOAP array element (`{ cRelatie: [...] }`, `{ cRelatie: {...} }`, '' or absent). */
export function listOf<T>(container: unknown, item: string): T[] {
  if (!container || typeof container !== 'object') return [];
  const value = (container as Record<string, unknown>)[item];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined) as T[];
}

/** A string element as text ('' for absent or nil). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return '';
  return String(value);
}

/** A decimal element: node-soap is told to keep decimals as text, so this is exact. */
export function decimalOf(value: unknown): Decimal {
  const raw = text(value).trim();
  if (raw === '') return Decimal.ZERO;
  return Decimal.tryParse(raw) ?? Decimal.fromNumber(Number(raw));
}

/** Keeps `xs:decimal`, `xs:double` and `xs:dateTime` as the text on the wire instead of JS numbers and Dates. */
export const KEEP_AS_TEXT = {
  decimal: (value: string) => value,
  double: (value: string) => value,
  dateTime: (value: string) => value,
};
