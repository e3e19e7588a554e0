/** `koppelwerk retry <tenant> <ids...> | --all | --class c`: reprocess parked documents. */
import { Option, type Command } from 'commander';
import { WAIT_OPTION_HELP } from '../commands/wait-option';
import { DATABASE_URL_VARIABLE, examples, execute, refuseWaitWithoutDatabase, serviceDatabase, wholeNumber, type CommandRegistration } from './command-kit';

export const registerRetry: CommandRegistration = (program, context) => {
  program
    .command('retry')
    .description('reprocess parked documents through the same exactly-once path')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .argument('[ids...]', 'error ids from `koppelwerk errors`')
    .option('--database <url>', `let a service worker retry them (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--all', 'every parked document')
    .option('--class <class>', 'every parked document of this error class')
    .option('--refetch', 'fetch the documents from the source again first')
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText('after', examples('retry shop.yaml 1 2  # these entries of `koppelwerk errors`', 'retry shop.yaml --class record', 'retry shop.yaml --all --refetch'))
    .action((file: string, ids: string[], options: { database?: string; all?: boolean; class?: string; refetch?: boolean; wait?: number }, command: Command) =>
      execute(command, (output) => {
        const database = serviceDatabase(file, options.database);
        refuseWaitWithoutDatabase(options.wait, database);
        return (require('../commands/queue-commands') as typeof import('../commands/queue-commands')).retryCommand(context.registry(), file, ids, { ...options, database }, output);
      }),
    );
};
