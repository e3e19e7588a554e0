/**
 * The built-in Dutch VAT table, consulted after the tenant's own rules. The booking date decides
 * between old and new rates: 6% is LAAG_VERK until 2018, 9% exists from 2019.
 */
import type { VatRule } from './mapping-schema';

export const DEFAULT_SALES_VAT_RULES: VatRule[] = [
  { rate: '21', treatment: 'normal', code: 'HOOG_VERK_21' },
  { rate: '9', treatment: 'normal', from: '2019-01-01', code: 'LAAG_VERK_9' },
  { rate: '6', treatment: 'normal', until: '2018-12-31', code: 'LAAG_VERK' },
  { rate: '19', treatment: 'normal', until: '2012-09-30', code: 'HOOG_VERK' },
  { rate: '0', treatment: 'normal', code: 'GEEN' },
  { treatment: 'reverse-charge', code: 'VERL_VERK' },
  { treatment: 'intra-eu', code: 'BI_EU_VERK' },
  { treatment: 'export', code: 'BU_EU_VERK' },
  { treatment: 'exempt', code: 'GEEN' },
];

export const DEFAULT_PURCHASE_VAT_RULES: VatRule[] = [
  { rate: '21', treatment: 'normal', code: 'HOOG_INK_21' },
  { rate: '9', treatment: 'normal', from: '2019-01-01', code: 'LAAG_INK_9' },
  { rate: '6', treatment: 'normal', until: '2018-12-31', code: 'LAAG_INK' },
  { rate: '19', treatment: 'normal', until: '2012-09-30', code: 'HOOG_INK' },
  { rate: '0', treatment: 'normal', code: 'GEEN' },
  { treatment: 'reverse-charge', code: 'VERL_INK' },
  { treatment: 'intra-eu', code: 'BI_EU_INK' },
  { treatment: 'export', code: 'BU_EU_INK' },
  { treatment: 'exempt', code: 'GEEN' },
];
