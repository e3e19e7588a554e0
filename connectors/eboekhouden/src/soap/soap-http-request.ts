/**
 * The HTTP layer under the e-Boekhouden client: node's own http/https with keep-alive, every
 * status resolved except an error page that is not XML. With HTTP(S)_PROXY set, axios posts
 * instead: it honours the proxy variables.
 */
import http from 'node:http';
import https from 'node:https';
import axios from 'axios';

export interface SoapHttpConfig {
  url: string;
  method: string;
  headers: Record<string, string | number>;
  data?: string | Buffer;
  timeout?: number;
}

export interface SoapHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  data: string;
  config: SoapHttpConfig;
}

export type SoapHttpTransport = (config: SoapHttpConfig) => Promise<SoapHttpResponse>;

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** A network failure shaped as `transportError` reads it (a `code`, a message). */
function networkError(message: string, code: string | undefined, config: SoapHttpConfig): Error {
  return Object.assign(new Error(message), { code, config });
}

/**
 * An error page that is not XML (IIS's "Runtime Error", a proxy's page) is no SOAP answer, even
 * when it quotes one: fail on its status instead of reading the quote.
 */
function settle(answer: SoapHttpResponse, resolve: (answer: SoapHttpResponse) => void, reject: (error: Error) => void): void {
  if (answer.status >= 400 && !/xml/i.test(String(answer.headers['content-type'] ?? ''))) {
    reject(Object.assign(new Error(`HTTP ${answer.status}`), { response: answer, config: answer.config }));
    return;
  }
  resolve(answer);
}

export function soapHttpRequest(config: SoapHttpConfig): Promise<SoapHttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(config.url);
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const request = transport.request(url, { method: config.method, headers: config.headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => reject(networkError(error.message, error.code, config)));
      response.on('end', () => {
        settle({ status: response.statusCode ?? 0, headers: response.headers, data: Buffer.concat(chunks).toString('utf8'), config }, resolve, reject);
      });
    });
    if (config.timeout) {
      request.setTimeout(config.timeout, () => request.destroy(networkError(`timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED', config)));
    }
    request.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ECONNABORTED' ? error : networkError(error.message, error.code, config)));
    request.end(config.data);
  });
}

/** The same over axios, which sends through the proxy that HTTP(S)_PROXY names. */
export async function proxiedSoapHttpRequest(config: SoapHttpConfig): Promise<SoapHttpResponse> {
  let response;
  try {
    response = await axios.request<string>({
      url: config.url,
      method: config.method,
      headers: config.headers,
      data: config.data,
      timeout: config.timeout,
      responseType: 'text',
      transformResponse: (data: string) => data,
      validateStatus: () => true,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    throw networkError(failure.message, failure.code, config);
  }
  const answer = { status: response.status, headers: response.headers as http.IncomingHttpHeaders, data: String(response.data ?? ''), config };
  return new Promise((resolve, reject) => settle(answer, resolve, reject));
}

/** The transport for this environment: keep-alive http, or axios when a proxy is configured. */
export function soapTransport(env: NodeJS.ProcessEnv = process.env): SoapHttpTransport {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => Boolean(env[name]));
  return proxied ? proxiedSoapHttpRequest : soapHttpRequest;
}
