/** Compiled ledger rules: income type × VAT code (× kind, product, country) → ledger, with an explicit default. */
import { Decimal, RecordError, type ConfigProblem, type DocumentLine, type SourceDocument, type WorkOrder } from '@koppelwerk/core';
import type { MappingFunctions } from './mapping-function';
import type { LedgerRule } from './mapping-schema';
import { worded } from './worded';

export interface LedgerDecision {
  ledger: string;
  label: string;
}

interface CompiledLedgerRule {
  rule: LedgerRule;
  rate?: Decimal;
  label: string;
}

export class LedgerTable {
  private constructor(
    private readonly name: string,
    private readonly rules: CompiledLedgerRule[],
    private readonly fallback: string | undefined,
    private readonly functions: MappingFunctions,
  ) {}

  static compile(
    name: 'sales' | 'purchase',
    table: { rules: LedgerRule[]; default?: string },
    functions: MappingFunctions,
    problems: ConfigProblem[],
  ): LedgerTable {
    const rules = table.rules.map((rule, i) => ({
      rule,
      rate: rule.rate === undefined ? undefined : Decimal.parse(rule.rate),
      label: `mapping.ledgers.${name}.rules[${i}]`,
    }));
    for (const { rule, label } of rules) {
      if (rule.function !== undefined && !functions[rule.function]) {
        problems.push(worded.problem(`${label}.function`, 'MAP_NO_FUNCTION', { function: rule.function }));
      }
    }
    return new LedgerTable(name, rules, table.default, functions);
  }

  /** Every ledger code the table names, with where it is named. */
  ledgers(): { ledger: string; label: string }[] {
    const named = this.rules.filter((r) => r.rule.ledger).map((r) => ({ ledger: r.rule.ledger as string, label: `${r.label}.ledger` }));
    if (this.fallback) named.push({ ledger: this.fallback, label: `mapping.ledgers.${this.name}.default` });
    return named;
  }

  resolve(document: SourceDocument | WorkOrder, line: DocumentLine, vatCode: string, lineIndex: number): LedgerDecision {
    const kind = 'kind' in document ? document.kind : undefined;
    const country = document.relation.address?.country?.toUpperCase();
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.incomeType && rule.incomeType !== line.incomeType) continue;
      if (rule.vatCode && rule.vatCode !== vatCode) continue;
      if (entry.rate && !entry.rate.equals(line.vatRate)) continue;
      if (rule.kind && rule.kind !== kind) continue;
      if (rule.productCode && rule.productCode !== line.productCode) continue;
      if (rule.country && rule.country !== country) continue;
      const ledger = rule.ledger ?? this.functions[rule.function as string]({ document, line, vatCode });
      if (ledger === undefined) continue;
      return { ledger, label: entry.label };
    }
    if (this.fallback) return { ledger: this.fallback, label: `mapping.ledgers.${this.name}.default` };
    const said = { table: this.name, incomeType: line.incomeType, vatCode, line: lineIndex + 1 };
    throw new RecordError(...worded('MAP_UNMAPPED_LEDGER', said, { field: `lines[${lineIndex}].incomeType` }));
  }
}
