/**
 * Drives the real `koppelwerk` command as a child process (from the TypeScript sources, unless the
 * caller sets KOPPELWERK_FROM_SOURCE=0), for the runner's process tests and benchmarks: run it to
 * the end, or start it and signal or kill it on the way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export const KOPPELWERK_BIN = join(__dirname, '..', '..', 'bin', 'koppelwerk.js');

export interface CliResult {
  /** The exit code; null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended. */
  done: Promise<CliResult>;
  /** Resolves when stdout (or stderr) contains the pattern; rejects if the process ends first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
}

/** The longest a process may run before it is killed, unless the caller gives another limit. */
export const SAFETY_TIMEOUT_MS = 90_000;

/** Starts `koppelwerk <args>` (`nodeArgs` go to node itself, `cwd` is its working directory); the process is killed if it runs longer than `limitMs`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = SAFETY_TIMEOUT_MS, nodeArgs: string[] = [], cwd?: string): CliProcess {
  const child = spawn(process.execPath, [...nodeArgs, KOPPELWERK_BIN, ...args], {
    cwd,
    env: { ...process.env, KOPPELWERK_FROM_SOURCE: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A decoder per stream keeps a character that is split across two chunks intact.
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const texts = { stdout: '', stderr: '' };
  const text = (stream: 'stdout' | 'stderr') => texts[stream];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]!.on('data', (chunk: Buffer) => {
      texts[stream] += decoders[stream].write(chunk);
      notify();
    });
  }
  const guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      notify();
      for (const stream of ['stdout', 'stderr'] as const) texts[stream] += decoders[stream].end();
      resolve({ code, signal, stdout: text('stdout'), stderr: text('stderr') });
    });
  });
  let ended = false;
  void done.then(() => (ended = true));
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (pattern.test(text(stream))) {
          listeners.delete(test);
          resolve();
        } else if (ended) {
          listeners.delete(test);
          reject(new Error(`the process ended before printing ${pattern}:\n${text('stdout')}\n${text('stderr')}`));
        }
      };
      listeners.add(test);
      void done.then(test);
      test();
    });
  return { child, stdout: () => text('stdout'), stderr: () => text('stderr'), done, waitFor };
}

/** Runs `koppelwerk <args>` to the end (killed after `limitMs`), in `cwd` when given. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = SAFETY_TIMEOUT_MS, cwd?: string): Promise<CliResult & { code: number }> {
  const result = await startCli(args, env, limitMs, [], cwd).done;
  return { ...result, code: result.code ?? -1 };
}

/** Reads every file under a directory, for canary searches (logs, state database). */
export function everyFileText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}
