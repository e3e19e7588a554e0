export { factuursturenManifest, factuursturenManifest as manifest } from './factuursturen-manifest';
// For other projects' tests and the demo: the simulator and its data generator.
export {
  FACTUURSTUREN_DEMO_CREDENTIALS,
  startFactuursturenSimulator,
  type FactuursturenSimulatorOptions,
  type RunningFactuursturenSimulator,
} from './simulator/factuursturen-simulator';
export { generateInvoices, type GenerateInvoicesOptions, type GeneratedAccount } from './simulator/generate-invoices';
