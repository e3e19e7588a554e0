/** Compiled VAT rules: rate × treatment (× country, × date) → VAT code, first match wins. */
import { ConfigurationError, Decimal, RecordError, vatCodeInfo, vatCodeRate, type ConfigProblem, type DocumentLine, type SourceDocument, type WorkOrder } from '@koppelwerk/core';
import type { MappingFunctions } from './mapping-function';
import type { VatRule } from './mapping-schema';

export interface LabelledVatRule {
  rule: VatRule;
  rate?: Decimal;
  /** Where the rule lives, as a user finds it: `mapping.vat.sales[0]` or `built-in vat.sales[2]`. */
  label: string;
}

export interface VatDecision {
  code: string;
  label: string;
  because: string;
}

export class VatTable {
  private readonly rules: LabelledVatRule[];

  constructor(
    private readonly name: string,
    rules: LabelledVatRule[],
    private readonly functions: MappingFunctions,
  ) {
    this.rules = rules;
  }

  static compile(
    name: string,
    tenantRules: VatRule[],
    builtIn: VatRule[],
    functions: MappingFunctions,
    problems: ConfigProblem[],
  ): VatTable {
    const labelled: LabelledVatRule[] = [
      ...tenantRules.map((rule, i) => ({ rule, label: `mapping.vat.${name}[${i}]` })),
      ...builtIn.map((rule, i) => ({ rule, label: `built-in vat.${name}[${i}]` })),
    ].map((entry) => ({ ...entry, rate: entry.rule.rate === undefined ? undefined : Decimal.parse(entry.rule.rate) }));
    for (const { rule, label } of labelled) {
      if (rule.code !== undefined && !vatCodeInfo(rule.code)) {
        problems.push({ path: `${label}.code`, message: `unknown VAT code "${rule.code}"` });
      }
      if (rule.function !== undefined && !functions[rule.function]) {
        problems.push({ path: `${label}.function`, message: `no mapping function named "${rule.function}" is registered` });
      }
    }
    return new VatTable(name, labelled, functions);
  }

  /** The codes the rules can produce (functions excluded). */
  codes(): string[] {
    return [...new Set(this.rules.filter((r) => r.rule.code).map((r) => r.rule.code as string))];
  }

  tenantCodes(): { code: string; label: string }[] {
    return this.rules
      .filter((r) => r.rule.code && r.label.startsWith('mapping.'))
      .map((r) => ({ code: r.rule.code as string, label: `${r.label}.code` }));
  }

  resolve(document: SourceDocument | WorkOrder, line: DocumentLine, lineIndex: number): VatDecision {
    const country = document.relation.address?.country?.toUpperCase();
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.rate && !entry.rate.equals(line.vatRate)) continue;
      if (rule.treatment && rule.treatment !== line.vatTreatment) continue;
      if (rule.country && rule.country !== country) continue;
      if (rule.from && document.date < rule.from) continue;
      if (rule.until && document.date > rule.until) continue;
      const code = rule.code ?? this.functions[rule.function as string]({ document, line });
      if (code === undefined) continue;
      this.assertRateFits(code, line, document, lineIndex, entry.label);
      return { code, label: entry.label, because: describeLine(line, document, country) };
    }
    throw new RecordError(
      `no VAT rule in mapping.vat.${this.name} matches ${describeLine(line, document, country)} (line ${lineIndex + 1}); ` +
        `add a rule for it to the tenant's mapping`,
      { code: 'MAP_UNMAPPED_VAT', field: `lines[${lineIndex}].vatRate` },
    );
  }

  private assertRateFits(code: string, line: DocumentLine, document: SourceDocument | WorkOrder, lineIndex: number, label: string): void {
    if (!vatCodeInfo(code)) {
      throw new RecordError(`${label} produced unknown VAT code "${code}"`, { code: 'MAP_UNKNOWN_VAT_CODE', field: `lines[${lineIndex}].vatRate` });
    }
    const expected = vatCodeRate(code, document.date);
    if (expected === null) return;
    if (!line.vatRate.equals(expected)) {
      throw new RecordError(
        `${label} maps line ${lineIndex + 1} to ${code}, which is ${expected.toString()}% on ${document.date}, but the line has ${line.vatRate.toString()}%`,
        { code: 'MAP_VAT_RATE_MISMATCH', field: `lines[${lineIndex}].vatRate` },
      );
    }
  }
}

export function describeLine(line: DocumentLine, document: SourceDocument | WorkOrder, country?: string): string {
  return `${line.vatRate.toString()}% ${line.vatTreatment} ${line.incomeType}${country ? ` to ${country}` : ''} on ${document.date}`;
}

export function assertNoProblems(problems: ConfigProblem[]): void {
  if (problems.length) throw new ConfigurationError(problems);
}
