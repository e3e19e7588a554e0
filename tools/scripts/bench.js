#!/usr/bin/env node
// `npm run bench [-- <name>...]`: runs benchmarks (never tests). A benchmark is a file
// `<project>/bench/<name>.bench.ts`; it prints its figures and writes them to bench-results/<name>.json.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const found = new Map();
for (const group of ['libs', 'connectors', 'runner']) {
  const base = path.join(root, group);
  if (!fs.existsSync(base)) continue;
  const projects = group === 'runner' ? [base] : fs.readdirSync(base).map((d) => path.join(base, d));
  for (const project of projects) {
    const benchDir = path.join(project, 'bench');
    if (!fs.existsSync(benchDir)) continue;
    for (const file of fs.readdirSync(benchDir)) {
      if (file.endsWith('.bench.ts')) found.set(file.replace(/\.bench\.ts$/, ''), path.join(benchDir, file));
    }
  }
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : [...found.keys()].sort();
const unknown = names.filter((n) => !found.has(n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${[...found.keys()].sort().join(', ')}`);
  process.exit(64);
}
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
let failed = 0;
for (const name of names) {
  console.log(`\n=== bench ${name} (${path.relative(root, found.get(name))})`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', path.join(__dirname, 'register-sources.js'), '-r', 'reflect-metadata', found.get(name)],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_DIR: path.join(root, 'bench-results') },
    },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
