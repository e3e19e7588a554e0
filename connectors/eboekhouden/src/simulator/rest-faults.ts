/**
 * Faults only the REST side has, next to the toolkit's shared fault injector (latency, 5xx, 429,
 * drops): answers that are not the documented JSON at all.
 *   htmlNext      the next N REST requests get an HTML page with status 200 (a proxy or maintenance
 *                 page); the request is not handled.
 *   truncateNext  the next N REST requests are handled (the write lands) and answered with half of
 *                 the JSON body, its content-length matching the cut (a client reads a body that
 *                 does not parse, and does not know the outcome).
 * Also which transport a request came in on, so the shared injector renders its errors as JSON for
 * REST and as IIS's HTML page for SOAP: an AsyncLocalStorage scope, which survives the injector's
 * awaited latency.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { text, writeResponse, type SimResponse } from '@koppelwerk/testing';

export const RestFaultSettings = z.object({ htmlNext: z.number().int().min(0), truncateNext: z.number().int().min(0) }).strict();
export type RestFaultSettings = z.infer<typeof RestFaultSettings>;

export class RestFaults {
  private settings: RestFaultSettings = { htmlNext: 0, truncateNext: 0 };

  get(): RestFaultSettings {
    return { ...this.settings };
  }

  /** Merges a partial update; throws with zod's message on bad input. */
  set(update: unknown): RestFaultSettings {
    this.settings = { ...this.settings, ...RestFaultSettings.partial().parse(update ?? {}) };
    return this.get();
  }

  reset(): void {
    this.settings = { htmlNext: 0, truncateNext: 0 };
  }

  take(key: keyof RestFaultSettings): boolean {
    if (this.settings[key] <= 0) return false;
    this.settings = { ...this.settings, [key]: this.settings[key] - 1 };
    return true;
  }
}

export function htmlPage(): SimResponse {
  return text('<!DOCTYPE html><html><head><title>Onderhoud</title></head><body><h1>e-Boekhouden.nl is tijdelijk niet bereikbaar</h1></body></html>', 200, 'text/html; charset=utf-8');
}

/** Writes the first half of a JSON answer, with a content-length that matches what is sent. */
export function writeTruncated(res: ServerResponse, response: SimResponse): void {
  const full = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  writeResponse(res, { status: response.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: full.slice(0, Math.floor(full.length / 2)) });
}

const transport = new AsyncLocalStorage<'rest'>();

export function asRestRequest<T>(work: () => T): T {
  return transport.run('rest', work);
}

export function isRestRequest(): boolean {
  return transport.getStore() === 'rest';
}
