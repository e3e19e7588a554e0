/** The only place that knows every connector: the runner's registry. */
import { ConnectorRegistry } from '@koppelwerk/core';
import { eboekhoudenManifest } from '@koppelwerk/eboekhouden';
import { factuursturenManifest } from '@koppelwerk/factuursturen';
import { mijnwebwinkelManifest } from '@koppelwerk/mijnwebwinkel';
import { werkbonappManifest } from '@koppelwerk/werkbonapp';

export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry([mijnwebwinkelManifest, factuursturenManifest, werkbonappManifest, eboekhoudenManifest]);
}
