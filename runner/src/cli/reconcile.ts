/** `koppelwerk reconcile <tenant> --from D --to D`: do the books agree with the shop for a period? */
import type { Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerReconcile: CommandRegistration = (program, context) => {
  program
    .command('reconcile')
    .description('compare a period of the source, what Koppelwerk booked and what the books hold now (exit 0 agree, 1 differ); writes nothing')
    .argument('<config>', 'tenant YAML file')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD), by document date')
    .option('--to <date>', 'last day of the period, included')
    .option('--rebook <document...>', 'book again documents deleted from the books (the document of a deleted-in-books line); lists them unless --yes')
    .option('--yes', 'really book them again')
    .addHelpText(
      'after',
      examples(
        'reconcile shop.yaml --from 2026-01-01 --to 2026-03-31  # exit 1: the books differ',
        'reconcile shop.yaml --from 2026-01-01 --to 2026-03-31 --json  # exit 1',
        'reconcile shop.yaml --rebook 1001  # exit 64: lists what it would book again',
      ),
    )
    .action((file: string, options: { from?: string; to?: string; rebook?: string[]; yes?: boolean }, command: Command) =>
      execute(command, (output) => (require('../commands/reconcile-command') as typeof import('../commands/reconcile-command')).reconcileCommand(context.registry(), file, options, output)),
    );
};
