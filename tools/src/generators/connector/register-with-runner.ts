/**
 * Adds the connector's manifest to the runner's registry (runner/src/connectors.ts): one import
 * after the last import, one entry in `new ConnectorRegistry([...])`.
 */
import type { Tree } from '@nx/devkit';
import { RUNNER_CONNECTORS_FILE, type ConnectorOptions } from './normalize-connector-options';

const REGISTRY_LIST = /new ConnectorRegistry\(\[([\s\S]*?)\]\)/;
const IMPORT_STATEMENT = /^import\s[\s\S]*?\sfrom\s+['"][^'"]+['"];?[ \t]*$/gm;

/** Throws, naming what to add by hand, when the runner file does not have the expected shape. */
export function registerWithRunner(tree: Tree, options: ConnectorOptions): void {
  const manual = `add \`import { ${options.manifestName} } from '${options.importPath}';\` and put ${options.manifestName} in the ConnectorRegistry list`;
  const text = tree.read(RUNNER_CONNECTORS_FILE, 'utf-8');
  if (text === null) throw new Error(`${RUNNER_CONNECTORS_FILE} not found: cannot register the connector (${manual}).`);
  const list = REGISTRY_LIST.exec(text);
  const imports = [...text.matchAll(IMPORT_STATEMENT)];
  if (!list || imports.length === 0) throw new Error(`${RUNNER_CONNECTORS_FILE} has no \`new ConnectorRegistry([...])\` to extend: ${manual}.`);

  const entries = list[1].split(',').map((entry) => entry.trim()).filter(Boolean);
  entries.push(options.manifestName);
  const multiline = list[1].includes('\n');
  const newList = multiline ? `new ConnectorRegistry([\n    ${entries.join(',\n    ')},\n  ])` : `new ConnectorRegistry([${entries.join(', ')}])`;
  const withList = text.slice(0, list.index) + newList + text.slice(list.index + list[0].length);

  const lastImport = imports[imports.length - 1];
  const at = (lastImport.index ?? 0) + lastImport[0].length;
  const importLine = `\nimport { ${options.manifestName} } from '${options.importPath}';`;
  tree.write(RUNNER_CONNECTORS_FILE, withList.slice(0, at) + importLine + withList.slice(at));
}
