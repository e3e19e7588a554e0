/** The connector's public entry: its manifest. The simulator has its own entry, `@koppelwerk/werkbonapp/simulator`. */
export { werkbonappManifest, werkbonappManifest as manifest } from './werkbonapp-manifest';
