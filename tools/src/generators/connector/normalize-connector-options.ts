/**
 * Checks the generator's options and derives every name the templates use. Refuses, before any
 * file is written: a name that is not kebab-case, a name already taken (folder, nx project, path
 * alias or runner registration), an unknown kind or transport.
 */
import { getProjects, names, readJson, type Tree } from '@nx/devkit';
import type { ConnectorGeneratorSchema } from './schema';

export const CONNECTOR_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
export const RUNNER_CONNECTORS_FILE = 'runner/src/connectors.ts';

export interface ConnectorOptions {
  /** The id: folder, nx project, manifest id, package `@koppelwerk/<id>`. */
  id: string;
  kind: 'source' | 'sink';
  /** How it talks to its API: axios (rest) or node-soap (soap). */
  transport: 'rest' | 'soap';
  projectRoot: string;
  importPath: string;
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

  const projectRoot = `connectors/${id}`;
  const importPath = `@koppelwerk/${id}`;
  if (tree.exists(projectRoot)) throw new Error(`Connector ${id} already exists: ${projectRoot} is there. Pick another name.`);
  if (getProjects(tree).has(id)) throw new Error(`Connector ${id} cannot be created: the nx project name "${id}" is already taken. Pick another name.`);
  if (tree.exists('tsconfig.base.json')) {
    const paths = readJson(tree, 'tsconfig.base.json').compilerOptions?.paths ?? {};
    if (paths[importPath]) throw new Error(`Connector ${id} cannot be created: the path alias ${importPath} already exists in tsconfig.base.json.`);
  }
  if (tree.exists(RUNNER_CONNECTORS_FILE) && tree.read(RUNNER_CONNECTORS_FILE, 'utf-8')?.includes(`'${importPath}'`)) {
    throw new Error(`Connector ${id} cannot be created: ${RUNNER_CONNECTORS_FILE} already imports ${importPath}.`);
  }

  const n = names(id);
  return {
    id,
    kind: schema.kind,
    transport,
    projectRoot,
    importPath,
    fileName: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    title: schema.title?.trim() || id.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join(' '),
    manifestName: `${n.propertyName}Manifest`,
  };
}
