/**
 * The request of the source simulators' `POST /_sim/manual/edit-document {"number", "amountDelta"}`
 * (Mijnwebwinkel, FactuurSturen): the shop owner or account holder changes a document after it was
 * booked. Each simulator changes its own record; the body is read the same way for both.
 */
import { Decimal } from '@koppelwerk/core';
import { SimHttpError } from './sim-http-error';

/** The key of the control request in SimulatorServerOptions.controls. */
export const EDIT_DOCUMENT_CONTROL = 'POST /manual/edit-document';

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

/** `amountDelta` as the body gives it: euros with at most two decimals, as a string or a number; else a 400. */
export function amountDeltaOf(value: unknown): Decimal {
  const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!AMOUNT.test(raw)) throw new SimHttpError(400, `amountDelta must be an amount in euros with at most two decimals, such as "12.50" or -5 (got ${JSON.stringify(value)})`);
  return Decimal.parse(raw);
}

/**
 * The body checked: a JSON object with exactly `number` (a string or a number, not blank) and
 * `amountDelta`; a 400 saying what is wrong otherwise. `documentName` words the number in that
 * message ("order": "the order number as the API shows it").
 */
export function editDocumentBody(body: unknown, documentName: string): { number: string; amountDelta: Decimal } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SimHttpError(400, 'the body must be a JSON object {"number", "amountDelta"}');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => key !== 'number' && key !== 'amountDelta');
  if (unknown.length > 0) throw new SimHttpError(400, `unknown field ${unknown.join(', ')}; known: number, amountDelta`);
  if ((typeof fields.number !== 'string' && typeof fields.number !== 'number') || String(fields.number).trim() === '') {
    throw new SimHttpError(400, `number is required: the ${documentName} number as the API shows it`);
  }
  if (fields.amountDelta === undefined) throw new SimHttpError(400, 'amountDelta is required');
  return { number: String(fields.number).trim(), amountDelta: amountDeltaOf(fields.amountDelta) };
}
