/** `koppelwerk sync <tenant>`: one batch now, embedded or by a service worker. */
import { Option, type Command } from 'commander';
import { WAIT_OPTION_HELP } from '../commands/wait-option';
import { UsageError } from '@koppelwerk/core/errors';
import { DATABASE_URL_VARIABLE, examples, execute, refuseWaitWithoutDatabase, serviceDatabase, wholeNumber, type CommandRegistration } from './command-kit';

export const registerSync: CommandRegistration = (program, context) => {
  program
    .command('sync')
    .description('one batch now: read, map and book every new document exactly once')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `let a service worker run it (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--dry-run', 'fetch and map, show what would be sent and every mapping gap, write nothing')
    .option('--from <date>', 'export documents dated from this day (YYYY-MM-DD); the cursor stays put')
    .option('--to <date>', 'up to and including this day')
    .addOption(new Option('--concurrency <n>', 'sink writes in flight at once').argParser(wholeNumber(1)))
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText(
      'after',
      examples('sync shop.yaml --dry-run  # a table of what would be booked; writes nothing', 'sync shop.yaml', 'sync shop.yaml --from 2025-01-01 --to 2025-01-31  # a date range again; the cursor stays'),
    )
    .action((file: string, options: { database?: string; dryRun?: boolean; from?: string; to?: string; concurrency?: number; wait?: number }, command: Command) =>
      execute(command, (output) => {
        const url = serviceDatabase(file, options.database);
        refuseWaitWithoutDatabase(options.wait, url);
        if (!url) return (require('../commands/sync-command') as typeof import('../commands/sync-command')).syncCommand(context.registry(), file, options, output);
        if (options.concurrency) throw new UsageError("--concurrency is the worker's for a service tenant (`koppelwerk worker --concurrency`)");
        return (require('../commands/enqueue-command') as typeof import('../commands/enqueue-command')).serviceSyncCommand(context.registry(), url, file, options, output);
      }),
    );
};
