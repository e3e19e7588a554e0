/** How the simulated administration reads values off the wire, and refuses them in e-Boekhouden's words. */
import { Decimal, vatCodeInfo, vatCodeRate } from '@koppelwerk/core';
import { text } from '../wire-format';
import { simErrors } from './sim-errors';

export function dateOnly(value: unknown): string {
  return text(value).slice(0, 10);
}

export function asDateTime(date: string): string {
  return `${date}T00:00:00`;
}

export function decimal(value: unknown, field: string): Decimal {
  const parsed = Decimal.tryParse(text(value));
  if (!parsed) throw simErrors.fieldInvalid(`${field} is geen geldig bedrag.`);
  return parsed;
}

export function checkMax(value: unknown, limit: number, element: string, error = simErrors.fieldInvalid): void {
  if ([...text(value)].length > limit) throw error(`${element} is te lang (maximaal ${limit} tekens).`);
}

export function validDate(value: unknown, element: string): string {
  const date = dateOnly(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw simErrors.fieldInvalid(`${element} is geen geldige datum.`);
  if (date < '1980-01-01' || date > '2050-12-31') throw simErrors.fieldInvalid(`${element} moet tussen 1980 en 2050 liggen.`);
  return date;
}

/** The VAT rate of a code on a date; AFW codes and unknown rates count as 0 for totals. */
export function vatRate(code: string, date: string): Decimal {
  if (!vatCodeInfo(code)) throw simErrors.vatCodeUnknown(code);
  return vatCodeRate(code, date) ?? Decimal.ZERO;
}
