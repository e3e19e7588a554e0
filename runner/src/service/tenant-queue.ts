/**
 * The service mode's job queue: pg-boss (12.38.0, docs/scale-out.md) in the same PostgreSQL
 * database as the state. One queue, `koppelwerk-tenant`, policy `stately` with singletonKey =
 * tenant: at most one queued and one active job per tenant across every worker, so scheduled and
 * manual runs of a tenant never overlap. The lease is pg-boss's heartbeat, renewed by `work()`;
 * a worker that stops renewing it has its job failed and retried by another. Schedules are keyed
 * by tenant.
 *
 * pg-boss is an ES module: it is loaded here, and only when a queue is started, so that nothing
 * else (and no Jest test) loads it; tests of the queue run real `koppelwerk` processes.
 */
import type { ErrorClass, LocalDate } from '@koppelwerk/core';
import type { Job, PgBoss } from 'pg-boss';

export const TENANT_QUEUE = 'koppelwerk-tenant';
/** Its own schema beside the state tables. */
export const QUEUE_SCHEMA = 'koppelwerk_queue';

export type TenantCommand = 'run' | 'sync' | 'retry' | 'check';
export const TENANT_COMMANDS: readonly TenantCommand[] = ['run', 'sync', 'retry', 'check'];

export interface TenantJobData {
  tenant: string;
  command: TenantCommand;
  /** A retry's parked documents (the engine's RetrySelection); absent: every one. */
  selection?: { ids?: number[]; all?: boolean; errorClass?: ErrorClass };
  /** A retry's: fetch the documents from the source again first. */
  refetch?: boolean;
  /** A sync's: fetch and map, write nothing. */
  dryRun?: boolean;
  /** A sync's date-range export (YYYY-MM-DD, both or neither); the cursor stays put. */
  from?: LocalDate;
  to?: LocalDate;
}

/** The lease: a worker renews it every half of this; one that stops renewing loses the job after it. */
export const LEASE_SECONDS = 20;
/** How often the supervisor looks for lapsed leases (a dead worker's run restarts within lease + this). */
export const SUPERVISE_SECONDS = 5;
/** The longest one tenant run may take. */
export const RUN_LIMIT_SECONDS = 2 * 3600;

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

/** A tenant's cadence as a schedule: cron when it divides an hour or a day, else an RRULE. */
export function cadence(everyMinutes: number): string {
  if (everyMinutes < 60 && 60 % everyMinutes === 0) return everyMinutes === 1 ? '* * * * *' : `*/${everyMinutes} * * * *`;
  if (everyMinutes === 60) return '0 * * * *';
  if (everyMinutes === 24 * 60) return '0 0 * * *';
  if (everyMinutes % 60 === 0 && 24 % (everyMinutes / 60) === 0) return `0 */${everyMinutes / 60} * * *`;
  return `FREQ=MINUTELY;INTERVAL=${everyMinutes}`;
}

/** Adds or updates a tenant's schedule (keyed by the tenant's name). */
export async function scheduleTenant(queue: TenantQueue, tenant: string, everyMinutes: number): Promise<void> {
  const data: TenantJobData = { tenant, command: 'run' };
  await queue.boss.schedule(TENANT_QUEUE, cadence(everyMinutes), data, { key: tenant, singletonKey: tenant, tz: 'Europe/Amsterdam' });
}

export async function unscheduleTenant(queue: TenantQueue, tenant: string): Promise<void> {
  await queue.boss.unschedule(TENANT_QUEUE, tenant);
}

/** The tenants that have a schedule, with its expression. */
export async function listSchedules(queue: TenantQueue): Promise<Map<string, string>> {
  const schedules = await queue.boss.getSchedules(TENANT_QUEUE);
  return new Map(schedules.map((schedule) => [schedule.key, schedule.cron]));
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FINISHED = ['completed', 'failed', 'cancelled'];

/**
 * Sends a command for a tenant and waits for a worker's result. While the tenant already has a
 * queued job the queue refuses another (stately); the send is repeated until it is taken.
 */
export async function enqueueAndWait(queue: TenantQueue, data: TenantJobData, timeoutMs: number, onQueued?: (id: string) => void): Promise<JobResult | { id: string | null; state: 'timeout'; output: null }> {
  const deadline = Date.now() + timeoutMs;
  let id: string | null = null;
  while (!(id = await queue.boss.send(TENANT_QUEUE, data, { singletonKey: data.tenant }))) {
    if (Date.now() > deadline) return { id: null, state: 'timeout', output: null };
    await sleep(1000);
  }
  onQueued?.(id);
  for (;;) {
    const [job] = await queue.boss.findJobs<TenantJobData>(TENANT_QUEUE, { id });
    if (job && FINISHED.includes(job.state)) return { id, state: job.state, output: job.output ?? null };
    if (Date.now() > deadline) return { id, state: 'timeout', output: null };
    await sleep(500);
  }
}
