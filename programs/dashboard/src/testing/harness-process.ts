/** Runs a TypeScript file as a process of its own (from the sources: tools/scripts/register-sources.js), watching its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout matches; rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..', '..');

export function startProcess(file: string, args: string[], limitMs = 300_000): RunningProcess {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'scripts', 'register-sources.js'), file, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const texts = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8');
    child[stream]!.on('data', (chunk: Buffer) => {
      texts[stream] += decoder.write(chunk);
      listeners.forEach((listener) => listener());
    });
  }
  const guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
  let ended = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      ended = true;
      listeners.forEach((listener) => listener());
      resolve({ code, signal });
    }),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (pattern.test(texts.stdout)) {
          listeners.delete(test);
          resolve();
        } else if (ended) {
          listeners.delete(test);
          reject(new Error(`the process ended before printing ${pattern}:\n${texts.stdout}\n${texts.stderr}`));
        }
      };
      listeners.add(test);
      test();
    });
  return { child, stdout: () => texts.stdout, stderr: () => texts.stderr, done, waitFor };
}
