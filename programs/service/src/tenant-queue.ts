/**
 * The service mode's job queue: pg-boss (12.38.0, docs/scale-out.md) in the same PostgreSQL
 * database as the state. One queue, `koppelwerk-tenant`, policy `stately` with singletonKey =
 * tenant: at most one queued and one active job per tenant across every worker, so scheduled and
 * manual runs of a tenant never overlap. The lease is pg-boss's heartbeat, renewed by `work()`;
 * a worker that stops renewing it has its job failed and retried by another. Schedules are keyed
 * by tenant (`tenant-cadence.ts`). Workers register in pg-boss's instance registry under one name,
 * so a command waiting for one can tell that none is running.
 *
 * pg-boss is an ES module: it is loaded here, and only when a queue is started, so that nothing
 * else (and no Jest test) loads it; tests of the queue run real `koppelwerk` processes.
 */
import type { ErrorClass, LocalDate } from '@koppelwerk/core';
import type { Job, PgBoss } from 'pg-boss';
import { abortableSleep } from '@koppelwerk/runtime';
import { SCHEDULE_TIME_ZONE, cadence } from './tenant-cadence';

export const TENANT_QUEUE = 'koppelwerk-tenant';
/** Its own schema beside the state tables. */
export const QUEUE_SCHEMA = 'koppelwerk_queue';

export type TenantCommand = 'run' | 'sync' | 'retry' | 'check' | 'reconcile';
export const TENANT_COMMANDS: readonly TenantCommand[] = ['run', 'sync', 'retry', 'check', 'reconcile'];

export interface TenantJobData {
  tenant: string;
  command: TenantCommand;
  /** A retry's parked documents (the engine's RetrySelection); absent: every one. */
  selection?: { ids?: number[]; all?: boolean; errorClass?: ErrorClass };
  /** A retry's: fetch the documents from the source again first. */
  refetch?: boolean;
  /** A sync's: fetch and map, write nothing. */
  dryRun?: boolean;
  /** A sync's date-range export (YYYY-MM-DD, both or neither); the cursor stays put. A reconcile's period. */
  from?: LocalDate;
  to?: LocalDate;
  /** A reconcile's: the documents deleted from the books to book again (confirmed). */
  rebook?: string[];
  /** The language the result's lines are worded in (the command's `--language`). */
  language?: 'nl' | 'en';
}

/** The lease: a worker renews it every half of this; one that stops renewing loses the job after it. */
export const LEASE_SECONDS = 20;
/** How often the supervisor looks for lapsed leases (a dead worker's run restarts within lease + this). */
export const SUPERVISE_SECONDS = 5;
/** The longest one tenant run may take. */
export const RUN_LIMIT_SECONDS = 2 * 3600;
/** A worker's name in pg-boss's instance registry. */
export const WORKER_INSTANCE = 'koppelwerk-worker';
/** How often a worker renews its registry row; it reads as gone after three missed beats (30 s). */
export const WORKER_HEARTBEAT_SECONDS = 10;

export type Role = 'worker' | 'client';

export interface TenantQueue {
  boss: PgBoss;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

/** Loads pg-boss (an ES module, through Node's require(esm)). */
function loadPgBoss(): typeof import('pg-boss') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg-boss') as typeof import('pg-boss');
}

/**
 * Starts pg-boss on a database (creating or migrating its schema) and makes sure the tenant queue
 * exists. A worker supervises leases and fires schedules; a client (the CLI) only sends and reads.
 */
export async function startTenantQueue(connectionString: string, role: Role, onError: (error: Error) => void): Promise<TenantQueue> {
  const { PgBoss } = loadPgBoss();
  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    supervise: role === 'worker',
    schedule: role === 'worker',
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    max: role === 'worker' ? 4 : 2,
    // Workers are in the registry (a waiting command asks it whether any runs); a client is not.
    ...(role === 'worker' ? { instanceName: WORKER_INSTANCE, instanceHeartbeatSeconds: WORKER_HEARTBEAT_SECONDS } : { registerInstance: false }),
  });
  // pg-boss emits a worker's failures as plain objects ({ message, stack, queue, worker }), not Errors.
  boss.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String((error as { message?: unknown } | null)?.message ?? error))));
  await boss.start();
  await boss.createQueue(TENANT_QUEUE, {
    policy: 'stately',
    heartbeatSeconds: LEASE_SECONDS,
    expireInSeconds: RUN_LIMIT_SECONDS,
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
  });
  return {
    boss,
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => boss.stop({ graceful, timeout: timeoutMs, close: true }),
  };
}

/** Adds or updates a tenant's schedule (keyed by the tenant's name): its cadence spread as the daemon spreads it. */
export async function scheduleTenant(queue: TenantQueue, tenant: string, everyMinutes: number): Promise<void> {
  const data: TenantJobData = { tenant, command: 'run' };
  await queue.boss.schedule(TENANT_QUEUE, cadence(tenant, everyMinutes), data, { key: tenant, singletonKey: tenant, tz: SCHEDULE_TIME_ZONE });
}

export async function unscheduleTenant(queue: TenantQueue, tenant: string): Promise<void> {
  await queue.boss.unschedule(TENANT_QUEUE, tenant);
}

export interface TenantSchedule {
  expression: string;
  timezone: string;
}

/** The tenants that have a schedule, with its expression and time zone. */
export async function listSchedules(queue: TenantQueue): Promise<Map<string, TenantSchedule>> {
  const schedules = await queue.boss.getSchedules(TENANT_QUEUE);
  return new Map(schedules.map((schedule) => [schedule.key, { expression: schedule.cron, timezone: schedule.timezone }]));
}

