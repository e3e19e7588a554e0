/**
 * A SOAP service for simulators, on node-soap, from a contract table (see `SoapContract` in
 * @koppelwerk/core): serves the contract's WSDL at `<path>?wsdl` and answers SOAP envelopes at
 * `<path>`. Handlers take and return plain records (arrays as arrays); requests are checked the way
 * a strict .NET service reads them (elements in sequence, required ones present, nothing unknown)
 * and answered with a soap:Client fault when they are not. Give the listener to `SimulatorServer`
 * as its `fallback` and `soapFaultResponse` as its `renderError`, so faults, counters and `/_sim/*`
 * work as for a REST simulator.
 */
import { createServer, type RequestListener } from 'node:http';
import * as soap from 'soap';
import {
  fromSoapWire,
  parseSoapField,
  renderSoapWsdl,
  SOAP_KEEP_AS_TEXT,
  soapArrayItem,
  soapFieldsOf,
  soapOperation,
  toSoapWire,
  type Logger,
  type SoapContract,
  type SoapFieldSpec,
} from '@koppelwerk/core';
import { text, writeResponse, type SimResponse } from './sim-response';

type Raw = Record<string, unknown>;
/** One operation: the request's children as plain records → the `<Op>Result` as a plain record. */
export type SoapOperationHandler = (request: Raw) => Raw | undefined | Promise<Raw | undefined>;

/** Throw it from a handler to answer with a SOAP fault (HTTP 500). */
export class SoapFault extends Error {
  constructor(
    readonly side: 'Client' | 'Server',
    message: string,
  ) {
    super(message);
  }
}

export interface SoapServiceOptions {
  contract: SoapContract;
  /** The service path, e.g. `/soap.asmx`. */
  path: string;
  /** A handler for every operation of the contract. */
  handlers: Record<string, SoapOperationHandler>;
  logger?: Logger;
}

/** A request listener serving the SOAP service (other paths get a 404). */
export async function createSoapListener(options: SoapServiceOptions): Promise<RequestListener> {
  const { contract } = options;
  const services: Record<string, (args: Raw) => Promise<Raw>> = {};
  for (const operation of contract.operations) {
    const handler = options.handlers[operation.name];
    if (!handler) throw new Error(`the SOAP simulator has no handler for ${operation.name}`);
    const fields = operation.request.map(parseSoapField);
    services[operation.name] = async (args) => {
      try {
        const problem = sequenceProblem(contract, args ?? {}, fields, operation.name);
        if (problem) throw new SoapFault('Client', `Server was unable to read request. ${problem}`);
        const request: Raw = {};
        for (const field of fields) if (args?.[field.name] !== undefined) request[field.name] = fromSoapWire(contract, field.type, args[field.name]);
        const result = await handler(request);
        return operation.result ? { [`${operation.name}Result`]: toSoapWire(contract, operation.result, result ?? {}) } : {};
      } catch (error) {
        if (!(error instanceof SoapFault)) options.logger?.error('SOAP simulator handler failed', { operation: operation.name, error });
        const fault = error instanceof SoapFault ? error : new SoapFault('Server', 'Server was unable to process request.');
        throw { Fault: { faultcode: `soap:${fault.side}`, faultstring: fault.message, statusCode: 500 } };
      }
    };
  }
  const ports = { [contract.port]: services, ...(contract.soap12Port ? { [contract.soap12Port]: services } : {}) };
  const host = createServer((req, res) => writeResponse(res, soapFaultResponse(404, `no such resource: ${req.method} ${req.url}`)));
  await new Promise<void>((resolve, reject) =>
    soap.listen(host, {
      path: options.path,
      services: { [contract.service]: ports },
      xml: renderSoapWsdl(contract),
      customDeserializer: SOAP_KEEP_AS_TEXT,
      suppressStack: true,
      callback: (error: unknown) => (error ? reject(error) : resolve()),
    } as unknown as soap.IServerOptions),
  );
  const listener = host.listeners('request').at(-1) as RequestListener;
  return (req, res) => listener.call(host, req, res);
}

/** An error of the toolkit (404, injected 5xx and 429, a failed handler) as a SOAP 1.1 fault envelope. */
export function soapFaultResponse(status: number, message: string): SimResponse {
  const side = status >= 400 && status < 500 && status !== 429 ? 'Client' : 'Server';
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text(
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      `<soap:Fault><faultcode>soap:${side}</faultcode><faultstring>${escaped}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
    status,
    'text/xml; charset=utf-8',
  );
}

const PARSER_KEYS = new Set(['attributes', '$value', '$xml']);

/** Why a parsed element would not deserialize in a strict service, or null. */
function sequenceProblem(contract: SoapContract, value: unknown, fields: SoapFieldSpec[], path: string): string | null {
  const record = value && typeof value === 'object' ? (value as Raw) : {};
  let previous = -1;
  for (const key of Object.keys(record)) {
    if (PARSER_KEYS.has(key)) continue;
    const index = fields.findIndex((field) => field.name === key);
    if (index < 0) return `${path}: unexpected element ${key}`;
    if (index < previous) return `${path}: element ${key} is out of order (expected after ${fields[previous].name}; see the WSDL sequence)`;
    previous = index;
    const type = fields[index].type;
    const item = soapArrayItem(contract, type);
    const entries = item ? (record[key] as Raw | undefined)?.[item] : undefined;
    const children = item ? (entries === undefined ? [] : Array.isArray(entries) ? entries : [entries]) : contract.types[type] ? [record[key]] : [];
    for (const [n, child] of children.entries()) {
      const problem = sequenceProblem(contract, child, soapFieldsOf(contract, item ?? type), item ? `${path}/${key}/${item}[${n + 1}]` : `${path}/${key}`);
      if (problem) return problem;
    }
  }
  const missing = fields.find((field) => field.required && !(field.name in record));
  return missing ? `${path}: required element ${missing.name} is missing` : null;
}

/** Why a request (as node-soap parsed it) would not deserialize in a strict .NET service, or null when it is well-formed. */
export function soapRequestProblem(contract: SoapContract, operation: string, args: unknown): string | null {
  return sequenceProblem(contract, args ?? {}, soapOperation(contract, operation).request.map(parseSoapField), operation);
}
