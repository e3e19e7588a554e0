/** Public entry of the e-Boekhouden connector: its manifest, plus the simulator for other projects' tests. */
export { eboekhoudenManifest, eboekhoudenManifest as manifest } from './eboekhouden-manifest';
export { startEboekhoudenSimulator } from './simulator/eboekhouden-simulator';
export type { EboekhoudenSimulator, EboekhoudenSimulatorOptions } from './simulator/eboekhouden-simulator';
export type { EboekhoudenSimState } from './simulator/sim-backend';
export type { SimAdministrationState } from './simulator/sim-administration';
export type { EboekhoudenSeed } from './simulator/sim-seed';
export type { ApiTokenSeed } from './simulator/rest-state';
export type { RestFaultSettings } from './simulator/rest-faults';
