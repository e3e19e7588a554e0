/** `koppelwerk reconcile <tenant> --from D --to D`: do the books agree with the shop for a period? */
import { Option, type Command } from 'commander';
import { WAIT_OPTION_HELP } from '../commands/wait-option';
import { DATABASE_URL_VARIABLE, examples, execute, refuseWaitWithoutDatabase, serviceDatabase, wholeNumber, type CommandRegistration } from './command-kit';

export const registerReconcile: CommandRegistration = (program, context) => {
  program
    .command('reconcile')
    .description('compare a period of the source, what Koppelwerk booked and what the books hold now (exit 0 agree, 1 differ); writes nothing')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `let a service worker run it (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--from <date>', 'first day of the period (YYYY-MM-DD), by document date')
    .option('--to <date>', 'last day of the period, included')
    .option('--rebook <document...>', 'book again documents deleted from the books (the document of a deleted-in-books line); lists them unless --yes')
    .option('--yes', 'really book them again')
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText(
      'after',
      examples(
        'reconcile shop.yaml --from 2025-01-01 --to 2025-12-31  # exit 0: the books agree (1 lists each difference)',
        'reconcile shop.yaml --from 2025-01-01 --to 2025-12-31 --json',
        'reconcile shop.yaml --rebook 1001  # exit 64: refused while 1001 is in the books; one deleted from them is listed, then booked with --yes',
      ),
    )
    .action((file: string, options: { database?: string; from?: string; to?: string; rebook?: string[]; yes?: boolean; wait?: number }, command: Command) =>
      execute(command, (output) => {
        const url = serviceDatabase(file, options.database);
        refuseWaitWithoutDatabase(options.wait, url);
        if (!url) return (require('../commands/reconcile-command') as typeof import('../commands/reconcile-command')).reconcileCommand(context.registry(), file, options, output);
        return (require('../commands/enqueue-command') as typeof import('../commands/enqueue-command')).serviceReconcileCommand(url, file, options, output);
      }),
    );
};
