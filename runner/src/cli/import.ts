/** `koppelwerk import <tenant>`: relations, materials and hour types from the bookkeeping into the source. */
import type { Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerImport: CommandRegistration = (program, context) => {
  program
    .command('import')
    .description('the import direction: relations, materials and hour types from the bookkeeping into the source (WerkbonApp)')
    .argument('<config>', 'tenant YAML file')
    .addHelpText('after', examples('import werkbon.yaml  # a WerkbonApp tenant'))
    .action((file: string, _options, command: Command) =>
      execute(command, (output) => (require('../commands/import-command') as typeof import('../commands/import-command')).importCommand(context.registry(), file, output)),
    );
};
