/**
 * The program packages are optional peers of the runner: a command that needs one this installation
 * lacks says which package to install, with a configuration exit code, instead of a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { ExitCode } from '@koppelwerk/core/errors';
import { captureOutput, scratchDir } from '@koppelwerk/runtime/testing';
import { cliLanguage, reportError } from './command-kit';

/** What node's `require` throws for a package nothing installed, in a process started in an empty folder. */
function requireFromNowhere(name: string): unknown {
  const script = `try { require(${JSON.stringify(name)}); } catch (error) { process.stdout.write(JSON.stringify({ code: error.code, message: error.message })); }`;
  const thrown = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: scratchDir('no-packages'), encoding: 'utf8' }) || 'null') as { code: string; message: string } | null;
  if (!thrown) throw new Error(`${name} resolved from an empty folder`);
  return Object.assign(new Error(thrown.message), { code: thrown.code });
}

describe('a command whose program package is not installed', () => {
  it.each(['@koppelwerk/dashboard', '@koppelwerk/service', '@koppelwerk/daemon', '@koppelwerk/observability'])('names %s and how to install it', (name) => {
    const captured = captureOutput();
    expect(reportError(requireFromNowhere(name), captured.output)).toBe(ExitCode.configuration);
    expect(captured.stderr()).toContain(`this command needs the package ${name}, which is not installed next to the koppelwerk command: install it with \`npm install ${name}\``);
  });

  it('leaves any other missing module an internal error', () => {
    const captured = captureOutput();
    expect(reportError(requireFromNowhere('left-pad-that-is-not-here'), captured.output)).toBe(ExitCode.internal);
    expect(captured.stderr()).toContain('internal error');
  });
});

describe('the language of the reasons a command prints', () => {
  it('is English, unless --language or the locale asks for Dutch', () => {
    expect(cliLanguage(undefined, {})).toBe('en');
    expect(cliLanguage('nl', {})).toBe('nl');
    expect(cliLanguage(undefined, { LANG: 'nl_NL.UTF-8' })).toBe('nl');
    expect(cliLanguage(undefined, { LANG: 'nl_BE' })).toBe('nl');
    expect(cliLanguage(undefined, { LC_ALL: 'nl' })).toBe('nl');
    // LC_ALL wins over LANG, and --language over both; `nld` or `nlx` is no Dutch locale.
    expect(cliLanguage(undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(cliLanguage('en', { LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, { LANG: 'nlx_XX' })).toBe('en');
  });
});
