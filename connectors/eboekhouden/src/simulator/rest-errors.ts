/**
 * The REST API's error body and the codes the simulator answers with. Shape (`Error` /
 * `SecurityError` in the generated OpenAPI docs): `{ type, code?, title, message?, propertyName?,
 * errors?, status, traceId?, securityType? }`. Titles are the spec's own wording of each code.
 *
 * Status per code: the spec documents 400 (`Error`) for validation, 403 (`SecurityError`) for
 * security, 404 (`Error`) for an unknown id and 401 without a body. Which status a given code gets
 * is not written down; the choices below follow the type of each code and are marked where inferred.
 */
import { randomUUID } from 'node:crypto';
import { json, type SimResponse } from '@koppelwerk/testing';

export type RestErrorType = 'validation' | 'security' | 'notfound' | 'error';

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly type: RestErrorType,
    readonly code: string | undefined,
    readonly title: string,
    readonly propertyName?: string,
    /** 0 generic, 1 no access to the administration, 2 no administration opened (security errors only). */
    readonly securityType?: 0 | 1 | 2,
  ) {
    super(code ? `${code}: ${title}` : title);
  }

  body(): Record<string, unknown> {
    return {
      type: this.type,
      ...(this.code ? { code: this.code } : {}),
      title: this.title,
      ...(this.propertyName ? { propertyName: this.propertyName } : {}),
      ...(this.type === 'validation' ? { errors: [this.title] } : {}),
      status: this.status,
      traceId: randomUUID(),
      ...(this.securityType !== undefined ? { securityType: this.securityType } : {}),
    };
  }

  response(headers: Record<string, string> = {}): SimResponse {
    return json(this.body(), this.status, headers);
  }
}

