/** The connector's public entry: its manifest. The simulator has its own entry, `@koppelwerk/mijnwebwinkel/simulator`. */
export { mijnwebwinkelManifest, mijnwebwinkelManifest as manifest } from './mijnwebwinkel-manifest';
