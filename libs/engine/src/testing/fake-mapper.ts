/**
 * A small mapping for the engine's tests: every order becomes a sales journal entry on 1300/8000,
 * VAT codes by rate; an unknown rate is a RecordError, as the real mapping DSL does.
 */
import { Decimal, RecordError, isWorkOrder, type Booking, type BookingMapper, type SourceRecord } from '@koppelwerk/core';

export class FakeMapper implements BookingMapper {
  constructor(
    readonly version = 'rules-v1',
    private readonly vatCodes: Record<string, string> = { '21': 'HOOG_VERK_21', '9': 'LAAG_VERK_9', '0': 'GEEN' },
    private readonly entryType: 'journal' | 'invoice' = 'journal',
  ) {}

  map(record: SourceRecord): Booking {
    if (isWorkOrder(record)) throw new RecordError('work orders are not mapped in this test', { code: 'MAP_UNSUPPORTED' });
    const documentKey = `${record.kind}:${record.sourceId}`;
    const rows = record.lines.map((line, index) => {
      const vatCode = this.vatCodes[line.vatRate.toString()];
      if (!vatCode) {
        throw new RecordError(`no VAT code for ${line.vatRate.toString()}%`, {
          code: 'MAP_UNMAPPED_VAT',
          field: `lines[${index}].vatRate`,
          documentKey,
          hint: 'add the rate to mapping.vat',
        });
      }
      const incl = line.unitPrice.times(line.quantity);
      const excl = incl.times(Decimal.HUNDRED).dividedBy(Decimal.HUNDRED.plus(line.vatRate), 2);
      return { ledger: '8000', vatCode, vatRate: line.vatRate, amountIncl: incl, amountExcl: excl, amountVat: incl.minus(excl), description: line.description };
    });
    const relation = { code: `K${record.relation.sourceId}`, relation: record.relation, createIfMissing: true };
    const common = { date: record.date, invoiceNumber: record.number, relationCode: relation.code, description: `Order ${record.number}` };
    const entry =
      this.entryType === 'journal'
        ? { type: 'journal' as const, kind: 'invoice-sent' as const, accountLedger: '1300', amountsIncludeVat: true, rows, ...common }
        : {
            type: 'invoice' as const,
            template: 'Standaard',
            paymentTermDays: 14,
            bookInLedger: true,
            lines: record.lines.map((line, i) => ({ quantity: line.quantity, unit: 'STUK', description: line.description, unitPrice: rows[i].amountExcl, vatCode: rows[i].vatCode })),
            ...common,
          };
    return { documentKey, relation, entry, warnings: [], explain: [] };
  }
}