/** The spec's title of every code the simulator uses. */
export const REST_CODES = {
  ERR_001: 'Something went wrong.',
  ERR_002: 'Your request contains an invalid value.',
  DATA_01: 'No content body provided.',
  PAGE_001: 'Limit must be between 1 and 2000.',
  PAGE_002: 'Offset must be greater than or equal to 0.',
  SECURITY_007: 'The period has been closed by your accountant and can not be changed.',
  SECURITY_010: 'Not authenticated. Check your Authorization header.',
  SECURITY_999: 'Something went wrong during authentication.',
  EP_001: 'This endpoint is only available to accountants.',
  API_SESSION_001: 'Source is missing.',
  API_SESSION_002: 'Source does not match pattern.',
  API_SESSION_003: 'Access token is missing or empty.',
  API_SESSION_004: 'Access token has expired.',
  FACT_001: 'Relation ID is missing.',
  FACT_002: 'Relation not found.',
  FACT_007: 'Invoice number is too long.',
  FACT_009: 'Invoice number does not end with a digit.',
  FACT_010: 'Invoice VAT must be IN or EX.',
  FACT_011: 'Invoice date is missing.',
  FACT_012: 'Invoice date invalid.',
  FACT_013: 'Invoice date out of range.',
  FACT_014: 'Payment reference is too long.',
  FACT_015: 'Term of payment is missing.',
  FACT_016: 'Term of payment out of range.',
  FACT_017: 'Invoice text is too long.',
  FACT_018: 'Invoice template not found.',
  FACT_019: 'Invoice items are missing.',
  FACT_020: 'Email template not found.',
  FACT_021: 'Invoice not found.',
  FACT_101: 'Invoice number is in use.',
  FACT_VERWERK_001: 'Invoice date resides in a closed period.',
  FACT_VERWERK_002: 'Description is too long.',
  FACT_VERWERK_004: 'Payment reference already exists.',
  FACT_EMAIL_001: 'Relation email is missing.',
  FACT_INCASSO_002: 'Mandate type is invalid.',
  FACT_INCASSO_008: 'IBAN is missing.',
  FACT_ITEM_001: 'Description invoice item is missing.',
  FACT_ITEM_002: 'Description invoice item is too long.',
  FACT_ITEM_003: 'Code invoice item is too long.',
  FACT_ITEM_004: 'Price per unit excl. VAT is missing.',
  FACT_ITEM_007: 'Ledger ID is missing',
  FACT_ITEM_010: 'Unit not found.',
  FACT_ITEM_011: 'Product not found.',
  FACT_ITEM_012: 'Ledger account not found.',
  FACT_ITEM_013: 'Discount amount cannot have a value when discount percentage is passed.',
  FACT_ITEM_014: 'Invalid VAT code.',
  FACT_ITEM_015: "VAT amount must be used with VAT code: 'AFW_VERK'",
  REL_001: 'Relation type is invalid (B,P).',
  REL_002: 'Name is mandatory.',
  REL_003: 'Name is too long.',
  REL_004: 'Gender is invalid (m,v,a).',
  REL_006: 'Code is too long.',
  REL_007: 'Iban is invalid.',
  REL_008: 'Company registration number must be numeric.',
  REL_009: 'Contact is too long.',
  REL_010: 'Salutation is too long.',
  REL_011: 'Address is too long.',
  REL_012: 'Postal code is too long.',
  REL_013: 'City is too long.',
  REL_014: 'Country is too long.',
  REL_015: 'Address 2 is too long.',
  REL_016: 'Postal code 2 is too long.',
  REL_017: 'City 2 is too long.',
  REL_018: 'Country 2 is too long.',
  REL_019: 'Phone is too long.',
  REL_020: 'Mobile is too long.',
  REL_021: 'Fax is too long.',
  REL_022: 'Email is too long.',
  REL_023: 'Email is invalid.',
  REL_024: 'Email invoice is too long.',
  REL_025: 'Email invoice is invalid.',
  REL_026: 'Email reminder is too long.',
  REL_027: 'Email reminder is invalid.',
  REL_028: 'Website is too long.',
  REL_029: 'Iban is too long.',
  REL_030: 'Term of payment too low.',
  REL_031: 'Term of payment too high.',
  REL_032: 'BIC is too long.',
  REL_035: 'VAT number is too long.',
  REL_048: 'Ledger not found.',
  REL_049: 'Code already exists.',
  REL_050: 'Company registration number is too long.',
  REL_051: 'Mandate type is invalid (E,D).',
  REL_055: 'Relation not found.',
  LEDG_011: 'Ledger not found.',
  COST_001: 'Cost Center not found.',
  ART_001: 'Product not found.',
  MUTA_001: 'Ledger id is missing.',
  MUTA_002: 'Type is missing',
  MUTA_003: "Vat amount must be used with vatCode: 'AFW' or 'AFW_VERK'",
  MUTA_004: 'Ledger ID for row is missing.',
  MUTA_005: 'In/Ex VAT is missing.',
  MUTA_008: 'Payment reference already exists.',
  MUT_001: 'Type is invalid.',
  MUT_002: 'Invoice number is missing.',
  MUT_003: 'Date is missing.',
  MUT_004: 'Date is invalid.',
  MUT_005: 'Period is closed.',
  MUT_007: 'Unknown ledger for mutation.',
  MUT_009: 'Invalid ledger category for mutation.',
  MUT_010: 'Ledger must be of category creditor.',
  MUT_011: 'Ledger must be of category debtor.',
  MUT_012: 'Relation is missing.',
  MUT_013: 'Relation not found.',
  MUT_016: 'Term of payment is prohibited.',
  MUT_017: "In/Ex VAT must be 'IN' or 'EX'.",
  MUT_018: 'Invoice number is too long.',
  MUT_019: 'Invoice number already exists.',
  MUT_020: 'Combination relation/invoice number already exists.',
  MUT_026: "In/Ex VAT must always be 'EX' on purchases with reverse-charging VAT.",
  MUT_100: 'Rows are missing.',
  MUT_104: 'Unknown ledger for row.',
  MUT_106: 'Invalid ledger category for row.',
  MUT_109: 'Invalid VAT code.',
  MUT_110: 'VAT code must be of type purchase.',
  MUT_111: 'VAT code must be of type sale.',
  MUT_112: 'Relation is missing.',
  MUT_113: 'Relation not found.',
  MUT_115: 'Invoice not found.',
  MUT_117: 'Cost center not found.',
  MUT_120: 'Invoice number is missing.',
  MUT_300: 'Mutation not found.',
} as const;

export type RestCode = keyof typeof REST_CODES;

/** A 400 validation error naming the property (`rows[0].vatCode`: JSON path, camelCase — the spec does not show the form). */
export function invalid(code: RestCode, propertyName?: string): RestError {
  return new RestError(400, 'validation', code, REST_CODES[code], propertyName);
}

export function notFound(code: RestCode): RestError {
  return new RestError(404, 'notfound', code, REST_CODES[code]);
}

/** 403 SecurityError. */
export function forbidden(code: RestCode, securityType: 0 | 1 | 2 = 0): RestError {
  return new RestError(403, 'security', code, REST_CODES[code], undefined, securityType);
}

/**
 * 401. The spec documents a 401 without a body; the simulator adds the documented error body with
 * SECURITY_010, so a client must decide on the status and may show the title.
 */
export function unauthenticated(): RestError {
  return new RestError(401, 'security', 'SECURITY_010', REST_CODES.SECURITY_010, undefined, 0);
}

/**
 * An injected failure (the toolkit's fault injector): 5xx as ERR_001; 429 is not documented by the
 * vendor at all, so it carries no code, only a title (Retry-After is added by the injector).
 */
export function injectedRestError(status: number): SimResponse {
  if (status === 429) return new RestError(429, 'error', undefined, 'Too many requests.').response();
  return new RestError(status, 'error', 'ERR_001', REST_CODES.ERR_001).response();
}
