/** `koppelwerk log <tenant>`: the activity log. */
import { Option, type Command } from 'commander';
import { DATABASE_URL_VARIABLE, examples, execute, serviceDatabase, wholeNumber, type CommandRegistration } from './command-kit';

export const registerLog: CommandRegistration = (program, context) => {
  program
    .command('log')
    .description('the activity log: per document and per relation what happened')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--document <key>', 'only this document (e.g. sales-order:1001)')
    .addOption(new Option('--limit <n>', 'newest entries to show').argParser(wholeNumber(1)).default(50))
    .addHelpText('after', examples('log shop.yaml', 'log shop.yaml --document sales-order:1001', 'log shop.yaml --document 1001 --limit 10'))
    .action((file: string, options: { database?: string; document?: string; limit?: number }, command: Command) =>
      execute(command, (output) =>
        (require('../commands/queue-commands') as typeof import('../commands/queue-commands')).logCommand(context.registry(), file, { ...options, database: serviceDatabase(file, options.database) }, output),
      ),
    );
};
