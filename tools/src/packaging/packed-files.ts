/**
 * What `npm pack` would put in each package's tarball, from one `npm pack --dry-run --json` over
 * all the given workspaces (one npm start-up instead of one per package).
 */
import { execFileSync } from 'node:child_process';
import { REPOSITORY_ROOT } from './workspace-packages';

interface PackReport {
  name: string;
  version: string;
  filename: string;
  files: Array<{ path: string }>;
}

/** Package name -> the paths in its tarball (relative to the package root, e.g. `dist/index.js`). */
export function packedFiles(folders: string[]): Map<string, Set<string>> {
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts', ...folders.flatMap((folder) => ['--workspace', folder])];
  const output = execFileSync('npm', args, { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const reports = JSON.parse(output) as PackReport[];
  return new Map(reports.map((report) => [report.name, new Set(report.files.map((file) => file.path))]));
}
