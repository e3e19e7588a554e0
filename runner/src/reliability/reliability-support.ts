/**
 * Shared support for the reliability suites in this folder: they drive the real `koppelwerk` CLI
 * as a child process against the Mijnwebwinkel and e-Boekhouden simulators over loopback.
 *
 * - Size: `KOPPELWERK_SOAK=1` (the root `npm run soak`) runs the full size; otherwise the reduced
 *   CI size that runs inside `npm test`.
 * - Randomness is seeded (`RELIABILITY_SEED`, default: from the clock; the seed is in every suite's
 *   title), so a failing run can be repeated exactly as far as the seed decides it.
 * - The sink side speaks either of e-Boekhouden's APIs (`soap` or `rest`), with canary-looking
 *   credentials so a leak is easy to find.
 * - A scenario (both simulators, a tenant file, what a clean run books and parks) is in
 *   reliability-scenario.ts; what the suites check of it (exactly once, no secret leaked, the dots)
 *   in scenario-checks.ts.
 */
import { randomBytes } from 'node:crypto';
import type { EboekhoudenSimulatorOptions } from '@koppelwerk/eboekhouden/simulator';
import type { FaultSettings } from '@koppelwerk/testing';

/** True under `npm run soak`: the full size. */
export const SOAK = process.env.KOPPELWERK_SOAK === '1';

/** The CI size or the soak size of a knob. */
export function sized<T>(ci: T, soak: T): T {
  return SOAK ? soak : ci;
}

/** The seed of a suite run; `RELIABILITY_SEED` (or the older `CRASH_SEED`) repeats one. */
export function suiteSeed(): number {
  const given = process.env.RELIABILITY_SEED ?? process.env.CRASH_SEED;
  return given !== undefined ? Number(given) : Date.now() % 1_000_000;
}

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One operation the e-Boekhouden simulator handled (its `onCall` hook): name, write or not, in-band error code. */
export type EboekhoudenSimCall = Parameters<NonNullable<EboekhoudenSimulatorOptions['onCall']>>[0];

export const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Generous per-test timeouts: every scenario spawns many processes on a loaded 2-core machine. */
export const SCENARIO_TIMEOUT_MS = sized(240_000, 3_600_000);

export interface EboekhoudenLogin {
  username: string;
  securityCode1: string;
  securityCode2: string;
}

/** e-Boekhouden's two APIs, as a tenant picks one with `sink.settings.api`. */
export type Transport = 'soap' | 'rest';
export const TRANSPORTS: readonly Transport[] = ['soap', 'rest'];

/** The login a tenant file gives the sink: SOAP's username and codes, or a REST API token. */
export type SinkLogin = EboekhoudenLogin | { accessToken: string };

/** The operation that stores a booking, as the simulator names the calls it handles. */
export const MUTATION_WRITE: Record<Transport, string> = { soap: 'AddMutatie', rest: 'POST /v1/mutation' };

/** A session call (opening or closing one) of either API: `OpenSession`, `CloseSession`, `POST /v1/session`, ... */
export function isSessionCall(operation: string): boolean {
  return /session/i.test(operation);
}

/** Credentials that look like canaries (unique per call), so a leak is easy to find. */
export function canaryCredentials(): { sink: EboekhoudenLogin; accessToken: string; shop: { token: string; partner_token: string } } {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  const guid = `CA4A41E5-${hex(2)}-4${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`.toUpperCase();
  return {
    sink: { username: `canary.user.${hex(3)}`, securityCode1: `ca4a41e5${hex(12)}`, securityCode2: guid },
    accessToken: `ca4a41e5ac${hex(20)}`,
    shop: { token: `canary-shop-token-${hex(12)}`, partner_token: `canary-partner-token-${hex(12)}` },
  };
}

/** The longest one CLI process may run before it is killed: the CLI helper's 90 s, longer at soak size. */
export const PROCESS_LIMIT_MS = sized(90_000, 45 * 60_000);

/** The figures of a scenario, for the reliability report: one line on the test run's stdout. */
export function reportFigures(seed: number, scenario: string, figures: Record<string, unknown>): void {
  process.stdout.write(`[reliability] ${scenario} (seed ${seed}${SOAK ? ', soak size' : ''}): ${JSON.stringify(figures)}\n`);
}

/** A fault setting as the simulators take it (re-exported so suites need not import libs/testing). */
export type Faults = Partial<FaultSettings>;
