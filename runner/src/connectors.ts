/** The only place that knows every connector: the runner's registry. */
import { ConnectorRegistry } from '@koppelwerk/core';
import { eboekhoudenManifest } from '@koppelwerk/eboekhouden';
import { factuursturenManifest } from '@koppelwerk/factuursturen';
import { mijnwebwinkelManifest } from '@koppelwerk/mijnwebwinkel';
import { stellaManifest } from '@koppelwerk/stella';
import { werkbonappManifest } from '@koppelwerk/werkbonapp';

export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry([mijnwebwinkelManifest, factuursturenManifest, werkbonappManifest, stellaManifest, eboekhoudenManifest]);
}