/** Whether a stored schedule is the one `scheduleTenant` writes for this cadence now (older releases wrote `0 * * * *` in Amsterdam). */
export function isCurrentSchedule(schedule: TenantSchedule, tenant: string, everyMinutes: number): boolean {
  return schedule.expression === cadence(tenant, everyMinutes) && schedule.timezone === SCHEDULE_TIME_ZONE;
}

/** Each scheduled tenant's next run, as pg-boss will fire its schedule (in the schedule's time zone). */
export async function nextScheduledRuns(queue: TenantQueue): Promise<Map<string, Date>> {
  const next = new Map<string, Date>();
  for (const schedule of await queue.boss.getSchedules(TENANT_QUEUE)) {
    const [at] = queue.boss.previewSchedule(schedule.cron, { tz: schedule.timezone, count: 1 });
    if (at) next.set(schedule.key, at);
  }
  return next;
}

/** Works tenant jobs: the handler's result becomes the job's output; a throw fails it (and it is retried). */
export async function workTenantJobs(
  queue: TenantQueue,
  concurrency: number,
  handler: (job: Job<TenantJobData>) => Promise<object>,
): Promise<void> {
  await queue.boss.work<TenantJobData>(TENANT_QUEUE, { localConcurrency: concurrency, pollingIntervalSeconds: 1 }, async ([job]) => handler(job));
}

export interface JobResult {
  id: string;
  state: string;
  output: unknown;
}

const FINISHED = ['completed', 'failed', 'cancelled'];
/** Job states in which the job waits for a worker to take it. */
const WAITING = ['created', 'retry'];
/** How often a waiting command asks the registry whether a worker runs. */
const WORKER_CHECK_MS = 3000;

/** Whether any worker is running on this database: a live `koppelwerk worker` in pg-boss's instance registry. */
export async function workerRunning(queue: TenantQueue): Promise<boolean> {
  let after: string | undefined;
  for (;;) {
    const page = await queue.boss.getInstances({ limit: 1000, ...(after ? { after } : {}) });
    if (page.some((instance) => instance.live && instance.name === WORKER_INSTANCE)) return true;
    if (page.length < 1000) return false;
    after = page[page.length - 1].id;
  }
}

/** Where a command that stopped waiting left its job. */
export interface GaveUp {
  /** Null when nothing was queued (another job of the tenant still held its place in the queue). */
  id: string | null;
  state: 'timeout' | 'interrupted';
  /** The job's state then: `created` (no worker took it), `active` (a worker runs it), `retry`; null when nothing was queued. */
  jobState: string | null;
  output: null;
}

export interface WaitOptions {
  /** Stops waiting (the outcome is `interrupted`). */
  signal?: AbortSignal;
  onQueued?(id: string): void;
  /** No worker is running while the command waits for one; called again only after one was seen. */
  onNoWorker?(): void;
  /** A worker took the job after `onNoWorker` was called. */
  onTaken?(): void;
}

/**
 * Sends a command for a tenant and waits for a worker's result, at most `timeoutMs`. While the
 * tenant already has a queued job the queue refuses another (stately); the send is repeated until
 * it is taken. While the job waits for a worker, the instance registry is asked every few seconds
 * whether one runs (`onNoWorker`).
 */
export async function enqueueAndWait(queue: TenantQueue, data: TenantJobData, timeoutMs: number, options: WaitOptions = {}): Promise<JobResult | GaveUp> {
  const { signal } = options;
  const deadline = Date.now() + timeoutMs;
  const over = () => Date.now() >= deadline || Boolean(signal?.aborted);
  const gaveUp = (id: string | null, jobState: string | null): GaveUp => ({ id, state: signal?.aborted ? 'interrupted' : 'timeout', jobState, output: null });
  // Pauses end early when the caller stops waiting, and never run past the deadline.
  const pause = (ms: number) => abortableSleep(Math.min(ms, Math.max(0, deadline - Date.now())), signal ?? new AbortController().signal);
  let nextWorkerCheck = 0;
  let toldNoWorker = false;
  /** While the job waits: every few seconds, is a worker running? */
  const watchForWorker = async () => {
    if (Date.now() < nextWorkerCheck) return;
    nextWorkerCheck = Date.now() + WORKER_CHECK_MS;
    if (await workerRunning(queue)) toldNoWorker = false;
    else if (!toldNoWorker) {
      toldNoWorker = true;
      options.onNoWorker?.();
    }
  };

  let id: string | null = null;
  while (!(id = await queue.boss.send(TENANT_QUEUE, data, { singletonKey: data.tenant }))) {
    await watchForWorker();
    if (over()) return gaveUp(null, null);
    await pause(1000);
  }
  options.onQueued?.(id);
  let waiting = true;
  for (;;) {
    const [job] = await queue.boss.findJobs<TenantJobData>(TENANT_QUEUE, { id });
    const state = job?.state ?? 'created';
    if (WAITING.includes(state)) await watchForWorker();
    else if (waiting && toldNoWorker) options.onTaken?.();
    waiting = WAITING.includes(state);
    if (FINISHED.includes(state)) return { id, state, output: job?.output ?? null };
    if (over()) return gaveUp(id, state);
    await pause(500);
  }
}

/** Cancels a job no worker has taken yet; false when one has (it runs to its end there). */
export async function cancelUntakenJob(queue: TenantQueue, id: string): Promise<boolean> {
  const [job] = await queue.boss.findJobs<TenantJobData>(TENANT_QUEUE, { id });
  if (!job || job.state !== 'created') return false;
  await queue.boss.cancel(TENANT_QUEUE, id);
  return true;
}
