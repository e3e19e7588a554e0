/// <reference types="jest" />
/**
 * A real browser for the dashboard's tests: the system's Chromium (Debian's `chromium`), headless,
 * driven by playwright-core. `KOPPELWERK_CHROMIUM` names it (`tools/scripts/chromium.sh path`
 * prints it; `.ci/run` sets it); otherwise the usual paths are tried.
 *
 * Without a browser the suite fails with how to install one.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  const named = process.env['KOPPELWERK_CHROMIUM'];
  if (named) return named;
  return CANDIDATES.find((path) => existsSync(path));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium: run tools/scripts/chromium.sh install');
  // playwright-core is loaded only by the suites that drive a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start; nothing but our own pages is opened.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--no-first-run'],
  });
}

/**
 * `describe` for a suite that needs a browser. It always runs: without Chromium its one test fails
 * and says how to install it (`tools/scripts/chromium.sh install`), so a missing browser is never
 * a silent pass.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (!chromiumPath()) {
    describe(name, () => {
      it('has a browser', () => {
        throw new Error('no Chromium: install it with tools/scripts/chromium.sh install (Debian\'s chromium), or set KOPPELWERK_CHROMIUM to its path');
      });
    });
    return;
  }
  describe(name, body);
}
