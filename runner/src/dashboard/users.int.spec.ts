/**
 * Gebruikers end to end, through `koppelwerk serve` over a folder of tenant files: an operator
 * invites a tenant user (the link shown once, or sent by e-mail through the alerts' SMTP settings),
 * the invitee chooses a password through the link, is logged in and sees only their tenant; a used
 * or expired link is refused; a disabled user is logged out at once and cannot log in; a user
 * changes their password (their other sessions end) and sets up a second factor, which the next
 * login asks for. The users file stays 0600 with its comments; no password, token or TOTP secret
 * appears in any page after it was shown, in the file, or in the server's output.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { SMTPServer } from 'smtp-server';
import { parseDocument, stringify } from 'yaml';
import { hashPassword } from '@koppelwerk/dashboard';
import { DashboardClient, type HttpResponse } from '@koppelwerk/dashboard/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { startCli, type CliProcess } from '../testing/cli-process';

const PASSWORDS = { beheer: 'beheer-wachtwoord-1', winkelier: 'winkelier-wachtwoord-2', nieuw: 'nieuw-wachtwoord-3', mail: 'per-mail-wachtwoord-4' };

let shop: RunningMijnwebwinkelSimulator;
let books: EboekhoudenSimulator;
let smtp: SMTPServer;
const mails: string[] = [];
let serve: CliProcess;
let port: number;
let dir: string;
let usersFile: string;
const pages: HttpResponse[] = [];
/** What may be shown once (a link, a TOTP secret): each page that showed it. */
const shownOnce = new Map<string, HttpResponse>();

async function kept(answer: Promise<HttpResponse>): Promise<HttpResponse> {
  const response = await answer;
  pages.push(response);
  return response;
}

function linkIn(text: string): { link: string; token: string } {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/invite\/([A-Za-z0-9_-]{43}))/.exec(text);
  if (!match) throw new Error(`no invitation link in:\n${text.slice(0, 2000)}`);
  return { link: match[1], token: match[2] };
}

function pathOf(link: string): string {
  return new URL(link).pathname;
}

function totpCode(secret: string, offsetSteps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + offsetSteps * 30_000 });
}

async function loggedIn(name: string, password: string): Promise<DashboardClient> {
  const client = new DashboardClient(port);
  const answer = await kept(client.login(name, password));
  expect(answer.statusCode).toBe(303);
  return client;
}

function writeTenant(name: string): void {
  const prefix = name.slice(0, 3).toUpperCase();
  const tenant = {
    tenant: name,
    source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: shop.credentials.token, partner_token: shop.credentials.partner_token } },
    sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: books.credentials },
    mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
  };
  writeFileSync(join(dir, `${name}.yaml`), stringify(tenant));
}

beforeAll(async () => {
  [shop, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  dir = scratchDir('users');
  writeTenant('bakkerij');
  writeTenant('slagerij');
  usersFile = join(dir, 'dashboard.yaml');
  writeFileSync(usersFile, `# Wie het dashboard mag openen (beheerd in Gebruikers)\nusers:\n  - name: beheer # de eerste beheerder\n    role: operator\n    passwordHash: ${await hashPassword(PASSWORDS.beheer)}\n`, { mode: 0o644 });
  // The alerts' SMTP settings: invitations go by e-mail through them.
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  writeFileSync(join(dir, 'koppelwerk.yaml'), stringify({ alerts: { email: { host: '127.0.0.1', port: smtpPort, requireTLS: false, from: 'Koppelwerk <koppelwerk@example.nl>', to: ['boekhouding@example.nl'] } } }));
  serve = startCli(['serve', dir, '--port', '0'], { KOPPELWERK_SECRET_KEY_FILE: join(scratchDir('users-key'), 'secret.key') }, 280_000);
  await serve.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
  port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
});

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await serve?.done;
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await Promise.all([shop?.close(), books?.close()]);
});

