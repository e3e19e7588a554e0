/**
 * A PostgreSQL that is away for a moment (restarted, failed over, the network cut) is a transient
 * problem of the run, as an unreachable sink is: the run ends `transient` and is run again, and a
 * document it was handling stays pending or in doubt for the next run. Without this, node-postgres'
 * connection errors are no Koppelwerk errors and would end the run as `internal` ("a bug").
 */
import type { Pool, PoolClient } from 'pg';
import { ENGINE_MESSAGES, TransientError, errorParams, wordedBy } from '@koppelwerk/core';

const worded = wordedBy(ENGINE_MESSAGES);

/** SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now), and socket failures. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3])/;
const UNAVAILABLE_SOCKET = /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.test(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/** The error as the engine should see it: a TransientError when the database is away, else unchanged. */
export function asStateError(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const code = (error as { code?: unknown }).code;
  return new TransientError(...worded('STATE_DATABASE_UNREACHABLE', errorParams('cause', error), { code: typeof code === 'string' ? code : undefined }));
}

const rethrow = (error: unknown): never => {
  throw asStateError(error);
};

/** Wraps a client's `query` (the promise form, the only one the store uses). */
function reportingClient(client: PoolClient): PoolClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'query') return (...args: unknown[]) => (target.query as (...a: unknown[]) => Promise<unknown>)(...args).catch(rethrow);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The pool, with every query's and every checked-out client's connection loss reported as a TransientError. */
export function reportingUnavailable(pool: Pool): Pool {
  return new Proxy(pool, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'query') return (...args: unknown[]) => (target.query as (...a: unknown[]) => Promise<unknown>)(...args).catch(rethrow);
      if (property === 'connect') return async () => reportingClient(await target.connect().catch(rethrow));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
