// Runs this repository's TypeScript sources in a node process: `node -r tools/scripts/register-sources.js <file.ts>`
// (the `koppelwerk` command with KOPPELWERK_FROM_SOURCE=1 requires it too). @swc-node/register compiles the
// sources and points the static imports of @koppelwerk/* at their sources (tsconfig.base.json's paths);
// tsconfig-paths does the same for a `require()` a command makes when it runs (the CLI loads a program's
// package only then), so a process never mixes a package's sources with its compiled dist/.
const path = require('node:path');

const tsconfig = path.join(__dirname, '..', '..', 'tsconfig.base.json');
process.env.SWC_NODE_PROJECT ??= tsconfig;
require('@swc-node/register');
require('tsconfig-paths').register({ baseUrl: path.dirname(tsconfig), paths: require(tsconfig).compilerOptions.paths });
