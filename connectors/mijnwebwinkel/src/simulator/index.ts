/**
 * The simulator's own entry, `@koppelwerk/mijnwebwinkel/simulator`: the server and its demo data,
 * for `koppelwerk simulate`, the demo and other projects' tests. The connector's main entry never
 * loads it (the manifest requires it only when the simulator is started).
 */
export { MIJNWEBWINKEL_DEMO_CREDENTIALS } from '../mijnwebwinkel-config';
export { startMijnwebwinkelSimulator, type MijnwebwinkelSimulatorOptions, type RunningMijnwebwinkelSimulator } from './mijnwebwinkel-simulator';
export { BOOKED_DEMO_STATUSES, generateBookableOrders, generateOrders, type GenerateOrdersOptions, type GeneratedShop } from './generate-orders';
