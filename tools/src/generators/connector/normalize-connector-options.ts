/**
 * Checks the generator's options and derives every name the templates use. Refuses, before any
 * file is written: a name that is not kebab-case, a name already taken (folder, nx project, path
 * alias or runner registration), an unknown kind or transport, and for --standalone a package name
 * npm would not take or a target folder inside this workspace or not empty.
 */
import { getProjects, names, readJson, type Tree } from '@nx/devkit';
import { CONTRACT_VERSION } from '@koppelwerk/core';
import { resolveStandaloneDirectory } from './standalone-directory';
import type { ConnectorGeneratorSchema } from './schema';

export const CONNECTOR_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
/** npm's rule for a package name: lower case, URL-safe, optionally scoped, at most 214 characters. */
const NPM_PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const MAX_PACKAGE_NAME_LENGTH = 214;
export const RUNNER_CONNECTORS_FILE = 'libs/runtime/src/connectors.ts';

export interface ConnectorOptions {
  /** The id: folder, nx project, manifest id, package `@koppelwerk/<id>`. */
  id: string;
  kind: 'source' | 'sink';
  /** How it talks to its API: axios (rest) or node-soap (soap). */
  transport: 'rest' | 'soap';
  /** A package of its own outside the workspace (true) or connectors/<id> in it (false). */
  standalone: boolean;
  /** Where the files go: `connectors/<id>` in the workspace, or the absolute target folder when standalone. */
  projectRoot: string;
  /** The package name: `@koppelwerk/<id>` in the workspace, `koppelwerk-connector-<id>` (or --packageName) when standalone. */
  importPath: string;
  /** What a tenant file and `koppelwerk simulate` name: the id in the workspace, the package name when standalone. */
  connectorRef: string;
  /** Where the sources sit, as a README shows it: `connectors/<id>/src` or `src`. */
  sourcePath: string;
  /** The contract the templates write into the manifest (CONTRACT_VERSION of @koppelwerk/core). */
  contractVersion: number;
  /** `acme-shop` */
  fileName: string;
  /** `AcmeShop` */
  className: string;
  /** `acmeShop` */
  propertyName: string;
  /** `ACME_SHOP` */
  constantName: string;
  /** `Acme Shop` */
  title: string;
  /** `acmeShopManifest` */
  manifestName: string;
}

export function normalizeConnectorOptions(tree: Tree, schema: ConnectorGeneratorSchema): ConnectorOptions {
  const id = String(schema.name ?? '').trim();
  if (!CONNECTOR_NAME.test(id) || id.length > MAX_NAME_LENGTH) {
    throw new Error(
      `"${id}" is not a usable connector name: use kebab-case, lower-case letters and digits, starting with a letter, at most ${MAX_NAME_LENGTH} characters (e.g. acme-shop).`,
    );
  }
  if (schema.kind !== 'source' && schema.kind !== 'sink') {
    throw new Error(`--kind must be source or sink (got "${schema.kind}").`);
  }
  const transport = schema.transport ?? 'rest';
  if (transport !== 'rest' && transport !== 'soap') throw new Error(`--transport must be rest or soap (got "${transport}").`);
  const standalone = schema.standalone === true;
  if (!standalone && (schema.directory !== undefined || schema.packageName !== undefined)) {
    throw new Error('--directory and --packageName go with --standalone (a package of its own outside this workspace); leave them out to create connectors/<name> here.');
  }

  // A standalone connector may not take a built-in connector's id either: the runner would see two.
  const builtIn = `connectors/${id}`;
  if (tree.exists(builtIn)) {
    throw new Error(
      standalone
        ? `Connector ${id} cannot be created: ${id} is the id of the connector in ${builtIn}. Pick another name.`
        : `Connector ${id} already exists: ${builtIn} is there. Pick another name.`,
    );
  }
  const n = names(id);
  const common = {
    id,
    kind: schema.kind,
    transport,
    standalone,
    contractVersion: CONTRACT_VERSION,
    fileName: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    title: schema.title?.trim() || id.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join(' '),
    manifestName: `${n.propertyName}Manifest`,
  };

  if (standalone) {
    const packageName = String(schema.packageName ?? `koppelwerk-connector-${id}`).trim();
    if (!NPM_PACKAGE_NAME.test(packageName) || packageName.length > MAX_PACKAGE_NAME_LENGTH) {
      throw new Error(
        `"${packageName}" is not a usable npm package name: lower-case letters, digits, "-", "." and "_", optionally in a scope (e.g. koppelwerk-connector-${id} or @acme/koppelwerk-${id}).`,
      );
    }
    if (packageName.startsWith('@koppelwerk/')) {
      throw new Error(`"${packageName}": the @koppelwerk scope belongs to Koppelwerk's own packages; use koppelwerk-connector-${id} or a scope of your own.`);
    }
    const directory = resolveStandaloneDirectory(tree.root, schema.directory);
    return { ...common, projectRoot: directory, importPath: packageName, connectorRef: packageName, sourcePath: 'src' };
  }

  const projectRoot = builtIn;
  const importPath = `@koppelwerk/${id}`;
  if (getProjects(tree).has(id)) throw new Error(`Connector ${id} cannot be created: the nx project name "${id}" is already taken. Pick another name.`);
  if (tree.exists('tsconfig.base.json')) {
    const paths = readJson(tree, 'tsconfig.base.json').compilerOptions?.paths ?? {};
    if (paths[importPath]) throw new Error(`Connector ${id} cannot be created: the path alias ${importPath} already exists in tsconfig.base.json.`);
  }
  if (tree.exists(RUNNER_CONNECTORS_FILE) && tree.read(RUNNER_CONNECTORS_FILE, 'utf-8')?.includes(`'${importPath}'`)) {
    throw new Error(`Connector ${id} cannot be created: ${RUNNER_CONNECTORS_FILE} already imports ${importPath}.`);
  }
  return { ...common, projectRoot, importPath, connectorRef: id, sourcePath: `${projectRoot}/src` };
}
