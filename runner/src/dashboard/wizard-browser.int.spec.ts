/**
 * "Nieuwe koppeling" and Instellingen as a person uses them, in a real browser (headless Chromium
 * against `koppelwerk serve` and the simulators): an operator starts from an empty tenants folder,
 * chooses Mijnwebwinkel and e-Boekhouden, types the codes, tests the connection (both dots green),
 * ticks the shop's statuses and picks the ledgers from the live lists, runs the Proefrun, saves;
 * then changes the revenue ledger in Instellingen and finds both in the Logboek. Every page is in
 * Dutch: none shows a text of the English wizard or settings pages. The same from an empty service
 * database, with a worker booking the first sync.
 *
 * `KOPPELWERK_SCREENSHOTS=<dir>` also saves the pages as PNG files there (docs/dashboard.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, settingsTexts, wizardTexts } from '@koppelwerk/dashboard';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { TenantTable } from '@koppelwerk/service';
import { describeWithPostgres } from '@koppelwerk/testing';
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launchBrowser } from '../testing/browser';
import { startCli, type CliProcess } from '../testing/cli-process';

/** Every text of the English wizard and settings pages long enough to be a sentence or a label of its own. */
function englishTexts(): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'function') texts.push(String((value as (...args: unknown[]) => unknown)('X', 'Y', 'Z')));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(wizardTexts('en'));
  collect(settingsTexts('en'));
  const dutch = new Set<string>();
  const gather = (value: unknown): void => {
    if (typeof value === 'string') dutch.add(value);
    else if (typeof value === 'function') dutch.add(String((value as (...args: unknown[]) => unknown)('X', 'Y', 'Z')));
    else if (value && typeof value === 'object') Object.values(value).forEach(gather);
  };
  gather(wizardTexts('nl'));
  gather(settingsTexts('nl'));
  // A word both languages write the same ("Koppelwerk", a connector's name) is no English.
  return texts.filter((text) => text.length >= 8 && !dutch.has(text));
}

/** Where the dashboard keeps the tenants: a folder of tenant files, or an empty service database with a worker. */
type Mode = { kind: 'embedded' } | { kind: 'service'; url: () => string };

