/** `koppelwerk demo`: the simulators, a demo webshop booked into e-Boekhouden, and what was booked. */
import { Option, type Command } from 'commander';
import { examples, execute, type CommandRegistration } from './command-kit';

export const registerDemo: CommandRegistration = (program, context) => {
  program
    .command('demo')
    .description('start the simulators, book a demo webshop into e-Boekhouden, and show what was booked')
    .option('--dir <path>', 'where to write the demo tenant and its state (default: a new temp dir)')
    .addOption(new Option('--api <api>', 'which e-Boekhouden API the demo books through (default soap)').choices(['soap', 'rest']))
    .addHelpText('after', examples('demo --dir demo  # keeps the demo tenant and its state in ./demo', 'demo --api rest  # books through the REST API'))
    .action((options: { dir?: string; api?: 'soap' | 'rest' }, command: Command) =>
      execute(command, (output) => (require('../commands/demo-command') as typeof import('../commands/demo-command')).demoCommand(context.registry(), options, output)),
    );
};
