export { stellaManifest, stellaManifest as manifest } from './stella-manifest';
// For other projects' tests and the demo: the simulator and its data generator.
export { STELLA_DEMO_CREDENTIALS, startStellaSimulator, type RunningStellaSimulator, type StellaSimulatorOptions } from './simulator/stella-simulator';
export { DEMO_CUSTOMERS, generateInvoices, stellaInvoice, type GenerateInvoicesOptions, type InvoiceOptions } from './simulator/generate-invoices';
