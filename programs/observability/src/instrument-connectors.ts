/**
 * Times every call a tenant makes to its source and sink, and counts the calls that throw: the
 * connectors are wrapped in proxies, so neither the engine nor a connector knows it is measured.
 *
 * - A method returning a promise is timed until it settles; a rejection counts as an error (and is
 *   passed on unchanged).
 * - `read` returns pages as an async iterable: each step of it (`next()`: a page, or finding there
 *   is none left) is one timed call of `read`, so time spent reading is measured where it is spent.
 * - Optional methods stay optional: a source without `fetch` still has no `fetch` when wrapped.
 */
import type { AccountingSink, ShopSource } from '@koppelwerk/core';
import type { ConnectorInstrument, ConnectorParts } from '@koppelwerk/runtime';
import type { ConnectorSideName, KoppelwerkMetrics } from './metrics';

type CallRecorder = Pick<KoppelwerkMetrics, 'recordCall'>;

/** The tenant runtime's instrument that times every call into these metrics (`OpenOptions.instrument`). */
export function metricsInstrument(metrics: CallRecorder): ConnectorInstrument {
  return (parts) => instrumentConnectors(parts, metrics, parts.tenant);
}

/** The source and sink, measured; the lead hands these to the engine instead of the bare ones. */
export function instrumentConnectors(parts: Omit<ConnectorParts, 'tenant'>, metrics: CallRecorder, tenant: string): { source: ShopSource; sink: AccountingSink } {
  return {
    source: instrument(parts.source, { metrics, tenant, side: 'source', connector: parts.sourceConnector }),
    sink: instrument(parts.sink, { metrics, tenant, side: 'sink', connector: parts.sinkConnector }),
  };
}

interface Labels {
  metrics: CallRecorder;
  tenant: string;
  side: ConnectorSideName;
  connector: string;
}

function instrument<T extends object>(target: T, labels: Labels): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      let wrapper = wrapped.get(property);
      if (!wrapper) {
        wrapper = timed(object, property, value as (...args: unknown[]) => unknown, labels);
        wrapped.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

function timed(object: object, method: string, fn: (...args: unknown[]) => unknown, labels: Labels): (...args: unknown[]) => unknown {
  const record = (started: bigint, error?: unknown) =>
    labels.metrics.recordCall({ tenant: labels.tenant, side: labels.side, connector: labels.connector, method, seconds: Number(process.hrtime.bigint() - started) / 1e9, error });
  return (...args: unknown[]) => {
    const started = process.hrtime.bigint();
    let result: unknown;
    try {
      result = fn.apply(object, args);
    } catch (error) {
      record(started, error);
      throw error;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          record(started);
          return value;
        },
        (error: unknown) => {
          record(started, error);
          throw error;
        },
      );
    }
    if (isAsyncIterable(result)) return timedPages(result, record);
    record(started);
    return result;
  };
}

/** Each step of an async iterable is one call; a step that throws is one error. */
function timedPages<T>(pages: AsyncIterable<T>, record: (started: bigint, error?: unknown) => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = pages[Symbol.asyncIterator]();
      return {
        async next() {
          const started = process.hrtime.bigint();
          try {
            const step = await iterator.next();
            record(started);
            return step;
          } catch (error) {
            record(started, error);
            throw error;
          }
        },
        async return(value?: unknown) {
          return iterator.return ? iterator.return(value) : { done: true as const, value: value as T };
        },
        async throw(error?: unknown) {
          if (iterator.throw) return iterator.throw(error);
          throw error;
        },
      };
    },
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}
