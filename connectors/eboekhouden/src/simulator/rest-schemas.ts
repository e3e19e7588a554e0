/**
 * The request bodies of the REST API as the generated OpenAPI docs describe them (CreateMutation,
 * CreateMutationRow, CreateInvoice, CreateInvoiceItem, CreateInvoiceMutation, CreateRelation,
 * SessionRequest): JSON names, types, required fields and enums, each failure carrying the spec's
 * own error code for that property. A wrong JSON type (a string where a number belongs) fails the
 * way .NET's JSON reader fails it: ERR_002 on that property.
 *
 * Lengths: the REST spec names "too long" codes but publishes no maxima; where a field is the same
 * as a SOAP element the SOAP manual's limit (field-limits.ts) is used. Where the docs list a code
 * for an optional field being absent (inExVat → MUTA_005, pricePerUnit → FACT_ITEM_004, date →
 * FACT_011), absence is refused: stricter than a lenient reading, so a client that leaves them out
 * finds out here rather than at the real service.
 */
import { z } from 'zod';
import { FACTUUR_LIMITS, MUTATIE_LIMITS, RELATIE_LIMITS } from '../field-limits';
import { invalid, REST_CODES, type RestCode } from './rest-errors';

type Issue = { input?: unknown };

/** Error code when the value is absent (or null), ERR_002 when it has the wrong JSON type. */
function typed(missing?: RestCode) {
  return { error: (issue: Issue) => (missing && (issue.input === undefined || issue.input === null) ? missing : 'ERR_002') };
}

const text = (tooLong?: [number, RestCode]) => (tooLong ? z.string(typed()).max(tooLong[0], tooLong[1]) : z.string(typed())).nullish();
const whole = () => z.number(typed()).int('ERR_002').nullish();
const flag = () => z.boolean(typed()).nullish();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Codes the REST schema's VatCode enum lists, plus the NL codes the spec's own VAT table adds (usable before their cut-off date only). */
export const REST_VAT_CODES = [
  'HOOG_VERK_21', 'LAAG_VERK_9', 'VERL_VERK', 'VERL_VERK_L9', 'AFW', 'BU_EU_VERK', 'BI_EU_VERK', 'BI_EU_VERK_D', 'AFST_VERK',
  'LAAG_INK_9', 'HOOG_INK_21', 'VERL_INK', 'AFW_VERK', 'BU_EU_INK', 'BI_EU_INK', 'GEEN',
  'LAAG_VERK', 'LAAG_INK', 'VERL_INK_L9', 'VERL_INK_L',
] as const;
/** The VAT table's cut-off column: these codes only for dates before it. */
export const VAT_CUT_OFF: Record<string, string> = { LAAG_VERK: '2019-01-01', LAAG_INK: '2019-01-01', VERL_INK_L: '2019-01-01' };

export const SessionRequest = z.object({
  accessToken: z.string(typed('API_SESSION_003')).min(1, 'API_SESSION_003'),
  // The pattern is what clients document (`^[\w_ ]{1,10}$`); the spec names only the code.
  source: z.string(typed('API_SESSION_001')).regex(/^[\w ]{1,10}$/, 'API_SESSION_002'),
});

export const CreateMutationRow = z.object({
  ledgerId: whole(),
  vatCode: z.string(typed('MUT_109')).refine((code) => (REST_VAT_CODES as readonly string[]).includes(code), 'MUT_109'),
  vatAmount: z.number(typed()).nullish(),
  costCenterId: whole(),
  // `amount` is required (f64) in the schema; the spec gives no code for its absence.
  amount: z.number(typed('ERR_002')),
  description: text([MUTATIE_LIMITS.Omschrijving, 'ERR_002']),
  invoiceNumber: text([MUTATIE_LIMITS.Factuurnummer, 'MUT_018']),
  relationId: whole(),
});

export const CreateMutation = z.object({
  type: z.number(typed('MUTA_002')).int('MUT_001').min(1, 'MUT_001').max(7, 'MUT_001'),
  date: z.string(typed('MUT_003')).regex(DATE, 'MUT_004'),
  ledgerId: z.number(typed('MUTA_001')).int('ERR_002'),
  invoiceNumber: text([MUTATIE_LIMITS.Factuurnummer, 'MUT_018']),
  entryNumber: text([MUTATIE_LIMITS.Boekstuk, 'ERR_002']),
  termOfPayment: whole(),
  checkPaymentReference: flag(),
  paymentReference: text(),
  inExVat: z.string(typed('MUTA_005')).refine((value) => value === 'IN' || value === 'EX', 'MUT_017'),
  description: text([MUTATIE_LIMITS.Omschrijving, 'ERR_002']),
  relationId: whole(),
  rows: z.array(CreateMutationRow, typed('MUT_100')).min(1, 'MUT_100'),
});
export type CreateMutation = z.infer<typeof CreateMutation>;

export const CreateInvoiceItem = z.object({
  quantity: z.number(typed()).nullish(),
  /** The older name of `quantity`. */
  amount: z.number(typed()).nullish(),
  unitId: whole(),
  code: text([FACTUUR_LIMITS.Code, 'FACT_ITEM_003']),
  productId: whole(),
  description: z.string(typed('FACT_ITEM_001')).min(1, 'FACT_ITEM_001').max(FACTUUR_LIMITS.Omschrijving, 'FACT_ITEM_002'),
  pricePerUnit: z.number(typed('FACT_ITEM_004')),
  vatCode: z.string(typed('FACT_ITEM_014')).refine((code) => (REST_VAT_CODES as readonly string[]).includes(code), 'FACT_ITEM_014'),
  vatAmount: z.number(typed()).nullish(),
  ledgerId: z.number(typed('FACT_ITEM_007')).int('ERR_002'),
  costCenterId: whole(),
  discountAmount: z.number(typed()).nullish(),
  discountPercentage: z.number(typed()).nullish(),
});

