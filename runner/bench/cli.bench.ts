/**
 * `npm run bench -- cli`: cold start of the compiled `koppelwerk` command, a new process each time:
 * `koppelwerk --help` and `koppelwerk status <tenant>` (loads and validates the config, opens the
 * state database). Prints the median and the fastest of several runs, and writes
 * bench-results/cli.json. Aim: under 0.5 s. Not a test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fixed, requireCompiledCli, runCli, writeResults } from './bench-support';

const RUNS = Number(process.env.CLI_BENCH_RUNS ?? 9);

interface Timing {
  command: string;
  medianSeconds: number;
  fastestSeconds: number;
  peakRssMb: number;
}

async function time(command: string, args: string[]): Promise<Timing> {
  const seconds: number[] = [];
  let peakRssMb = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await runCli(args);
    if (run.code !== 0) throw new Error(`koppelwerk ${args.join(' ')} exited with ${run.code}: ${run.stderr.slice(-500)}`);
    seconds.push(run.seconds);
    peakRssMb = Math.max(peakRssMb, run.peakRssMb);
  }
  seconds.sort((a, b) => a - b);
  return { command, medianSeconds: seconds[Math.floor(seconds.length / 2)], fastestSeconds: seconds[0], peakRssMb };
}

async function main(): Promise<void> {
  requireCompiledCli();
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-cli-'));
  try {
    const file = join(dir, 'coldstart.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'coldstart',
        source: { connector: 'mijnwebwinkel', endpoint: 'http://127.0.0.1:9', settings: { token: 'bench-shop-token', partner_token: 'bench-partner-token' } },
        sink: {
          connector: 'eboekhouden',
          endpoint: 'http://127.0.0.1:9/soap.asmx',
          settings: { username: 'bench.user', securityCode1: '0123456789abcdef0123456789abcdef', securityCode2: '01234567-89AB-4CDE-8F01-23456789ABCD' },
        },
      }),
    );
    const timings = [await time('koppelwerk --help', ['--help']), await time('koppelwerk status <tenant>', ['status', file])];
    console.log(`compiled CLI, a new process per run, ${RUNS} runs each`);
    console.log('command                       median s   fastest s   peak RSS');
    for (const t of timings) {
      console.log(`${t.command.padEnd(28)}  ${fixed(t.medianSeconds, 3).padStart(8)}   ${fixed(t.fastestSeconds, 3).padStart(9)}   ${`${fixed(t.peakRssMb)} MB`.padStart(8)}`);
    }
    console.log('aim: under 0.5 s');
    writeResults('cli', { runs: RUNS, timings });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
