/** `koppelwerk secrets encrypt|rotate-key`: secrets encrypted at rest in tenant files and the service's tenants table. */
import type { Command } from 'commander';
import { DATABASE_URL_VARIABLE, databaseOption, execute, type CommandRegistration } from './command-kit';

const commands = () => require('../commands/secrets-command') as typeof import('../commands/secrets-command');

export const registerSecrets: CommandRegistration = (program) => {
  const secrets = program.command('secrets').description('secrets encrypted at rest: encrypt one for a tenant file, rotate the key');
  secrets
    .command('encrypt')
    .description('read one secret from stdin and print the ${encrypted:..} reference to write in a tenant file (makes the key file on first use)')
    .addHelpText(
      'after',
      [
        '',
        'The secret is read from stdin, never from the command line (which shell history keeps); in a',
        'terminal it is typed without being shown. The key: KOPPELWERK_SECRET_KEY, else the key file',
        'KOPPELWERK_SECRET_KEY_FILE (default $XDG_CONFIG_HOME/koppelwerk/secret.key, ~/.config/...).',
        '',
        'Examples:',
        '  koppelwerk secrets encrypt < token.txt',
        '  printf "%s" "$MIJNWEBWINKEL_TOKEN" | koppelwerk secrets encrypt',
        '',
      ].join('\n'),
    )
    .action((_options: unknown, command: Command) => execute(command, (output) => commands().secretsEncryptCommand(output)));
  secrets
    .command('rotate-key')
    .description('make a new key and re-encrypt every ${encrypted:..} secret of the tenant files (and the service database) with it; the old key is removed at the end')
    .argument('[paths...]', 'tenant files, or directories of them: every file that holds a secret of the old key')
    .addOption(databaseOption())
    .addHelpText(
      'after',
      [
        '',
        'A rotation that stops halfway leaves every secret readable: the key file holds the new key and',
        'the old ones until the end; run it again. With KOPPELWERK_SECRET_KEY the new key comes from',
        'KOPPELWERK_NEW_SECRET_KEY; swap the two variables afterwards.',
        '',
        'Examples:',
        '  koppelwerk secrets rotate-key tenants/',
        '  koppelwerk secrets rotate-key --database postgres://koppelwerk@db/koppelwerk',
        '',
      ].join('\n'),
    )
    .action((paths: string[], options: { database?: string }, command: Command) =>
      execute(command, (output) => commands().secretsRotateKeyCommand(paths, { database: options.database ?? process.env[DATABASE_URL_VARIABLE] }, output)),
    );
};
