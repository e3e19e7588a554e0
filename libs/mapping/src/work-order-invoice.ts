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
      throw new RecordError(
        `material "${material.description}" has no price and no article with code "${material.code ?? ''}" exists in the bookkeeping`,
        { code: 'MAP_MATERIAL_PRICE', field: `materials[${i}].unitPrice`, documentKey },
      );
    }
    const rate = material.vatRate ?? article?.vatRate;
    let vatCode = material.vatRate === undefined ? article?.vatCode : undefined;
    const line = pseudoLine(material.description, rate ?? Decimal.ZERO, material.code);
    if (!vatCode) {
      if (rate === undefined) {
        throw new RecordError(`material "${material.description}" has no VAT rate`, { code: 'MAP_MATERIAL_VAT', field: `materials[${i}].vatRate`, documentKey });
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
    trace?.push({ target: `lines[${lines.length - 1}]`, value: `${material.quantity.toString()} × ${unitPrice.toFixed(2)} ${vatCode} on ${ledger}`, rule: article ? `article ${article.code}` : 'work order material', because: `material "${material.description}"` });
  });

  const hours = new Map<string, { article: Article; hours: Decimal; firstIndex: number }>();
  order.periods.forEach((period, i) => {
    const code = period.hourTypeCode?.trim().toUpperCase() ?? '';
    const article = articles.get(code);
    if (!article || !isHourType(article)) {
      throw new RecordError(
        `hour type "${period.hourTypeCode}" does not exist in the bookkeeping as an active article with unit UUR`,
        { code: 'MAP_UNKNOWN_HOUR_TYPE', field: `periods[${i}].hourTypeCode`, documentKey, hint: 'add the hour type in e-Boekhouden (Factureren > Producten/diensten, unit Uur, active) or fix the work order' },
      );
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
    trace?.push({ target: `lines[${lines.length - 1}]`, value: `${total.toString()} h × ${article.salesPriceExcl.toFixed(2)} ${vatCode} on ${ledger}`, rule: `hour type ${article.code}`, because: 'hours of the work periods × the hour type price' });
  }

  if (lines.length === 0) {
    throw new RecordError('the work order has no materials and no hours to invoice', { code: 'MAP_NO_LINES', field: 'materials', documentKey });
  }
  const invoiceNumber = parts.invoiceNumber.render(order);
  if (!invoiceNumber || invoiceNumber.length > parts.limits.invoiceNumber) {
    throw new RecordError(`invoice number "${invoiceNumber}" must be 1 to ${parts.limits.invoiceNumber} characters`, { code: 'MAP_INVOICE_NUMBER', field: 'number', documentKey });
  }
  const description = parts.description.render(order, parts.limits.description);
  trace?.push({ target: 'template', value: settings.template, rule: 'mapping.invoice.template', because: 'the tenant\'s invoice template' });
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
