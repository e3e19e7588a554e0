/**
 * A tenant's mapping rules compiled once into a pure function from a canonical document to a
 * booking. `map` is the fast path the engine calls; `explain` runs the same decisions and also
 * says which rule produced each part, for users debugging a wrong ledger.
 */
import { createHash } from 'node:crypto';
import {
  Decimal,
  RecordError,
  isCreditNote,
  isPurchase,
  isWorkOrder,
  type Booking,
  type BookingMapper,
  type ConfigProblem,
  type CodedText,
  type ExplainStep,
  type JournalEntry,
  type Ledger,
  type MappingContext,
  type RelationToEnsure,
  type SourceDocument,
  type SourceRecord,
  type WorkOrder,
} from '@koppelwerk/core';
import { buildRows, type RowInput } from './amounts';
import { CurrencyPolicy } from './currency-policy';
import { LedgerTable } from './ledger-table';
import type { MappingFunctions } from './mapping-function';
import type { MappingRules } from './mapping-schema';
import { RelationCodes } from './relation-code';
import { because as reason, labelOf, ruleOf, valueOf, worded } from './worded';
import { roundingRow, type RoundingSettings } from './stated-total';
import { TextTemplate } from './text-template';
import { VatTable } from './vat-table';
import { mapWorkOrder } from './work-order-invoice';

/** Field limits of the sink (e-Boekhouden's, by default). */
export interface MappingLimits {
  relationCode: number;
  invoiceNumber: number;
  description: number;
  reference: number;
}

export const DEFAULT_LIMITS: MappingLimits = { relationCode: 15, invoiceNumber: 50, description: 200, reference: 50 };

/** Amounts beyond this are refused as absurd (a parsing error upstream, most likely). */
const ABSURD_AMOUNT = Decimal.of('100000000');

export interface CompiledParts {
  rules: MappingRules;
  functions: MappingFunctions;
  limits: MappingLimits;
  salesVat: VatTable;
  purchaseVat: VatTable;
  salesLedgers: LedgerTable;
  purchaseLedgers: LedgerTable;
  description: TextTemplate;
  invoiceNumber: TextTemplate;
  reference?: TextTemplate;
  currency: CurrencyPolicy;
}

export class CompiledMapping implements BookingMapper {
  readonly version: string;
  private readonly relationCodes = new RelationCodes();

  constructor(readonly parts: CompiledParts) {
    const fingerprint = JSON.stringify({ rules: parts.rules, functions: Object.keys(parts.functions).sort(), limits: parts.limits });
    this.version = createHash('sha256').update(fingerprint).digest('hex').slice(0, 12);
  }

  map(record: SourceRecord, context: MappingContext = {}): Booking {
    return this.run(record, context, null);
  }

  /** The same booking as `map`, with every decision and the rule behind it. */
  explain(record: SourceRecord, context: MappingContext = {}): Booking {
    const steps: ExplainStep[] = [];
    const booking = this.run(record, context, steps);
    return { ...booking, explain: steps };
  }

  /** Every ledger code the rules name, for validation against the administration. */
  usedLedgers(): string[] {
    return [...new Set(this.namedLedgers().map((entry) => entry.ledger))];
  }

  /** Every VAT code the rules can produce. */
  usedVatCodes(): string[] {
    return [...new Set([...this.parts.salesVat.codes(), ...this.parts.purchaseVat.codes()])];
  }

  /**
   * Do the ledgers and VAT codes in the rules exist in this administration? One problem per
   * missing code, with the place in the config that names it. `check` calls this.
   */
  validateReference(reference: { ledgers: Ledger[]; vatCodes: string[] }): ConfigProblem[] {
    const ledgers = new Set(reference.ledgers.map((l) => l.code));
    const vatCodes = new Set(reference.vatCodes);
    const problems: ConfigProblem[] = [];
    for (const { ledger, label } of this.namedLedgers()) {
      if (!ledgers.has(ledger)) problems.push(worded.problem(label, 'MAP_LEDGER_MISSING', { ledger }));
    }
    for (const { code, label } of [...this.parts.salesVat.tenantCodes(), ...this.parts.purchaseVat.tenantCodes()]) {
      if (!vatCodes.has(code)) problems.push(worded.problem(label, 'MAP_VAT_CODE_MISSING', { vatCode: code }));
    }
    return problems;
  }

  /** Where a rounding difference goes: the rounding ledger, else the default revenue or cost ledger. */
  private roundingSettings(purchase: boolean): RoundingSettings {
    const { rounding, ledgers } = this.parts.rules;
    const fallback = purchase ? ledgers.purchase.default : ledgers.sales.default;
    return {
      ledger: rounding.ledger ?? fallback,
      ledgerRule: rounding.ledger ? { rule: 'mapping.rounding.ledger' } : ruleOf('EXPLAIN_RULE_DEFAULT_LEDGER', { table: purchase ? 'purchase' : 'sales' }),
      maxDifference: Decimal.parse(rounding.maxDifference),
    };
  }

