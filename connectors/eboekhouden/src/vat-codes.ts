/**
 * The VAT codes e-Boekhouden accepts (SOAP `BTWCode`), kept as data: there is no API call to list
 * them. Rates are those of the code; `LAAG_*` switched from 6% to 9% on 2019-01-01 and the `AFW*`
 * codes take the VAT amount as given.
 */
export type VatCodeSide = 'sale' | 'purchase' | 'none';

export interface VatCodeInfo {
  code: string;
  side: VatCodeSide;
  /** Percentage, or null when it depends on the date or is given per row. */
  rate: string | null;
  description: string;
}

export const VAT_CODES: readonly VatCodeInfo[] = [
  { code: 'HOOG_VERK', side: 'sale', rate: '19', description: 'high rate sale (old 19%)' },
  { code: 'HOOG_VERK_21', side: 'sale', rate: '21', description: '21% sale' },
  { code: 'LAAG_VERK', side: 'sale', rate: null, description: 'low rate sale: 6% before 2019, 9% after' },
  { code: 'LAAG_VERK_9', side: 'sale', rate: '9', description: '9% sale' },
  { code: 'VERL_VERK', side: 'sale', rate: '0', description: 'sale, VAT reverse-charged (21%)' },
  { code: 'VERL_VERK_L9', side: 'sale', rate: '0', description: 'sale, VAT reverse-charged (9%)' },
  { code: 'AFW_VERK', side: 'sale', rate: null, description: 'sale at a deviating rate' },
  { code: 'BU_EU_VERK', side: 'sale', rate: '0', description: 'supply outside the EU (0%)' },
  { code: 'BI_EU_VERK', side: 'sale', rate: '0', description: 'goods to another EU country (0%)' },
  { code: 'BI_EU_VERK_D', side: 'sale', rate: '0', description: 'services to another EU country (0%)' },
  { code: 'AFST_VERK', side: 'sale', rate: '0', description: 'EU distance selling (0%)' },
  { code: 'HOOG_INK', side: 'purchase', rate: '19', description: 'high rate purchase (old 19%)' },
  { code: 'HOOG_INK_21', side: 'purchase', rate: '21', description: '21% purchase' },
  { code: 'LAAG_INK', side: 'purchase', rate: null, description: 'low rate purchase: 6% before 2019, 9% after' },
  { code: 'LAAG_INK_9', side: 'purchase', rate: '9', description: '9% purchase' },
  { code: 'VERL_INK', side: 'purchase', rate: '21', description: 'purchase, VAT reverse-charged (21%)' },
  { code: 'VERL_INK_L9', side: 'purchase', rate: '9', description: 'purchase, VAT reverse-charged (9%)' },
  { code: 'AFW', side: 'purchase', rate: null, description: 'purchase at a deviating rate' },
  { code: 'BU_EU_INK', side: 'purchase', rate: '0', description: 'purchase from outside the EU (0%)' },
  { code: 'BI_EU_INK', side: 'purchase', rate: '0', description: 'purchase from inside the EU (0%)' },
  { code: 'GEEN', side: 'none', rate: '0', description: 'no VAT' },
];

const BY_CODE = new Map(VAT_CODES.map((info) => [info.code, info]));

export function vatCodeInfo(code: string): VatCodeInfo | undefined {
  return BY_CODE.get(code);
}

export function isKnownVatCode(code: string): boolean {
  return BY_CODE.has(code);
}
