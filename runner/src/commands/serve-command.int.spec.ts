import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, verifyPassword } from '@koppelwerk/dashboard';
import { DashboardClient } from '@koppelwerk/dashboard/testing';
import { KOPPELWERK_BIN, cli, startCli } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

jest.setTimeout(180_000);

/** `koppelwerk <args>` with `input` on stdin. */
function withStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KOPPELWERK_BIN, ...args], { env: { ...process.env, KOPPELWERK_FROM_SOURCE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('koppelwerk dashboard hash-password', () => {
  it('prints a scrypt hash of the password read from stdin, and never the password', async () => {
    const result = await withStdin(['dashboard', 'hash-password'], 'een lang wachtwoord\n');
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('een lang wachtwoord', hash)).toBe(true);
    expect(result.stdout + result.stderr).not.toContain('een lang wachtwoord');
  });

  it('refuses a short password', async () => {
    const result = await withStdin(['dashboard', 'hash-password'], 'kort\n');
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('at least 10 characters');
  });
});

describe('koppelwerk serve', () => {
  it('refuses to start without users, saying how to add one', async () => {
    const dir = scratchDir('serve-no-users');
    expect((await cli(['init', '--source', 'mijnwebwinkel', '--tenant', 'my-shop', '--file', join(dir, 'my-shop.yaml')])).code).toBe(0);
    const result = await cli(['serve', dir, '--port', '0']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('no dashboard users');
    expect(result.stderr).toContain('koppelwerk dashboard hash-password');
    expect(result.stdout).not.toContain('listening');
  });

  it('refuses a users file with problems, listing every one', async () => {
    const dir = scratchDir('serve-bad-users');
    writeFileSync(join(dir, 'dashboard.yaml'), 'users:\n  - name: a b\n    role: tenant\n    passwordHash: geheim\n');
    const result = await cli(['serve', dir, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('letters, digits');
    expect(result.stderr).toContain('a tenant user needs the tenants it may see');
    expect(result.stderr).toContain('not a password hash');
  });

  it('serves the dashboard of a tenant directory until SIGTERM', async () => {
    const dir = scratchDir('serve');
    expect((await cli(['init', '--source', 'mijnwebwinkel', '--tenant', 'my-shop', '--file', join(dir, 'my-shop.yaml')])).code).toBe(0);
    const hash = await hashPassword('beheer-wachtwoord', { N: 1024, r: 8, p: 1 });
    writeFileSync(join(dir, 'dashboard.yaml'), `users:\n  - name: beheer\n    role: operator\n    passwordHash: ${hash}\n`);
    const serve = startCli(['serve', dir, '--port', '0']);
    await serve.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
    const client = new DashboardClient(port);
    expect((await client.get('/')).headers.location).toBe('/login');
    expect((await client.login('beheer', 'beheer-wachtwoord')).statusCode).toBe(303);
    const overview = await client.get('/');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('href="/tenants/my-shop"');
    expect((await client.get('/metrics')).body).toContain('koppelwerk_');
    serve.child.kill('SIGTERM');
    const ended = await serve.done;
    expect(ended.code).toBe(0);
    expect(serve.stderr()).not.toContain('internal error');
  });
});
