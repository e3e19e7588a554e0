/**
 * The `alerts:` section: every problem in one pass with its path in the file, references resolved
 * as in a tenant file, secrets collected for the redactor and never echoed in a problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { ALERTS_FILE_ENV, loadAlertSettings, parseAlertSettings, readDirectoryAlertSettings, readServiceAlertSettings } from './alert-settings';

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('alert settings', () => {
  it('reads a webhook and e-mail with their defaults, resolving ${env:..} and ${file:..}', () => {
    const dir = scratchDir('alert-settings');
    writeFileSync(join(dir, 'smtp-password'), 'from-a-file-7d3a\n');
    const settings = parseAlertSettings(
      {
        webhook: { url: 'https://hooks.example.nl/koppelwerk/${env:HOOK_TOKEN}' },
        email: { host: 'smtp.example.nl', user: 'alerts@example.nl', password: '${file:smtp-password}', from: 'Koppelwerk <alerts@example.nl>', to: 'boekhouding@example.nl' },
      },
      { file: join(dir, 'koppelwerk.yaml'), env: { HOOK_TOKEN: 'tok-91c2e' } },
    );
    expect(settings).toEqual({
      openErrorsAbove: 0,
      webhook: { url: 'https://hooks.example.nl/koppelwerk/tok-91c2e', timeoutMs: 10_000, retries: 2 },
      email: {
        host: 'smtp.example.nl',
        port: 587,
        secure: false,
        requireTLS: true,
        auth: { user: 'alerts@example.nl', password: 'from-a-file-7d3a' },
        from: 'Koppelwerk <alerts@example.nl>',
        to: ['boekhouding@example.nl'],
        timeoutMs: 30_000,
        language: 'nl',
      },
      secrets: expect.arrayContaining(['tok-91c2e', 'from-a-file-7d3a', 'https://hooks.example.nl/koppelwerk/tok-91c2e']),
    });
    expect(parseAlertSettings({ email: { host: 'h', secure: true, from: 'a@b.nl', to: ['c@d.nl'] } }, { file: 'koppelwerk.yaml', env: {} }).email?.port).toBe(465);
  });

  it('lists every problem in one pass, with its path, and never the secret values', () => {
    const problems = problemsOf(() =>
      parseAlertSettings(
        {
          openErrorsAbove: -1,
          webhook: { url: 'ftp://hooks.example.nl/${env:HOOK_TOKEN}', retries: 9, timeout: 5 },
          email: { host: 'smtp.example.nl', password: 'geheim-wachtwoord-1', from: 'x', to: ['not-an-address'] },
        },
        { file: '/somewhere/koppelwerk.yaml', env: { HOOK_TOKEN: 'tok-55aa' } },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^koppelwerk\.yaml: alerts\.openErrorsAbove: /),
        'koppelwerk.yaml: alerts.webhook.url: only http and https addresses can receive a webhook',
        expect.stringMatching(/^koppelwerk\.yaml: alerts\.webhook\.retries: /),
        expect.stringMatching(/^koppelwerk\.yaml: alerts\.webhook: unknown key `timeout`/),
        expect.stringMatching(/^koppelwerk\.yaml: alerts\.email\.from: /),
        expect.stringMatching(/^koppelwerk\.yaml: alerts\.email\.to\.0: /),
        'koppelwerk.yaml: alerts.email.user: a password needs the user it belongs to',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/tok-55aa|geheim-wachtwoord-1/);

    expect(problemsOf(() => parseAlertSettings({ webhook: { url: '${env:HOOK_URL}' } }, { file: 'alerts.yaml', env: {} }))).toEqual([
      'alerts.yaml: alerts.webhook.url: environment variable HOOK_URL is not set',
    ]);
    expect(problemsOf(() => parseAlertSettings({ openErrorsAbove: 3 }, { file: 'alerts.yaml', env: {} }))).toEqual([
      'alerts.yaml: alerts: give a `webhook` or an `email` (or both) to send alerts to',
    ]);
  });

  it('is a section of a tenants directory\'s koppelwerk.yaml, next to the daemon\'s settings (daemon-settings.spec.ts reads both)', () => {
    const dir = scratchDir('alert-directory');
    expect(readDirectoryAlertSettings(dir)).toBeUndefined();
    writeFileSync(join(dir, 'koppelwerk.yaml'), 'daemon:\n  maxParallel: 3\nalerts:\n  openErrorsAbove: 10\n  webhook:\n    url: http://127.0.0.1:9/hook\n');
    expect(readDirectoryAlertSettings(dir)?.openErrorsAbove).toBe(10);
    writeFileSync(join(dir, 'koppelwerk.yaml'), 'daemon:\n  maxParallel: 3\n');
    expect(readDirectoryAlertSettings(dir)).toBeUndefined();
  });

  it('is the service\'s --alerts file, or the file KOPPELWERK_ALERTS names; a file given must exist and have the section', () => {
    const dir = scratchDir('alert-service');
    mkdirSync(join(dir, 'etc'));
    const file = join(dir, 'etc', 'alerts.yaml');
    writeFileSync(file, 'alerts:\n  webhook:\n    url: https://hooks.example.nl/x\n');
    expect(readServiceAlertSettings(undefined, {})).toBeUndefined();
    expect(readServiceAlertSettings(file, {})?.webhook?.url).toBe('https://hooks.example.nl/x');
    expect(readServiceAlertSettings(undefined, { [ALERTS_FILE_ENV]: file })?.webhook?.url).toBe('https://hooks.example.nl/x');
    expect(problemsOf(() => readServiceAlertSettings(join(dir, 'missing.yaml'), {}))[0]).toMatch(/cannot read the alerts file: it does not exist/);
    writeFileSync(file, 'webhook:\n  url: https://hooks.example.nl/x\n');
    expect(problemsOf(() => readServiceAlertSettings(file, {}))).toEqual(['alerts.yaml: alerts: is required: this file is given as the alerts file']);
    writeFileSync(file, 'alerts: [unclosed\n');
    expect(problemsOf(() => loadAlertSettings(file))[0]).toMatch(/^alerts\.yaml: not readable as YAML/);
  });
});
