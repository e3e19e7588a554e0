/**
 * The simulator's own entry, `@koppelwerk/factuursturen/simulator`: the server and its demo data,
 * for `koppelwerk simulate`, the demo and other projects' tests. The connector's main entry never
 * loads it (the manifest requires it only when the simulator is started).
 */
export { FACTUURSTUREN_DEMO_CREDENTIALS } from '../factuursturen-config';
export { startFactuursturenSimulator, type FactuursturenSimulatorOptions, type RunningFactuursturenSimulator } from './factuursturen-simulator';
export { generateInvoices, type GenerateInvoicesOptions, type GeneratedAccount } from './generate-invoices';
