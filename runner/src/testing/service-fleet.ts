/**
 * The service mode as processes, for its process tests: a fleet of `koppelwerk worker` processes
 * on one database (start, SIGKILL one, start a replacement, stop them all with SIGTERM), what each
 * is doing from the lines it prints, and `runCliBatch` to run many CLI command lines in one process.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startCli, type CliProcess, type CliResult } from './cli-process';

/** The ids of the jobs a worker has started and not yet finished (from its `... job <id> started` and `job <id>: ...` lines). */
export function runningJobs(worker: CliProcess): string[] {
  const stdout = worker.stdout();
  const started = [...stdout.matchAll(/ \S+ \w+ job (\S+) started/g)].map((m) => m[1]);
  return started.filter((id) => !stdout.includes(`job ${id}: `) && !stdout.includes(`job ${id} failed`));
}

export interface FleetWorker {
  /** 1, 2, ... in the order started. */
  number: number;
  process: CliProcess;
  /** Killed on purpose (SIGKILL) by the fleet. */
  killed: boolean;
}

export class WorkerFleet {
  readonly workers: FleetWorker[] = [];

  /**
   * @param args the worker's arguments (`worker --database <url> ...`)
   * @param env its environment (the tenants' secrets)
   */
  constructor(
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly limitMs: number,
  ) {}

  /** Workers that are running (not killed, not ended). */
  live(): FleetWorker[] {
    return this.workers.filter((w) => !w.killed && w.process.child.exitCode === null && w.process.child.signalCode === null);
  }

  /** Starts a worker and waits until it takes jobs (`worker ready`), or until the fleet kills it on its way up. */
  async start(): Promise<FleetWorker> {
    const worker: FleetWorker = { number: this.workers.length + 1, process: startCli(this.args, this.env, this.limitMs), killed: false };
    this.workers.push(worker);
    try {
      await worker.process.waitFor(/^worker ready/m);
    } catch (error) {
      if (!worker.killed) throw error;
    }
    return worker;
  }

  /** SIGKILL: no goodbye, its jobs stay leased until the lease lapses. Resolves when it is gone. */
  async kill(worker: FleetWorker): Promise<void> {
    worker.killed = true;
    worker.process.child.kill('SIGKILL');
    await worker.process.done;
  }

  /** Workers that ended without being killed by the fleet before `stop`: a crash. */
  crashed(): { number: number; result: string }[] {
    return this.workers
      .filter((w) => !w.killed && (w.process.child.exitCode !== null || w.process.child.signalCode !== null))
      .map((w) => ({ number: w.number, result: `exit ${w.process.child.exitCode ?? w.process.child.signalCode}; stderr: ${w.process.stderr().slice(-2000)}; stdout: ${w.process.stdout().slice(-2000)}` }));
  }

  /** SIGTERM to every live worker; their ends. */
  async stop(): Promise<CliResult[]> {
    const live = this.live();
    for (const worker of live) worker.process.child.kill('SIGTERM');
    return Promise.all(live.map((w) => w.process.done));
  }

  /** SIGKILL to every worker still running (after a failed test). */
  async killAll(): Promise<void> {
    await Promise.all(this.live().map((w) => this.kill(w)));
  }

  /** Everything every worker printed, killed ones too. */
  output(): string {
    return this.workers.map((w) => `--- worker ${w.number}${w.killed ? ' (killed)' : ''}\n${w.process.stdout()}${w.process.stderr()}`).join('\n');
  }
}

/**
 * Runs `koppelwerk` command lines one after the other in one process (cli-batch.ts), with the
 * sources as `startCli` runs them: whether every command ended 0, and the output.
 */
export function runCliBatch(commands: string[][], env: NodeJS.ProcessEnv = {}, limitMs = 180_000): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const script = join(__dirname, 'cli-batch.ts');
  const child = spawn(process.execPath, ['-r', join(__dirname, '..', '..', '..', 'tools', 'scripts', 'register-sources.js'), script, JSON.stringify(commands)], {
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ ok: code === 0, stdout, stderr });
    });
  });
}
