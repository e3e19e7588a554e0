import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { DAEMON_SETTINGS_FILE, scanConfigDirectory } from '@koppelwerk/runtime';
import { readDirectoryAlertSettings } from '@koppelwerk/observability';
import { defaultMaxParallel, readSettingsFile, resolveDaemonSettings } from './daemon-settings';

describe("the daemon's settings", () => {
  it("share koppelwerk.yaml with the alerts' section, each reading its own", () => {
    const dir = scratchDir('daemon-settings-alerts');
    writeFileSync(join(dir, DAEMON_SETTINGS_FILE), 'daemon:\n  maxParallel: 3\nalerts:\n  openErrorsAbove: 10\n  webhook:\n    url: http://127.0.0.1:9/hook\n');
    expect(readSettingsFile(dir)).toEqual({ maxParallel: 3 });
    expect(readDirectoryAlertSettings(dir)?.openErrorsAbove).toBe(10);
  });

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
