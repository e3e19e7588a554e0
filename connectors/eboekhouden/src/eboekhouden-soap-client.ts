/**
 * A thin wrapper on node-soap for the e-Boekhouden service: one client per tenant, built from our
 * own WSDL (never fetched, never trusting its http address), posting to the configured https
 * endpoint over the SOAP 1.1 port. It returns `<Op>Result` as parsed; in-band errors are the
 * session's concern, transport failures become core errors here.
 */
import { inject, injectable } from 'inversify';
import * as soap from 'soap';
import { sharedRateLimiter, type CallRateLimiter, type ModuleContext } from '@koppelwerk/core';
import { DEFAULT_ENDPOINT, type EboekhoudenConfig } from './eboekhouden-config';
import { EboekhoudenModuleContext, EboekhoudenSettings } from './eboekhouden-tokens';
import { soapRequestOption } from './soap-http-request';
import { transportError } from './upstream-error';
import { KEEP_AS_TEXT, type WireObject } from './wire-format';
import { EBOEKHOUDEN_WSDL } from './wsdl/eboekhouden-wsdl';
import { SOAP_PORT, SOAP_SERVICE } from './wsdl/soap-contract';

const DEFAULT_TIMEOUT_MS = 30_000;

let parsedWsdl: Promise<soap.WSDL> | null = null;

/** Our WSDL, parsed once per process (about 20 ms), with decimals and dates kept as text. */
export function loadWsdl(): Promise<soap.WSDL> {
  if (!parsedWsdl) {
    parsedWsdl = new Promise((resolve, reject) => {
      const wsdl = new soap.WSDL(EBOEKHOUDEN_WSDL, 'eboekhouden.wsdl', { customDeserializer: KEEP_AS_TEXT });
      wsdl.onReady((error?: Error) => (error ? reject(error) : resolve(wsdl)));
    });
  }
  return parsedWsdl;
}

/** A node-soap client for our WSDL that posts to `endpoint`. */
export async function createSoapClient(endpoint: string): Promise<soap.Client> {
  const request = soapRequestOption();
  return new soap.Client(await loadWsdl(), endpoint, { customDeserializer: KEEP_AS_TEXT, ...(request ? { request: request as never } : {}) });
}

type PortMethod = (args: WireObject, callback: (error: unknown, result: unknown) => void, options?: Record<string, unknown>) => void;

@injectable()
export class EboekhoudenSoapClient {
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly limiter: CallRateLimiter | undefined;
  private client: Promise<soap.Client> | null = null;

  constructor(
    @inject(EboekhoudenSettings) config: EboekhoudenConfig,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.endpoint = config.endpoint ?? DEFAULT_ENDPOINT;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // One limit per administration: the same endpoint, login and administration share it.
    const account = `eboekhouden ${this.endpoint} ${config.username} ${config.administration ?? ''}`;
    this.limiter = config.maxCallsPerSecond ? sharedRateLimiter(account, config.maxCallsPerSecond) : undefined;
  }

  /** Calls an operation and returns its `<Op>Result` (undefined for CloseSession). */
  async call<T = Record<string, unknown>>(operation: string, args: WireObject): Promise<T> {
    if (!this.client) this.client = createSoapClient(this.endpoint);
    const client = await this.client;
    const port = (client as unknown as Record<string, Record<string, Record<string, PortMethod>>>)[SOAP_SERVICE][SOAP_PORT];
    const method = port[operation];
    if (!method) throw new Error(`unknown e-Boekhouden operation ${operation}`);
    await this.limiter?.acquire();
    const started = Date.now();
    const response = await new Promise<unknown>((resolve, reject) => {
      method.call(
        port,
        args,
        (error, result) => (error ? reject(transportError(operation, error, this.context.redactor)) : resolve(result)),
        { timeout: this.timeoutMs },
      );
    });
    this.context.logger.debug('e-Boekhouden call', { operation, ms: Date.now() - started });
    return ((response as Record<string, unknown> | null)?.[`${operation}Result`] ?? undefined) as T;
  }
}
