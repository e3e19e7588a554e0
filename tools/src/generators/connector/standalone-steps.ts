/**
 * The first steps with a standalone connector package, written once: the generator prints them
 * (after `cd <folder>`) and its README shows the same two code blocks, so what it says and what the
 * README says cannot drift apart. tools/scripts/check-standalone-connector.sh runs the printed
 * lines verbatim. Every command runs as written, on a machine where the SDK is on no registry:
 *
 * - set up: `npm install` (the SDK from the package's sdk/ tarballs, the rest from the registry),
 *   its tests, its type-check, the TODO(api) markers;
 * - try it: a folder try/ in the package (left out of git and of what npm publishes) where
 *   Koppelwerk runs: the runner of the checkout the package was generated from and the package
 *   itself, both linked, so `npx koppelwerk` there loads the package by name from its sources.
 */
import * as path from 'node:path';
import type { ConnectorOptions } from './normalize-connector-options';
import { clientPackage, RUNTIME_PACKAGES } from './standalone-dependencies';
import { SDK_FOLDER } from './standalone-sdk';

export interface Step {
  command: string;
  comment: string;
}

export interface StandaloneSteps {
  /** In the package's folder: install, test, type-check. */
  setUp: Step[];
  /** From the package's folder on: a place where Koppelwerk runs with the package installed. */
  tryIt: Step[];
}

/** The folder in the package where Koppelwerk runs it while it is developed. */
export const TRY_FOLDER = 'try';

/** A path as a shell word: as it is when it needs no quoting, else in single quotes. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function standaloneSteps(options: ConnectorOptions, workspaceRoot: string): StandaloneSteps {
  const sdk = RUNTIME_PACKAGES.sdk.join(', ');
  return {
    setUp: [
      { command: 'npm install', comment: `the SDK (${sdk}) from ${SDK_FOLDER}/; ${clientPackage(options)}, jest, swc and TypeScript from the npm registry` },
      { command: 'npm test', comment: 'the conformance kit against its simulator, and the mapper tests' },
      { command: 'npm run typecheck', comment: 'tsc over src/, the tests included' },
      { command: 'grep -rn "TODO(api)" src', comment: 'the places to fill in for the real API' },
    ],
    tryIt: [
      { command: `mkdir -p ${TRY_FOLDER} && cd ${TRY_FOLDER}`, comment: 'where Koppelwerk runs it: tenant files, state (left out of git)' },
      { command: 'npm init -y', comment: 'a package.json of its own, so npm installs here' },
      {
        command: `npm install ${shellWord(path.join(workspaceRoot, 'runner'))} ..`,
        comment: 'Koppelwerk, from the checkout this package was generated from, and this package: both linked',
      },
      { command: 'npx koppelwerk connectors', comment: `lists ${options.connectorRef} 0.1.0, run from its TypeScript sources (no build needed)` },
    ],
  };
}

/** Steps as lines of a shell block, the comments lined up. */
export function renderSteps(steps: Step[], indent = ''): string {
  const width = Math.max(...steps.map((step) => step.command.length)) + 2;
  return steps.map((step) => `${indent}${step.command.padEnd(width)}# ${step.comment}`).join('\n');
}
