/**
 * The daemon-level error line for work that failed because this machine ran out of file
 * descriptors or memory: what ran out, for which tenant's work, when it is tried again, how many
 * descriptors are open against the limit, and what to do.
 */
import type { LogFields } from '@koppelwerk/core';
import { processResources } from './process-resources';

export interface ResourceProblem {
  /** EMFILE, ENFILE or ENOMEM. */
  code: string;
  tenant: string;
  kind: 'sync' | 'check';
  retryAt: Date;
  inFlight: number;
  maxParallel: number;
  /** The failure as it was reported (redacted). */
  detail?: string;
}

export function resourceProblemLine(problem: ResourceProblem): { message: string; fields: LogFields } {
  const what = problem.code === 'ENOMEM' ? 'memory' : 'file descriptors';
  const { openFiles, fileLimit, rssMb } = processResources();
  return {
    message: `the daemon ran out of ${what} (${problem.code}); the ${problem.kind === 'sync' ? 'run' : 'check'} of ${problem.tenant} is tried again later and no dot was changed`,
    fields: {
      problem: 'resources',
      code: problem.code,
      tenant: problem.tenant,
      work: problem.kind,
      retryAt: problem.retryAt.toISOString(),
      openFiles,
      fileLimit,
      rssMb,
      inFlight: problem.inFlight,
      maxParallel: problem.maxParallel,
      detail: problem.detail,
      hint: problem.code === 'ENOMEM' ? 'give the daemon more memory or lower --max-parallel' : 'raise the limit on open files (ulimit -n, systemd LimitNOFILE) or lower --max-parallel',
    },
  };
}
