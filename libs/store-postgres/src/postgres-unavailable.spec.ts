import { createServer } from 'node:net';
import { Pool } from 'pg';
import { KoppelwerkError } from '@koppelwerk/core';
import { asStateError, isDatabaseUnavailable, reportingUnavailable } from './postgres-unavailable';

/** A port of 127.0.0.1 that nothing listens on (taken and given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a state database that is away', () => {
  it('is told apart from other database errors by SQLSTATE, socket code and node-postgres message', () => {
    expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // A constraint or a syntax error is a bug or bad data, not an outage.
    expect(isDatabaseUnavailable({ code: '23505', message: 'duplicate key value' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '42601', message: 'syntax error' })).toBe(false);
    expect(asStateError(new Error('boom'))).toEqual(new Error('boom'));
  });

  it('turns a refused connection into a transient error of the run, through the pool and its clients', async () => {
    const pool = reportingUnavailable(new Pool({ host: '127.0.0.1', port: await closedPort(), user: 'nobody', database: 'none', connectionTimeoutMillis: 10_000 }));
    try {
      for (const attempt of [() => pool.query('SELECT 1'), () => pool.connect()]) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(KoppelwerkError.is(error) && error.errorClass).toBe('transient');
        expect((error as Error).message).toMatch(/^the state database is unreachable: /);
      }
    } finally {
      await pool.end();
    }
  });
});
