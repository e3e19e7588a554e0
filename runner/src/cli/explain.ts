/** `koppelwerk explain <tenant> <document>`: which mapping rule produced each part of a booking. */
import type { Command } from 'commander';
import { DATABASE_URL_VARIABLE, examples, execute, serviceDatabase, type CommandRegistration } from './command-kit';

export const registerExplain: CommandRegistration = (program, context) => {
  program
    .command('explain')
    .description('for one document: which mapping rule produced each part of its booking')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .argument('<document>', "the source's key of the document (the order or invoice number)")
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .addHelpText('after', examples('explain shop.yaml 1001', 'explain shop.yaml sales-order:1001 --json'))
    .action((file: string, key: string, options: { database?: string }, command: Command) =>
      execute(command, (output) =>
        (require('../commands/explain-command') as typeof import('../commands/explain-command')).explainCommand(context.registry(), file, key, output, serviceDatabase(file, options.database)),
      ),
    );
};
