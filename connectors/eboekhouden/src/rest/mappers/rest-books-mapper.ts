/**
 * A REST mutation (its list item and GET /v1/mutation/{id}) -> the booking as the books hold it
 * now. Its kind comes from its type (2 invoice-sent, 1 invoice-received, any other type, a payment
 * among them: other). Ids become codes through `codes`. A row's `amount` is incl. or excl. VAT as
 * the mutation's `inExVat` says (EX when it says nothing, as the API assumes); its VAT is the row's
 * `vatAmount`, else the mutation's VAT total of that code when no other row has the code, else the
 * code's rate on the booking date applied to the amount and rounded to the cent. Given the list
 * item as its own detail (a mutation not read in detail), it has no rows and no relation.
 */
import { Decimal, toLocalDate, vatCodeRate, type BooksEntry, type BooksRow, type JournalKind, type LocalDate } from '@koppelwerk/core';
import { decimalOf } from '../../wire-format';
import type { RestMutation, RestMutationItem, RestMutationRow } from '../rest-wire';
import { MUTATION_TYPE } from './rest-mutation-mapper';

/** Ledger and relation codes by their REST ids. */
export interface RestCodes {
  ledger(id: number | undefined): string | undefined;
  relation(id: number | undefined): string | undefined;
}

const KIND_OF_TYPE = new Map<number, JournalKind>(Object.entries(MUTATION_TYPE).map(([kind, type]) => [type, kind as JournalKind]));

/** The kind of booking a mutation type is. */
export function bookedKind(type: number | undefined): BooksEntry['kind'] {
  return (type === undefined ? undefined : KIND_OF_TYPE.get(type)) ?? 'other';
}

export function fromRestMutation(item: RestMutationItem, detail: RestMutation, codes: RestCodes): BooksEntry {
  const date = toLocalDate(detail.date ?? item.date ?? '');
  const includesVat = detail.inExVat === 'IN';
  const rows = detail.rows ?? [];
  const vatPerCode = new Map((detail.vat ?? []).map((v) => [v.vatCode ?? '', v.amount]));
  return {
    sinkId: String(detail.id ?? item.id),
    invoiceNumber: detail.invoiceNumber ?? item.invoiceNumber ?? '',
    kind: bookedKind(detail.type ?? item.type),
    date,
    relationCode: codes.relation(detail.relationId),
    accountLedger: codes.ledger(detail.ledgerId ?? item.ledgerId),
    rows: rows.map((row): BooksRow => {
      const amount = decimalOf(row.amount);
      const vat = rowVat(row, amount, { rows, vatPerCode, includesVat, date });
      return {
        ledger: codes.ledger(row.ledgerId) ?? '',
        vatCode: row.vatCode ?? '',
        amountExcl: includesVat ? amount.minus(vat) : amount,
        amountVat: vat,
        amountIncl: includesVat ? amount : amount.plus(vat),
      };
    }),
  };
}

function rowVat(
  row: RestMutationRow,
  amount: Decimal,
  mutation: { rows: RestMutationRow[]; vatPerCode: Map<string, number | undefined>; includesVat: boolean; date: LocalDate },
): Decimal {
  if (typeof row.vatAmount === 'number') return decimalOf(row.vatAmount);
  const code = row.vatCode ?? '';
  const total = mutation.vatPerCode.get(code);
  if (typeof total === 'number' && mutation.rows.filter((r) => (r.vatCode ?? '') === code).length === 1) return decimalOf(total);
  const rate = vatCodeRate(code, mutation.date) ?? Decimal.ZERO;
  return mutation.includesVat ? amount.times(rate).dividedBy(Decimal.HUNDRED.plus(rate), 2) : amount.times(rate).dividedBy(Decimal.HUNDRED, 2);
}
