/**
 * The simulator's own entry, `@koppelwerk/eboekhouden/simulator`: the SOAP and REST server with its
 * demo administration, for `koppelwerk simulate`, the demo and other projects' tests. The
 * connector's main entry never loads it (the manifest requires it only when it is started).
 */
export { EBOEKHOUDEN_DEMO_CREDENTIALS, SOAP_PATH } from '../eboekhouden-config';
export { startEboekhoudenSimulator, type EboekhoudenSimulator, type EboekhoudenSimulatorOptions } from './eboekhouden-simulator';
export type { EboekhoudenSimState } from './sim-backend';
export type { SimAdministrationState } from './sim-administration';
export type { EboekhoudenSeed } from './sim-seed';
export type { ApiTokenSeed } from './rest-state';
export type { RestFaultSettings } from './rest-faults';
