import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { scratchDir } from '../testing/scratch-dir';
import { scanConfigDirectory } from '../config-directory';
import { DAEMON_SETTINGS_FILE } from '../config-directory';
import { defaultMaxParallel, resolveDaemonSettings } from './daemon-settings';

describe("the daemon's settings", () => {
  it('take the options over koppelwerk.yaml over the defaults, and name where each came from', () => {
    const dir = scratchDir('daemon-settings');
    expect(resolveDaemonSettings(dir, {})).toEqual({
      maxParallel: defaultMaxParallel(),
      stopWithinSeconds: 30,
      checkEveryMinutes: 15,
      from: { maxParallel: 'default', stopWithinSeconds: 'default', checkEveryMinutes: 'default' },
    });
    writeFileSync(join(dir, DAEMON_SETTINGS_FILE), 'daemon:\n  maxParallel: 12\n  stopWithinSeconds: 5\n');
    expect(resolveDaemonSettings(dir, { maxParallel: 3 })).toEqual({
      maxParallel: 3,
      stopWithinSeconds: 5,
      checkEveryMinutes: 15,
      from: { maxParallel: 'option', stopWithinSeconds: 'settings file', checkEveryMinutes: 'default' },
    });
  });

  it('default to 4 places per core, between 4 and 32', () => {
    expect([1, 2, 4, 16].map((cores) => defaultMaxParallel(cores))).toEqual([4, 8, 16, 32]);
  });

  it('refuse a settings file with problems, naming each', () => {
    const dir = scratchDir('daemon-settings-bad');
    writeFileSync(join(dir, DAEMON_SETTINGS_FILE), 'daemon:\n  maxParallel: 0\n  stopWithin: 5\n');
    let error: unknown;
    try {
      resolveDaemonSettings(dir, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.path)).toEqual(['koppelwerk.yaml: daemon.maxParallel', 'koppelwerk.yaml: daemon']);
    expect((error as ConfigurationError).message).not.toMatch(/undefined/);
  });

  it('is never taken for a tenant file', () => {
    const dir = scratchDir('daemon-settings-scan');
    writeFileSync(join(dir, DAEMON_SETTINGS_FILE), 'daemon:\n  maxParallel: 2\n');
    writeFileSync(join(dir, 'shop.yaml'), 'tenant: shop\n');
    expect(scanConfigDirectory(dir).map((f) => f.file.slice(dir.length + 1))).toEqual(['shop.yaml']);
  });
});
