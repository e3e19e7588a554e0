/** `koppelwerk connectors`: every connector this koppelwerk can use, and installed packages it refuses. */
import type { Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerConnectors: CommandRegistration = (program, context) => {
  program
    .command('connectors')
    .description('list every connector this koppelwerk can use and where each comes from (built in, or package@version), and installed connector packages it refuses')
    .addHelpText('after', examples('connectors  # as a tenant file in this folder sees them', 'connectors --json'))
    .action((_options, command: Command) =>
      execute(command, (output) => (require('../commands/connectors-command') as typeof import('../commands/connectors-command')).connectorsCommand(context.registry(), output)),
    );
};
