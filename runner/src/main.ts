/**
 * The `koppelwerk` command. Every command reports in words, or as JSON with `--json`, and exits
 * with a documented code (see `ExitCode` in libs/core and docs/operations.md).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode, KoppelwerkError, ConfigurationError, describeError, exitCodeFor } from '@koppelwerk/core';
import { createRegistry } from './connectors';
import { Output } from './output';
import { UsageError } from './usage-error';
import { connectorsCommand } from './commands/connectors-command';
import { describeCommand } from './commands/describe-command';
import { initCommand } from './commands/init-command';
import { simulateCommand } from './commands/simulate-command';
import { checkCommand } from './commands/check-command';
import { demoCommand } from './commands/demo-command';
import { explainCommand } from './commands/explain-command';
import { syncCommand } from './commands/sync-command';
import { importCommand } from './commands/import-command';
import { disconnectCommand } from './commands/disconnect-command';
import { daemonCommand } from './commands/daemon-command';
import { errorsCommand, logCommand, retryCommand, statusCommand } from './commands/queue-commands';
import { tenantsAddCommand, tenantsListCommand, tenantsRemoveCommand } from './commands/tenants-command';
import { workerCommand } from './commands/worker-command';
import { enqueueCommand, serviceSyncCommand, WAIT_OPTION_HELP } from './commands/enqueue-command';
import { serviceStatusCommand } from './commands/service-status-command';
import { serveCommand } from './commands/serve-command';
import { hashPasswordCommand } from './commands/dashboard-command';
import { databaseUrl, DATABASE_URL_VARIABLE } from './service/tenant-table';

interface GlobalOptions {
  json?: boolean;
}

function outputFor(command: Command): Output {
  const options = command.optsWithGlobals<GlobalOptions>();
  return new Output(Boolean(options.json));
}

/** Runs a command body and turns its result or error into the exit code. */
async function execute(command: Command, body: (output: Output) => Promise<number> | number): Promise<void> {
  const output = outputFor(command);
  try {
    process.exitCode = await body(output);
  } catch (error) {
    process.exitCode = reportError(error, output);
  }
}

/** An option value that must be a whole number (at least `min`); anything else is wrong usage (64). */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return n;
  };
}

/**
 * Examples at the end of a command's --help. Each is a complete command line run against a tenant
 * file `shop.yaml`; a test runs them all (`# exit N` states an exit code other than 0).
 */
function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  koppelwerk ${line}`).join('\n')}\n`;
}

/** A port another process already listens on: wrong usage, with what to do. */
function portInUse(error: unknown): number | undefined {
  const e = error as { code?: unknown; port?: unknown } | null;
  return e && e.code === 'EADDRINUSE' ? (typeof e.port === 'number' ? e.port : -1) : undefined;
}

export function reportError(error: unknown, output: Output): number {
  if (error instanceof UsageError) {
    output.error(error.message, { class: 'usage' });
    return ExitCode.usage;
  }
  const port = portInUse(error);
  if (port !== undefined) {
    output.error(`${port >= 0 ? `port ${port}` : 'the port'} is in use; choose another with --port`, { class: 'usage', code: 'EADDRINUSE' });
    return ExitCode.usage;
  }
  if (error instanceof ConfigurationError) {
    output.error(error.message, { class: 'configuration', problems: error.problems });
    return ExitCode.configuration;
  }
  if (KoppelwerkError.is(error)) {
    output.error(describeError(error), { class: error.errorClass, code: error.code });
    return exitCodeFor(error.errorClass);
  }
  output.error(`internal error: ${describeError(error)}`, { class: 'internal' });
  return ExitCode.internal;
}

/** The service database a command is sent to: `--database`, or the variable when the argument is no file. */
function serviceDatabase(argument: string, option: string | undefined): string | undefined {
  if (option !== undefined) return databaseUrl(option);
  const fromEnv = process.env[DATABASE_URL_VARIABLE];
  return fromEnv && !existsSync(argument) ? fromEnv : undefined;
}

