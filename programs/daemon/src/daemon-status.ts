/** What the daemon reports about its tenants and itself: status, `daemon load` lines, the bench. */
import type { ProcessResources } from './process-resources';
import type { DriftFigures } from './schedule-drift';

export interface TenantState {
  file: string;
  tenant?: string;
  valid: boolean;
  busy: boolean;
  nextRunAt?: Date;
  nextCheckAt?: Date;
}

export interface WorkCounts {
  started: number;
  finished: number;
  /** Ended with an error (or, for checks, could not run). */
  failed: number;
}

/** The daemon as a whole: what its status, its `daemon load` lines and the bench report. */
export interface DaemonStatus {
  tenants: number;
  /** Tenant files that load (the others wait to be fixed). */
  valid: number;
  maxParallel: number;
  /** Runs and checks in flight now. */
  inFlight: number;
  /** Due, waiting for a place. */
  waiting: number;
  runs: WorkCounts;
  checks: WorkCounts;
  /** How late starts were: the time between the slot and the real start. */
  drift: { runs: DriftFigures; checks: DriftFigures };
  /** Work put off because this machine ran out of descriptors or memory. */
  resourceProblems: number;
  resources: ProcessResources;
}

export interface DaemonStopReport {
  /** The stop was cut short (the bound passed, or a second stop): runs were ended before their documents were done. */
  forced: boolean;
  /** Tenants whose work was cut short. */
  cutShort: string[];
}

export function emptyWorkCounts(): WorkCounts {
  return { started: 0, finished: 0, failed: 0 };
}
