/** Compiled VAT rules: rate × treatment (× country, × date) → VAT code, first match wins. */
import { ConfigurationError, Decimal, RecordError, isCreditNote, isWorkOrder, vatCodeInfo, vatCodeRate, vatCodeRatesUntil, type CodedText, type ConfigProblem, type DocumentLine, type SourceDocument, type WorkOrder } from '@koppelwerk/core';
import type { MappingFunctions } from './mapping-function';
import type { VatRule } from './mapping-schema';
import { because, worded } from './worded';

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
  reason?: CodedText;
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
        problems.push(worded.problem(`${label}.code`, 'MAP_UNKNOWN_VAT_CODE_RULE', { vatCode: rule.code }));
      }
      if (rule.function !== undefined && !functions[rule.function]) {
        problems.push(worded.problem(`${label}.function`, 'MAP_NO_FUNCTION', { function: rule.function }));
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

  /**
   * The first rule that matches the line decides its code. The date that decides the rate is the
   * supply's: the document's own date, except on a credit note, which corrects an earlier supply
   * and follows that supply's rate:
   *   - a credit note that states the original document's date (`originalDate`) is matched, and its
   *     code's rate checked, on that date;
   *   - a credit note without it is matched on its own date, and a rate the code charged before that
   *     date counts too (6% under LAAG_VERK on a 2020 credit note). When no rule matches, rules whose
   *     period ended before the credit note (`until`) are tried as well: the original supply may
   *     have been made while they applied.
   */
  resolve(document: SourceDocument | WorkOrder, line: DocumentLine, lineIndex: number): VatDecision {
    const country = document.relation.address?.country?.toUpperCase();
    const credit = !isWorkOrder(document) && isCreditNote(document.kind);
    const originalDate = credit ? (document as SourceDocument).originalDate : undefined;
    const described = lineParams(line, document, country, originalDate);
    const find = (search: Search) => this.first(document, line, lineIndex, country, search);
    if (originalDate) {
      const found = find({ date: originalDate, ignoreUntil: false, rates: (code) => ratesOn(code, originalDate) });
      if (found) return { code: found.code, label: found.label, ...because('EXPLAIN_VAT_LINE', { ...described, correction: 'original' }) };
    } else if (credit) {
      const rates = (code: string) => ({ rates: vatCodeRatesUntil(code, document.date), orBefore: true, date: document.date });
      const current = find({ date: document.date, ignoreUntil: false, rates });
      if (current) return { code: current.code, label: current.label, ...because('EXPLAIN_VAT_LINE', described) };
      const earlier = find({ date: document.date, ignoreUntil: true, rates });
      if (earlier) return { code: earlier.code, label: earlier.label, ...because('EXPLAIN_VAT_EARLIER', { ...described, until: String(earlier.rule.until) }) };
    } else {
      const found = find({ date: document.date, ignoreUntil: false, rates: (code) => ratesOn(code, document.date) });
      if (found) return { code: found.code, label: found.label, ...because('EXPLAIN_VAT_LINE', described) };
    }
    throw new RecordError(...worded('MAP_UNMAPPED_VAT', { table: this.name, line: lineIndex + 1, ...described }, { field: `lines[${lineIndex}].vatRate` }));
  }

  private first(
    document: SourceDocument | WorkOrder,
    line: DocumentLine,
    lineIndex: number,
    country: string | undefined,
    search: Search,
  ): { code: string; label: string; rule: VatRule } | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.rate && !entry.rate.equals(line.vatRate)) continue;
      if (rule.treatment && rule.treatment !== line.vatTreatment) continue;
      if (rule.country && rule.country !== country) continue;
      if (rule.from && search.date < rule.from) continue;
      if (rule.until && search.date > rule.until && !search.ignoreUntil) continue;
      const code = rule.code ?? this.functions[rule.function as string]({ document, line });
      if (code === undefined) continue;
      this.assertRateFits(code, line, lineIndex, entry.label, search);
      return { code, label: entry.label, rule };
    }
    return undefined;
  }

  private assertRateFits(code: string, line: DocumentLine, lineIndex: number, label: string, search: Search): void {
    if (!vatCodeInfo(code)) {
      throw new RecordError(...worded('MAP_UNKNOWN_VAT_CODE', { label, vatCode: code }, { field: `lines[${lineIndex}].vatRate` }));
    }
    const { rates, orBefore, date } = search.rates(code);
    if (rates.length === 0) return;
    if (!rates.some((rate) => rate.equals(line.vatRate))) {
      const said = { label, line: lineIndex + 1, vatCode: code, rates: rates.map((rate) => rate.toString()).join('|'), date, orBefore: orBefore ? 'yes' : 'no', lineRate: line.vatRate.toString() };
      throw new RecordError(...worded('MAP_VAT_RATE_MISMATCH', said, { field: `lines[${lineIndex}].vatRate` }));
    }
  }
}

/** How rules are matched for one line: on which date, and which rates a code may stand for. */
interface Search {
  date: string;
  /** Also rules whose period ended before `date` (a credit note for an earlier supply). */
  ignoreUntil: boolean;
  /** The rates a code may stand for: on `date`, or (a credit note) on or before it. */
  rates(code: string): { rates: Decimal[]; orBefore: boolean; date: string };
}

function ratesOn(code: string, date: string): { rates: Decimal[]; orBefore: boolean; date: string } {
  const rate = vatCodeRate(code, date);
  return { rates: rate === null ? [] : [rate], orBefore: false, date };
}

/** A line as the VAT rules match it, as the params of its texts (MAP_UNMAPPED_VAT, EXPLAIN_VAT_LINE). */
export function lineParams(line: DocumentLine, document: SourceDocument | WorkOrder, country?: string, originalDate?: string) {
  return { rate: line.vatRate.toString(), treatment: line.vatTreatment, incomeType: line.incomeType, country, date: document.date, originalDate };
}

export function assertNoProblems(problems: ConfigProblem[]): void {
  if (problems.length) throw new ConfigurationError(problems);
}
