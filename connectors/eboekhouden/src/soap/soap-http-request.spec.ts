import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxiedSoapHttpRequest, soapHttpRequest, soapTransport } from './soap-http-request';

const PAGE = '<html><body><h1>Runtime Error</h1><pre><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><OpenSession/></soap:Body></soap:Envelope></pre></body></html>';

describe('the HTTP layer under the SOAP client', () => {
  it('posts through axios, which honours HTTP(S)_PROXY, when a proxy is configured', () => {
    expect(soapTransport({ HTTPS_PROXY: 'http://proxy.example:3128' })).toBe(proxiedSoapHttpRequest);
    expect(soapTransport({})).toBe(soapHttpRequest);
  });

  it('fails on an error page that is not XML (with its status and headers), and on a silent server with a timeout code', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      // An IIS error page quoting the request, envelope and all.
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '2' }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const transport of [soapHttpRequest, proxiedSoapHttpRequest]) {
        const busy = await transport({ url: `${base}/soap.asmx`, method: 'POST', headers: {}, data: '<x/>' }).catch((error: { response: unknown }) => error.response);
        expect(busy).toMatchObject({ status: 503, data: PAGE, headers: { 'retry-after': '2' } });
      }
      await expect(soapHttpRequest({ url: `${base}/slow`, method: 'POST', headers: {}, data: '<x/>', timeout: 100 })).rejects.toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
