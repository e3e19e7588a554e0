/**
 * The dashboard as a person uses it, in a real browser: headless Chromium (the system's, driven by
 * playwright-core) against a real `koppelwerk serve` process over loopback, with the tenants'
 * shops and bookkeeping in the simulators. A bookkeeper logs in, syncs, sees the sink's dot turn
 * red after the codes change, follows the hint (new codes saved where the tenant file reads them)
 * and re-checks; fixes the mapping, selects the parked documents, reprocesses them and finds each
 * booked once in e-Boekhouden. A tenant user cannot reach another tenant.
 *
 * `KOPPELWERK_SCREENSHOTS=<dir>` also saves the main pages as PNG files there (docs/dashboard.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { describeWithBrowser, launchBrowser } from '../testing/browser';
import { startCli, type CliProcess } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { hashPassword } from '@koppelwerk/dashboard';

jest.setTimeout(180_000);

/** Only the 21 % rate has a VAT code and nothing is built in: every order with another rate is parked. */
const STRICT_VAT = { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] };
const PASSWORDS = { beheer: 'beheer-wachtwoord-1', slager: 'slager-wachtwoord-2' };

describeWithBrowser('the dashboard in a real browser', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let dir: string;
  let serve: CliProcess;
  let base: string;
  let browser: Browser;
  const screenshots = process.env['KOPPELWERK_SCREENSHOTS'];

  beforeAll(async () => {
    [bookkeeping, shop] = await Promise.all([startEboekhoudenSimulator({ port: 0 }), startMijnwebwinkelSimulator({ port: 0 })]);
    dir = scratchDir('dashboard-browser');
    saveCodes(bookkeeping.credentials.securityCode1, bookkeeping.credentials.securityCode2);
    writeTenant('bakkerij', { vat: STRICT_VAT });
    writeTenant('slagerij');
    writeFileSync(
      join(dir, 'dashboard.yaml'),
      stringify({
        users: [
          { name: 'beheer', role: 'operator', passwordHash: await hashPassword(PASSWORDS.beheer) },
          { name: 'slager', role: 'tenant', tenants: ['slagerij'], passwordHash: await hashPassword(PASSWORDS.slager) },
        ],
      }),
    );
    serve = startCli(['serve', dir, '--port', '0'], { SHOP_TOKEN: shop.credentials.token }, 170_000);
    await serve.waitFor(/listening on (http:\/\/\S+)/);
    base = /listening on (http:\/\/\S+)/.exec(serve.stdout())![1];
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await serve?.done;
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  /** The tenant reads its e-Boekhouden codes from files, where "saving new codes" puts them. */
  function saveCodes(code1: string, code2: string): void {
    writeFileSync(join(dir, 'code1.txt'), code1, { mode: 0o600 });
    writeFileSync(join(dir, 'code2.txt'), code2, { mode: 0o600 });
  }

  function writeTenant(name: string, mapping: Record<string, unknown> = {}): void {
    const prefix = name.slice(0, 3).toUpperCase();
    const tenant = {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: shop.credentials.partner_token } },
      sink: {
        connector: 'eboekhouden',
        endpoint: bookkeeping.endpoint,
        settings: { ...bookkeeping.credentials, securityCode1: '${file:code1.txt}', securityCode2: '${file:code2.txt}' },
      },
      mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` }, ...mapping },
    };
    writeFileSync(join(dir, `${name}.yaml`), stringify(tenant));
  }

  const bookedNumbers = (prefix: string) =>
    bookkeeping
      .state()
      .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
      .filter((n) => n.startsWith(`${prefix}-`));

  async function logIn(name: keyof typeof PASSWORDS): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    // Every page asks for a login first.
    await page.waitForURL(/\/login/);
    await page.fill('input[name="username"]', name);
    await page.fill('input[name="password"]', PASSWORDS[name]);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async function shoot(page: Page, name: string): Promise<void> {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.screenshot({ path: join(screenshots, `${name}.png`) });
  }

  /** Presses an action button on the tenant's page and returns the notice it leads to. */
  async function act(page: Page, label: string): Promise<string> {
    await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)]);
    return page.locator('section.notice').innerText();
  }

  it('syncs, turns the sink red when the codes change, and green again once the new codes are saved and re-checked', async () => {
    const page = await logIn('beheer');
    const overview = await page.locator('body').innerText();
    expect(overview).toMatch(/bakkerij[\s\S]*slagerij/);
    // The users file beside the tenant files is no tenant.
    expect(await page.locator('a[href="/tenants/dashboard"]').count()).toBe(0);

    await page.click('a[href="/tenants/bakkerij"]');
    const synced = await act(page, 'Nu synchroniseren');
    // In Dutch, from the catalogue: a run that booked some and parked others is done in part; no command line.
    expect(synced).toMatch(/Gelukt|Deels gelukt|Niet gelukt/);
    expect(synced).toMatch(/geboekt/);
    expect(synced).not.toMatch(/\bbooked\b|\bparked\b|koppelwerk errors/);
    expect(bookedNumbers('BAK').length).toBeGreaterThan(0);
    const bookedBefore = bookedNumbers('BAK').length;

    // The codes change in e-Boekhouden (a new API user, a reset): the check turns the sink red.
    const fresh = bookkeeping.rotateCredentials();
    const red = await act(page, 'Nu controleren');
    expect(red).toMatch(/Niet gelukt/);
    const sinkDot = page.locator('.dot-red');
    await expect(sinkDot.count()).resolves.toBeGreaterThan(0);
    const redText = await sinkDot.first().innerText();
    expect(redText).toMatch(/e-Boekhouden weigerde/);
    expect(redText).toMatch(/Wat te doen:/);
    // The hint says what to do, and no code is ever on the page.
    const html = await page.content();
    for (const code of [fresh.securityCode1, fresh.securityCode2]) expect(html).not.toContain(code);
    await shoot(page, 'red-dot');

    // Following the hint: the new codes are saved where the tenant file reads them; then re-check.
    saveCodes(fresh.securityCode1, fresh.securityCode2);
    const green = await act(page, 'Nu controleren');
    expect(green).toMatch(/Gelukt/);
    expect(await page.locator('.dot-red').count()).toBe(0);
    expect(bookedNumbers('BAK')).toHaveLength(bookedBefore);
    await page.close();
  });

  it('selects every parked document after a mapping fix, reprocesses them, and each is booked once', async () => {
    const page = await logIn('beheer');
    await page.goto(`${base}/tenants/bakkerij/errors`);
    const parked = await page.locator('input[name="ids"][type="checkbox"]').count();
    expect(parked).toBeGreaterThan(0);
    await shoot(page, 'errors-tab');
    const before = bookedNumbers('BAK');

    // The bookkeeper adds the missing VAT codes (the built-in table) to the mapping.
    writeTenant('bakkerij');
    for (const box of await page.locator('input[name="ids"][type="checkbox"]').all()) await box.check();
    const result = await act(page, 'Opnieuw verwerken');
    expect(result).toMatch(/Gelukt/);

    const after = bookedNumbers('BAK');
    expect(after.length).toBe(before.length + parked);
    expect(new Set(after).size).toBe(after.length);
    await page.goto(`${base}/tenants/bakkerij/errors`);
    expect(await page.locator('input[name="ids"][type="checkbox"]').count()).toBe(0);

    await page.goto(`${base}/tenants/bakkerij/activity`);
    expect(await page.locator('body').innerText()).toMatch(/BAK-/);
    await shoot(page, 'activity');
    await page.goto(`${base}/tenants/bakkerij/runs`);
    await shoot(page, 'runs');
    await page.goto(`${base}/`);
    await shoot(page, 'overview');
    await page.close();
  });

  it('keeps a tenant user to their own tenant: another tenant is not found', async () => {
    const page = await logIn('slager');
    expect(await page.locator('body').innerText()).toContain('slagerij');
    expect(await page.locator('body').innerText()).not.toContain('bakkerij');
    for (const path of ['/tenants/bakkerij', '/tenants/bakkerij/errors', '/tenants/bakkerij/activity', '/api/tenants/bakkerij']) {
      const response = await page.goto(`${base}${path}`);
      expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
    }
    await page.close();
  });
});
