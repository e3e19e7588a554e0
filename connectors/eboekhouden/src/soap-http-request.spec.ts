import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { soapHttpRequest, soapRequestOption } from './soap-http-request';

describe('the HTTP layer under node-soap', () => {
  it('leaves a proxied environment to node-soap\'s axios, which honours HTTP(S)_PROXY', () => {
    expect(soapRequestOption({ HTTPS_PROXY: 'http://proxy.example:3128' })).toBeUndefined();
    expect(soapRequestOption({})).toBe(soapHttpRequest);
  });

  it('answers every status as a response, and a silent server as a timeout with a network code', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(503, { 'retry-after': '2' }).end('<html>busy</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const busy = await soapHttpRequest({ url: `${base}/soap.asmx`, method: 'POST', headers: {}, data: '<x/>' });
      expect(busy).toMatchObject({ status: 503, data: '<html>busy</html>' });
      expect(busy.headers['retry-after']).toBe('2');
      await expect(soapHttpRequest({ url: `${base}/slow`, method: 'POST', headers: {}, data: '<x/>', timeout: 100 })).rejects.toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
