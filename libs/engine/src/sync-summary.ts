/**
 * What a run reports: progress events while it runs, a summary at the end.
 */
import { ExitCode, type Booking, type CodedText, type ErrorClass } from '@koppelwerk/core';
import type { RunCounts } from './state-store';

export type SyncMode = 'sync' | 'export' | 'retry' | 'rebook' | 'dry-run';

/** What happened to one document in this run (`stillParked`: it was in the error queue already, and stays there). */
export type DocumentOutcome = 'booked' | 'skipped' | 'parked' | 'stillParked' | 'pending';

export interface ProgressEvent {
  /** `read` once per page (with the page's size); the others once per document. */
  type: 'read' | DocumentOutcome;
  documentKey?: string;
  /** Totals so far, for a progress bar. */
  counts: Readonly<RunCounts>;
}

/** Worst first: the outcome of a run is the worst thing that happened in it. */
export type SyncOutcome = 'locked' | 'internal' | 'configuration' | 'authentication' | 'transient' | 'parked' | 'ok';

export const OUTCOME_EXIT_CODE: Readonly<Record<SyncOutcome, ExitCode>> = {
  locked: ExitCode.locked,
  internal: ExitCode.internal,
  configuration: ExitCode.configuration,
  authentication: ExitCode.authentication,
  transient: ExitCode.transient,
  parked: ExitCode.parked,
  ok: ExitCode.ok,
};

export interface MappingGap {
  documentKey: string;
  errorClass: ErrorClass;
  code?: string;
  message: string;
  hint?: string;
  field?: string;
}

export interface DryRunReport {
  /** Exactly what a sync would send, in order. */
  wouldSend: { documentKey: string; kind: string; payloadHash: string; booking: Booking }[];
  /** Every document that would be parked, with the reason. */
  gaps: MappingGap[];
  /** Documents the ledger already has as booked. */
  alreadyBooked: string[];
  /**
   * Documents the ledger has no booking for, but the sink already holds (found by their invoice
   * number, with the sink's id): a sync skips them and marks them booked. Present once one is found.
   */
  alreadyInBooks?: { documentKey: string; sinkId: string }[];
  /** Why the sink could not be asked which documents it holds: `wouldSend` may then list some a sync would skip. */
  sinkNotAsked?: { errorClass: ErrorClass; code?: string; message: string; hint?: string };
  /** Documents whose last write is in doubt; a sync would ask the sink first. */
  inDoubt: string[];
}

export interface SyncSummary {
  runId: string;
  mode: SyncMode;
  counts: RunCounts;
  outcome: SyncOutcome;
  exitCode: ExitCode;
  /** Why the run ended as it did, for people (redacted). */
  message?: string;
  /** `message` by its catalogue code and params (redacted), for other languages. */
  messageText?: CodedText;
  /** A stop was requested (AbortSignal) and the run ended early. */
  stopped: boolean;
  /** The sides this run reached (a page read from the source, a call the sink answered); their dots turned green. */
  reached: { source: boolean; sink: boolean };
  /** Cursor before and after (sync mode only). */
  cursor?: { before: string | null; after: string | null };
  startedAt: string;
  endedAt: string;
  /** Only for dry runs. */
  dryRun?: DryRunReport;
}
