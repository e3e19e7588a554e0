/** `koppelwerk daemon <dir>`: every tenant file in a directory on its own cadence. */
import { Option, type Command } from 'commander';
import { examples, execute, wholeNumber, type CommandRegistration } from './command-kit';

export const registerDaemon: CommandRegistration = (program, context) => {
  program
    .command('daemon')
    .description('run every tenant file in a directory on its own cadence until SIGTERM/SIGINT (JSON log lines on stdout)')
    .argument('<config-dir>', 'directory of tenant YAML files')
    .addOption(new Option('--check-every <minutes>', 'minutes between connection checks (default 15, or koppelwerk.yaml in the directory)').argParser(wholeNumber(1)))
    .addOption(new Option('--max-parallel <n>', 'tenant runs and checks in flight at once (default 4 per CPU core, 4 to 32, or koppelwerk.yaml)').argParser(wholeNumber(1)))
    .addOption(new Option('--stop-within <seconds>', 'on SIGTERM, how long runs may take to finish their documents (default 30, or koppelwerk.yaml)').argParser(wholeNumber(0)))
    .option('--run-at-start', 'run every tenant once at start-up, then on its cadence')
    .addOption(new Option('--metrics-port <n>', 'serve Prometheus metrics at http://127.0.0.1:<n>/metrics (0: any free port)').argParser(wholeNumber(0)))
    .addHelpText('after', examples('daemon tenants/ --run-at-start'))
    .action((directory: string, options: { checkEvery?: number; maxParallel?: number; stopWithin?: number; runAtStart?: boolean; metricsPort?: number }, command: Command) =>
      execute(command, () => (require('../commands/daemon-command') as typeof import('../commands/daemon-command')).daemonCommand(context.registry(), directory, options)),
    );
};
