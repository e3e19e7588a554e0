/** The connector's public entry: its manifest. The simulator has its own entry, `@koppelwerk/stella/simulator`. */
export { stellaManifest, stellaManifest as manifest } from './stella-manifest';
