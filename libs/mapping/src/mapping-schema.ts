/**
 * The tenant's mapping rules as written in the `mapping:` section of the tenant YAML file.
 * Every rule list is ordered: the first rule that matches wins; a list without a match falls to
 * its explicit default, and where there is no default the document is refused with a record error
 * naming the rule list and the value. Nothing is silently guessed.
 */
import { DOCUMENT_KINDS, INCOME_TYPES, VAT_TREATMENTS } from '@koppelwerk/core';
import { z } from 'zod';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z.string().regex(datePattern, 'expected a date as YYYY-MM-DD');
const ledgerCode = z.string().min(1).max(10, 'a ledger code has at most 10 characters');
const vatCode = z.string().regex(/^[A-Z0-9_]+$/, 'expected a VAT code such as HOOG_VERK_21');
const percent = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `expected a VAT rate in percent, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return text;
});
/** A non-negative amount in euros with at most two decimals, as a string or a number: `"0.05"`. */
const euros = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = String(value).trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `expected an amount in euros such as "0.05", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return text;
});
const functionName = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'expected a registered function name');

/** VAT: rate × treatment (× country, × date) → VAT code. */
export const vatRuleSchema = z
  .object({
    rate: percent.optional(),
    treatment: z.enum(VAT_TREATMENTS as [string, ...string[]]).optional(),
    country: z.string().length(2).toUpperCase().optional(),
    /** Rule applies to documents dated on or after this day. */
    from: isoDate.optional(),
    /** Rule applies to documents dated on or before this day. */
    until: isoDate.optional(),
    code: vatCode.optional(),
    function: functionName.optional(),
  })
  .strict()
  .refine((rule) => (rule.code === undefined) !== (rule.function === undefined), {
    message: 'a VAT rule needs exactly one of "code" or "function"',
  });

/** Ledgers: income type × VAT code (× document kind, × product) → revenue or cost ledger. */
export const ledgerRuleSchema = z
  .object({
    incomeType: z.enum(INCOME_TYPES as [string, ...string[]]).optional(),
    vatCode: vatCode.optional(),
    rate: percent.optional(),
    kind: z.enum(DOCUMENT_KINDS as [string, ...string[]]).optional(),
    productCode: z.string().optional(),
    country: z.string().length(2).toUpperCase().optional(),
    ledger: ledgerCode.optional(),
    function: functionName.optional(),
  })
  .strict()
  .refine((rule) => (rule.ledger === undefined) !== (rule.function === undefined), {
    message: 'a ledger rule needs exactly one of "ledger" or "function"',
  });

const ledgerTableSchema = z
  .object({
    rules: z.array(ledgerRuleSchema).default([]),
    /** Used when no rule matches. Leave it out to refuse unmatched lines instead. */
    default: ledgerCode.optional(),
  })
  .strict();

export const mappingSchema = z
  .object({
    vat: z
      .object({
        /** Tenant rules first; the built-in Dutch table after them unless `builtInDefaults: false`. */
        sales: z.array(vatRuleSchema).default([]),
        purchase: z.array(vatRuleSchema).default([]),
        builtInDefaults: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    ledgers: z
      .object({
        debtors: ledgerCode.default('1300'),
        creditors: ledgerCode.default('1600'),
        /** Revenue ledgers ("tegenrekening verkoop"). */
        sales: ledgerTableSchema.prefault({ default: '8000' }),
        /** Cost ledgers ("tegenrekening inkoop"). */
        purchase: ledgerTableSchema.prefault({ default: '4000' }),
      })
      .strict()
      .prefault({}),
    relations: z
      .object({
        /** How a source party is recognised as the same relation: by e-mail, by the source's id, or by name. */
        matchBy: z.enum(['email', 'source-id', 'name']).default('email'),
        /** Put in front of every relation code, e.g. `MWW`. At most 5 characters. */
        codePrefix: z.string().regex(/^[A-Z0-9]{0,5}$/, 'up to 5 capitals or digits').default(''),
        createMissing: z.boolean().default(true),
        /** A registered function that returns the relation code itself. */
        function: functionName.optional(),
      })
      .strict()
      .prefault({}),
    texts: z
      .object({
        description: z.string().min(1).default('{kindLabel} {number} {relation.name}'),
        invoiceNumber: z.string().min(1).default('{number}'),
        reference: z.string().optional(),
      })
      .strict()
      .prefault({}),
    currency: z
      .object({
        /** What to do with a document in another currency than EUR. */
        foreign: z.enum(['refuse', 'book-as-euro', 'convert']).default('refuse'),
        /** Euros per unit of the currency, used by `convert` when the document states no rate. */
        rates: z.record(z.string().regex(/^[A-Z]{3}$/), percent).default({}),
      })
      .strict()
      .prefault({}),
    /** For sources that become invoices (work orders). */
    invoice: z
      .object({
        template: z.string().min(1).default('Standaard'),
        paymentTermDays: z.number().int().min(0).max(9999).default(14),
        bookInLedger: z.boolean().default(true),
        hourUnit: z.string().default('UUR'),
        materialUnit: z.string().default('STUK'),
      })
      .strict()
      .prefault({}),
    /**
     * When the booked total (rounded per VAT code) differs from the total the source says the
     * customer paid: up to `maxDifference` the source's total is booked and the difference goes on
     * a rounding row (VAT code GEEN) on `ledger`; a larger difference refuses the document.
     */
    rounding: z
      .object({
        /** Ledger for rounding differences. Default: the default revenue ledger (sales) or cost ledger (purchase). */
        ledger: ledgerCode.optional(),
        /** The largest difference booked as rounding, in euros; `0` refuses every difference. */
        maxDifference: euros.default('0.05'),
      })
      .strict()
      .prefault({}),
    /** Payment term for journal entries when the document states none. */
    paymentTermDays: z.number().int().min(0).max(9999).optional(),
  })
  .strict();

export type MappingRules = z.output<typeof mappingSchema>;
export type MappingRulesInput = z.input<typeof mappingSchema>;
export type VatRule = z.output<typeof vatRuleSchema>;
export type LedgerRule = z.output<typeof ledgerRuleSchema>;
