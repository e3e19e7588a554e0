/** `koppelwerk dashboard hash-password`: the dashboard's users. */
import type { Command } from 'commander';
import { execute, type CommandRegistration } from './command-kit';

export const registerDashboard: CommandRegistration = (program) => {
  program
    .command('dashboard')
    .description("the dashboard's users")
    .command('hash-password')
    .description('read a password from stdin and print its scrypt hash for dashboard.yaml')
    .action((_options, command: Command) => execute(command, (output) => (require('../commands/dashboard-command') as typeof import('../commands/dashboard-command')).hashPasswordCommand(output)));
};
