/** Compiles the tenant's `mapping:` section once; every problem in it is reported together. */
import { parseConfig, type ConfigProblem } from '@koppelwerk/core';
import { CompiledMapping, DEFAULT_LIMITS, type MappingLimits } from './compiled-mapping';
import { CurrencyPolicy } from './currency-policy';
import { DEFAULT_PURCHASE_VAT_RULES, DEFAULT_SALES_VAT_RULES } from './default-vat-rules';
import { LedgerTable } from './ledger-table';
import type { MappingFunctions } from './mapping-function';
import { mappingSchema } from './mapping-schema';
import { TextTemplate } from './text-template';
import { assertNoProblems, VatTable } from './vat-table';
import { worded } from './worded';

export interface CompileOptions {
  /** Functions rules may name (the escape hatch), registered by a connector or the tenant. */
  functions?: MappingFunctions;
  limits?: Partial<MappingLimits>;
}

/** Raw `mapping:` section (or undefined for all defaults) → compiled mapping, or a ConfigurationError. */
export function compileMapping(section: unknown, options: CompileOptions = {}): CompiledMapping {
  const rules = parseConfig(mappingSchema, section ?? {}, 'mapping');
  const functions = options.functions ?? {};
  const problems: ConfigProblem[] = [];
  const salesVat = VatTable.compile('sales', rules.vat.sales, rules.vat.builtInDefaults ? DEFAULT_SALES_VAT_RULES : [], functions, problems);
  const purchaseVat = VatTable.compile('purchase', rules.vat.purchase, rules.vat.builtInDefaults ? DEFAULT_PURCHASE_VAT_RULES : [], functions, problems);
  const salesLedgers = LedgerTable.compile('sales', rules.ledgers.sales, functions, problems);
  const purchaseLedgers = LedgerTable.compile('purchase', rules.ledgers.purchase, functions, problems);
  const description = TextTemplate.compile(rules.texts.description, 'mapping.texts.description', problems);
  const invoiceNumber = TextTemplate.compile(rules.texts.invoiceNumber, 'mapping.texts.invoiceNumber', problems);
  const reference = rules.texts.reference === undefined ? undefined : TextTemplate.compile(rules.texts.reference, 'mapping.texts.reference', problems);
  if (rules.relations.function && !functions[rules.relations.function]) {
    problems.push(worded.problem('mapping.relations.function', 'MAP_NO_FUNCTION', { function: rules.relations.function }));
  }
  assertNoProblems(problems);
  return new CompiledMapping({
    rules,
    functions,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    salesVat,
    purchaseVat,
    salesLedgers,
    purchaseLedgers,
    description,
    invoiceNumber,
    reference,
    currency: new CurrencyPolicy(rules.currency),
  });
}
