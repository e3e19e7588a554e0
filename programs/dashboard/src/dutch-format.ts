/**
 * Amounts as people in the Netherlands read them: `€ 1.234,56` (dots between thousands, a comma
 * before the cents), exact from the decimal text, never through binary floating point.
 */
import { Decimal } from '@koppelwerk/core';

/** `1234.5` -> `1.234,50`; text that is no amount is returned as is. */
export function dutchAmount(value: string | Decimal): string {
  const decimal = typeof value === 'string' ? Decimal.tryParse(value.trim()) : value;
  if (!decimal) return String(value);
  const fixed = decimal.toFixed(2);
  const negative = fixed.startsWith('-');
  const [whole, cents] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped},${cents}`;
}

/** `1234.5` -> `€ 1.234,50`. */
export function euro(value: string | Decimal): string {
  if (typeof value === 'string' && Decimal.tryParse(value.trim()) === undefined) return value;
  return `€ ${dutchAmount(value)}`;
}

/**
 * Amounts inside a line of text (the mapping's explain says `excl 100.00 VAT 21.00`): every number
 * with exactly two decimals becomes `€ 100,00`; other numbers (ledgers, VAT codes, factors) stay.
 */
export function amountsInText(text: string): string {
  return text.replace(/(^|[\s(=])(-?\d+\.\d{2})(?=$|[\s),;])/g, (_match, before: string, amount: string) => `${before}€ ${dutchAmount(amount)}`);
}

/** Made once: making an Intl.NumberFormat costs far more than formatting (an overview formats a count per tenant). */
const COUNT_FORMATS = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

/** A whole number with a dot between thousands (`12.345`), or a comma in English (`12,345`). */
export function count(value: number, language: 'nl' | 'en'): string {
  return COUNT_FORMATS[language === 'nl' ? 'nl' : 'en'].format(value);
}
