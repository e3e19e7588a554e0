export { werkbonappManifest, werkbonappManifest as manifest } from './werkbonapp-manifest';
// For other projects' tests and the demo: the simulator and its data generator.
export {
  WERKBONAPP_DEMO_CREDENTIALS,
  startWerkbonappSimulator,
  type RunningWerkbonappSimulator,
  type WerkbonappSimulatorOptions,
} from './simulator/werkbonapp-simulator';
export { generateWorkOrders, DEMO_WORK_STATUSES, type GenerateWorkOrdersOptions } from './simulator/generate-work-data';
