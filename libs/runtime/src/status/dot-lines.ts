/**
 * A dot as every program shows it in text (the CLI's check and status, the service's check, the
 * dashboard's action results): green, or RED with the reason, the details and what to do.
 */
import { ExitCode, exitCodeFor, type CheckResult } from '@koppelwerk/core';

/** One side's dot: its line, then a line per detail and what to do. */
export function dotLine(side: string, name: string, result: CheckResult): string[] {
  const lines = [`${result.ok ? 'green' : 'RED  '}  ${side.padEnd(6)} ${name}${result.ok ? '' : `: ${result.reason ?? 'not reachable'}`}`];
  for (const detail of result.details ?? []) lines.push(`         - ${detail}`);
  if (!result.ok && result.hint) lines.push(`         what to do: ${result.hint}`);
  return lines;
}

/** The exit code of a check: 0 when every dot is green, else the worst red's class. */
export function exitCodeForChecks(...results: CheckResult[]): number {
  const red = results.filter((r) => !r.ok);
  if (red.length === 0) return ExitCode.ok;
  const classes = red.map((r) => r.errorClass ?? 'transient');
  for (const errorClass of ['configuration', 'authentication', 'transient'] as const) {
    if (classes.includes(errorClass)) return exitCodeFor(errorClass);
  }
  return ExitCode.transient;
}
