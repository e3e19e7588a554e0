/**
 * Ctrl-C (SIGINT) or SIGTERM while a command runs: the first asks the run to stop after the
 * documents in hand (the rest stays pending for the next run); a second stops the process at once,
 * which is as safe as a crash: the next run settles what was in flight before it writes anything.
 * The command then exits 130 (SIGINT) or 143 (SIGTERM), as a shell reports a stopped program.
 */
import { ExitCode } from '@koppelwerk/core';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface Interruption {
  /** Aborted at the first signal: hand it to the run. */
  readonly signal: AbortSignal;
  /** The signal that stopped the command, once one came. */
  received(): StopSignal | undefined;
  /** Stops listening (the process's default handling again). */
  dispose(): void;
}

export function interruptedExitCode(signal: StopSignal): ExitCode {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}

export function describeSignal(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'SIGINT (Ctrl-C)' : 'SIGTERM';
}

/** Listens for SIGINT and SIGTERM until disposed; `onForce` runs before a second signal ends the process. */
export function interruptOnSignals(onForce: (signal: StopSignal) => void = () => undefined): Interruption {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const handlers = new Map<StopSignal, () => void>();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      if (first === undefined) {
        first = name;
        controller.abort();
        return;
      }
      onForce(name);
      process.exit(interruptedExitCode(first));
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => handlers.forEach((handler, name) => process.off(name, handler)),
  };
}
