/** `koppelwerk tenants add|list|remove`: the service's tenants in its PostgreSQL database. */
import type { Command } from 'commander';
import { databaseOption, databaseUrl, execute, type CommandRegistration } from './command-kit';

const commands = () => require('../commands/tenants-command') as typeof import('../commands/tenants-command');

export const registerTenants: CommandRegistration = (program, context) => {
  const tenants = program.command('tenants').description("the service's tenants in its PostgreSQL database: add, list, remove");
  tenants
    .command('add')
    .description('validate a tenant file (secrets as ${env:..} or ${file:..} references) and store it with its schedule')
    .argument('<config>', 'tenant YAML file')
    .addOption(databaseOption())
    .action((file: string, options: { database?: string }, command: Command) =>
      execute(command, (output) => commands().tenantsAddCommand(context.registry(), databaseUrl(options.database), file, output)),
    );
  tenants
    .command('list')
    .description('every tenant in the database with its schedule')
    .addOption(databaseOption())
    .action((options: { database?: string }, command: Command) => execute(command, (output) => commands().tenantsListCommand(databaseUrl(options.database), output)));
  tenants
    .command('remove')
    .description('remove a tenant and its schedule; its state stays unless --purge')
    .argument('<name>', 'tenant name')
    .addOption(databaseOption())
    .option('--purge', "also delete the tenant's state (ledger, errors, activity, runs)")
    .action((name: string, options: { database?: string; purge?: boolean }, command: Command) =>
      execute(command, (output) => commands().tenantsRemoveCommand(databaseUrl(options.database), name, options, output)),
    );
};
