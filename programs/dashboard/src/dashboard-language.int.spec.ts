/**
 * Every page of a tenant with parked documents of several codes, a red dot and runs, crawled in
 * Dutch: no English sentence from the message sources (the catalogue's English, the English the
 * state stores, the dashboard's own English words) may show, and nothing says `undefined`. The
 * same crawl in English shows none of the Dutch ones. The action results are crawled too.
 */
import { renderMessage } from '@koppelwerk/core';
import { PASSWORDS, startTestDashboard, type DashboardClient, type TestDashboard } from './testing/dashboard-client';
import { pageLinks, sentencesIn, visibleText } from './testing/language-crawl';
import { sampleTenant } from './testing/sample-tenants';

jest.setTimeout(300_000);

const TENANT = 'shop-b';
/** An error entry's own page per code is enough: entries with the same code show the same sentences. */
const ENTRY_PAGES = 8;

/** Every page reachable from the overview and the tenant's tabs (its explanations named too), within this tenant. */
async function crawl(client: DashboardClient, language: 'nl' | 'en'): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const queue = ['/', `/tenants/${TENANT}/errors`, `/tenants/${TENANT}/reconcile?from=2026-01-01&to=2026-03-31`, ...['1001', '1002', '9999'].map((document) => `/tenants/${TENANT}/explain?document=${document}`)];
  let entries = 0;
  await client.get(`/?lang=${language}`);
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    if (/\/errors\/\d+$/.test(path) && ++entries > ENTRY_PAGES) continue;
    const page = await client.get(path);
    if (page.statusCode === 303 || page.statusCode === 302) continue;
    expect([path, page.statusCode]).toEqual([path, 200]);
    pages.set(path, page.body);
    for (const link of pageLinks(page.body)) {
      // The overview and the tenant's tabs (the settings and the wizard have crawls of their own).
      const inTenant = link === '/' || new RegExp(`^/tenants/${TENANT}/(errors|activity|runs)`).test(link);
      if (inTenant && !link.includes('/explain') && !pages.has(link) && pages.size + queue.length < 40) queue.push(link);
    }
  }
  return pages;
}

/** Each page that shows one of `sentences`, with the sentence; and each that says `undefined`. */
function findings(pages: Map<string, string>, sentences: readonly string[]): string[] {
  const found: string[] = [];
  for (const [path, body] of pages) {
    const text = visibleText(body);
    if (/\bundefined\b|\$\{/.test(text)) found.push(`${path}: says undefined or \${`);
    for (const sentence of sentences) if (text.includes(sentence)) found.push(`${path}: "${sentence}"`);
  }
  return found;
}

describe('the dashboard in Dutch and in English', () => {
  let dashboard: TestDashboard;
  let client: DashboardClient;
  const tenants = [sampleTenant(TENANT, { errors: 120 })];
  // The English of the actions' results the crawl asks for (a sync that booked 5 and parked 5, a check, ...).
  const results = [renderMessage('ACTION_PARKED', { booked: 5, skipped: 0, parked: 5, pending: 0 }, 'en', '').text];

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    client = dashboard.client();
    expect((await client.login('beheer', PASSWORDS.operator)).statusCode).toBe(303);
  });
  afterAll(() => dashboard.stop());

  it('shows no English sentence on any Dutch page of a tenant with parked documents, a red dot and runs', async () => {
    const pages = await crawl(client, 'nl');
    expect(pages.size).toBeGreaterThan(12);
    expect([...pages.keys()]).toEqual(expect.arrayContaining([`/tenants/${TENANT}/errors/2`, `/tenants/${TENANT}/activity`, `/tenants/${TENANT}/runs`]));
    const english = sentencesIn('en', tenants, results);
    expect(english.length).toBeGreaterThan(300);
    expect(findings(pages, english)).toEqual([]);
    // What the pages do say: the reasons, the dot and its advice, the runs, in Dutch.
    const all = [...pages.values()].map(visibleText).join('\n');
    expect(all).toContain('geen btw-regel in mapping.vat.sales past bij 9% normaal tarief, omzet naar NL op 2026-03-01');
    expect(all).toContain('e-Boekhouden weigerde AddMutatie (E0012): Beveiligingscode 2 onjuist');
    expect(all).toContain('de regels tellen op tot € 120,00 maar het totaal van de bron is € 121,50');
    expect(all).toContain('e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes');
    expect(all).toContain('30 documenten in de foutenlijst gezet');
    expect(all).toContain('in de foutenlijst: geen btw-regel in mapping.vat.sales past bij 9% normaal tarief');
  });

  it('words the results of the actions in Dutch: a sync that booked 5 and parked 5 is done in part, with no command line', async () => {
    const pages = new Map<string, string>();
    await client.get(`/tenants/${TENANT}/errors`);
    const actions: Array<[string, Record<string, string | string[]>]> = [['sync', {}], ['check', {}], ['reprocess', { ids: ['1', '2'] }], ['dismiss', { ids: '3' }]];
    for (const [action, form] of actions) {
      await client.post(`/tenants/${TENANT}/${action}`, { ...form, back: 'errors' });
      pages.set(`after ${action}`, (await client.get(`/tenants/${TENANT}/errors`)).body);
    }
    expect(findings(pages, sentencesIn('en', tenants, results))).toEqual([]);
    const sync = visibleText(pages.get('after sync')!);
    expect(sync).toContain('Deels gelukt: 5 geboekt, 5 in de foutenlijst');
    expect(sync).not.toContain('koppelwerk');
    expect(visibleText(pages.get('after check')!)).toContain('Niet gelukt: e-Boekhouden is rood: e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes');
    expect(visibleText(pages.get('after dismiss')!)).toContain('Gelukt: 1 van 1 genegeerd');
  });

  it('shows no Dutch sentence on the same pages in English', async () => {
    const pages = await crawl(client, 'en');
    expect(findings(pages, sentencesIn('nl', tenants))).toEqual([]);
    const all = [...pages.values()].map(visibleText).join('\n');
    expect(all).toContain("no VAT rule in mapping.vat.sales matches 9% normal revenue to NL on 2026-03-01 (line 1); add a rule for it to the tenant's mapping");
    expect(all).toContain('e-Boekhouden refused the username and security codes');
    await client.get('/?lang=nl');
  });
});
