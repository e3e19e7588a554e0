/**
 * "Nieuwe koppeling" end to end, from an empty tenants folder: an operator logs in to `koppelwerk
 * serve`, makes a Mijnwebwinkel -> e-Boekhouden link against the simulators (both dots green, a
 * trial run that books nothing), saves it, and the first sync books. The tenant file holds no secret
 * in clear text, no page ever shows one; a tenant user sees only their tenant and cannot make one;
 * a FactuurSturen link is made through the JSON API.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@koppelwerk/dashboard';
import { DashboardClient, type HttpResponse } from '@koppelwerk/dashboard/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startFactuursturenSimulator, type RunningFactuursturenSimulator } from '@koppelwerk/factuursturen/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { ArrivingOrders, scratchDir, writeConnectorPackage } from '@koppelwerk/runtime/testing';
import { startCli, type CliProcess } from '../testing/cli-process';
import { formFields, shopLinkFields, withoutSecrets } from '../testing/form-fields';

let shop: RunningMijnwebwinkelSimulator;
let invoicing: RunningFactuursturenSimulator;
let books: EboekhoudenSimulator;
let serve: CliProcess;
let port: number;
let dir: string;
const pages: HttpResponse[] = [];
const PACKAGE_KEY = 'pakket-sleutel-0123456789';

async function bookedMutations(): Promise<Array<Record<string, unknown>>> {
  const state = (await (await fetch(`${books.url}/_sim/state`)).json()) as { administraties: Array<{ mutaties: Array<Record<string, unknown>> }> };
  return state.administraties[0].mutaties;
}

async function mutations(): Promise<number> {
  return (await bookedMutations()).length;
}

/** Every answer is kept: none may contain a secret. */
async function kept(answer: Promise<HttpResponse>): Promise<HttpResponse> {
  const response = await answer;
  pages.push(response);
  return response;
}

beforeAll(async () => {
  [shop, invoicing, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startFactuursturenSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
  dir = scratchDir('wizard');
  const [operator, owner] = await Promise.all([hashPassword('beheer-wachtwoord', { N: 1024, r: 8, p: 1 }), hashPassword('winkel-wachtwoord', { N: 1024, r: 8, p: 1 })]);
  writeFileSync(
    join(dir, 'dashboard.yaml'),
    `users:\n  - name: beheer\n    role: operator\n    passwordHash: ${operator}\n  - name: winkelier\n    role: tenant\n    tenants: [bakkerij-jansen]\n    passwordHash: ${owner}\n`,
  );
  // A connector package installed where the dashboard runs: its form and its link come without dashboard code.
  writeConnectorPackage(dir, { name: 'koppelwerk-connector-fixture', id: 'fixture-shop' });
  serve = startCli(['serve', dir, '--port', '0'], { KOPPELWERK_SECRET_KEY_FILE: join(scratchDir('wizard-key'), 'secret.key') }, undefined, [], dir);
  await serve.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
  port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
});

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await serve?.done;
  await Promise.all([shop?.close(), invoicing?.close(), books?.close()]);
});

