/** `koppelwerk serve <tenant.yaml | dir> | --database`: the dashboard. */
import { Option, type Command } from 'commander';
import type { ServeOptions } from '../commands/serve-command';
import { DATABASE_URL_VARIABLE, databaseUrl, examples, execute, wholeNumber, type CommandRegistration } from './command-kit';

export const registerServe: CommandRegistration = (program, context) => {
  program
    .command('serve')
    .description('the dashboard: dots, errors tab, activity, runs and explain in the browser, with login (users in dashboard.yaml)')
    .argument('[config]', 'tenant YAML file or directory of them (leave out with --database)')
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port; 8090 leaves 8080-8084 to the simulators)').argParser(wholeNumber(0)).default(8090))
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE} when no config is given)`)
    .option('--users <file>', 'the dashboard.yaml with the users (default: next to the tenant files)')
    .option('--secure-cookies', 'mark the session cookie Secure (the dashboard is reached over HTTPS)')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy in front')
    .addOption(new Option('--language <lang>', 'language for people who have not chosen one').choices(['nl', 'en']))
    .addOption(new Option('--metrics-port <n>', 'also serve /metrics without login on this loopback port, for Prometheus').argParser(wholeNumber(0)))
    .option('--alerts <file>', "send alerts (webhook, e-mail) on red dots and open errors, from this file's alerts: section (default: the file KOPPELWERK_ALERTS names)")
    .option('--alerts-state <file>', 'where the alerts remember what they told (default ./state/alerts.json)')
    .addHelpText(
      'after',
      examples('serve tenants/ --port 8090  # every tenant file in tenants/; users in tenants/dashboard.yaml', 'serve shop.yaml --port 8091 --language en  # one tenant, in English; users in dashboard.yaml next to it'),
    )
    .action((config: string | undefined, options: ServeOptions, command: Command) =>
      execute(command, (output) => {
        const database = options.database !== undefined ? databaseUrl(options.database) : config === undefined && process.env[DATABASE_URL_VARIABLE] ? databaseUrl(undefined) : undefined;
        return (require('../commands/serve-command') as typeof import('../commands/serve-command')).serveCommand(context.registry(), config, { ...options, database }, output);
      }),
    );
};
