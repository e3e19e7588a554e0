/**
 * The Controle tab over the test directory: a period in, the report in Dutch (the kinds in words,
 * amounts in Dutch notation, a parked document's reason worded from its code), and "Opnieuw
 * boeken" asked first on a page of its own, then done once and shown once.
 */
import { PASSWORDS, startTestDashboard, type DashboardClient, type TestDashboard } from '../testing/dashboard-client';
import { visibleText } from '../testing/language-crawl';

jest.setTimeout(120_000);

describe('the Controle tab', () => {
  let dashboard: TestDashboard;
  let client: DashboardClient;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    client = dashboard.client();
    await client.login('bureau', PASSWORDS.bureau);
  });
  afterAll(() => dashboard.stop());

  it('offers the previous and the current month, and reconciles nothing before a period is asked for', async () => {
    const page = await client.get('/tenants/shop-b/reconcile');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<input type="date" name="from" value="\d{4}-\d{2}-01" required>/);
    expect(page.body).toContain('aria-current="page" class="current">Controle</a>');
    expect((await dashboard.actions()).filter((a) => a.action === 'reconcile')).toEqual([]);
  });

  it('shows the totals per VAT code and box and each difference, in Dutch', async () => {
    const page = await client.get('/tenants/shop-b/reconcile?from=2026-01-01&to=2026-03-31');
    expect(page.statusCode).toBe(200);
    expect((await dashboard.actions()).at(-1)).toEqual({ action: 'reconcile', tenant: 'shop-b', period: { from: '2026-01-01', to: '2026-03-31' } });
    const text = visibleText(page.body);
    expect(text).toContain('5 document(en) in de bron, 3 geboekt door Koppelwerk, 4 in de boekhouding.');
    expect(text).toContain('6 verschillen');
    expect(text).toContain('verwijderd uit de boekhouding');
    expect(text).toContain('onbekende boeking in de boekhouding');
    expect(text).toContain('bedrag: € 121,00 → € 131,00');
    expect(text).toContain('grootboekrekening: 8000 → 8010');
    expect(text).toContain('in de foutenlijst: geen btw-regel in mapping.vat.sales past bij 9% normaal tarief, omzet naar NL op 2026-03-01');
    expect(text).toContain('nog niet gelezen: de volgende synchronisatie leest het');
    expect(page.body).toContain('<td><code>HOOG_VERK_21</code></td><td>1a</td><td class="amount">1.000,00</td><td class="amount">210,00</td><td class="amount">1.210,00</td>');
    expect(text).toContain('1b 200,00 18,00 218,00 100,00 9,00 109,00 100,00 9,00 109,00 -100,00 -9,00 -109,00');
    expect(text).not.toMatch(/\bundefined\b|missing-in-books|deleted-in-books/);
    // Only the deleted document can be booked again.
    expect(page.body.match(/action="\/tenants\/shop-b\/rebook"/g)).toHaveLength(1);
  });

  it('refuses a period it cannot use, and reconciles nothing', async () => {
    const before = (await dashboard.actions()).length;
    const page = await client.get('/tenants/shop-b/reconcile?from=2026-04-01&to=2026-03-01');
    expect(visibleText(page.body)).toContain('Kies een geldige periode');
    expect(await dashboard.actions()).toHaveLength(before);
  });

  it('asks before it books a deleted document again, then books it once and shows the result once', async () => {
    await client.get('/tenants/shop-b/reconcile?from=2026-01-01&to=2026-03-31');
    const asked = await client.post('/tenants/shop-b/rebook', { document: '1001', invoiceNumber: 'WEB-1001', from: '2026-01-01', to: '2026-03-31' });
    expect(asked.statusCode).toBe(200);
    expect(visibleText(asked.body)).toContain('Document 1001 (WEB-1001) is uit de boekhouding verwijderd.');
    expect((await dashboard.actions()).filter((a) => a.action === 'rebook')).toEqual([]);

    const done = await client.post('/tenants/shop-b/rebook', { document: '1001', confirm: 'yes', from: '2026-01-01', to: '2026-03-31' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/tenants/shop-b/reconcile?from=2026-01-01&to=2026-03-31');
    expect((await dashboard.actions()).filter((a) => a.action === 'rebook')).toEqual([{ action: 'rebook', tenant: 'shop-b', documents: ['1001'] }]);
    const after = await client.get('/tenants/shop-b/reconcile?from=2026-01-01&to=2026-03-31');
    expect(visibleText(after.body)).toContain('Gelukt: klaar: 1 geboekt');
    expect(visibleText((await client.get('/tenants/shop-b/reconcile?from=2026-01-01&to=2026-03-31')).body)).not.toContain('Gelukt:');
  });
});