  private namedLedgers(): { ledger: string; label: string }[] {
    const { rules } = this.parts;
    return [
      { ledger: rules.ledgers.debtors, label: 'mapping.ledgers.debtors' },
      { ledger: rules.ledgers.creditors, label: 'mapping.ledgers.creditors' },
      ...(rules.rounding.ledger ? [{ ledger: rules.rounding.ledger, label: 'mapping.rounding.ledger' }] : []),
      ...this.parts.salesLedgers.ledgers(),
      ...this.parts.purchaseLedgers.ledgers(),
    ];
  }

  private run(record: SourceRecord, context: MappingContext, trace: ExplainStep[] | null): Booking {
    if (isWorkOrder(record)) {
      const relation = this.relationFor(record, trace);
      return mapWorkOrder(record, relation, this.parts, context, trace);
    }
    return this.mapDocument(record, trace);
  }

  relationFor(document: SourceDocument | WorkOrder, trace: ExplainStep[] | null): RelationToEnsure {
    const { rules, functions, limits } = this.parts;
    const settings = rules.relations;
    let code: string;
    let because: ReturnType<typeof reason>;
    let rule: string | { rule: string; ruleText?: CodedText };
    const given = isWorkOrder(document) ? document.relationCode?.trim() : undefined;
    if (given) {
      code = given;
      rule = ruleOf('EXPLAIN_RULE_WORK_ORDER', {});
      because = reason('EXPLAIN_RELATION_GIVEN', {});
    } else if (settings.function) {
      code = functions[settings.function]({ document }) ?? '';
      rule = 'mapping.relations.function';
      because = reason('EXPLAIN_RELATION_FUNCTION', { function: settings.function });
    } else {
      const result = this.relationCodes.code(document.relation, settings.matchBy, settings.codePrefix, limits.relationCode);
      code = result.code;
      rule = 'mapping.relations.matchBy';
      because = reason('EXPLAIN_RELATION_MATCHED', { matchedBy: result.key.matchedBy, key: result.key.key });
    }
    if (!code || code.length > limits.relationCode) {
      throw new RecordError(...worded('MAP_RELATION_CODE', { relationCode: code, max: limits.relationCode }, { field: 'relation' }));
    }
    trace?.push({ target: 'relation.code', value: code, ...(typeof rule === 'string' ? { rule } : rule), ...because });
    return { code, relation: document.relation, createIfMissing: settings.createMissing };
  }

