/**
 * A script (not a module to import): runs several `koppelwerk` command lines in one process, one
 * after the other, each through the command's own entry (`run(argv)` of cli/main.ts: the same parsing,
 * command and exit code). Starting the CLI from its sources costs about two seconds of CPU; a suite
 * that adds fifty tenants with `tenants add` pays that once instead of fifty times.
 *
 *   node -r tools/scripts/register-sources.js cli-batch.ts '[["tenants","add","a.yaml","--database","postgres://..."], ...]'
 *
 * After each command it prints `exit <code>: koppelwerk <arguments>` on stdout; it exits 0 when
 * every command did, else 1. `runCliBatch` (service-fleet.ts) starts it from a test.
 */
import { run } from '../cli/main';

async function main(commands: string[][]): Promise<void> {
  // run() guards stdout against a closed pipe once per call: one listener per command.
  process.stdout.setMaxListeners(commands.length + 10);
  let failed = false;
  for (const args of commands) {
    process.exitCode = undefined;
    await run([process.argv[0], 'koppelwerk', ...args]);
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    failed ||= code !== 0;
    process.stdout.write(`exit ${code}: koppelwerk ${args.join(' ')}\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

void main(JSON.parse(process.argv[2] ?? '[]') as string[][]);
