/**
 * What the reliability suites check of a scenario (reliability-scenario.ts): the runs to the end
 * finished; each document the clean run books is in e-Boekhouden exactly once, counted in the
 * simulator's own state; the dots `status` shows; and no secret in any output, log or state.
 */
import { join } from 'node:path';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { everyFileText } from '../testing/cli-process';
import type { RunReport, Scenario } from './reliability-scenario';

/** The exit code a clean run ends with: 1 when it parks something, else 0. */
export function finishedCode(s: Scenario): number {
  return s.expectedParked.length ? 1 : 0;
}

/**
 * The runs to the end finished: every run before the last ended transient (4), and the last ended
 * with everything handled: 0, or 1 when it parked something itself. (A run's exit code says what
 * that run did: documents an earlier, killed run parked are in the error queue already, and a run
 * that reads them again counts them as still parked and ends 0.)
 */
export function expectFinished(s: Scenario, runs: RunReport[], options: { runs?: number } = {}): void {
  if (options.runs !== undefined) expect(runs).toHaveLength(options.runs);
  expect(runs.slice(0, -1).map((r) => r.code).filter((code) => code !== 4)).toEqual([]);
  expect(s.expectedParked.length ? [0, 1] : [0]).toContain(runs[runs.length - 1].code);
}

/** This tenant's invoice numbers as e-Boekhouden holds them (one per mutation). */
export function bookedNumbers(s: Scenario): string[] {
  return s.sink
    .state()
    .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
    .filter((n) => n.startsWith(`${s.prefix}-`));
}

/** This tenant's relations as e-Boekhouden holds them. */
export function relationCodes(s: Scenario): string[] {
  return s.sink
    .state()
    .administraties[0].relaties.map((r) => String(r.Code))
    .filter((code) => code.startsWith(s.prefix));
}

export interface ExactlyOnceFigures {
  booked: number;
  duplicates: number;
  missing: number;
  parked: number;
}

/**
 * Each document the clean run books is in e-Boekhouden exactly once (no duplicate, none missing,
 * nothing extra); nothing is left in doubt or pending; every other document is parked with a
 * reason that is no fault of the connection (not authentication, not transient).
 */
export async function expectExactlyOnce(s: Scenario): Promise<ExactlyOnceFigures> {
  const numbers = bookedNumbers(s);
  const duplicates = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  const missing = s.expectedBooked.filter((n) => !numbers.includes(n));
  expect(duplicates).toEqual([]);
  expect(missing).toEqual([]);
  expect([...numbers].sort()).toEqual(s.expectedBooked);
  const relations = relationCodes(s);
  expect(relations.filter((code, i) => relations.indexOf(code) !== i)).toEqual([]);

  const store = new SqliteStateStore({ path: s.statePath });
  try {
    expect(await store.listLedger({ state: 'in-doubt' })).toEqual([]);
    expect(await store.listLedger({ state: 'pending' })).toEqual([]);
    const parked = await store.listErrors();
    expect(parked.map((e) => e.documentKey).sort()).toEqual(s.expectedParked);
    expect(parked.filter((e) => !e.message)).toEqual([]);
    expect(parked.filter((e) => e.errorClass === 'authentication' || e.errorClass === 'transient')).toEqual([]);
    return { booked: numbers.length, duplicates: duplicates.length, missing: missing.length, parked: parked.length };
  } finally {
    await store.close();
  }
}

export interface StatusReport {
  checks: { side: string; ok: boolean; errorClass?: string }[];
  openErrors: number;
}

/** `koppelwerk status --json`. */
export async function readStatus(s: Scenario): Promise<StatusReport> {
  const result = await s.run(['status', s.file, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
}

/** The sink's dot as `status` shows it: true green, false red, undefined grey. */
export async function sinkDot(s: Scenario): Promise<boolean | undefined> {
  return (await readStatus(s)).checks.find((c) => c.side === 'sink')?.ok;
}

/**
 * No secret of the scenario (security codes, shop tokens, in the spellings a leak would have)
 * appears in any stdout or stderr of its CLI runs, its log files or its state database.
 */
export function expectNoSecretsLeaked(s: Scenario): void {
  const places: [string, string][] = [
    ...s.outputs.map((o, i): [string, string] => [`output of run ${i + 1}`, o.stdout + '\n' + o.stderr]),
    ['state directory (database and logs)', everyFileText(join(s.dir, 'state'))],
  ];
  const spellings = [...s.secrets].flatMap((secret) => [secret, secret.toLowerCase(), secret.toUpperCase(), secret.replace(/[{}]/g, '')]);
  const leaks = places.flatMap(([where, text]) => spellings.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 6)}…`));
  expect(leaks).toEqual([]);
  expect(s.outputs.length).toBeGreaterThan(0);
}