export function buildProgram(): Command {
  const registry = createRegistry();
  const program = new Command('koppelwerk')
    .description('Books what a shop or app sells into e-Boekhouden.nl, exactly once, per tenant.')
    .option('--json', 'print the result as JSON')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('demo')
    .description('start the simulators, book a demo webshop into e-Boekhouden, and show what was booked')
    .option('--dir <path>', 'where to write the demo tenant and its state (default: a new temp dir)')
    .addOption(new Option('--api <api>', "which e-Boekhouden API the demo books through (default soap)").choices(['soap', 'rest']))
    .addHelpText('after', examples('demo --dir demo  # keeps the demo tenant and its state in ./demo', 'demo --api rest  # books through the REST API'))
    .action((options: { dir?: string; api?: 'soap' | 'rest' }, command: Command) => execute(command, (output) => demoCommand(registry, options, output)));

  program
    .command('connectors')
    .description('list every connector this koppelwerk can use and where each comes from (built in, or package@version), and installed connector packages it refuses')
    .addHelpText('after', examples('connectors  # as a tenant file in this folder sees them', 'connectors --json'))
    .action((_options, command: Command) => execute(command, (output) => connectorsCommand(registry, output)));

  program
    .command('describe')
    .description("list the connectors, or show one connector's settings (--json: its JSON Schema)")
    .argument('[connector]', 'connector id, or the name of an installed connector package')
    .addHelpText('after', examples('describe  # every connector', 'describe eboekhouden --json  # its settings as a JSON Schema'))
    .action((id: string | undefined, _options, command: Command) => execute(command, (output) => describeCommand(registry, id, output)));

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
      execute(command, (output) => initCommand(registry, { ...options, file: options.file ?? `${options.tenant}.yaml` }, output)),
    );

  program
    .command('simulate')
    .description("serve a connector's simulator on loopback until stopped")
    .argument('<connector>', 'connector id')
    .addOption(new Option('--port <n>', "port to listen on (default the connector's own: e-Boekhouden 8080, Mijnwebwinkel 8081, ...; 0: any free port)").argParser(wholeNumber(0)))
    .option('--seed <file>', 'JSON seed: resource name -> raw API records')
    .addOption(new Option('--api <api>', 'which API the printed login and endpoint are for (e-Boekhouden serves both)').choices(['soap', 'rest']))
    .addHelpText('after', examples('simulate eboekhouden --port 8080', 'simulate eboekhouden --api rest --port 8080', 'simulate mijnwebwinkel --port 8081'))
    .action((id: string, options: { port?: number; seed?: string; api?: string }, command: Command) =>
      execute(command, () => simulateCommand(registry, id, options)),
    );

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
        return url ? enqueueCommand(url, file, 'check', output, {}, { wait: options.wait }) : checkCommand(registry, file, output);
      }),
    );

  program
    .command('sync')
    .description('one batch now: read, map and book every new document exactly once')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `let a service worker run it (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--dry-run', 'fetch and map, show what would be sent and every mapping gap, write nothing')
    .option('--from <date>', 'export documents dated from this day (YYYY-MM-DD); the cursor stays put')
    .option('--to <date>', 'up to and including this day')
    .addOption(new Option('--concurrency <n>', 'sink writes in flight at once').argParser(wholeNumber(1)))
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText('after', examples('sync shop.yaml --dry-run  # a table of what would be booked; writes nothing', 'sync shop.yaml', 'sync shop.yaml --from 2025-01-01 --to 2025-01-31  # a date range again; the cursor stays'))
    .action((file: string, options: { database?: string; dryRun?: boolean; from?: string; to?: string; concurrency?: number; wait?: number }, command: Command) =>
      execute(command, (output) => {
        const url = serviceDatabase(file, options.database);
        if (!url) return syncCommand(registry, file, options, output);
        if (options.concurrency) throw new UsageError("--concurrency is the worker's for a service tenant (`koppelwerk worker --concurrency`)");
        return serviceSyncCommand(registry, url, file, options, output);
      }),
    );

  program
    .command('import')
    .description('the import direction: relations, materials and hour types from the bookkeeping into the source (WerkbonApp)')
    .argument('<config>', 'tenant YAML file')
    .addHelpText('after', examples('import werkbon.yaml  # a WerkbonApp tenant'))
    .action((file: string, _options, command: Command) => execute(command, (output) => importCommand(registry, file, output)));

  program
    .command('explain')
    .description('for one document: which mapping rule produced each part of its booking')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .argument('<document>', "the source's key of the document (the order or invoice number)")
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .addHelpText('after', examples('explain shop.yaml 1001', 'explain shop.yaml sales-order:1001 --json'))
    .action((file: string, key: string, options: { database?: string }, command: Command) =>
      execute(command, (output) => explainCommand(registry, file, key, output, serviceDatabase(file, options.database))),
    );

  program
    .command('errors')
    .description('the errors tab: parked documents with their reason, attempts and age')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--class <class>', 'only this error class (record, rejected, ...)')
    .addHelpText('after', examples('errors shop.yaml', 'errors shop.yaml --class record'))
    .action((file: string, options: { database?: string; class?: string }, command: Command) =>
      execute(command, (output) => errorsCommand(registry, file, { ...options, database: serviceDatabase(file, options.database) }, output)),
    );

  program
    .command('retry')
    .description('reprocess parked documents through the same exactly-once path')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .argument('[ids...]', 'error ids from `koppelwerk errors`')
    .option('--database <url>', `let a service worker retry them (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--all', 'every parked document')
    .option('--class <class>', 'every parked document of this error class')
    .option('--refetch', 'fetch the documents from the source again first')
    .addOption(new Option('--wait <seconds>', WAIT_OPTION_HELP).argParser(wholeNumber(1)))
    .addHelpText('after', examples('retry shop.yaml 1 2  # these entries of `koppelwerk errors`', 'retry shop.yaml --class record', 'retry shop.yaml --all --refetch'))
    .action((file: string, ids: string[], options: { database?: string; all?: boolean; class?: string; refetch?: boolean; wait?: number }, command: Command) =>
      execute(command, (output) => retryCommand(registry, file, ids, { ...options, database: serviceDatabase(file, options.database) }, output)),
    );

  program
    .command('status')
    .description('the dots, the last run, the next scheduled run and the error queue; with --database every tenant of the service')
    .argument('[config]', 'tenant YAML file (leave out with --database)')
    .option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE})`)
    .addHelpText('after', examples('status shop.yaml', 'status shop.yaml --json'))
    .action((file: string | undefined, options: { database?: string }, command: Command) =>
      execute(command, (output) => {
        if (file !== undefined && options.database === undefined) return statusCommand(registry, file, output);
        if (file !== undefined) throw new UsageError('give a tenant file or --database, not both');
        if (options.database === undefined && !process.env[DATABASE_URL_VARIABLE]) {
          throw new UsageError(`give a tenant file, or --database <url> (or ${DATABASE_URL_VARIABLE}) for every tenant of the service`);
        }
        return serviceStatusCommand(databaseUrl(options.database), output);
      }),
    );

  const tenants = program
    .command('tenants')
    .description("the service's tenants in its PostgreSQL database: add, list, remove");
  const databaseOption = () => new Option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE})`);
  tenants
    .command('add')
    .description('validate a tenant file (secrets as ${env:..} or ${file:..} references) and store it with its schedule')
    .argument('<config>', 'tenant YAML file')
    .addOption(databaseOption())
    .action((file: string, options: { database?: string }, command: Command) =>
      execute(command, (output) => tenantsAddCommand(registry, databaseUrl(options.database), file, output)),
    );
  tenants
    .command('list')
    .description('every tenant in the database with its schedule')
    .addOption(databaseOption())
    .action((options: { database?: string }, command: Command) => execute(command, (output) => tenantsListCommand(databaseUrl(options.database), output)));
  tenants
    .command('remove')
    .description("remove a tenant and its schedule; its state stays unless --purge")
    .argument('<name>', 'tenant name')
    .addOption(databaseOption())
    .option('--purge', "also delete the tenant's state (ledger, errors, activity, runs)")
    .action((name: string, options: { database?: string; purge?: boolean }, command: Command) =>
      execute(command, (output) => tenantsRemoveCommand(databaseUrl(options.database), name, options, output)),
    );

  program
    .command('worker')
    .description("take tenant runs from the service's queue until SIGTERM/SIGINT (any number of workers, on any hosts)")
    .addOption(databaseOption())
    .addOption(new Option('--concurrency <n>', 'tenant runs at once in this worker (default 2)').argParser(wholeNumber(1)))
    .addOption(new Option('--stop-within <seconds>', 'on SIGTERM, how long runs may take to finish (default 30)').argParser(wholeNumber(0)))
    .option('--log-dir <path>', "where the tenants' log files go (default ./logs)")
    .addOption(new Option('--metrics-port <n>', 'serve Prometheus metrics at http://127.0.0.1:<n>/metrics (0: any free port)').argParser(wholeNumber(0)))
    .action((options: { database?: string; concurrency?: number; stopWithin?: number; logDir?: string; metricsPort?: number }, command: Command) =>
      execute(command, () => workerCommand(registry, databaseUrl(options.database), options)),
    );

  program
    .command('log')
    .description('the activity log: per document and per relation what happened')
    .argument('<config>', 'tenant YAML file (with --database: the tenant name)')
    .option('--database <url>', `a service tenant (default ${DATABASE_URL_VARIABLE} when <config> is no file)`)
    .option('--document <key>', 'only this document (e.g. sales-order:1001)')
    .addOption(new Option('--limit <n>', 'newest entries to show').argParser(wholeNumber(1)).default(50))
    .addHelpText('after', examples('log shop.yaml', 'log shop.yaml --document sales-order:1001', 'log shop.yaml --document 1001 --limit 10'))
    .action((file: string, options: { database?: string; document?: string; limit?: number }, command: Command) =>
      execute(command, (output) => logCommand(registry, file, { ...options, database: serviceDatabase(file, options.database) }, output)),
    );

  program
    .command('daemon')
    .description('run every tenant file in a directory on its own cadence until SIGTERM/SIGINT (JSON log lines on stdout)')
    .argument('<config-dir>', 'directory of tenant YAML files')
    .addOption(new Option('--check-every <minutes>', 'minutes between connection checks (default 15, or koppelwerk.yaml in the directory)').argParser(wholeNumber(1)))
    .addOption(new Option('--max-parallel <n>', 'tenant runs and checks in flight at once (default 4 per CPU core, 4 to 32, or koppelwerk.yaml)').argParser(wholeNumber(1)))
    .addOption(new Option('--stop-within <seconds>', 'on SIGTERM, how long runs may take to finish their documents (default 30, or koppelwerk.yaml)').argParser(wholeNumber(0)))
    .option('--run-at-start', 'run every tenant once at start-up, then on its cadence')
    .addOption(new Option('--metrics-port <n>', 'serve Prometheus metrics at http://127.0.0.1:<n>/metrics (0: any free port)').argParser(wholeNumber(0)))
    .addHelpText('after', examples('daemon tenants/ --run-at-start'))
    .action((directory: string, options: { checkEvery?: number; maxParallel?: number; stopWithin?: number; runAtStart?: boolean; metricsPort?: number }, command: Command) =>
      execute(command, () => daemonCommand(registry, directory, options)),
    );

  program
    .command('disconnect')
    .description("forget one side's credentials and state for a tenant (lists what it removes; --yes removes it)")
    .argument('<config>', 'tenant YAML file')
    .addOption(new Option('--side <side>', 'which side to disconnect').choices(['source', 'sink']).makeOptionMandatory())
    .option('--yes', 'really remove it (without: only list what would be removed, exit code 64)')
    .addHelpText('after', examples('disconnect shop.yaml --side sink  # lists what it would remove; exit 64'))
    .action((file: string, options: { side: string; yes?: boolean }, command: Command) =>
      execute(command, (output) => disconnectCommand(registry, file, options, output)),
    );

  program
    .command('serve')
    .description('the dashboard: dots, errors tab, activity, runs and explain in the browser, with login (users in dashboard.yaml)')
    .argument('[config]', 'tenant YAML file or directory of them (leave out with --database)')
    .addOption(new Option('--port <n>', "port to listen on (0: any free port; 8090 leaves 8080-8084 to the simulators)").argParser(wholeNumber(0)).default(8090))
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE} when no config is given)`)
    .option('--users <file>', 'the dashboard.yaml with the users (default: next to the tenant files)')
    .option('--secure-cookies', 'mark the session cookie Secure (the dashboard is reached over HTTPS)')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy in front')
    .addOption(new Option('--language <lang>', 'language for people who have not chosen one').choices(['nl', 'en']))
    .addOption(new Option('--metrics-port <n>', 'also serve /metrics without login on this loopback port, for Prometheus').argParser(wholeNumber(0)))
    .option('--alerts <file>', 'send alerts (webhook, e-mail) on red dots and open errors, from this file\'s alerts: section (default: the file KOPPELWERK_ALERTS names)')
    .option('--alerts-state <file>', 'where the alerts remember what they told (default ./state/alerts.json)')
    .addHelpText(
      'after',
      examples('serve tenants/ --port 8090  # every tenant file in tenants/; users in tenants/dashboard.yaml', 'serve shop.yaml --port 8091 --language en  # one tenant, in English; users in dashboard.yaml next to it'),
    )
    .action((config: string | undefined, options: { port: number; host?: string; database?: string; users?: string; secureCookies?: boolean; trustProxy?: boolean; language?: 'nl' | 'en'; metricsPort?: number; alerts?: string; alertsState?: string }, command: Command) =>
      execute(command, (output) => {
        const database = options.database !== undefined ? databaseUrl(options.database) : config === undefined && process.env[DATABASE_URL_VARIABLE] ? databaseUrl(undefined) : undefined;
        return serveCommand(registry, config, { ...options, database }, output);
      }),
    );

  program
    .command('dashboard')
    .description("the dashboard's users")
    .command('hash-password')
    .description('read a password from stdin and print its scrypt hash for dashboard.yaml')
    .action((_options, command: Command) => execute(command, (output) => hashPasswordCommand(output)));

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
    process.exitCode = reportError(error, new Output(argv.includes('--json')));
  }
}

if (require.main === module) void run(process.argv);
