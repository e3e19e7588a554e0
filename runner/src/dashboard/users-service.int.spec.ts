/**
 * Gebruikers in the service mode: `koppelwerk serve --database` keeps the users in the
 * `dashboard_users` table (the users file only adds the first operator). An operator invites
 * another through the JSON API, the invitee chooses a password through the link and sets up a
 * second factor that the next login asks for; a disabled user is logged out at once, also when the
 * table is changed by another process. The table holds only hashes and ciphertext.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { Client } from 'pg';
import { hashPassword } from '@koppelwerk/dashboard';
import { DashboardClient } from '@koppelwerk/dashboard/testing';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { describeWithPostgres } from '@koppelwerk/testing';
import { startCli, type CliProcess } from '../testing/cli-process';

const PASSWORDS = { beheer: 'beheer-wachtwoord-1', tweede: 'tweede-beheerder-2' };

/** The code the app shows (`steps` later: a code one step ahead is still taken, clocks drift). */
function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 });
}

/** Waits for the app's next code (each code counts once). */
async function nextStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
}

describeWithPostgres('Gebruikers in the service mode', (database) => {
  let serve: CliProcess;
  let port: number;
  let pg: Client;

  beforeAll(async () => {
    const dir = scratchDir('users-service');
    writeFileSync(join(dir, 'dashboard.yaml'), `users:\n  - name: beheer\n    role: operator\n    passwordHash: ${await hashPassword(PASSWORDS.beheer)}\n`);
    serve = startCli(['serve', '--database', database().url, '--users', join(dir, 'dashboard.yaml'), '--port', '0'], { KOPPELWERK_SECRET_KEY_FILE: join(dir, 'secret.key') }, 280_000);
    await serve.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
    await serve.waitFor(/user\(s\) from/, 'stderr');
    port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
    pg = new Client({ connectionString: database().url });
    pg.on('error', () => undefined);
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    serve?.child.kill('SIGTERM');
    await serve?.done;
  });

  it('invites an operator, who chooses a password and a second factor; a disabled user is out at once; the table holds only hashes and ciphertext', async () => {
    expect(serve.stderr()).toContain('1 user(s) from the dashboard_users table of the service database (1 added from');
    const operator = new DashboardClient(port);
    expect((await operator.login('beheer', PASSWORDS.beheer)).statusCode).toBe(303);
    const invited = await operator.postJson('/api/users/invite', { name: 'tweede', role: 'operator' });
    expect(invited.statusCode).toBe(201);
    const { link } = JSON.parse(invited.body) as { link: string };
    const token = link.split('/invite/')[1];

    const invitee = new DashboardClient(port);
    expect((await invitee.get(new URL(link).pathname)).statusCode).toBe(200);
    expect((await invitee.post(new URL(link).pathname, { password: PASSWORDS.tweede, repeat: PASSWORDS.tweede })).statusCode).toBe(303);
    expect((await invitee.get('/users')).body).toMatch(/tweede[\s\S]*?Beheerder[\s\S]*?toegevoegd door beheer/);

    const started = await invitee.post('/account/totp/setup', {});
    const secret = /<code>([A-Z2-7]{32})<\/code>/.exec(started.body)![1];
    const confirming = totpCode(secret);
    expect((await invitee.post('/account/totp/confirm', { code: confirming })).statusCode).toBe(303);
    const next = new DashboardClient(port);
    expect((await next.login('tweede', PASSWORDS.tweede)).body).toContain('Code uit uw app');
    // The code that confirmed the set-up counts once; the app's next one logs in.
    expect((await next.post('/login/code', { code: confirming })).statusCode).toBe(401);
    expect((await next.post('/login/code', { code: totpCode(secret, 1) })).statusCode).toBe(303);
    expect((await next.get('/users')).statusCode).toBe(200);

    // Disabled through the page: the user's sessions end at once.
    await operator.get('/users');
    expect((await operator.post('/users/tweede/disable', {})).statusCode).toBe(303);
    expect((await next.get('/users')).headers.location).toBe('/login');
    expect((await invitee.get('/users')).headers.location).toBe('/login');
    expect((await operator.postJson('/api/users/tweede/enable', {})).statusCode).toBe(200);

    // Disabled by another process (straight in the table): out within the moment serve remembers a user.
    const again = new DashboardClient(port);
    await again.login('tweede', PASSWORDS.tweede);
    await nextStep();
    expect((await again.post('/login/code', { code: totpCode(secret, 1) })).statusCode).toBe(303);
    await pg.query("UPDATE dashboard_users SET disabled = true WHERE name_key = 'tweede'");
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      status = (await again.get('/users')).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(303);

    const { rows } = await pg.query<Record<string, unknown>>('SELECT * FROM dashboard_users ORDER BY name_key');
    expect(rows.map((row) => row.name)).toEqual(['beheer', 'tweede']);
    const tweede = rows[1];
    expect(tweede.password_hash).toMatch(/^scrypt\$/);
    expect(tweede.totp_secret).toMatch(/^\$\{encrypted:v1:/);
    expect(tweede.created_by).toBe('beheer');
    expect(tweede.invitation_hash).toBeNull();
    const dump = JSON.stringify(rows);
    for (const secretText of [PASSWORDS.beheer, PASSWORDS.tweede, token, secret]) expect(dump).not.toContain(secretText);
    const output = serve.stdout() + serve.stderr();
    for (const secretText of [PASSWORDS.tweede, token, secret]) expect(output).not.toContain(secretText);
  });
});
