/**
 * What a person does by hand in e-Boekhouden's web app, for tests (`POST /_sim/manual/...`), on
 * the main administration, which the SOAP and the REST face share:
 *
 *   delete {invoiceNumber}    the mutations with that invoice number are gone, and so is an invoice of
 *                             the invoicing module with that number → {deleted: {mutaties, facturen}}
 *   edit   {invoiceNumber, amountDelta?, vatCode?, ledger?, date?}
 *                             the first mutation with that number (the lowest MutatieNr) changes: its
 *                             first row's amount incl. VAT by amountDelta (euros, "-5.00" or -5),
 *                             excl. and VAT following at the row's VAT code rate (as the invoice
 *                             arithmetic rounds: VAT = incl × rate / (100 + rate) to the cent, excl. =
 *                             incl. − VAT); vatCode and ledger replace the first row's (a new code
 *                             splits the amount incl. VAT again); date the mutation's → the mutation
 *   add    {invoiceNumber, date, amount, vatCode, ledger, relationCode?}
 *                             a sales invoice typed by hand (Soort FactuurVerstuurd) on the first
 *                             debtors ledger (1300 in the standard chart), one row, `amount` incl. VAT;
 *                             the relation is `relationCode` when given (it must exist), else relation
 *                             HANDMATIG ("Handmatige boekingen"), made on first use → the mutation
 *
 * 400 with `{error}` for a body that is not what it should be, 404 when no booking has the invoice
 * number, 409 when `add` meets a number a sales invoice has already (as e-Boekhouden refuses it).
 */
import { Decimal, isLocalDate, vatCodeInfo, vatCodeRate } from '@koppelwerk/core';
import { text } from '../wire-format';
import type { RestAdministrationExtras } from './rest-state';
import type { SimAdministration } from './sim-administration';
import { SimError } from './sim-errors';
import { asDateTime } from './sim-values';
import { wireList } from './sim-wire';

type Raw = Record<string, unknown>;

/** The relation of a booking added by hand without a relation code. */
export const MANUAL_RELATION = { Code: 'HANDMATIG', Bedrijf: 'Handmatige boekingen', BP: 'B' };

export class ManualError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

/** The body's fields, checked: only `known` ones, `required` present. */
function fields(body: Raw, known: readonly string[], required: readonly string[]): Raw {
  const unknown = Object.keys(body).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new ManualError(400, `unknown field ${unknown.join(', ')}; known: ${known.join(', ')}`);
  for (const key of required) {
    if (body[key] === undefined || body[key] === null || body[key] === '') throw new ManualError(400, `${key} is required`);
  }
  if (typeof body.invoiceNumber !== 'string') throw new ManualError(400, 'invoiceNumber must be a string: the invoice number of the booking');
  return body;
}

function amountOf(value: unknown, field: string): Decimal {
  const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!AMOUNT.test(raw)) throw new ManualError(400, `${field} must be an amount in euros with at most two decimals, such as "12.50" or -5 (got ${JSON.stringify(value)})`);
  return Decimal.parse(raw);
}

function dateOf(value: unknown, field: string): string {
  if (!isLocalDate(value)) throw new ManualError(400, `${field} must be a date as YYYY-MM-DD (got ${JSON.stringify(value)})`);
  if (value < '1980-01-01' || value > '2050-12-31') throw new ManualError(400, `${field} must lie between 1980 and 2050 (got ${value})`);
  return value;
}

function vatCodeOf(value: unknown): string {
  if (typeof value !== 'string' || !vatCodeInfo(value)) throw new ManualError(400, `vatCode ${JSON.stringify(value)} is not an e-Boekhouden VAT code`);
  return value;
}

/** A revenue or cost ledger the administration has: what an invoice row may use. */
function rowLedgerOf(administration: SimAdministration, value: unknown): string {
  const ledger = typeof value === 'string' ? administration.ledger(value) : undefined;
  if (!ledger) throw new ManualError(400, `ledger ${JSON.stringify(value)} is not a ledger of the administration`);
  if (!['BAL', 'VW'].includes(text(ledger.Categorie))) throw new ManualError(400, `ledger ${text(ledger.Code)} is a ${text(ledger.Categorie)} ledger; an invoice row takes a balance or profit-and-loss ledger`);
  return text(ledger.Code);
}

/** Incl. VAT split at the code's rate on the date; a code without a fixed rate (AFW) keeps `vat`. */
function split(incl: Decimal, code: string, date: string, vat: Decimal): { excl: Decimal; vat: Decimal; incl: Decimal; rate: Decimal | null } {
  const rate = vatCodeRate(code, date);
  const taken = rate === null ? vat : incl.times(rate).dividedBy(Decimal.HUNDRED.plus(rate), 2);
  return { excl: incl.minus(taken), vat: taken, incl, rate };
}

