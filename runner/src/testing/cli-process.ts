/**
 * Drives the real `koppelwerk` command as a child process (from the TypeScript sources), for the
 * runner's process tests: run it to the end, or start it and signal or kill it on the way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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

const SAFETY_TIMEOUT_MS = 90_000;

/** Starts `koppelwerk <args>`; the process is killed if it runs longer than a safety limit. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [KOPPELWERK_BIN, ...args], {
    env: { ...process.env, KOPPELWERK_FROM_SOURCE: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    notify();
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), SAFETY_TIMEOUT_MS);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let ended = false;
  void done.then(() => (ended = true));
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (pattern.test(stream === 'stdout' ? stdout : stderr)) {
          listeners.delete(test);
          resolve();
        } else if (ended) {
          listeners.delete(test);
          reject(new Error(`the process ended before printing ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      listeners.add(test);
      void done.then(test);
      test();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, done, waitFor };
}

/** Runs `koppelwerk <args>` to the end. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { code: number }> {
  const result = await startCli(args, env).done;
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
