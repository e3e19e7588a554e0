/**
 * The simulator's own entry, `@koppelwerk/werkbonapp/simulator`: the server and its demo data,
 * for `koppelwerk simulate`, the demo and other projects' tests. The connector's main entry never
 * loads it (the manifest requires it only when the simulator is started).
 */
export { WERKBONAPP_DEMO_CREDENTIALS } from '../werkbonapp-config';
export { startWerkbonappSimulator, type RunningWerkbonappSimulator, type WerkbonappSimulatorOptions } from './werkbonapp-simulator';
export { generateWorkOrders, DEMO_WORK_STATUSES, type GenerateWorkOrdersOptions } from './generate-work-data';
