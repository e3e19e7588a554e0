/**
 * The e-Boekhouden SOAP client: one per tenant, posting SOAP 1.1 envelopes written straight from
 * the contract table to the configured https endpoint, and reading `<Op>Result` back as a plain
 * record (arrays as arrays; decimals, doubles and dates as the exact text). No WSDL is fetched and
 * no SOAP library sits in between: writing and reading the envelope costs a fraction of what a
 * general client spends per booking (docs/performance.md). In-band errors are the session's
 * concern; faults, HTTP failures and answers that are not SOAP become core errors here.
 */
import { inject, injectable } from 'inversify';
import {
  TransientError,
  readSoapAnswer,
  sharedRateLimiter,
  soapActionHeader,
  writeSoapEnvelope,
  type CallRateLimiter,
  type ModuleContext,
  type SoapAnswer,
} from '@koppelwerk/core';
import { DEFAULT_ENDPOINT, type SoapSettings } from '../eboekhouden-config';
import { EboekhoudenModuleContext, EboekhoudenSettings } from '../eboekhouden-tokens';
import { transportError } from './soap-errors';
import { soapTransport, type SoapHttpResponse, type SoapHttpTransport } from './soap-http-request';
import type { WireObject } from './soap-wire';
import { EBOEKHOUDEN_CONTRACT } from './wsdl/soap-contract';
import { worded } from '../eboekhouden-messages';

const DEFAULT_TIMEOUT_MS = 30_000;

@injectable()
export class SoapClient {
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly limiter: CallRateLimiter | undefined;
  private readonly post: SoapHttpTransport = soapTransport();

  constructor(
    @inject(EboekhoudenSettings) config: SoapSettings,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.endpoint = config.endpoint ?? DEFAULT_ENDPOINT;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // One limit per administration: the same endpoint, login and administration share it.
    const account = `eboekhouden ${this.endpoint} ${config.username} ${config.administration ?? ''}`;
    this.limiter = config.maxCallsPerSecond ? sharedRateLimiter(account, config.maxCallsPerSecond) : undefined;
  }

  /** Calls an operation and returns its `<Op>Result` ({} for CloseSession). */
  async call<T = Record<string, unknown>>(operation: string, args: WireObject): Promise<T> {
    // A control character in a text (a stray one from a webshop field) would make the service refuse
    // the whole envelope; it carries nothing a bookkeeper can see, so it is left out.
    const body = writeSoapEnvelope(EBOEKHOUDEN_CONTRACT, operation, args, { unwritableCharacters: 'remove' });
    await this.limiter?.acquire();
    const started = Date.now();
    let answer: SoapHttpResponse;
    try {
      answer = await this.post({
        url: this.endpoint,
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: soapActionHeader(EBOEKHOUDEN_CONTRACT, operation) },
        data: body,
        timeout: this.timeoutMs,
      });
    } catch (error) {
      throw transportError(operation, error, this.context.redactor);
    }
    const read = this.read(operation, answer);
    if ('fault' in read) {
      // The shape a SOAP library gives a fault, which transportError reads.
      throw transportError(operation, { root: { Envelope: { Body: { Fault: read.fault } } }, response: answer }, this.context.redactor);
    }
    if (answer.status !== 200) throw transportError(operation, { response: answer }, this.context.redactor);
    this.context.logger.debug('e-Boekhouden call', { operation, ms: Date.now() - started });
    return read.result as T;
  }

  private read(operation: string, answer: SoapHttpResponse): SoapAnswer {
    try {
      return readSoapAnswer(EBOEKHOUDEN_CONTRACT, operation, answer.data);
    } catch (error) {
      if (answer.status !== 200) throw transportError(operation, { response: answer }, this.context.redactor);
      // A 200 that is no SOAP answer (cut off, or a page in between): whether a write arrived is unknown.
      throw new TransientError(...worded('EB_NOT_SOAP', { operation, said: (error as Error).message }));
    }
  }
}
