/** `koppelwerk describe [connector]`: the connectors, or one connector's settings. */
import type { Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerDescribe: CommandRegistration = (program, context) => {
  program
    .command('describe')
    .description("list the connectors, or show one connector's settings (--json: its JSON Schema)")
    .argument('[connector]', 'connector id, or the name of an installed connector package')
    .addHelpText('after', examples('describe  # every connector', 'describe eboekhouden --json  # its settings as a JSON Schema'))
    .action((id: string | undefined, _options, command: Command) =>
      execute(command, (output) => (require('../commands/describe-command') as typeof import('../commands/describe-command')).describeCommand(context.registry(), id, output)),
    );
};
