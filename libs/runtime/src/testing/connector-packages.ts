/**
 * Connector packages written into a folder's node_modules for tests of the loader: plain JavaScript,
 * as `npm install` would leave a published one. One works (a source of a fixed list of sales whose
 * config has a secret), the others are broken in one way each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type PackageFlaw = 'none' | 'throws-on-load' | 'other-contract' | 'no-manifest' | 'unbound' | 'bad-manifest';

export interface ConnectorPackageOptions {
  name: string;
  version?: string;
  id?: string;
  flaw?: PackageFlaw;
}

/** Writes the package into `<folder>/node_modules/<name>`; returns its folder. */
export function writeConnectorPackage(folder: string, options: ConnectorPackageOptions): string {
  const root = join(folder, 'node_modules', ...options.name.split('/'));
  mkdirSync(root, { recursive: true });
  const packageJson = { name: options.name, version: options.version ?? '1.2.3', main: 'lib/index.js', keywords: ['koppelwerk-connector'] };
  writeFileSync(join(root, 'package.json'), JSON.stringify(packageJson, null, 2));
  mkdirSync(join(root, 'lib'), { recursive: true });
  writeFileSync(join(root, 'lib', 'index.js'), entrySource(options.id ?? 'fixture-shop', options.flaw ?? 'none'));
  return root;
}

function entrySource(id: string, flaw: PackageFlaw): string {
  if (flaw === 'throws-on-load') return `throw new Error('the fixture connector cannot start: FIXTURE_REGION is not set');\n`;
  if (flaw === 'no-manifest') return `exports.connector = {};\n`;
  const contractVersion = flaw === 'other-contract' ? 2 : 1;
  const capabilities = flaw === 'bad-manifest' ? `['read', 'teleport']` : `['read']`;
  const binding = flaw === 'unbound' ? '' : `bind(core.ShopSource).toConstantValue(new FixtureSource(config));`;
  return `'use strict';
const core = require('@koppelwerk/core');
const { ContainerModule } = require('inversify');
const { z } = require('zod');

const configSchema = z.object({ endpoint: z.string().optional(), apiKey: core.secret(z.string().min(8)) }).strict();

class FixtureSource {
  constructor(config) { this.config = config; }
  async check() { return { ok: true, message: 'fixture reachable' }; }
  async *read() {}
}

exports.manifest = core.defineConnector({
  contractVersion: ${contractVersion},
  id: '${id}',
  kind: 'source',
  title: 'Fixture shop',
  description: 'A connector package for the loader tests.',
  capabilities: ${capabilities},
  configSchema,
  exampleConfig: { apiKey: 'fixture-example-key' },
  createModule(config) {
    return new ContainerModule(({ bind }) => { ${binding} });
  },
});
// What the package was given, for the test that the runner shares its own instances.
exports.given = { core, z };
`;
}
