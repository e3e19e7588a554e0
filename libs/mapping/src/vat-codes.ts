/**
 * e-Boekhouden's VAT codes as data (reference §2). The rate a code stands for can depend on the
 * booking date (LAAG_VERK is 6% before 2019-01-01 and 9% from then on).
 */
export type VatDirection = 'sales' | 'purchase' | 'none';

export interface VatCodeInfo {
  code: string;
  direction: VatDirection;
  /** Percent charged on the line; `null` when the amount is given explicitly (AFW codes). */
  rate: (date: string) => number | null;
  description: string;
}

const fixed = (rate: number) => () => rate;
const lowRate = (date: string) => (date < '2019-01-01' ? 6 : 9);

const TABLE: VatCodeInfo[] = [
  { code: 'HOOG_VERK', direction: 'sales', rate: fixed(19), description: 'sales, old high rate 19%' },
  { code: 'HOOG_VERK_21', direction: 'sales', rate: fixed(21), description: 'sales 21%' },
  { code: 'LAAG_VERK', direction: 'sales', rate: lowRate, description: 'sales, low rate (6% before 2019, 9% after)' },
  { code: 'LAAG_VERK_9', direction: 'sales', rate: fixed(9), description: 'sales 9%' },
  { code: 'VERL_VERK', direction: 'sales', rate: fixed(0), description: 'sales, VAT reverse-charged (21%)' },
  { code: 'VERL_VERK_L9', direction: 'sales', rate: fixed(0), description: 'sales, VAT reverse-charged (9%)' },
  { code: 'AFW_VERK', direction: 'sales', rate: () => null, description: 'sales, deviating rate' },
  { code: 'BU_EU_VERK', direction: 'sales', rate: fixed(0), description: 'supply outside the EU 0%' },
  { code: 'BI_EU_VERK', direction: 'sales', rate: fixed(0), description: 'goods to another EU country 0%' },
  { code: 'BI_EU_VERK_D', direction: 'sales', rate: fixed(0), description: 'services to another EU country 0%' },
  { code: 'AFST_VERK', direction: 'sales', rate: fixed(0), description: 'EU distance selling 0%' },
  { code: 'HOOG_INK', direction: 'purchase', rate: fixed(19), description: 'purchase, old high rate 19%' },
  { code: 'HOOG_INK_21', direction: 'purchase', rate: fixed(21), description: 'purchase 21%' },
  { code: 'LAAG_INK', direction: 'purchase', rate: lowRate, description: 'purchase, low rate (6% before 2019, 9% after)' },
  { code: 'LAAG_INK_9', direction: 'purchase', rate: fixed(9), description: 'purchase 9%' },
  { code: 'VERL_INK', direction: 'purchase', rate: fixed(0), description: 'purchase, VAT reverse-charged (21%)' },
  { code: 'VERL_INK_L9', direction: 'purchase', rate: fixed(0), description: 'purchase, VAT reverse-charged (9%)' },
  { code: 'VERL_INK_L', direction: 'purchase', rate: fixed(0), description: 'purchase, VAT reverse-charged (6%, before 2019)' },
  { code: 'AFW', direction: 'purchase', rate: () => null, description: 'purchase, deviating rate' },
  { code: 'BU_EU_INK', direction: 'purchase', rate: fixed(0), description: 'purchase from outside the EU 0%' },
  { code: 'BI_EU_INK', direction: 'purchase', rate: fixed(0), description: 'purchase from inside the EU 0%' },
  { code: 'GEEN', direction: 'none', rate: fixed(0), description: 'no VAT' },
];

export const VAT_CODES: ReadonlyMap<string, VatCodeInfo> = new Map(TABLE.map((info) => [info.code, info]));

export function vatCodeInfo(code: string): VatCodeInfo | undefined {
  return VAT_CODES.get(code);
}
