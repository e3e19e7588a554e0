import { ConfigurationError } from './errors';
import { ENDPOINT_NOT_FOUND, endpointNotFoundError, urlForMessage } from './endpoint-not-found';

describe('an endpoint that answers 404', () => {
  it('shows the URL without what may carry a secret: user, password, query, fragment', () => {
    expect(urlForMessage('https://owner:hunter2@shop.example/api/v1/orders?token=canary-token&x=1#top')).toBe('https://shop.example/api/v1/orders');
    expect(urlForMessage('not a url')).toBe('the configured endpoint');
  });

  it('is a configuration problem at the section endpoint, naming the URL tried and what to write', () => {
    const error = endpointNotFoundError({ service: 'Acme', side: 'source', url: 'http://127.0.0.1:8090/v1/v1/invoices?token=canary', advice: 'the endpoint should be the address without /v1' });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(ENDPOINT_NOT_FOUND);
    expect(error.problems).toMatchObject([
      { path: 'source.endpoint', message: 'Acme answered 404 (not found) for http://127.0.0.1:8090/v1/v1/invoices: the endpoint should be the address without /v1', code: 'ENDPOINT_NOT_FOUND' },
    ]);
    expect(error.params).toMatchObject({ count: 1, 'path.1': 'source.endpoint', 'problem.1': 'ENDPOINT_NOT_FOUND', 'problem.1.service': 'Acme' });
    expect(error.message).not.toContain('canary');
  });
});
