/**
 * Every command of `koppelwerk`, in the order `--help` lists them. A new command is a file here
 * that exports its registration (see command-kit.ts), and a line below.
 */
import { registerCheck } from './check';
import type { CommandRegistration } from './command-kit';
import { registerConnectors } from './connectors';
import { registerDaemon } from './daemon';
import { registerDashboard } from './dashboard';
import { registerDemo } from './demo';
import { registerDescribe } from './describe';
import { registerDisconnect } from './disconnect';
import { registerErrors } from './errors';
import { registerExplain } from './explain';
import { registerImport } from './import';
import { registerInit } from './init';
import { registerLog } from './log';
import { registerReconcile } from './reconcile';
import { registerRetry } from './retry';
import { registerSecrets } from './secrets';
import { registerServe } from './serve';
import { registerSimulate } from './simulate';
import { registerStatus } from './status';
import { registerSync } from './sync';
import { registerTenants } from './tenants';
import { registerWorker } from './worker';

export { createCliContext, reportError, type CliContext, type CommandRegistration } from './command-kit';

export const COMMANDS: readonly CommandRegistration[] = [
  registerDemo,
  registerConnectors,
  registerDescribe,
  registerInit,
  registerSimulate,
  registerCheck,
  registerSync,
  registerImport,
  registerExplain,
  registerErrors,
  registerRetry,
  registerReconcile,
  registerStatus,
  registerTenants,
  registerWorker,
  registerLog,
  registerDaemon,
  registerDisconnect,
  registerSecrets,
  registerServe,
  registerDashboard,
];
