/** `koppelwerk disconnect <tenant> --side source|sink [--yes]`: forget one side's credentials and state. */
import { Option, type Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerDisconnect: CommandRegistration = (program, context) => {
  program
    .command('disconnect')
    .description("forget one side's credentials and state for a tenant (lists what it removes; --yes removes it)")
    .argument('<config>', 'tenant YAML file')
    .addOption(new Option('--side <side>', 'which side to disconnect').choices(['source', 'sink']).makeOptionMandatory())
    .option('--yes', 'really remove it (without: only list what would be removed, exit code 64)')
    .addHelpText('after', examples('disconnect shop.yaml --side sink  # lists what it would remove; exit 64'))
    .action((file: string, options: { side: string; yes?: boolean }, command: Command) =>
      execute(command, (output) => (require('../commands/disconnect-command') as typeof import('../commands/disconnect-command')).disconnectCommand(context.registry(), file, options, output)),
    );
};