export function manualDelete(administration: SimAdministration, extras: RestAdministrationExtras, body: Raw): Raw {
  const { invoiceNumber } = fields(body, ['invoiceNumber'], ['invoiceNumber']) as { invoiceNumber: string };
  const mutations = administration.deleteMutations(invoiceNumber);
  const invoices = administration.deleteInvoices(invoiceNumber);
  if (mutations.length === 0 && invoices.length === 0) throw new ManualError(404, `no booking has invoice number ${invoiceNumber}`);
  for (const m of mutations) extras.rowDescriptions.delete(Number(m.MutatieNr));
  if (invoices.length > 0) extras.invoices.delete(invoiceNumber);
  return { deleted: { mutaties: mutations.map((m) => Number(m.MutatieNr)), facturen: invoices.map((f) => text(f.Factuurnummer)) } };
}

export function manualEdit(administration: SimAdministration, body: Raw): Raw {
  const change = fields(body, ['invoiceNumber', 'amountDelta', 'vatCode', 'ledger', 'date'], ['invoiceNumber']);
  if (['amountDelta', 'vatCode', 'ledger', 'date'].every((key) => change[key] === undefined)) {
    throw new ManualError(400, 'nothing to change: give amountDelta, vatCode, ledger or date');
  }
  const delta = change.amountDelta === undefined ? undefined : amountOf(change.amountDelta, 'amountDelta');
  const vatCode = change.vatCode === undefined ? undefined : vatCodeOf(change.vatCode);
  const ledger = change.ledger === undefined ? undefined : rowLedgerOf(administration, change.ledger);
  const date = change.date === undefined ? undefined : dateOf(change.date, 'date');
  const mutation = administration.mutationRecords().filter((m) => text(m.Factuurnummer) === change.invoiceNumber).sort((a, b) => Number(a.MutatieNr) - Number(b.MutatieNr))[0];
  if (!mutation) throw new ManualError(404, `no booking has invoice number ${String(change.invoiceNumber)}`);
  const row = wireList<Raw>(mutation.MutatieRegels, 'cMutatieListRegel')[0];
  if (!row) throw new ManualError(400, `the booking with invoice number ${String(change.invoiceNumber)} has no rows to change`);
  if (date) mutation.Datum = asDateTime(date);
  if (ledger) row.TegenrekeningCode = ledger;
  if (delta || vatCode) {
    const code = vatCode ?? text(row.BTWCode);
    const amounts = split(Decimal.parse(text(row.BedragInclBTW)).plus(delta ?? Decimal.ZERO), code, text(mutation.Datum).slice(0, 10), Decimal.parse(text(row.BedragBTW)));
    Object.assign(row, {
      BedragInvoer: (text(mutation.InExBTW) === 'IN' ? amounts.incl : amounts.excl).toFixed(2),
      BedragExclBTW: amounts.excl.toFixed(2),
      BedragBTW: amounts.vat.toFixed(2),
      BedragInclBTW: amounts.incl.toFixed(2),
      BTWCode: code,
      BTWPercentage: amounts.rate === null ? text(row.BTWPercentage) : amounts.rate.toString(),
    });
  }
  return mutation;
}

export function manualAdd(administration: SimAdministration, body: Raw): Raw {
  const typed = fields(body, ['invoiceNumber', 'date', 'amount', 'vatCode', 'ledger', 'relationCode'], ['invoiceNumber', 'date', 'amount', 'vatCode', 'ledger']);
  const date = dateOf(typed.date, 'date');
  const amount = amountOf(typed.amount, 'amount');
  const vatCode = vatCodeOf(typed.vatCode);
  const ledger = rowLedgerOf(administration, typed.ledger);
  let relationCode = MANUAL_RELATION.Code;
  if (typed.relationCode !== undefined) {
    relationCode = text(typed.relationCode);
    if (!administration.relation(relationCode)) throw new ManualError(400, `relationCode ${JSON.stringify(typed.relationCode)} is not a relation of the administration`);
  } else if (!administration.relation(relationCode)) {
    administration.addRelation({ ...MANUAL_RELATION });
  }
  const debtors = administration.getLedgers({ ID: 0, Categorie: 'DEB' })[0];
  const amounts = split(amount, vatCode, date, Decimal.ZERO);
  try {
    const number = administration.addMutation({
      MutatieNr: 0,
      Soort: 'FactuurVerstuurd',
      Datum: date,
      Rekening: text(debtors?.Code) || '1300',
      RelatieCode: relationCode,
      Factuurnummer: typed.invoiceNumber,
      Omschrijving: `Factuur ${String(typed.invoiceNumber)} (handmatig geboekt)`,
      InExBTW: 'IN',
      MutatieRegels: {
        cMutatieRegel: [
          {
            BedragInvoer: amounts.incl.toFixed(2),
            BedragExclBTW: amounts.excl.toFixed(2),
            BedragBTW: amounts.vat.toFixed(2),
            BedragInclBTW: amounts.incl.toFixed(2),
            BTWCode: vatCode,
            BTWPercentage: (amounts.rate ?? Decimal.ZERO).toString(),
            TegenrekeningCode: ledger,
            KostenplaatsID: 0,
          },
        ],
      },
    });
    return administration.getMutations({ MutatieNr: number })[0];
  } catch (error) {
    if (error instanceof SimError) throw new ManualError(error.code === 'M006' ? 409 : 400, error.description);
    throw error;
  }
}