export const CreateInvoiceMutation = z.object({
  description: text([FACTUUR_LIMITS.BoekhoudmutatieOmschrijving, 'FACT_VERWERK_002']),
  checkPaymentReference: flag(),
  paymentReference: text(),
  ledgerId: whole(),
});

export const CreateInvoice = z.object({
  invoiceNumber: text([FACTUUR_LIMITS.Factuurnummer, 'FACT_007']),
  relationId: z.number(typed('FACT_001')).int('ERR_002'),
  date: z.string(typed('FACT_011')).regex(DATE, 'FACT_012'),
  termOfPayment: z.number(typed('FACT_015')).int('FACT_016').min(0, 'FACT_016').max(9999, 'FACT_016'),
  inExVat: z.string(typed()).refine((value) => value === 'IN' || value === 'EX', 'FACT_010').nullish(),
  templateId: z.number(typed('FACT_018')).int('ERR_002'),
  emailTemplateId: whole(),
  // Maximum lengths of reference and text are not published; the SOAP invoice has no such fields.
  reference: text(),
  text: text(),
  print: flag(),
  email: z.object({ fromEmail: text(), fromName: text(), subject: text(), body: text(), attachUbl: flag(), invoiceUbl: flag() }).nullish(),
  directDebit: z
    .object({
      iban: z.string(typed('FACT_INCASSO_008')).min(1, 'FACT_INCASSO_008'),
      mandateType: z.string(typed()).refine((value) => ['O', 'E', 'R', 'D'].includes(value), 'FACT_INCASSO_002').nullish(),
      mandateId: text(),
      mandateSignedDate: text(),
      name: text(),
      city: text(),
      descriptionLine1: text(),
      descriptionLine2: text(),
      descriptionLine3: text(),
    })
    .nullish(),
  mutation: CreateInvoiceMutation.nullish(),
  items: z.array(CreateInvoiceItem, typed('FACT_019')).min(1, 'FACT_019'),
});
export type CreateInvoice = z.infer<typeof CreateInvoice>;

const relationText = (element: keyof typeof RELATIE_LIMITS, code: RestCode) => text([RELATIE_LIMITS[element], code]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const email = (element: keyof typeof RELATIE_LIMITS, tooLong: RestCode, bad: RestCode) =>
  z.string(typed()).max(RELATIE_LIMITS[element], tooLong).refine((value) => value === '' || EMAIL.test(value), bad).nullish();

export const CreateRelation = z.object({
  type: z.string(typed()).refine((value) => value === 'B' || value === 'P', 'REL_001').nullish(),
  code: relationText('Code', 'REL_006'),
  name: z.string(typed('REL_002')).trim().min(1, 'REL_002').max(RELATIE_LIMITS.Bedrijf, 'REL_003'),
  salutation: relationText('Aanhef', 'REL_010'),
  contact: relationText('Contactpersoon', 'REL_009'),
  gender: z.string(typed()).refine((value) => ['m', 'v', 'a'].includes(value), 'REL_004').nullish(),
  address: relationText('Adres', 'REL_011'),
  postalCode: relationText('Postcode', 'REL_012'),
  city: relationText('Plaats', 'REL_013'),
  country: relationText('Land', 'REL_014'),
  address2: relationText('Adres2', 'REL_015'),
  postalCode2: relationText('Postcode2', 'REL_016'),
  city2: relationText('Plaats2', 'REL_017'),
  country2: relationText('Land2', 'REL_018'),
  phoneNumber: relationText('Telefoon', 'REL_019'),
  mobilePhoneNumber: relationText('GSM', 'REL_020'),
  faxNumber: relationText('FAX', 'REL_021'),
  emailAddress: email('Email', 'REL_022', 'REL_023'),
  emailAddressInvoice: email('Email', 'REL_024', 'REL_025'),
  emailAddressReminder: email('Email', 'REL_026', 'REL_027'),
  website: relationText('Site', 'REL_028'),
  note: text(),
  vatNumber: relationText('BTWNummer', 'REL_035'),
  inactive: flag(),
  termOfPayment: z.number(typed()).int('ERR_002').min(0, 'REL_030').max(9999, 'REL_031').nullish(),
  companyRegistrationNumber: z.string(typed()).regex(/^\d*$/, 'REL_008').max(RELATIE_LIMITS.KvkNummer, 'REL_050').nullish(),
  iban: z.string(typed()).max(RELATIE_LIMITS.IBAN, 'REL_029').refine((value) => value === '' || validIban(value), 'REL_007').nullish(),
  bic: relationText('BIC', 'REL_032'),
  // Free texts 1–10 have "too long" codes (REL_037–REL_046) but no published maximum.
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`freeText${i + 1}`, text()])),
  doNotReceiveNewsletters: flag(),
  ledgerId: whole(),
  mandate: flag(),
  mandateType: z.string(typed()).refine((value) => value === 'E' || value === 'D', 'REL_051').nullish(),
  mandateId: text(),
  mandateSignedDate: text(),
});
export type CreateRelation = z.infer<typeof CreateRelation> & Record<string, unknown>;

/** ISO 13616: letters and digits, moved and read as a number modulo 97 equals 1. */
function validIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  return BigInt(digits) % 97n === 1n;
}

/** Parses a request body; the first problem becomes the documented error, naming the property. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null) throw invalid('DATA_01');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const code = (issue.message in REST_CODES ? issue.message : 'ERR_002') as RestCode;
  const propertyName = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
  throw propertyName ? invalid(code, propertyName) : invalid(code);
}
