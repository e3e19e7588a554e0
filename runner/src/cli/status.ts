/** `koppelwerk status [tenant] [--database]`: the dots, the last and next run, the error queue. */
import type { Command } from 'commander';
import { UsageError } from '@koppelwerk/core/errors';
import { DATABASE_URL_VARIABLE, databaseUrl, examples, execute, type CommandRegistration } from './command-kit';

export const registerStatus: CommandRegistration = (program, context) => {
  program
    .command('status')
    .description('the dots, the last run, the next scheduled run and the error queue; with --database every tenant of the service')
    .argument('[config]', 'tenant YAML file (leave out with --database)')
    .option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE})`)
    .addHelpText('after', examples('status shop.yaml', 'status shop.yaml --json'))
    .action((file: string | undefined, options: { database?: string }, command: Command) =>
      execute(command, (output) => {
        if (file !== undefined && options.database === undefined) {
          return (require('../commands/queue-commands') as typeof import('../commands/queue-commands')).statusCommand(context.registry(), file, output);
        }
        if (file !== undefined) throw new UsageError('give a tenant file or --database, not both');
        if (options.database === undefined && !process.env[DATABASE_URL_VARIABLE]) {
          throw new UsageError(`give a tenant file, or --database <url> (or ${DATABASE_URL_VARIABLE}) for every tenant of the service`);
        }
        return (require('../commands/service-status-command') as typeof import('../commands/service-status-command')).serviceStatusCommand(databaseUrl(options.database), output);
      }),
    );
};
