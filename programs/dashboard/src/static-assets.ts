/**
 * The two static files of the dashboard (the stylesheet and the "select all" script), read once at
 * start from `assets/` next to this module, or from the package's src/assets/ when running the compiled dashboard
 * (tsc copies no .css or .js). Served with their content type and a fixed ETag.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StaticAsset {
  path: string;
  contentType: string;
  body: string;
  etag: string;
}

const FILES: ReadonlyArray<{ name: string; contentType: string }> = [
  { name: 'dashboard.css', contentType: 'text/css; charset=utf-8' },
  { name: 'select-all.js', contentType: 'text/javascript; charset=utf-8' },
];

function assetsDirectory(): string {
  const candidates = [join(__dirname, 'assets'), join(__dirname, '..', 'src', 'assets')];
  const found = candidates.find((directory) => existsSync(join(directory, FILES[0].name)));
  if (!found) throw new Error(`the dashboard's static files are missing (looked in ${candidates.join(' and ')})`);
  return found;
}

export function loadStaticAssets(): StaticAsset[] {
  const directory = assetsDirectory();
  return FILES.map(({ name, contentType }) => {
    const body = readFileSync(join(directory, name), 'utf8');
    return { path: `/static/${name}`, contentType, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
  });
}
