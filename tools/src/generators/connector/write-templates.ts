/**
 * Renders the connector's templates into a tree, later folders adding to earlier ones: files/common
 * (every connector), files/<kind> (both transports), files/<transport>/common and
 * files/<transport>/<kind> (client, source or sink, simulator; for soap also the contract), then the
 * layout: files/workspace (nx project, tsconfig on the workspace's, jest on its preset, and
 * src/index.spec.ts: the built main entry loads no simulator file) or
 * files/standalone (tsconfig, jest and .gitignore of its own; package.json is written in code).
 * `extra` adds what only one layout's templates use (the standalone README's steps).
 */
import { generateFiles, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import type { ConnectorOptions } from './normalize-connector-options';

export function writeTemplates(
  tree: Tree,
  options: ConnectorOptions,
  root: string,
  layout: 'workspace' | 'standalone',
  extra: Record<string, unknown> = {},
): void {
  const substitutions = { ...options, ...extra, tmpl: '', dot: '.' };
  for (const folder of [['common'], [options.kind], [options.transport, 'common'], [options.transport, options.kind], [layout]]) {
    generateFiles(tree, path.join(__dirname, 'files', ...folder), root, substitutions);
  }
}
