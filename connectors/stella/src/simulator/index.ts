/**
 * The simulator's own entry, `@koppelwerk/stella/simulator`: the server and its demo data, for
 * `koppelwerk simulate`, the demo and other projects' tests. The connector's main entry never loads
 * it (the manifest requires it only when the simulator is started).
 */
export { STELLA_DEMO_CREDENTIALS } from '../stella-config';
export { startStellaSimulator, type RunningStellaSimulator, type StellaSimulatorOptions } from './stella-simulator';
export { DEMO_CUSTOMERS, generateInvoices, stellaInvoice, type GenerateInvoicesOptions, type InvoiceOptions } from './generate-invoices';
