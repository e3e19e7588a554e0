/**
 * The Koppelwerk SDK a standalone connector builds and tests on is not on any registry. The package
 * carries it: the generator packs the workspace's @koppelwerk/core and @koppelwerk/testing (their
 * compiled dist/, with tools/scripts/pack-sdk.sh, the script behind `npm run pack:sdk`) into the
 * package's sdk/ folder, and its devDependencies name those tarballs (`file:sdk/...`). So a plain
 * `npm install` in the package installs the SDK from its own folder, on any machine, and asks the
 * registry only for the rest.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package's folder for the SDK tarballs (committed with the connector's sources). */
export const SDK_FOLDER = 'sdk';

/** The workspace folder of each SDK package a standalone connector needs. */
export const SDK_PACKAGE_FOLDERS: Record<'@koppelwerk/core' | '@koppelwerk/testing', string> = {
  '@koppelwerk/core': 'libs/core',
  '@koppelwerk/testing': 'libs/testing',
};
export type SdkPackage = keyof typeof SDK_PACKAGE_FOLDERS;

/** The file `npm pack` writes for a package: `@koppelwerk/core` 0.1.0 -> `koppelwerk-core-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** The package.json spec of an SDK package carried in sdk/: `file:sdk/koppelwerk-core-0.1.0.tgz`. */
export function sdkSpec(name: SdkPackage, version: string): string {
  return `file:${SDK_FOLDER}/${tarballName(name, version)}`;
}

/**
 * Refuses, before anything is written, when the workspace's SDK is not built (nothing to pack) or
 * was built from other sources than the generator's: a core whose CONTRACT_VERSION differs from the
 * one the templates write into the manifest would not type-check the connector it came with.
 */
export function assertSdkBuilt(workspaceRoot: string, contractVersion: number): void {
  const unbuilt = Object.values(SDK_PACKAGE_FOLDERS).filter((folder) => !fs.existsSync(path.join(workspaceRoot, folder, 'dist', 'index.js')));
  if (unbuilt.length > 0) {
    throw new Error(
      `--standalone packs the Koppelwerk SDK into the new package, but ${unbuilt.map((folder) => `${folder}/dist`).join(' and ')} ${unbuilt.length > 1 ? 'are' : 'is'} not built. Run \`npm run build\` at the repository root (${workspaceRoot}) first.`,
    );
  }
  const compiled = path.join(workspaceRoot, SDK_PACKAGE_FOLDERS['@koppelwerk/core'], 'dist', 'contract-version.js');
  const built = fs.existsSync(compiled) ? /CONTRACT_VERSION = (\d+)/.exec(fs.readFileSync(compiled, 'utf8'))?.[1] : undefined;
  if (built !== String(contractVersion)) {
    throw new Error(
      `libs/core/dist is older than its sources (it says contract version ${built ?? 'nothing'}, the sources ${contractVersion}): run \`npm run build\` at the repository root (${workspaceRoot}) first.`,
    );
  }
}

/**
 * Packs the SDK packages into `<target>/sdk` with tools/scripts/pack-sdk.sh and checks that the
 * tarballs are the files package.json names. Returns their paths relative to `target`.
 */
export function packSdkInto(workspaceRoot: string, target: string, expected: Record<SdkPackage, string>): string[] {
  const script = path.join(workspaceRoot, 'tools', 'scripts', 'pack-sdk.sh');
  const destination = path.join(target, SDK_FOLDER);
  let output: string;
  try {
    output = execFileSync('bash', [script, destination, ...Object.keys(expected)], { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`Packing the Koppelwerk SDK into ${destination} failed: ${stderr || (error as Error).message}`);
  }
  const written = output.split('\n').filter(Boolean).map((file) => path.relative(target, file));
  const wanted = Object.values(expected).map((spec) => spec.replace(/^file:/, ''));
  const missing = wanted.filter((file) => !written.includes(file));
  if (missing.length > 0) {
    throw new Error(`tools/scripts/pack-sdk.sh wrote ${written.join(', ') || 'nothing'} into ${destination}, not ${missing.join(', ')} as package.json names them.`);
  }
  return written;
}
