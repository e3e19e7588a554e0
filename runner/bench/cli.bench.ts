/**
 * `npm run bench -- cli`: how fast the compiled `koppelwerk` command starts and how much it takes,
 * a new process each time, side by side with `node -e 0` (Node itself starting and stopping) in one
 * run: `koppelwerk --help`, `init` (writes a tenant file), `status <tenant>` (loads and validates the
 * file, opens the state database) and `sync <tenant>` with nothing new (the shop simulator has no new
 * orders; e-Boekhouden is not contacted). CPU is user + system time, start-up included; peak RSS is
 * the process's own. Goal: `--help` within 3 times `node -e 0`'s CPU, peak RSS under 60 MB.
 * Prints the medians of several runs and writes bench-results/cli.json. Not a test.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { fixed, parseSync, requireCompiledCli, runCli, runNode, writeBenchTenant, writeResults, type CliRun } from './bench-support';

const RUNS = Number(process.env.CLI_BENCH_RUNS ?? 9);

interface Figures {
  command: string;
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs a command RUNS times (alternating with the others is not needed: each run is a new process). */
async function measure(command: string, run: () => Promise<CliRun>, accept: (run: CliRun) => void = expectOk): Promise<Figures> {
  const runs: CliRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await run();
    accept(result);
    runs.push(result);
  }
  return {
    command,
    cpuMs: median(runs.map((r) => r.cpuMs)),
    wallMs: median(runs.map((r) => r.seconds * 1000)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

function expectOk(run: CliRun): void {
  if (run.code !== 0) throw new Error(`exited with ${run.code}: ${run.stderr.slice(-500)}${run.stdout.slice(-300)}`);
}

async function main(): Promise<void> {
  requireCompiledCli();
  // A shop whose orders are all booked already: the measured syncs find nothing new.
  const [shop, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
  const tenant = writeBenchTenant('cli-start', shop, books);
  try {
    const first = parseSync(await runCli(['sync', tenant.file, '--json']));
    if (first.counts.booked === 0) throw new Error('the first sync booked nothing: the measured syncs would not be idle');
    const initFile = join(tenant.dir, 'init.yaml');
    const figures = [
      await measure('node -e 0', () => runNode(['-e', '0'])),
      await measure('koppelwerk --help', () => runCli(['--help'])),
      await measure('koppelwerk init', () => runCli(['init', '--source', 'mijnwebwinkel', '--file', initFile, '--force'])),
      await measure('koppelwerk status <tenant>', () => runCli(['status', tenant.file])),
      await measure('koppelwerk sync <tenant> (nothing new)', () => runCli(['sync', tenant.file, '--json']), (run) => {
        const summary = parseSync(run);
        if (summary.counts.read !== 0) throw new Error(`the idle sync read ${summary.counts.read} documents`);
      }),
    ];
    const node = figures[0];
    console.log(`compiled CLI, a new process per run, medians of ${RUNS} runs (peak RSS: the highest)`);
    console.log(`${'command'.padEnd(40)}  ${'CPU ms'.padStart(7)}  ${'x node'.padStart(6)}  ${'wall ms'.padStart(7)}  ${'peak RSS'.padStart(9)}`);
    for (const f of figures) {
      console.log(
        `${f.command.padEnd(40)}  ${fixed(f.cpuMs, 0).padStart(7)}  ${fixed(f.cpuMs / node.cpuMs, 1).padStart(6)}  ${fixed(f.wallMs, 0).padStart(7)}  ${`${fixed(f.peakRssMb)} MB`.padStart(9)}`,
      );
    }
    const help = figures[1];
    console.log(`goal: --help within 3 x node -e 0's CPU (${fixed(help.cpuMs / node.cpuMs, 1)} x) and peak RSS under 60 MB (${fixed(help.peakRssMb)} MB)`);
    writeResults('cli', { runs: RUNS, figures });
  } finally {
    tenant.remove();
    rmSync(join(tenant.dir), { recursive: true, force: true });
    await Promise.all([shop.close(), books.close()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