describe('Gebruikers', () => {
  let winkelier: DashboardClient;

  it('invites a tenant user by a link shown once; the invitee chooses a password, is logged in and sees only their tenant', async () => {
    const operator = await loggedIn('beheer', PASSWORDS.beheer);
    const list = await kept(operator.get('/users'));
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<h1>Gebruikers</h1>');
    expect(list.body).toContain('Gebruiker uitnodigen');
    expect(list.body).toMatch(/<td>beheer[\s\S]*?Beheerder[\s\S]*?alle/);

    const refused = await kept(operator.post('/users/invite', { name: 'winkel ier', role: 'tenant', tenants: 'onbekend' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Gebruik letters, cijfers en . _ @ -');
    expect(refused.body).toContain('Er is geen koppeling onbekend.');

    const invited = await operator.post('/users/invite', { name: 'winkelier', role: 'tenant', tenants: 'bakkerij', email: '' });
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('Uitnodiging voor winkelier');
    expect(invited.body).toContain('wordt maar één keer getoond');
    const { link, token } = linkIn(invited.body);
    shownOnce.set(token, invited);

    // The list says invited, and shows the link no more; the file keeps only the token's hash.
    const after = await kept(operator.get('/users'));
    expect(after.body).toMatch(/winkelier[\s\S]*?Gebruiker[\s\S]*?bakkerij[\s\S]*?nog nooit[\s\S]*?uitgenodigd, link geldig tot/);
    const text = readFileSync(usersFile, 'utf8');
    expect(text).toContain('# Wie het dashboard mag openen (beheerd in Gebruikers)');
    expect(text).toContain('- name: beheer # de eerste beheerder');
    expect(text).toContain(`tokenHash: ${createHash('sha256').update(token).digest('hex')}`);
    expect(text).toContain('createdBy: beheer');
    expect(statSync(usersFile).mode & 0o777).toBe(0o600);

    const invitee = new DashboardClient(port);
    const welcome = await kept(invitee.get(pathOf(link)));
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain('Welkom bij Koppelwerk');
    expect(welcome.body).toContain('Kies een wachtwoord voor winkelier');
    const short = await kept(invitee.post(pathOf(link), { password: 'kort', repeat: 'kort' }));
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('minstens 10 tekens');
    const differ = await kept(invitee.post(pathOf(link), { password: PASSWORDS.winkelier, repeat: `${PASSWORDS.winkelier}x` }));
    expect(differ.statusCode).toBe(422);
    expect(differ.body).toContain('niet gelijk');
    const chosen = await kept(invitee.post(pathOf(link), { password: PASSWORDS.winkelier, repeat: PASSWORDS.winkelier }));
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/');

    // Logged in: only their tenant; no users page (404), no users API (403).
    const home = await kept(invitee.get('/'));
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/tenants/bakkerij');
    expect((await kept(invitee.get('/tenants/bakkerij/errors'))).statusCode).toBe(200);
    expect((await kept(invitee.get('/tenants/slagerij/errors'))).statusCode).toBe(404);
    expect((await kept(invitee.get('/api/tenants'))).body).not.toContain('slagerij');
    expect((await kept(invitee.get('/users'))).statusCode).toBe(404);
    expect((await kept(invitee.post('/users/invite', { name: 'x', role: 'operator' }))).statusCode).toBe(404);
    expect((await kept(invitee.get('/api/users'))).statusCode).toBe(403);
    expect((await kept(invitee.postJson('/api/users/invite', { name: 'x', role: 'operator' }))).statusCode).toBe(403);
    expect((await kept(invitee.postJson('/api/users/beheer/disable', {}))).statusCode).toBe(403);

    // The link worked once.
    const again = await kept(new DashboardClient(port).get(pathOf(link)));
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Deze link werkt niet');
    const replay = new DashboardClient(port);
    await replay.get('/login');
    expect((await kept(replay.post(pathOf(link), { password: 'een-ander-wachtwoord', repeat: 'een-ander-wachtwoord' }))).statusCode).toBe(404);

    winkelier = await loggedIn('winkelier', PASSWORDS.winkelier);
    const users = JSON.parse((await kept(operator.get('/api/users'))).body) as { users: Array<Record<string, unknown>> };
    expect(users.users.find((user) => user.name === 'winkelier')).toMatchObject({ role: 'tenant', tenants: ['bakkerij'], status: 'active', disabled: false, secondFactor: false, createdBy: 'beheer' });
    expect((users.users.find((user) => user.name === 'winkelier')?.lastLoginAt as string | null) ?? '').toMatch(/^\d{4}-/);
  });

  it('refuses an expired link; the JSON API invites, and a new link replaces the expired one', async () => {
    const operator = await loggedIn('beheer', PASSWORDS.beheer);
    const invited = await kept(operator.postJson('/api/users/invite', { name: 'laat', role: 'operator' }));
    expect(invited.statusCode).toBe(201);
    const answer = JSON.parse(invited.body) as { name: string; link: string; expiresAt: string };
    expect(answer.name).toBe('laat');
    expect(Date.parse(answer.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const { token } = linkIn(answer.link);
    shownOnce.set(token, invited);
    expect((await kept(operator.postJson('/api/users/invite', { name: 'LAAT', role: 'operator' }))).statusCode).toBe(409);

    // A week later: the file says the link expired yesterday.
    const document = parseDocument(readFileSync(usersFile, 'utf8'));
    const users = document.get('users') as { items: Array<{ get(key: string): unknown; setIn(path: string[], value: unknown): void }> };
    users.items.find((user) => user.get('name') === 'laat')!.setIn(['invitation', 'expiresAt'], new Date(Date.now() - 24 * 3600 * 1000).toISOString());
    writeFileSync(usersFile, document.toString());
    const expired = await kept(new DashboardClient(port).get(pathOf(answer.link)));
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toContain('De uitnodiging is verlopen of al gebruikt');
    expect((await kept(operator.get('/users'))).body).toMatch(/laat[\s\S]*?uitnodiging verlopen/);

    const renewed = await operator.post('/users/laat/invitation', {});
    expect(renewed.statusCode).toBe(200);
    const fresh = linkIn(renewed.body);
    shownOnce.set(fresh.token, renewed);
    const invitee = new DashboardClient(port);
    await kept(invitee.get(pathOf(fresh.link)));
    expect((await kept(invitee.post(pathOf(fresh.link), { password: PASSWORDS.nieuw, repeat: PASSWORDS.nieuw }))).statusCode).toBe(303);
    expect((await kept(invitee.get('/users'))).statusCode).toBe(200);
  });

  it('sends the invitation by e-mail through the alerts’ SMTP settings, and then shows no link', async () => {
    const operator = await loggedIn('beheer', PASSWORDS.beheer);
    await kept(operator.get('/users'));
    const invited = await kept(operator.post('/users/invite', { name: 'per-mail', role: 'tenant', tenants: ['bakkerij', 'slagerij'], email: 'nieuw@example.nl' }));
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('De uitnodiging is per e-mail verstuurd naar nieuw@example.nl');
    expect(invited.body).not.toContain('/invite/');
    const mail = mails.find((raw) => /^To: nieuw@example\.nl/im.test(raw));
    expect(mail).toBeDefined();
    expect(mail).toMatch(/^Subject: Uitnodiging voor Koppelwerk/im);
    const unfolded = mail!.replace(/=\r?\n/g, '');
    const { link } = linkIn(unfolded);
    const invitee = new DashboardClient(port);
    await kept(invitee.get(pathOf(link)));
    expect((await kept(invitee.post(pathOf(link), { password: PASSWORDS.mail, repeat: PASSWORDS.mail }))).statusCode).toBe(303);
    const overview = await kept(invitee.get('/'));
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('bakkerij');
    expect(overview.body).toContain('slagerij');
  });

  it('logs a disabled user out at once and lets them not log in, until enabled again', async () => {
    const operator = await loggedIn('beheer', PASSWORDS.beheer);
    expect((await kept(winkelier.get('/tenants/bakkerij/errors'))).statusCode).toBe(200);
    await kept(operator.get('/users'));
    const disabled = await kept(operator.post('/users/winkelier/disable', {}));
    expect(disabled.statusCode).toBe(303);
    expect((await kept(operator.get('/users'))).body).toContain('winkelier is uitgeschakeld en uitgelogd.');
    const out = await kept(winkelier.get('/tenants/bakkerij/errors'));
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await kept(winkelier.get('/api/tenants'))).statusCode).toBe(401);
    const again = new DashboardClient(port);
    const refused = await kept(again.login('winkelier', PASSWORDS.winkelier));
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('Gebruikersnaam of wachtwoord klopt niet.');
    expect(readFileSync(usersFile, 'utf8')).toMatch(/name: winkelier[\s\S]*?disabled: true/);

    // The operator cannot disable themselves; the API enables the user again.
    expect((await kept(operator.postJson('/api/users/beheer/disable', {}))).statusCode).toBe(409);
    expect((await kept(operator.postJson('/api/users/niemand/disable', {}))).statusCode).toBe(404);
    const enabled = await kept(operator.postJson('/api/users/winkelier/enable', {}));
    expect(enabled.statusCode).toBe(200);
    expect(JSON.parse(enabled.body)).toMatchObject({ name: 'winkelier', disabled: false, status: 'active' });
    winkelier = await loggedIn('winkelier', PASSWORDS.winkelier);
  });

  it('changes a user’s own password: the current one first; their other sessions end', async () => {
    const elsewhere = await loggedIn('winkelier', PASSWORDS.winkelier);
    const account = await kept(winkelier.get('/account'));
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Mijn account: winkelier');
    expect(account.body).toContain('Wachtwoord wijzigen');
    const wrong = await kept(winkelier.post('/account/password', { current: 'niet-het-wachtwoord', password: 'nieuw-geheim-wachtwoord', repeat: 'nieuw-geheim-wachtwoord' }));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Het huidige wachtwoord klopt niet.');
    const changed = await kept(winkelier.post('/account/password', { current: PASSWORDS.winkelier, password: 'nieuw-geheim-wachtwoord', repeat: 'nieuw-geheim-wachtwoord' }));
    expect(changed.statusCode).toBe(303);
    expect((await kept(winkelier.get('/account'))).body).toContain('Uw wachtwoord is gewijzigd.');
    expect((await kept(elsewhere.get('/tenants/bakkerij/errors'))).statusCode).toBe(303);
    expect((await kept(new DashboardClient(port).login('winkelier', PASSWORDS.winkelier))).statusCode).toBe(401);
    PASSWORDS.winkelier = 'nieuw-geheim-wachtwoord';
    await loggedIn('winkelier', PASSWORDS.winkelier);
  });

  it('sets up a second factor (shown once, confirmed by a code) that the next login asks for', async () => {
    const started = await winkelier.post('/account/totp/setup', {});
    expect(started.statusCode).toBe(200);
    expect(started.body).toContain('Tweestapsverificatie instellen');
    const uri = /(otpauth:\/\/totp\/[^"<\s]+)/.exec(started.body)![1].replace(/&amp;/g, '&');
    const secret = new URL(uri).searchParams.get('secret')!;
    expect(uri).toContain('issuer=Koppelwerk');
    expect(started.body).toContain(`<code>${secret}</code>`);
    shownOnce.set(secret, started);

    const wrongCode = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    const wrong = await kept(winkelier.post('/account/totp/confirm', { code: wrongCode }));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('De code klopt niet.');
    const confirmed = await kept(winkelier.post('/account/totp/confirm', { code: totpCode(secret) }));
    expect(confirmed.statusCode).toBe(303);
    const account = await kept(winkelier.get('/account'));
    expect(account.body).toContain('Tweestapsverificatie staat aan.');
    expect(account.body).toContain('Staat aan: bij het inloggen');
    expect(readFileSync(usersFile, 'utf8')).toMatch(/name: winkelier[\s\S]*?totpSecret: \$\{encrypted:v1:/);

    // The password alone no longer logs in: the code is asked next.
    const client = new DashboardClient(port);
    const first = await kept(client.login('winkelier', PASSWORDS.winkelier));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Code uit uw app');
    expect((await kept(client.get('/tenants/bakkerij/errors'))).statusCode).toBe(303);
    const bad = await kept(client.post('/login/code', { code: wrongCode }));
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('De code klopt niet.');
    // A code of the next step (clocks drift) logs in.
    const good = await kept(client.post('/login/code', { code: totpCode(secret, 1) }));
    expect(good.statusCode).toBe(303);
    expect((await kept(client.get('/tenants/bakkerij/errors'))).statusCode).toBe(200);
    // The same code does not log in a second time.
    const replay = new DashboardClient(port);
    await kept(replay.login('winkelier', PASSWORDS.winkelier));
    expect((await kept(replay.post('/login/code', { code: totpCode(secret, 1) }))).statusCode).toBe(401);

    // Turned off with the password: the password alone logs in again.
    const removed = await kept(client.post('/account/totp/remove', { password: PASSWORDS.winkelier }));
    expect(removed.statusCode).toBe(303);
    expect(readFileSync(usersFile, 'utf8')).not.toMatch(/name: winkelier[^-]*totpSecret/);
    expect((await kept(new DashboardClient(port).login('winkelier', PASSWORDS.winkelier))).statusCode).toBe(303);
  });

  it('shows no password, token or TOTP secret after it was created: in no page, the users file or the server’s output', async () => {
    const file = readFileSync(usersFile, 'utf8');
    expect(statSync(usersFile).mode & 0o777).toBe(0o600);
    expect(file).toContain('# Wie het dashboard mag openen (beheerd in Gebruikers)');
    const hashes = [...file.matchAll(/(scrypt\$[^\s]+|[0-9a-f]{64}|\$\{encrypted:[^}]+\})/g)].map((match) => match[1]);
    expect(hashes.length).toBeGreaterThan(3);
    const output = serve.stdout() + serve.stderr();
    for (const [secret, page] of shownOnce) {
      for (const other of pages) if (other !== page) expect(other.body).not.toContain(secret);
      expect(file).not.toContain(secret);
      expect(output).not.toContain(secret);
    }
    for (const password of [...Object.values(PASSWORDS), 'winkelier-wachtwoord-2']) {
      for (const response of pages) expect(response.body).not.toContain(password);
      expect(file).not.toContain(password);
      expect(output).not.toContain(password);
    }
    for (const hash of hashes) for (const response of pages) expect(response.body).not.toContain(hash);
    expect(pages.length).toBeGreaterThan(50);
  });
});
