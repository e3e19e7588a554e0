/** `koppelwerk worker`: take tenant runs from the service's queue until stopped. */
import { Option, type Command } from 'commander';
import { databaseOption, databaseUrl, execute, wholeNumber, type CommandRegistration } from './command-kit';

export const registerWorker: CommandRegistration = (program, context) => {
  program
    .command('worker')
    .description("take tenant runs from the service's queue until SIGTERM/SIGINT (any number of workers, on any hosts)")
    .addOption(databaseOption())
    .addOption(new Option('--concurrency <n>', 'tenant runs at once in this worker (default 2)').argParser(wholeNumber(1)))
    .addOption(new Option('--stop-within <seconds>', 'on SIGTERM, how long runs may take to finish (default 30)').argParser(wholeNumber(0)))
    .option('--log-dir <path>', "where the tenants' log files go (default ./logs)")
    .addOption(new Option('--metrics-port <n>', 'serve Prometheus metrics at http://127.0.0.1:<n>/metrics (0: any free port)').argParser(wholeNumber(0)))
    .action((options: { database?: string; concurrency?: number; stopWithin?: number; logDir?: string; metricsPort?: number }, command: Command) =>
      execute(command, () => (require('../commands/worker-command') as typeof import('../commands/worker-command')).workerCommand(context.registry(), databaseUrl(options.database), options)),
    );
};
