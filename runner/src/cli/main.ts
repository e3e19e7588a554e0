/**
 * The `koppelwerk` command. Every command reports in words, or as JSON with `--json`, and exits
 * with a documented code (see `ExitCode` in libs/core and docs/operations.md). Each command is a
 * registration in this folder that loads the command's code only when it runs, so `--help` starts at once.
 */
import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '@koppelwerk/core/errors';
import { COMMANDS, createCliContext, reportError } from './index';

export function buildProgram(): Command {
  const program = new Command('koppelwerk')
    .description('Books what a shop or app sells into e-Boekhouden.nl, exactly once, per tenant.')
    .option('--json', 'print the result as JSON')
    .addOption(
      new Option('--language <language>', 'the language of reasons and error lines: nl or en (default: Dutch when LC_ALL, LC_MESSAGES or LANG starts with nl, else English)').choices(['nl', 'en']),
    )
    .showHelpAfterError()
    .exitOverride();
  const context = createCliContext();
  for (const register of COMMANDS) register(program, context);
  return program;
}

/** `koppelwerk ... | head` closes the pipe early: stop quietly instead of crashing with EPIPE. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

export async function run(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 64.
      process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
      return;
    }
    const { Output } = require('@koppelwerk/runtime') as typeof import('@koppelwerk/runtime');
    process.exitCode = reportError(error, new Output(argv.includes('--json')));
  }
}

if (require.main === module) void run(process.argv);