describe('Nieuwe koppeling', () => {
  it('makes a link from an empty folder: both dots green, a trial run, saved, and the first sync books', async () => {
    const client = new DashboardClient(port);
    expect((await client.login('beheer', 'beheer-wachtwoord')).statusCode).toBe(303);
    const start = await kept(client.get('/tenants/new'));
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Nieuwe koppeling');
    expect(start.body).toMatch(/<option value="mijnwebwinkel"/);
    expect(start.body).toMatch(/<option value="eboekhouden"/);

    const badName = await kept(client.get('/tenants/new?tenant=Bakkerij+Jansen&source=mijnwebwinkel&sink=eboekhouden'));
    expect(badName.statusCode).toBe(422);
    expect(badName.body).toContain('kleine letters');

    const form = await kept(client.get('/tenants/new?tenant=bakkerij-jansen&source=mijnwebwinkel&sink=eboekhouden'));
    expect(form.statusCode).toBe(200);
    for (const name of ['source.settings.token', 'source.settings.partner_token', 'sink.settings.username', 'sink.settings.securityCode1', 'sink.settings.securityCode2']) {
      expect(form.body).toContain(`name="${name}"`);
    }
    const fields = { ...shopLinkFields('bakkerij-jansen', shop, books), 'ledgers.debtors': '1300', 'ledgers.sales': '8000', everyMinutes: '30' };

    // A code of the wrong form is shown at its field, in Dutch, and nothing is tried.
    const wrong = await kept(client.post('/tenants/new', { ...fields, 'sink.settings.securityCode2': 'verkeerd', step: 'test' }));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toMatch(/data-path="sink\.settings\.securityCode2"[\s\S]*?field-problem/);
    // A refused secret is not kept: left empty next time, it is missing, not silently the wrong one.
    const again = await kept(client.post('/tenants/new', { ...fields, 'sink.settings.securityCode2': '', step: 'test' }));
    expect(again.statusCode).toBe(422);
    expect(again.body).toMatch(/data-path="sink\.settings\.securityCode2"[\s\S]*?field-problem/);

    const tested = await kept(client.post('/tenants/new', { ...fields, step: 'test' }));
    expect(tested.statusCode).toBe(200);
    expect(tested.body.match(/dot dot-green/g)).toHaveLength(2);
    expect(tested.body).toContain('Beide verbindingen werken.');
    // From now on the form offers the live lists: the shop's own statuses as checkboxes, the administration's ledgers as a list.
    expect(tested.body).toMatch(/type="checkbox" id="[^"]*" name="source\.settings\.bookedStatuses" value="Betaald" checked/);
    expect(tested.body).toMatch(/<select id="ledgers\.sales" name="ledgers\.sales"[\s\S]*?<option value="8010">8010 Omzet laag tarief<\/option>/);

    // The secrets are not sent again: the form keeps them (encrypted, on the server).
    const secretsKept = withoutSecrets(fields);
    const trial = await kept(client.post('/tenants/new', { ...secretsKept, 'source.settings.bookedStatuses': ['Betaald', 'Verzonden'], step: 'dry-run' }));
    expect(trial.statusCode).toBe(200);
    expect(trial.body).toContain('Proefrun: wat een synchronisatie nu zou doen');
    expect(trial.body).toMatch(/\d+ documenten zouden geboekt worden/);
    expect(await mutations()).toBe(0);

    const saved = await kept(client.post('/tenants/new', { ...secretsKept, 'source.settings.bookedStatuses': ['Betaald', 'Verzonden'], step: 'save' }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/tenants/bakkerij-jansen');
    const file = join(dir, 'bakkerij-jansen.yaml');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('${encrypted:v1:');
    expect(text).toMatch(/^#/m);
    expect(text).toContain('everyMinutes: 30');
    expect(text).toMatch(/bookedStatuses:\s*\n\s*- Betaald\s*\n\s*- Verzonden/);

    const page = await kept(client.get('/tenants/bakkerij-jansen/errors'));
    expect(page.body).toContain('Koppeling bakkerij-jansen is opgeslagen');
    await kept(client.post('/tenants/bakkerij-jansen/sync', { back: 'errors' }));
    expect(await mutations()).toBeGreaterThan(0);

    // The name is taken now.
    expect((await kept(client.get('/tenants/new?tenant=bakkerij-jansen&source=mijnwebwinkel&sink=eboekhouden'))).statusCode).toBe(422);
  });

  it('changes a ledger in Instellingen, which changes the next booking, refuses a save over a file changed since, and logs both', async () => {
    const client = new DashboardClient(port);
    await client.login('beheer', 'beheer-wachtwoord');
    const settings = await kept(client.get('/tenants/bakkerij-jansen/settings'));
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('Instellingen');
    const fields = formFields(settings.body);
    expect(fields['ledgers.sales']).toBe('8000');
    expect(fields['sink.settings.securityCode1']).toBe(''); // write-only: never filled in
    expect(settings.body).toContain('ingesteld');

    const saved = await kept(client.post('/tenants/bakkerij-jansen/settings', { ...fields, 'ledgers.sales': '8010', step: 'save' }));
    expect(saved.statusCode).toBe(303);
    const after = await kept(client.get('/tenants/bakkerij-jansen/settings'));
    expect(after.body).toContain('Instellingen opgeslagen');
    expect(after.body).toContain('Omzet: 8000 → 8010');
    expect(formFields(after.body)['ledgers.sales']).toBe('8010');
    const file = readFileSync(join(dir, 'bakkerij-jansen.yaml'), 'utf8');
    expect(file).toMatch(/default: "?8010"?/);
    expect(file).toMatch(/^#/m);

    const arriving = new ArrivingOrders(shop).add(2);
    await kept(client.post('/tenants/bakkerij-jansen/sync', { back: 'errors' }));
    const booked = (await bookedMutations()).filter((mutation) => arriving.includes(String(mutation.Factuurnummer)));
    expect(booked).toHaveLength(2);
    for (const mutation of booked) expect(JSON.stringify(mutation)).toContain('"TegenrekeningCode":"8010"');

    // Changed on disk after the form was opened: the form's save is refused, the file stays as changed.
    const opened = formFields((await kept(client.get('/tenants/bakkerij-jansen/settings'))).body);
    writeFileSync(join(dir, 'bakkerij-jansen.yaml'), readFileSync(join(dir, 'bakkerij-jansen.yaml'), 'utf8').replace('everyMinutes: 30', 'everyMinutes: 45'), { mode: 0o600 });
    const stale = await kept(client.post('/tenants/bakkerij-jansen/settings', { ...opened, 'ledgers.sales': '8000', step: 'save' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('gewijzigd sinds u dit formulier opende');
    expect(readFileSync(join(dir, 'bakkerij-jansen.yaml'), 'utf8')).toMatch(/default: "?8010"?/);

    const audit = await kept(client.get('/tenants/bakkerij-jansen/audit'));
    expect(audit.body).toContain('koppeling gemaakt');
    expect(audit.body).toContain('instellingen gewijzigd');
    expect(audit.body).toContain('ledgers.sales');
    expect(audit.body).toContain('gesynchroniseerd');
    expect(audit.body).toContain('beheer');

    const ledgers = JSON.parse((await kept(client.get('/api/tenants/bakkerij-jansen/lookups/ledgers'))).body) as { side: string; items: Array<{ value: string; label: string }> };
    expect(ledgers.side).toBe('sink');
    expect(ledgers.items).toEqual(expect.arrayContaining([expect.objectContaining({ value: '8010', label: 'Omzet laag tarief' })]));
    expect((await kept(client.get('/api/tenants/bakkerij-jansen/lookups/nothing-such'))).statusCode).toBe(404);

    // The API twin: secrets as { set: true }, a change by PUT, the log as JSON.
    const api = JSON.parse((await kept(client.get('/api/tenants/bakkerij-jansen/settings'))).body) as { sink: { settings: Record<string, unknown> }; fingerprint: string };
    expect(api.sink.settings.securityCode1).toEqual({ set: true });
    const put = await kept(client.request({ method: 'PUT', path: '/api/tenants/bakkerij-jansen/settings', body: JSON.stringify({ fingerprint: api.fingerprint, ledgers: { debtors: '1310' } }), headers: { 'content-type': 'application/json', 'x-csrf-token': JSON.parse((await client.get('/api/csrf')).body).token } }));
    expect(put.statusCode).toBe(200);
    expect(JSON.parse(put.body).changed).toEqual([{ path: 'ledgers.debtors', secret: false, before: '1300', after: '1310' }]);
    const log = JSON.parse((await kept(client.get('/api/tenants/bakkerij-jansen/audit'))).body) as { entries: Array<{ action: string; user: string; fields?: string[] }> };
    expect(log.entries[0]).toMatchObject({ action: 'settings', user: 'beheer', fields: ['ledgers.debtors'] });
  });

  it('lets a tenant user see only their tenant, and make none', async () => {
    const client = new DashboardClient(port);
    expect((await client.login('winkelier', 'winkel-wachtwoord')).statusCode).toBe(303);
    expect((await kept(client.get('/tenants/new'))).statusCode).toBe(404);
    const refused = await kept(client.postJson('/api/tenants', { tenant: 'mijn-eigen', source: { connector: 'mijnwebwinkel', settings: {} }, sink: { connector: 'eboekhouden', settings: {} } }));
    expect(refused.statusCode).toBe(403);
    const overview = await kept(client.get('/api/tenants'));
    expect((JSON.parse(overview.body) as { tenants: Array<{ tenant: string }> }).tenants.map((t) => t.tenant)).toEqual(['bakkerij-jansen']);
    expect(existsSync(join(dir, 'mijn-eigen.yaml'))).toBe(false);
  });

  it('makes a FactuurSturen link through the JSON API, checked the same way', async () => {
    const client = new DashboardClient(port);
    await client.login('beheer', 'beheer-wachtwoord');
    const body = {
      tenant: 'facturen',
      source: { connector: 'factuursturen', endpoint: invoicing.url, settings: { ...invoicing.credentials } },
      sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: { ...books.credentials } },
      everyMinutes: 60,
    };
    const bad = await kept(client.postJson('/api/tenants', { ...body, sink: { ...body.sink, settings: { ...books.credentials, securityCode1: 'kort' } } }));
    expect(bad.statusCode).toBe(422);
    expect((JSON.parse(bad.body) as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).toContain('sink.settings.securityCode1');
    const made = await kept(client.postJson('/api/tenants', body));
    expect(made.statusCode).toBe(201);
    expect(readFileSync(join(dir, 'facturen.yaml'), 'utf8')).toContain('connector: factuursturen');
    expect((await kept(client.postJson('/api/tenants', body))).statusCode).toBe(422);
  });

  it('makes a link with an installed connector package through the API, its form made from its schema', async () => {
    const client = new DashboardClient(port);
    await client.login('beheer', 'beheer-wachtwoord');
    const connectors = JSON.parse((await kept(client.get('/api/connectors'))).body) as { connectors: Array<{ connector: string; builtIn: boolean; settingsSchema: { properties: Record<string, { writeOnly?: boolean }> } }> };
    const fixture = connectors.connectors.find((entry) => entry.connector === 'koppelwerk-connector-fixture');
    expect(fixture?.builtIn).toBe(false);
    expect(fixture?.settingsSchema.properties.apiKey.writeOnly).toBe(true);
    const form = await kept(client.get('/tenants/new?tenant=pakket&source=koppelwerk-connector-fixture&sink=eboekhouden'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input type="password" id="setting-source\.settings\.apiKey" name="source\.settings\.apiKey"/);
    const made = await kept(
      client.postJson('/api/tenants', {
        tenant: 'pakket',
        source: { connector: 'koppelwerk-connector-fixture', settings: { apiKey: PACKAGE_KEY } },
        sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: { ...books.credentials } },
      }),
    );
    expect(made.statusCode).toBe(201);
    const text = readFileSync(join(dir, 'pakket.yaml'), 'utf8');
    expect(text).toContain('connector: koppelwerk-connector-fixture');
    expect(text).toMatch(/apiKey: \$\{encrypted:v1:/);
    const checked = JSON.parse((await kept(client.postJson('/api/tenants/pakket/test-connection', {}))).body) as { ok: boolean; checks: { source: { ok: boolean } } };
    expect(checked.checks.source.ok).toBe(true);
    const settings = JSON.parse((await kept(client.get('/api/tenants/pakket/settings'))).body) as { source: { settings: Record<string, unknown> } };
    expect(settings.source.settings.apiKey).toEqual({ set: true });
  });

  it('never shows a secret: not on a page, not in an API answer, not in the tenant files or the log', () => {
    const secrets = [PACKAGE_KEY, shop.credentials.token, shop.credentials.partner_token, books.credentials.securityCode1, books.credentials.securityCode2, invoicing.credentials.apiKey];
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) for (const secret of secrets) expect(page.body).not.toContain(secret);
    for (const file of ['bakkerij-jansen.yaml', 'facturen.yaml', 'pakket.yaml']) for (const secret of secrets) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(secret);
    for (const secret of secrets) expect(serve.stdout() + serve.stderr()).not.toContain(secret);
  });
});
