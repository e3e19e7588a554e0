/** `koppelwerk errors <tenant>`: the errors tab. */
import type { Command } from 'commander';
import { DATABASE_URL_VARIABLE, examples, execute, serviceDatabase, type CommandRegistration } from './command-kit';

export const registerErrors: CommandRegistration = (program, context) => {
  program
    .command('errors')
    .description('the errors tab: parked documents with their reason, attempts and age')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--class <class>', 'only this error class (record, rejected, ...)')
    .addHelpText('after', examples('errors shop.yaml', 'errors shop.yaml --class record'))
    .action((file: string, options: { database?: string; class?: string }, command: Command) =>
      execute(command, (output) =>
        (require('../commands/queue-commands') as typeof import('../commands/queue-commands')).errorsCommand(context.registry(), file, { ...options, database: serviceDatabase(file, options.database) }, output),
      ),
    );
};
