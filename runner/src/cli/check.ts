/** `koppelwerk check <tenant>`: both dots, green or red with the reason and what to do. */
import { Option, type Command } from 'commander';
import { WAIT_OPTION_HELP } from '../commands/wait-option';
import { DATABASE_URL_VARIABLE, examples, execute, refuseWaitWithoutDatabase, serviceDatabase, wholeNumber, type CommandRegistration } from './command-kit';

export const registerCheck: CommandRegistration = (program, context) => {
  program
    .command('check')
    .description('both dots: source and sink green, or red with the reason and what to do')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `let a service worker run it (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText('after', examples('check shop.yaml'))
    .action((file: string, options: { database?: string; wait?: number }, command: Command) =>
      execute(command, (output) => {
        const url = serviceDatabase(file, options.database);
        refuseWaitWithoutDatabase(options.wait, url);
        if (url) return (require('../commands/enqueue-command') as typeof import('../commands/enqueue-command')).enqueueCommand(url, file, 'check', output, {}, { wait: options.wait });
        return (require('../commands/check-command') as typeof import('../commands/check-command')).checkCommand(context.registry(), file, output);
      }),
    );
};
