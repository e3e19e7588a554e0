#!/usr/bin/env node
// The `koppelwerk` command. Runs the compiled runner (built by `npm ci` through the root
// `prepare` script). KOPPELWERK_FROM_SOURCE=1 runs the TypeScript sources instead (development).
const path = require('node:path');
const fs = require('node:fs');

// V8 favours memory over speed: a 100,000-order sync stays near 120 MB instead of growing its heap
// to twice that, at no throughput cost we could measure (docs/performance.md, `npm run bench -- e2e`).
require('node:v8').setFlagsFromString('--optimize-for-size');

const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (process.env.KOPPELWERK_FROM_SOURCE === '1' || !fs.existsSync(compiled)) {
  require(path.join(__dirname, '..', '..', 'tools', 'scripts', 'register-sources.js'));
  require('../src/cli/main.ts').run(process.argv);
} else {
  require(compiled).run(process.argv);
}
