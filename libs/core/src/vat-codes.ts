/**
 * e-Boekhouden's VAT codes, the vocabulary of every booking row, kept as data: there is no API
 * call to list them. The rate a code stands for can depend on the booking date (LAAG_* is 6%
 * before 2019-01-01 and 9% from then on); the AFW* codes take the VAT amount as given per row.
 * Reverse-charged and 0% codes charge nothing on the document itself.
 */
import { Decimal } from './decimal';

export type VatDirection = 'sales' | 'purchase' | 'none';

export interface VatCodeInfo {
  code: string;
  direction: VatDirection;
  /** `low` = 6% before 2019, 9% after; null = given per row. */
  rate: string | 'low' | null;
  description: string;
  /**
   * The box (rubriek) of the Dutch VAT return the code's amounts are declared in: 1a high rate,
   * 1b low rate, 1c other rates, 1e 0% or reverse-charged, 2a charged to you, 3a exports outside
   * the EU, 3b supplies inside the EU, 3c distance sales, 4a/4b purchases from outside/inside the
   * EU, 5b input VAT; `-` for none.
   */
  box: VatReturnBox;
}

export type VatReturnBox = '1a' | '1b' | '1c' | '1e' | '2a' | '3a' | '3b' | '3c' | '4a' | '4b' | '5b' | '-';

export const VAT_CODES: readonly VatCodeInfo[] = [
  { code: 'HOOG_VERK', direction: 'sales', rate: '19', description: 'sales, old high rate 19%', box: '1a' },
  { code: 'HOOG_VERK_21', direction: 'sales', rate: '21', description: 'sales 21%', box: '1a' },
  { code: 'LAAG_VERK', direction: 'sales', rate: 'low', description: 'sales, low rate (6% before 2019, 9% after)', box: '1b' },
  { code: 'LAAG_VERK_9', direction: 'sales', rate: '9', description: 'sales 9%', box: '1b' },
  { code: 'VERL_VERK', direction: 'sales', rate: '0', description: 'sales, VAT reverse-charged (21%)', box: '1e' },
  { code: 'VERL_VERK_L9', direction: 'sales', rate: '0', description: 'sales, VAT reverse-charged (9%)', box: '1e' },
  { code: 'AFW_VERK', direction: 'sales', rate: null, description: 'sales, deviating rate', box: '1c' },
  { code: 'BU_EU_VERK', direction: 'sales', rate: '0', description: 'supply outside the EU 0%', box: '3a' },
  { code: 'BI_EU_VERK', direction: 'sales', rate: '0', description: 'goods to another EU country 0%', box: '3b' },
  { code: 'BI_EU_VERK_D', direction: 'sales', rate: '0', description: 'services to another EU country 0%', box: '3b' },
  { code: 'AFST_VERK', direction: 'sales', rate: '0', description: 'EU distance selling 0%', box: '3c' },
  { code: 'HOOG_INK', direction: 'purchase', rate: '19', description: 'purchase, old high rate 19%', box: '5b' },
  { code: 'HOOG_INK_21', direction: 'purchase', rate: '21', description: 'purchase 21%', box: '5b' },
  { code: 'LAAG_INK', direction: 'purchase', rate: 'low', description: 'purchase, low rate (6% before 2019, 9% after)', box: '5b' },
  { code: 'LAAG_INK_9', direction: 'purchase', rate: '9', description: 'purchase 9%', box: '5b' },
  { code: 'VERL_INK', direction: 'purchase', rate: '0', description: 'purchase, VAT reverse-charged (21%)', box: '2a' },
  { code: 'VERL_INK_L9', direction: 'purchase', rate: '0', description: 'purchase, VAT reverse-charged (9%)', box: '2a' },
  { code: 'VERL_INK_L', direction: 'purchase', rate: '0', description: 'purchase, VAT reverse-charged (6%, before 2019)', box: '2a' },
  { code: 'AFW', direction: 'purchase', rate: null, description: 'purchase, deviating rate', box: '5b' },
  { code: 'BU_EU_INK', direction: 'purchase', rate: '0', description: 'purchase from outside the EU 0%', box: '4a' },
  { code: 'BI_EU_INK', direction: 'purchase', rate: '0', description: 'purchase from inside the EU 0%', box: '4b' },
  { code: 'GEEN', direction: 'none', rate: '0', description: 'no VAT', box: '-' },
];

/** The low rate went from 6% to 9% on this day. */
const LOW_RATE_CHANGE = '2019-01-01';

const BY_CODE = new Map(VAT_CODES.map((info) => [info.code, info]));

export function vatCodeInfo(code: string): VatCodeInfo | undefined {
  return BY_CODE.get(code);
}

export function isKnownVatCode(code: string): boolean {
  return BY_CODE.has(code);
}

/** The percentage a code charges on a booking date; null when the amount is given per row (AFW codes). */
export function vatCodeRate(code: string, date: string): Decimal | null {
  const info = BY_CODE.get(code);
  if (!info || info.rate === null) return null;
  if (info.rate === 'low') return Decimal.of(date < LOW_RATE_CHANGE ? '6' : '9');
  return Decimal.of(info.rate);
}

/**
 * Every percentage a code has charged on or before a date: a credit note corrects a supply made
 * earlier, at the rate of that day (LAAG_VERK on 2020-03-01 → 6% and 9%). Empty for AFW codes.
 */
export function vatCodeRatesUntil(code: string, date: string): Decimal[] {
  const info = BY_CODE.get(code);
  if (!info || info.rate === null) return [];
  if (info.rate === 'low') return date < LOW_RATE_CHANGE ? [Decimal.of('6')] : [Decimal.of('6'), Decimal.of('9')];
  return [Decimal.of(info.rate)];
}
