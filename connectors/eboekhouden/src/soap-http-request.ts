/**
 * The HTTP layer under node-soap, on node's own http/https with keep-alive. node-soap calls it as
 * it would call axios (`request(config) -> { status, headers, data }`, every status resolved), but
 * without axios's per-call configuration merging and redirect wrapping, which cost the sink more
 * CPU per booking than building the envelope (measured: docs/performance.md).
 * With HTTP(S)_PROXY set, node-soap's own axios is used instead: it honours the proxy.
 */
import http from 'node:http';
import https from 'node:https';

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

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** A network failure shaped as node-soap's callers and `transportError` expect (a `code`, a message). */
function networkError(message: string, code: string | undefined, config: SoapHttpConfig): Error {
  return Object.assign(new Error(message), { code, config });
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
        const answer = { status: response.statusCode ?? 0, headers: response.headers, data: Buffer.concat(chunks).toString('utf8'), config };
        // An error page that is not XML (IIS's "Runtime Error", a proxy's page) is no SOAP answer, even
        // when it quotes one: fail on its status instead of letting node-soap read the quote.
        if (answer.status >= 400 && !/xml/i.test(String(answer.headers['content-type'] ?? ''))) {
          reject(Object.assign(new Error(`HTTP ${answer.status}`), { response: answer, config }));
          return;
        }
        resolve(answer);
      });
    });
    if (config.timeout) {
      request.setTimeout(config.timeout, () => request.destroy(networkError(`timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED', config)));
    }
    request.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ECONNABORTED' ? error : networkError(error.message, error.code, config)));
    request.end(config.data);
  });
}

/** node-soap's `request` option: ours, unless a proxy is configured in the environment. */
export function soapRequestOption(env: NodeJS.ProcessEnv = process.env): typeof soapHttpRequest | undefined {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => Boolean(env[name]));
  return proxied ? undefined : soapHttpRequest;
}
