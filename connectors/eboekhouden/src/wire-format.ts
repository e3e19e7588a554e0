/**
 * How values go on either wire (SOAP and REST) and come back: decimals as `1234.56` (no grouping),
 * dates as `YYYY-MM-DD` within the range e-Boekhouden accepts, text as text. The SOAP records'
 * own shape is soap/soap-wire.ts; REST's bodies are rest/rest-wire.ts.
 */
import { Decimal, RecordError, isLocalDate, type LocalDate } from '@koppelwerk/core';
import { worded } from './eboekhouden-messages';

/** Dates e-Boekhouden accepts for bookings. */
export const EARLIEST_DATE = '1980-01-01';
export const LATEST_DATE = '2049-12-31';

/** An amount with at most two decimals, as `xs:decimal` text. More decimals are a mapping bug: refuse. */
export function moneyText(amount: Decimal, field: string): string {
  if (!amount.round(2).equals(amount)) {
    throw new RecordError(...worded('EB_AMOUNT_PRECISION', { field, value: amount.toString(), places: 2, money: 'yes' }, { field }));
  }
  return amount.toFixed(2);
}

/** A quantity, rate or price with as many decimals as it has (`xs:double`/`xs:decimal`, no exponent). */
export function numberText(value: Decimal): string {
  return value.toString();
}

export function dateText(date: LocalDate | string, field: string): string {
  if (!isLocalDate(date)) throw new RecordError(...worded('EB_DATE', { field }, { field }));
  if (date < EARLIEST_DATE || date > LATEST_DATE) {
    throw new RecordError(...worded('EB_DATE_RANGE', { field, date, earliest: EARLIEST_DATE, latest: LATEST_DATE }, { field }));
  }
  return date;
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

