/**
 * "Nieuwe koppeling" in the service mode, from an empty service database: an operator makes a
 * Mijnwebwinkel -> e-Boekhouden link through `koppelwerk serve --database`, a worker (with the same
 * secret key) books its first sync, a changed ledger in Instellingen changes the next booking, and
 * the audit log shows all of it. The database holds only ciphertext.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashPassword } from '@koppelwerk/dashboard';
import { DashboardClient, visibleText } from '@koppelwerk/dashboard/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';
import { describeWithPostgres, simControl } from '@koppelwerk/testing';
import { startCli, type CliProcess } from '../testing/cli-process';
import { formFields, shopLinkFields, withoutSecrets } from '../testing/form-fields';

describeWithPostgres('Nieuwe koppeling in the service mode', (database) => {
  let shop: RunningMijnwebwinkelSimulator;
  let books: EboekhoudenSimulator;
  let serve: CliProcess;
  let worker: CliProcess;
  let port: number;
  let dir: string;

  const mutations = async () => ((await (await fetch(`${books.url}/_sim/state`)).json()) as { administraties: Array<{ mutaties: Array<Record<string, unknown>> }> }).administraties[0].mutaties;

  beforeAll(async () => {
    [shop, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
    dir = scratchDir('wizard-service');
    const hash = await hashPassword('beheer-wachtwoord', { N: 1024, r: 8, p: 1 });
    writeFileSync(join(dir, 'dashboard.yaml'), `users:\n  - name: beheer\n    role: operator\n    passwordHash: ${hash}\n`);
    // The dashboard encrypts what is typed in; the workers decrypt it: one key for both.
    const key = { KOPPELWERK_SECRET_KEY_FILE: join(dir, 'secret.key') };
    serve = startCli(['serve', '--database', database().url, '--users', join(dir, 'dashboard.yaml'), '--port', '0'], key);
    worker = startCli(['worker', '--database', database().url, '--log-dir', join(dir, 'logs')], key);
    await Promise.all([serve.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m), worker.waitFor(/^worker ready/m)]);
    port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serve.stdout())![1]);
  });

  afterAll(async () => {
    for (const child of [serve, worker]) child?.child.kill('SIGTERM');
    await Promise.all([serve?.done, worker?.done]);
    await Promise.all([shop?.close(), books?.close()]);
  });

  it('makes the link, a worker books it, a changed ledger changes the next booking, and the database holds no secret', async () => {
    const client = new DashboardClient(port);
    expect((await client.login('beheer', 'beheer-wachtwoord')).statusCode).toBe(303);
    expect((await client.get('/tenants/new?tenant=winkel&source=mijnwebwinkel&sink=eboekhouden')).statusCode).toBe(200);
    const fields = { ...shopLinkFields('winkel', shop, books), 'ledgers.sales': '8000' };
    const tested = await client.post('/tenants/new', { ...fields, step: 'test' });
    expect(tested.body.match(/dot dot-green/g)).toHaveLength(2);
    const saved = await client.post('/tenants/new', { ...withoutSecrets(fields), step: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/tenants/winkel');

    await client.post('/tenants/winkel/sync', { back: 'errors' });
    const first = await mutations();
    expect(first.length).toBeGreaterThan(0);

    // Controle through a worker: the books agree; one booking deleted by hand is booked again once.
    const period = 'from=2000-01-01&to=2049-12-31';
    expect(visibleText((await client.get(`/tenants/winkel/reconcile?${period}`)).body)).toContain('De boekhouding klopt met de bron.');
    const invoiceNumber = String(first[0].Factuurnummer);
    expect((await simControl(new URL(books.url).origin, 'POST /manual/delete', { invoiceNumber })).status).toBe(200);
    const differ = visibleText((await client.get(`/tenants/winkel/reconcile?${period}`)).body);
    expect(differ).toContain(`verwijderd uit de boekhouding`);
    const document = new RegExp(`verwijderd uit de boekhouding (\\S+) ${invoiceNumber}`).exec(differ)![1];
    const rebooked = await client.post('/tenants/winkel/rebook', { document, confirm: 'yes', from: '2000-01-01', to: '2049-12-31' });
    expect(rebooked.statusCode).toBe(303);
    expect(visibleText((await client.get(rebooked.headers.location as string)).body)).toContain('Gelukt: klaar: 1 geboekt');
    expect((await mutations()).filter((mutation) => String(mutation.Factuurnummer) === invoiceNumber)).toHaveLength(1);

    const settings = await client.get('/tenants/winkel/settings');
    expect(settings.statusCode).toBe(200);
    expect((await client.post('/tenants/winkel/settings', { ...formFields(settings.body), 'ledgers.sales': '8010', step: 'save' })).statusCode).toBe(303);
    const arriving = new ArrivingOrders(shop).add(2);
    await client.post('/tenants/winkel/sync', { back: 'errors' });
    const next = (await mutations()).filter((mutation) => arriving.includes(String(mutation.Factuurnummer)));
    expect(next).toHaveLength(2);
    for (const mutation of next) expect(JSON.stringify(mutation)).toContain('"TegenrekeningCode":"8010"');

    const audit = JSON.parse((await client.get('/api/tenants/winkel/audit')).body) as { entries: Array<{ action: string; user: string }> };
    expect(audit.entries.map((entry) => entry.action)).toEqual(['sync', 'settings', 'rebook', 'sync', 'create']);
    expect(new Set(audit.entries.map((entry) => entry.user))).toEqual(new Set(['beheer']));

    // What a dump of the service database would hold: the tenant's file with its secrets encrypted, nothing in clear text.
    const pg = new Client({ connectionString: database().url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ config_yaml: string }>('SELECT config_yaml FROM tenants');
      const everything = JSON.stringify((await pg.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows);
      expect(everything).toContain('tenant_audit');
      expect(rows).toHaveLength(1);
      expect(rows[0].config_yaml).toContain('${encrypted:v1:');
      const dump = JSON.stringify((await pg.query('SELECT * FROM tenants')).rows) + JSON.stringify((await pg.query('SELECT * FROM tenant_audit')).rows);
      for (const secret of [shop.credentials.token, shop.credentials.partner_token, books.credentials.securityCode1, books.credentials.securityCode2]) expect(dump).not.toContain(secret);
    } finally {
      await pg.end();
    }
  });
});
