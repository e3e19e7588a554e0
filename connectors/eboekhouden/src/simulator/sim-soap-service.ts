/**
 * Adapts the simulated backend to node-soap's service object: every operation of the contract,
 * requests checked for shape (a SOAP fault, as ASMX gives for an unreadable request), in-band
 * errors as ErrorMsg inside an HTTP 200 answer, results written in schema order.
 */
import { OPERATIONS } from '../soap/wsdl/soap-contract';
import type { SimBackend } from './sim-backend';
import { SimError } from './sim-errors';
import { requestProblem, wireRecord } from './sim-wire';

type Raw = Record<string, unknown>;
type Handler = (args: Raw) => Raw;

/** One operation the service handled: reported after its effect is stored, before it is answered. */
export interface EboekhoudenSimCall {
  operation: string;
  /** The operation changes data (Add*, Update*). */
  write: boolean;
  /** The in-band error code (or SOAP fault code) when the service refused it; '' when it succeeded. */
  errorCode: string;
}

function fault(code: 'soap:Client' | 'soap:Server', message: string): { Fault: Raw } {
  return { Fault: { faultcode: code, faultstring: message, statusCode: 500 } };
}

/** `backend` is asked for on every call, so a reset can replace it. */
export function soapHandlers(current: () => SimBackend, onCall?: (call: EboekhoudenSimCall) => void): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  for (const operation of OPERATIONS) {
    const resultKey = `${operation.name}Result`;
    const write = /^(Add|Update)/.test(operation.name);
    const report = (errorCode: string) => onCall?.({ operation: operation.name, write, errorCode });
    handlers[operation.name] = (args) => {
      const backend = current();
      backend.calls[operation.name] = (backend.calls[operation.name] ?? 0) + 1;
      const problem = requestProblem(operation.name, args);
      if (problem) {
        report('soap:Client');
        throw fault('soap:Client', `Server was unable to read request. ${problem}`);
      }
      let payload: Raw;
      let errorMsg = { LastErrorCode: '', LastErrorDescription: '' };
      try {
        payload = backend.operations[operation.name](args ?? {}) ?? {};
      } catch (error) {
        if (!(error instanceof SimError)) {
          report('soap:Server');
          throw fault('soap:Server', 'Server was unable to process request.');
        }
        payload = {};
        errorMsg = { LastErrorCode: error.code, LastErrorDescription: error.description };
      }
      report(errorMsg.LastErrorCode);
      if (operation.resultType === null) return {};
      if (operation.resultType === 'cError') return { [resultKey]: errorMsg };
      return { [resultKey]: wireRecord(operation.resultType, { ErrorMsg: errorMsg, ...payload }) };
    };
  }
  return handlers;
}
