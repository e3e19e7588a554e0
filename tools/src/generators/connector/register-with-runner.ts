/**
 * Adds the connector to the runner's built-in connectors (libs/runtime/src/connectors.ts): one
 * `import * as <camel> from '@koppelwerk/<id>';` after the last such import, and one
 * `{ packageName: '@koppelwerk/<id>', exports: <camel> }` entry at the end of BUILT_IN_CONNECTORS.
 */
import type { Tree } from '@nx/devkit';
import { RUNNER_CONNECTORS_FILE, type ConnectorOptions } from './normalize-connector-options';

const BUILT_IN_LIST = /(export const BUILT_IN_CONNECTORS\b[^=]*=\s*\[)([\s\S]*?)(\];)/;
const NAMESPACE_IMPORT = /^import \* as \w+ from ['"][^'"]+['"];?[ \t]*$/gm;
const ANY_IMPORT = /^import\s[\s\S]*?\sfrom\s+['"][^'"]+['"];?[ \t]*$/gm;

/** Throws, naming what to add by hand, when the runner file does not have the expected shape. */
export function registerWithRunner(tree: Tree, options: ConnectorOptions): void {
  const importLine = `import * as ${options.propertyName} from '${options.importPath}';`;
  const entry = `{ packageName: '${options.importPath}', exports: ${options.propertyName} }`;
  const manual = `add \`${importLine}\` and \`${entry},\` to BUILT_IN_CONNECTORS`;
  const text = tree.read(RUNNER_CONNECTORS_FILE, 'utf-8');
  if (text === null) throw new Error(`${RUNNER_CONNECTORS_FILE} not found: cannot register the connector (${manual}).`);
  const list = BUILT_IN_LIST.exec(text);
  const namespaceImports = [...text.matchAll(NAMESPACE_IMPORT)];
  const imports = namespaceImports.length > 0 ? namespaceImports : [...text.matchAll(ANY_IMPORT)];
  if (!list || imports.length === 0) throw new Error(`${RUNNER_CONNECTORS_FILE} has no \`export const BUILT_IN_CONNECTORS = [...]\` to extend: ${manual}.`);

  const [whole, opening, body, closing] = list;
  let newBody: string;
  if (body.includes('\n')) {
    // One entry a line: the new one goes last, indented as the others.
    const indent = /\n([ \t]*)\S/.exec(body)?.[1] ?? '  ';
    const trimmed = body.replace(/\s*$/, '');
    const separator = trimmed === '' || trimmed.endsWith(',') ? '' : ',';
    newBody = `${trimmed}${separator}\n${indent}${entry},\n`;
  } else {
    const trimmed = body.trim().replace(/,$/, '');
    newBody = trimmed === '' ? entry : `${trimmed}, ${entry}`;
  }
  const withList = text.slice(0, list.index) + opening + newBody + closing + text.slice(list.index + whole.length);

  const lastImport = imports[imports.length - 1];
  const at = (lastImport.index ?? 0) + lastImport[0].length;
  tree.write(RUNNER_CONNECTORS_FILE, `${withList.slice(0, at)}\n${importLine}${withList.slice(at)}`);
}
