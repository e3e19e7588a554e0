/** `koppelwerk simulate <connector>`: a connector's simulator on loopback until stopped. */
import { Option, type Command } from 'commander';
import { examples, execute, wholeNumber, type CommandRegistration } from './command-kit';

export const registerSimulate: CommandRegistration = (program, context) => {
  program
    .command('simulate')
    .description("serve a connector's simulator on loopback until stopped")
    .argument('<connector>', 'connector id')
    .addOption(new Option('--port <n>', "port to listen on (default the connector's own: e-Boekhouden 8080, Mijnwebwinkel 8081, ...; 0: any free port)").argParser(wholeNumber(0)))
    .option('--seed <file>', 'JSON seed: resource name -> raw API records')
    .addOption(new Option('--api <api>', 'which API the printed login and endpoint are for (e-Boekhouden serves both)').choices(['soap', 'rest']))
    .addHelpText('after', examples('simulate eboekhouden --port 8080', 'simulate eboekhouden --api rest --port 8080', 'simulate mijnwebwinkel --port 8081'))
    .action((id: string, options: { port?: number; seed?: string; api?: string }, command: Command) =>
      execute(command, () => (require('../commands/simulate-command') as typeof import('../commands/simulate-command')).simulateCommand(context.registry(), id, options)),
    );
};
