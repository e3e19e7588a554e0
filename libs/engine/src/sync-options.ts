/**
 * What a front end gives the sync engine: its dependencies, its options, and the options of one run.
 */
import type { AccountingSink, BookingMapper, Clock, LocalDate, Logger, MappingContext, Redactor, RetryOptions, ShopSource } from '@koppelwerk/core';
import type { RunLockOptions } from './run-lock';
import type { ErrorQueueEntry, LockOwner, StateStore } from './state-store';
import type { ProgressEvent } from './sync-summary';

export interface SyncEngineDependencies {
  source: ShopSource;
  sink: AccountingSink;
  mapper: BookingMapper;
  store: StateStore;
  logger: Logger;
  /** Every message that reaches the store passes through it. */
  redactor: Redactor;
  clock?: Clock;
  /** Reference data for the mapper (the sink's articles, for work orders); loaded once per run, when a work order first needs it. */
  loadMappingContext?: () => Promise<MappingContext>;
}

export interface SyncEngineOptions {
  /** The cursor's name in the store. Default `documents`. */
  stream?: string;
  /** Sink calls in flight at once (documents in flight: twice that, above 1). Default 4. */
  concurrency?: number;
  /** Asked of the source per page. */
  pageSize?: number;
  /** Backoff for transient errors (core `withRetry`); tests pass `sleep`. */
  retry?: RetryOptions;
  lock?: RunLockOptions & { owner?: Omit<LockOwner, 'runId'>; /** Heartbeat interval; default a third of the TTL. */ heartbeatMs?: number };
}

export interface RunOptions {
  runId?: string;
  /** Finish the documents in flight, then stop. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface SyncOptions extends RunOptions {
  /** Fetch and map, report what would be sent; write nothing anywhere. */
  dryRun?: boolean;
  /** A date-range export: reads [from, to] whatever the cursor, and leaves the cursor alone. */
  from?: LocalDate;
  to?: LocalDate;
}

export interface RetrySelection {
  ids?: number[];
  all?: boolean;
  errorClass?: ErrorQueueEntry['errorClass'];
}

export interface RetryRunOptions extends RunOptions {
  /** Fetch each document from the source again instead of using the stored record. */
  refetch?: boolean;
}
