/**
 * One translation of a failed SOAP call (node-soap, on axios) into the error taxonomy: a SOAP
 * fault from the client side (soap:Client, env:Sender) is the upstream refusing this request; a
 * server fault is transient; everything else (429 with Retry-After, 401/403, 5xx without a fault,
 * no answer) goes the way of a failed HTTP call. In-band errors inside a 200 answer are the
 * connector's business: every API words them differently.
 */
import { KoppelwerkError, RejectedError, TransientError } from '../errors';
import { httpCallError, type HttpCallErrorWording } from '../http-call-error';
import { CORE_MESSAGES } from '../messages/core-messages';
import { wordedBy } from '../messages/worded';

const worded = wordedBy(CORE_MESSAGES);

interface SoapFailureShape {
  root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
  response?: { status?: number };
}

export function soapCallError(error: unknown, wording: HttpCallErrorWording): KoppelwerkError {
  if (KoppelwerkError.is(error)) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SoapFailureShape;
  const status = failure.response?.status;
  const fault = failure.root?.Envelope?.Body?.Fault;
  if (!fault || status === 401 || status === 403 || status === 429) return httpCallError(error, wording);
  const code = textOf(fault.faultcode ?? (fault.Code as Record<string, unknown> | undefined)?.Value);
  const reason = wording.redactor.redactText(textOf(fault.faultstring ?? (fault.Reason as Record<string, unknown> | undefined)?.Text) || 'no reason given');
  const said = { what: wording.what, faultCode: code, said: reason.replace(/\s+/g, ' ').slice(0, 200) };
  if (/client|sender/i.test(code)) return new RejectedError(...worded('SOAP_FAULT_CLIENT', said));
  return new TransientError(...worded('SOAP_FAULT_SERVER', said));
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}
