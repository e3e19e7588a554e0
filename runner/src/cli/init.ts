/** `koppelwerk init --source <id>`: a commented tenant file to fill in. */
import type { Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerInit: CommandRegistration = (program, context) => {
  program
    .command('init')
    .description('write a commented tenant config template')
    .requiredOption('--source <id>', 'source connector id')
    .option('--sink <id>', 'sink connector id', 'eboekhouden')
    .option('--tenant <name>', 'tenant name', 'my-shop')
    .option('--file <path>', 'where to write it (default <tenant>.yaml)')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', examples('init --source mijnwebwinkel --tenant my-shop  # writes my-shop.yaml'))
    .action((options: { source: string; sink: string; tenant: string; file?: string; force?: boolean }, command: Command) =>
      execute(command, (output) =>
        (require('../commands/init-command') as typeof import('../commands/init-command')).initCommand(context.registry(), { ...options, file: options.file ?? `${options.tenant}.yaml` }, output),
      ),
    );
};
