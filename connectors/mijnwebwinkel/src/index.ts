export { mijnwebwinkelManifest, mijnwebwinkelManifest as manifest } from './mijnwebwinkel-manifest';
// For other projects' tests and the demo: the simulator and its data generator.
export {
  MIJNWEBWINKEL_DEMO_CREDENTIALS,
  startMijnwebwinkelSimulator,
  type MijnwebwinkelSimulatorOptions,
  type RunningMijnwebwinkelSimulator,
} from './simulator/mijnwebwinkel-simulator';
export { BOOKED_DEMO_STATUSES, generateBookableOrders, generateOrders, type GenerateOrdersOptions, type GeneratedShop } from './simulator/generate-orders';
