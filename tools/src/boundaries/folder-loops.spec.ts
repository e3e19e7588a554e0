import { folderLoops, relativeImports } from './folder-loops';

describe('folder-level loops inside a project', () => {
  it('reads the relative imports, re-exports and requires of a file, not the packages', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b/b';",
      "export { c } from './c/index';",
      "import './side-effect';",
      "const d = require('../d') as typeof import('../d');",
      "import { z } from 'zod';",
      "import { core } from '@koppelwerk/core';",
    ].join('\n');
    expect(relativeImports(text)).toEqual(['./a', '../b/b', './c/index', './side-effect', '../d', '../d']);
  });

  it('accepts folders that import one way, and files of one folder that import each other', () => {
    expect(
      folderLoops([
        { path: 'cli/sync.ts', imports: ['../commands/sync-command'] },
        { path: 'commands/sync-command.ts', imports: ['../tenant-runtime', '../status/run-summary-lines'] },
        { path: 'status/run-summary-lines.ts', imports: ['../output', './dot-lines'] },
        { path: 'status/dot-lines.ts', imports: ['./run-summary-lines'] },
        { path: 'tenant-runtime.ts', imports: ['./tenant-config'] },
        { path: 'tenant-config.ts', imports: ['./tenant-runtime'] },
      ]),
    ).toEqual([]);
  });

  it('finds a loop through a file at the root, naming the folders and an import of each step', () => {
    // The loop issue 25 found: dashboard -> tenant-runtime -> observability -> dashboard.
    const loops = folderLoops([
      { path: 'dashboard/views.ts', imports: ['../tenant-runtime'] },
      { path: 'tenant-runtime.ts', imports: ['./observability/instrument'] },
      { path: 'observability/metrics.ts', imports: ['../dashboard/tenant-directory'] },
      { path: 'observability/instrument.ts', imports: ['./metrics'] },
      { path: 'cli/main.ts', imports: ['../dashboard/views'] },
    ]);
    expect(loops).toEqual([
      {
        folders: ['dashboard/', 'observability/', 'tenant-runtime'],
        examples: ['dashboard/views.ts -> tenant-runtime', 'observability/metrics.ts -> dashboard/tenant-directory', 'tenant-runtime.ts -> observability/instrument'],
      },
    ]);
  });

  it('finds two folders that import each other directly', () => {
    expect(
      folderLoops([
        { path: 'daemon/runtime-work.ts', imports: ['../commands/import-command'] },
        { path: 'commands/daemon-command.ts', imports: ['../daemon/tenant-daemon'] },
      ]).map((loop) => loop.folders),
    ).toEqual([['commands/', 'daemon/']]);
  });
});
