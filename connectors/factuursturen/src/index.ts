/** The connector's public entry: its manifest. The simulator has its own entry, `@koppelwerk/factuursturen/simulator`. */
export { factuursturenManifest, factuursturenManifest as manifest } from './factuursturen-manifest';
