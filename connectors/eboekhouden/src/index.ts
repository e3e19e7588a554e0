/** The e-Boekhouden connector's public entry: its manifest. The simulator has its own entry, `@koppelwerk/eboekhouden/simulator`. */
export { eboekhoudenManifest, eboekhoudenManifest as manifest } from './eboekhouden-manifest';
