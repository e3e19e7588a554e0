/** The only place that knows every connector: the runner's registry. */
import { ConnectorRegistry } from '@koppelwerk/core';
import { eboekhoudenManifest } from '@koppelwerk/eboekhouden';
import { mijnwebwinkelManifest } from '@koppelwerk/mijnwebwinkel';

export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry([mijnwebwinkelManifest, eboekhoudenManifest]);
}