  private mapDocument(document: SourceDocument, trace: ExplainStep[] | null): Booking {
    const { rules, limits } = this.parts;
    const documentKey = `${document.kind}:${document.sourceId}`;
    if (!document.lines || document.lines.length === 0) {
      throw new RecordError(...worded('MAP_NO_LINES', { of: 'document' }, { field: 'lines', documentKey }));
    }
    const purchase = isPurchase(document.kind);
    const vatTable = purchase ? this.parts.purchaseVat : this.parts.salesVat;
    const ledgerTable = purchase ? this.parts.purchaseLedgers : this.parts.salesLedgers;
    const currency = this.parts.currency.decide(document);
    if (trace && currency.factor !== Decimal.ONE) {
      const coded = { ...(currency.reason ? { reason: currency.reason } : {}), ...(currency.ruleText ? { ruleText: currency.ruleText } : {}) };
      trace.push({ target: 'currency', value: currency.factor.toString(), rule: currency.rule, because: currency.because, ...coded });
    }

    const amounts = document.lines.map((line, i) => {
      if (line.vatRate.isNegative() || line.vatRate.compare(Decimal.HUNDRED) > 0) {
        throw new RecordError(...worded('MAP_BAD_VAT_RATE', { line: i + 1, rate: line.vatRate.toString() }, { field: `lines[${i}].vatRate`, documentKey }));
      }
      const amount = line.quantity.times(line.unitPrice).times(currency.factor);
      if (amount.abs().compare(ABSURD_AMOUNT) > 0) {
        throw new RecordError(...worded('MAP_ABSURD_AMOUNT', { line: i + 1, amount: amount.toFixed(2) }, { field: `lines[${i}].unitPrice`, documentKey }));
      }
      return amount;
    });
    const total = Decimal.sum(amounts);
    const credit = isCreditNote(document.kind);
    if (!credit && total.isNegative()) {
      throw new RecordError(...worded('MAP_NEGATIVE_TOTAL', { total: total.toFixed(2), kind: document.kind }, { field: 'lines', documentKey }));
    }
    // A credit note always books negative, whichever sign convention the source uses.
    const sign = credit && total.compare(Decimal.ZERO) > 0 ? Decimal.ONE.negated() : Decimal.ONE;

    const rowInputs = new Map<string, RowInput>();
    document.lines.forEach((line, i) => {
      const vat = vatTable.resolve(document, line, i);
      const ledger = ledgerTable.resolve(document, line, vat.code, i);
      const key = `${vat.code}|${line.vatRate.toString()}|${ledger.ledger}`;
      const amount = amounts[i].times(sign);
      const existing = rowInputs.get(key);
      if (existing) existing.amount = existing.amount.plus(amount);
      else rowInputs.set(key, { ledger: ledger.ledger, vatCode: vat.code, vatRate: line.vatRate, amount });
      if (trace) {
        trace.push({ target: `lines[${i}].vatCode`, value: vat.code, ...labelOf(vat.label), because: vat.because, ...(vat.reason ? { reason: vat.reason } : {}) });
        trace.push({ target: `lines[${i}].ledger`, value: ledger.ledger, rule: ledger.label, ...reason('EXPLAIN_LEDGER', { incomeType: line.incomeType, vatCode: vat.code }) });
      }
    });
    const rows = buildRows([...rowInputs.values()], document.pricesIncludeVat);
    const rounding = roundingRow(document, rows, currency.factor, this.roundingSettings(purchase), documentKey, trace);
    if (trace) {
      rows.forEach((row, j) =>
        trace.push({
          target: `rows[${j}]`,
          ...valueOf('EXPLAIN_VALUE_ROW', { ledger: row.ledger, vatCode: row.vatCode, excl: row.amountExcl.toFixed(2), vat: row.amountVat.toFixed(2), incl: row.amountIncl.toFixed(2) }),
          ...ruleOf('EXPLAIN_RULE_ROUNDING', {}),
          ...reason('EXPLAIN_ROW', { vatCode: row.vatCode, ledger: row.ledger }),
        }),
      );
    }
    if (rounding) {
      rows.push(rounding);
      trace?.push({
        target: `rows[${rows.length - 1}]`,
        ...valueOf('EXPLAIN_VALUE_ROW', { ledger: rounding.ledger, vatCode: rounding.vatCode, excl: rounding.amountExcl.toFixed(2), vat: rounding.amountVat.toFixed(2), incl: rounding.amountIncl.toFixed(2) }),
        rule: 'mapping.rounding',
        ...reason('EXPLAIN_ROUNDING_ROW', {}),
      });
    }

    const relation = this.relationFor(document, trace);
    const invoiceNumber = this.parts.invoiceNumber.render(document);
    if (!invoiceNumber || invoiceNumber.length > limits.invoiceNumber) {
      const shown = invoiceNumber.length > 60 ? `${invoiceNumber.slice(0, 40)}… (${invoiceNumber.length} characters)` : invoiceNumber;
      const said = { invoiceNumber: shown, max: limits.invoiceNumber, setting: 'mapping.texts.invoiceNumber' };
      throw new RecordError(...worded('MAP_INVOICE_NUMBER', said, { field: 'number', documentKey }));
    }
    const description = this.parts.description.render(document, limits.description);
    const reference = this.parts.reference?.render(document, limits.reference);
    const accountLedger = purchase ? rules.ledgers.creditors : rules.ledgers.debtors;
    if (trace) {
      trace.push({ target: 'invoiceNumber', value: invoiceNumber, rule: 'mapping.texts.invoiceNumber', ...reason('EXPLAIN_TEMPLATE', { template: this.parts.invoiceNumber.source }) });
      trace.push({ target: 'description', value: description, rule: 'mapping.texts.description', ...reason('EXPLAIN_TEMPLATE', { template: this.parts.description.source }) });
      trace.push({
        target: 'accountLedger',
        value: accountLedger,
        rule: purchase ? 'mapping.ledgers.creditors' : 'mapping.ledgers.debtors',
        ...reason('EXPLAIN_ACCOUNT_LEDGER', { purchase: purchase ? 'yes' : 'no' }),
      });
    }
    const entry: JournalEntry = {
      type: 'journal',
      kind: purchase ? 'invoice-received' : 'invoice-sent',
      date: document.date,
      invoiceNumber,
      accountLedger,
      relationCode: relation.code,
      description,
      amountsIncludeVat: document.pricesIncludeVat,
      paymentTermDays: document.paymentTermDays ?? rules.paymentTermDays,
      reference: reference || undefined,
      rows,
    };
    const warnings = currency.warning ? { warnings: [currency.warning], ...(currency.warningText ? { warningTexts: [currency.warningText] } : {}) } : { warnings: [] };
    return { documentKey, relation, entry, ...warnings, explain: [] };
  }
}