function linkInABrowser(mode: Mode): void {
  let shop: RunningMijnwebwinkelSimulator;
  let books: EboekhoudenSimulator;
  let serve: CliProcess;
  let worker: CliProcess | undefined;
  let base: string;
  let browser: Browser;
  let dir: string;
  // The screenshots in docs/dashboard.md are the embedded mode's.
  const screenshots = mode.kind === 'embedded' ? process.env['KOPPELWERK_SCREENSHOTS'] : undefined;
  const english = englishTexts();
  const secrets = () => [shop.credentials.token, shop.credentials.partner_token, books.credentials.securityCode1, books.credentials.securityCode2];

  beforeAll(async () => {
    [shop, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
    dir = scratchDir('wizard-browser');
    writeFileSync(join(dir, 'dashboard.yaml'), `users:\n  - name: beheer\n    role: operator\n    passwordHash: ${await hashPassword('beheer-wachtwoord', { N: 1024, r: 8, p: 1 })}\n`);
    // The dashboard encrypts what is typed in; a worker decrypts it: one key for both.
    const key = { KOPPELWERK_SECRET_KEY_FILE: join(scratchDir('wizard-browser-key'), 'secret.key') };
    if (mode.kind === 'embedded') serve = startCli(['serve', dir, '--port', '0'], key);
    else {
      serve = startCli(['serve', '--database', mode.url(), '--users', join(dir, 'dashboard.yaml'), '--port', '0'], key);
      worker = startCli(['worker', '--database', mode.url(), '--log-dir', join(dir, 'logs')], key);
      await worker.waitFor(/^worker ready/m);
    }
    await serve.waitFor(/listening on (http:\/\/\S+)/);
    base = /listening on (http:\/\/\S+)/.exec(serve.stdout())![1];
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const child of [serve, worker]) child?.child.kill('SIGTERM');
    await Promise.all([serve?.done, worker?.done]);
    await Promise.all([shop?.close(), books?.close()]);
  });

  /** Where the saved link is kept, as text: the tenant file, or the service's row. */
  async function stored(): Promise<string> {
    if (mode.kind === 'embedded') return readFileSync(join(dir, 'bakkerij-jansen.yaml'), 'utf8');
    const table = await TenantTable.open(mode.url());
    try {
      return (await table.get('bakkerij-jansen'))?.configYaml ?? '';
    } finally {
      await table.close();
    }
  }

  /** The page as a person reads it: in Dutch (no English wizard or settings text), no secret; saved as a screenshot when asked. */
  async function looked(page: Page, name: string): Promise<string> {
    const text = await page.locator('body').innerText();
    for (const sentence of english) expect({ page: name, english: text.includes(sentence) ? sentence : undefined }).toEqual({ page: name, english: undefined });
    const markup = await page.content();
    for (const secret of secrets()) expect(markup).not.toContain(secret);
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, `${name}.png`) });
    }
    return text;
  }

  async function press(page: Page, label: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)]);
  }

  it('makes, tries and saves a link, then changes its ledger, all in Dutch', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('input[name="username"]', 'beheer');
    await page.fill('input[name="password"]', 'beheer-wachtwoord');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Nieuwe koppeling")')]);
    await page.fill('input[name="tenant"]', 'bakkerij-jansen');
    await page.selectOption('select[name="source"]', 'mijnwebwinkel');
    await page.selectOption('select[name="sink"]', 'eboekhouden');
    await looked(page, 'wizard-choice');
    await press(page, 'Verder');

    await page.fill('input[name="source.settings.endpoint"]', shop.url);
    await page.fill('input[name="source.settings.token"]', shop.credentials.token);
    await page.fill('input[name="source.settings.partner_token"]', shop.credentials.partner_token);
    await page.fill('input[name="sink.settings.endpoint"]', books.endpoint);
    await page.fill('input[name="sink.settings.username"]', books.credentials.username);
    await page.fill('input[name="sink.settings.securityCode1"]', books.credentials.securityCode1);
    await page.fill('input[name="sink.settings.securityCode2"]', books.credentials.securityCode2);
    await press(page, 'Verbinding testen');
    const tested = await looked(page, 'wizard-tested');
    expect(tested).toContain('Beide verbindingen werken.');
    expect(await page.locator('.dot-green').count()).toBe(2);
    // The live lists: the shop's statuses as checkboxes, the administration's ledgers to pick from.
    await page.locator('input[name="source.settings.bookedStatuses"][value="Betaald"]').check();
    await page.locator('input[name="source.settings.bookedStatuses"][value="Verzonden"]').check();
    await page.selectOption('select[name="ledgers.debtors"]', '1300');
    await page.selectOption('select[name="ledgers.sales"]', '8000');
    await page.fill('input[name="everyMinutes"]', '30');

    await press(page, 'Proefrun');
    const trial = await looked(page, 'wizard-dry-run');
    expect(trial).toMatch(/\d+ documenten zouden geboekt worden/);
    expect(await page.locator('table.dry-run tbody tr').count()).toBeGreaterThan(0);

    await press(page, 'Opslaan');
    expect(page.url()).toBe(`${base}/tenants/bakkerij-jansen/errors`);
    expect(await looked(page, 'wizard-saved')).toContain('Koppeling bakkerij-jansen is opgeslagen');
    const text = await stored();
    expect(text).toContain('${encrypted:v1:');
    for (const secret of secrets()) expect(text).not.toContain(secret);
    // The first sync books (in the service mode a worker runs it).
    await press(page, 'Nu synchroniseren');
    const held = (await (await fetch(`${books.url}/_sim/state`)).json()) as { administraties: Array<{ mutaties: unknown[] }> };
    expect(held.administraties[0].mutaties.length).toBeGreaterThan(0);

    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Instellingen")')]);
    await looked(page, 'settings');
    expect(await page.inputValue('input[name="sink.settings.securityCode1"]')).toBe('');
    await page.selectOption('select[name="ledgers.sales"]', '8010');
    await press(page, 'Opslaan');
    expect(await looked(page, 'settings-saved')).toContain('Omzet: 8000 → 8010');

    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Logboek")')]);
    const audit = await looked(page, 'audit');
    expect(audit).toContain('koppeling gemaakt');
    expect(audit).toContain('instellingen gewijzigd');
    expect(await stored()).toMatch(/default: "?8010"?/);
    await page.close();
  });
}

describeWithBrowser('Nieuwe koppeling in a real browser, from an empty tenants folder', () => linkInABrowser({ kind: 'embedded' }));

describeWithBrowser('Nieuwe koppeling in a real browser, from an empty service database', () =>
  describeWithPostgres('with a worker', (database) => linkInABrowser({ kind: 'service', url: () => database().url })),
);
