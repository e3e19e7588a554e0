/** `koppelwerk simulate <connector>`: a connector's simulator on loopback until stopped. */
import { Option, type Command } from 'commander';
import { examples, execute, wholeNumber, type CommandRegistration } from './command-kit';

/** The simulators' test endpoints for what a person does by hand (JSON bodies; 400 says what is wrong, 404 when nothing has the number). */
const MANUAL_ENDPOINTS = `Doing by hand what a person does (POST, JSON body):
  e-Boekhouden (one set of books for SOAP and REST):
    /_sim/manual/delete {"invoiceNumber"}                  delete the booking(s) with that invoice number
    /_sim/manual/edit   {"invoiceNumber", "amountDelta"?, "vatCode"?, "ledger"?, "date"?}
                                                           change the first booking's first row (amount incl. VAT by amountDelta), or its date
    /_sim/manual/add    {"invoiceNumber", "date", "amount", "vatCode", "ledger"}
                                                           book a sales invoice by hand (amount incl. VAT, one row)
  Mijnwebwinkel, FactuurSturen:
    /_sim/manual/edit-document {"number", "amountDelta"}   change an order or invoice after it was booked
                                                           (first line and total incl. VAT by amountDelta; marked as changed)
`;

export const registerSimulate: CommandRegistration = (program, context) => {
  program
    .command('simulate')
    .description("serve a connector's simulator on loopback until stopped")
    .argument('<connector>', 'connector id')
    .addOption(new Option('--port <n>', "port to listen on (default the connector's own: e-Boekhouden 8080, Mijnwebwinkel 8081, ...; 0: any free port)").argParser(wholeNumber(0)))
    .option('--seed <file>', 'JSON seed: resource name -> raw API records')
    .addOption(new Option('--api <api>', 'which API the printed login and endpoint are for (e-Boekhouden serves both)').choices(['soap', 'rest']))
    .addHelpText('after', examples('simulate eboekhouden --port 8080', 'simulate eboekhouden --api rest --port 8080', 'simulate mijnwebwinkel --port 8081'))
    .addHelpText('after', MANUAL_ENDPOINTS)
    .action((id: string, options: { port?: number; seed?: string; api?: string }, command: Command) =>
      execute(command, () => (require('../commands/simulate-command') as typeof import('../commands/simulate-command')).simulateCommand(context.registry(), id, options)),
    );
};
