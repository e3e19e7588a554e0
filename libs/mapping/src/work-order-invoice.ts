/**
 * A completed work order becomes an invoice: materials and worked hours as lines, priced from the
 * work order or, for hours, from the hour type (an active article with unit UUR) in the bookkeeping.
 */
import {
  Decimal,
  RecordError,
  isHourType,
  type Article,
  type Booking,
  type DocumentLine,
  type ExplainStep,
  type InvoiceLine,
  type MappingContext,
  type RelationToEnsure,
  type WorkOrder,
} from '@koppelwerk/core';
import type { CompiledParts } from './compiled-mapping';
import { because, ruleOf, valueOf, worded } from './worded';

function pseudoLine(description: string, rate: Decimal, productCode?: string): DocumentLine {
  return { description, quantity: Decimal.ONE, unitPrice: Decimal.ZERO, vatRate: rate, vatTreatment: 'normal', incomeType: 'revenue', productCode };
}

export function mapWorkOrder(
  order: WorkOrder,
  relation: RelationToEnsure,
  parts: CompiledParts,
  context: MappingContext,
  trace: ExplainStep[] | null,
): Booking {
  const documentKey = `work-order:${order.sourceId}`;
  const settings = parts.rules.invoice;
  const articles = new Map<string, Article>();
  for (const article of context.articles ?? []) articles.set(article.code.trim().toUpperCase(), article);
  const lines: InvoiceLine[] = [];

  order.materials.forEach((material, i) => {
    const article = material.code ? articles.get(material.code.trim().toUpperCase()) : undefined;
    const unitPrice = material.unitPrice ?? article?.salesPriceExcl;
    if (!unitPrice) {
      const said = { description: material.description, article: material.code ?? '' };
      throw new RecordError(...worded('MAP_MATERIAL_PRICE', said, { field: `materials[${i}].unitPrice`, documentKey }));
    }
    const rate = material.vatRate ?? article?.vatRate;
    let vatCode = material.vatRate === undefined ? article?.vatCode : undefined;
    const line = pseudoLine(material.description, rate ?? Decimal.ZERO, material.code);
    if (!vatCode) {
      if (rate === undefined) {
        throw new RecordError(...worded('MAP_MATERIAL_VAT', { description: material.description }, { field: `materials[${i}].vatRate`, documentKey }));
      }
      vatCode = parts.salesVat.resolve(order, line, i).code;
    }
    const ledger = article?.ledger || parts.salesLedgers.resolve(order, line, vatCode, i).ledger;
    lines.push({
      quantity: material.quantity,
      unit: material.unit || article?.unit || settings.materialUnit,
      code: material.code,
      description: material.description,
      unitPrice,
      vatCode,
      ledger,
    });
    trace?.push({
      target: `lines[${lines.length - 1}]`,
      ...valueOf('EXPLAIN_VALUE_LINE', { quantity: material.quantity.toString(), price: unitPrice.toFixed(2), vatCode, ledger }),
      ...ruleOf('EXPLAIN_RULE_MATERIAL', { article: article?.code }),
      ...because('EXPLAIN_MATERIAL', { description: material.description }),
    });
  });

  const hours = new Map<string, { article: Article; hours: Decimal; firstIndex: number }>();
  order.periods.forEach((period, i) => {
    const code = period.hourTypeCode?.trim().toUpperCase() ?? '';
    const article = articles.get(code);
    if (!article || !isHourType(article)) {
      throw new RecordError(...worded('MAP_UNKNOWN_HOUR_TYPE', { hourType: String(period.hourTypeCode) }, { field: `periods[${i}].hourTypeCode`, documentKey }));
    }
    const entry = hours.get(code);
    if (entry) entry.hours = entry.hours.plus(period.hours);
    else hours.set(code, { article, hours: period.hours, firstIndex: i });
  });
  for (const { article, hours: total, firstIndex } of hours.values()) {
    const line = pseudoLine(article.description, article.vatRate, article.code);
    const vatCode = article.vatCode || parts.salesVat.resolve(order, line, firstIndex).code;
    const ledger = article.ledger || parts.salesLedgers.resolve(order, line, vatCode, firstIndex).ledger;
    lines.push({ quantity: total, unit: settings.hourUnit, code: article.code, description: article.description, unitPrice: article.salesPriceExcl, vatCode, ledger });
    trace?.push({
      target: `lines[${lines.length - 1}]`,
      ...valueOf('EXPLAIN_VALUE_LINE', { quantity: total.toString(), price: article.salesPriceExcl.toFixed(2), vatCode, ledger, hours: 'yes' }),
      ...ruleOf('EXPLAIN_RULE_HOUR_TYPE', { code: article.code }),
      ...because('EXPLAIN_HOURS', {}),
    });
  }

  if (lines.length === 0) {
    throw new RecordError(...worded('MAP_NO_LINES', { of: 'work-order' }, { field: 'materials', documentKey }));
  }
  const invoiceNumber = parts.invoiceNumber.render(order);
  if (!invoiceNumber || invoiceNumber.length > parts.limits.invoiceNumber) {
    throw new RecordError(...worded('MAP_INVOICE_NUMBER', { invoiceNumber, max: parts.limits.invoiceNumber }, { field: 'number', documentKey }));
  }
  const description = parts.description.render(order, parts.limits.description);
  trace?.push({ target: 'template', value: settings.template, rule: 'mapping.invoice.template', ...because('EXPLAIN_INVOICE_TEMPLATE', {}) });
  return {
    documentKey,
    relation,
    entry: {
      type: 'invoice',
      date: order.date,
      invoiceNumber,
      relationCode: relation.code,
      template: settings.template,
      paymentTermDays: settings.paymentTermDays,
      bookInLedger: settings.bookInLedger,
      description,
      lines,
    },
    warnings: [],
    explain: [],
  };
}
