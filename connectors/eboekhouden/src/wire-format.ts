/**
 * How values go on the wire and come back: decimals as `1234.56` (no grouping), dates as
 * `YYYY-MM-DD`, lists as the client reads them.
 */
import { Decimal, RecordError, isLocalDate, type LocalDate } from '@koppelwerk/core';

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

/** The items of a SOAP array element as the client reads it (an array; absent or nil when the element was). */
export function listOf<T>(container: unknown): T[] {
  if (!Array.isArray(container)) return [];
  return container.filter((v) => v !== null && v !== undefined) as T[];
}

/** A string element as text ('' for absent or nil). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return '';
  return String(value);
}

/** A decimal element: the client keeps decimals as the text on the wire, so this is exact. */
export function decimalOf(value: unknown): Decimal {
  const raw = text(value).trim();
  if (raw === '') return Decimal.ZERO;
  return Decimal.tryParse(raw) ?? Decimal.fromNumber(Number(raw));
}

