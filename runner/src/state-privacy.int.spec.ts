/**
 * Issue 14, "Personal data", through the real path: the tenant's state database and log file are
 * private to their owner (a real `koppelwerk sync` process, then the files are stat'ed), and
 * `state.retainDays` removes customers' data of booked documents from the database file while a
 * replay still books nothing twice (the runtime with a moved clock, the simulators over loopback).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, type Clock } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { createRegistry, DEFAULT_RETAIN_DAYS, openTenant, tenantConfigFromObject } from '@koppelwerk/runtime';
import { cli } from './testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

const DAY = 24 * 60 * 60 * 1000;
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The database file and its companions as bytes: what anyone holding the files could read. */
function databaseBytes(path: string): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => path + suffix)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('utf8'))
    .join('\n');
}

class MovableClock implements Clock {
  time = Date.parse('2025-04-01T08:00:00Z');
  now(): Date {
    return new Date(this.time);
  }
}

/** Four bookable orders with customers no other order shares; the fourth in dollars, so it is parked. */
function shopSeed(): { seed: Record<string, unknown>; booked: string[]; parked: string[] } {
  const shop = generateBookableOrders(4, 14);
  const booked: string[] = [];
  const parked: string[] = [];
  shop.orders.forEach((order, i) => {
    const name = i === 3 ? 'Open Parkeerder' : `Bewaar Klant${i}`;
    const email = i === 3 ? 'open.parkeerder@example.nl' : `bewaar.klant${i}@example.nl`;
    const street = i === 3 ? 'Wachtstraat' : `Vergeetstraat${i}`;
    const debtor = order.debtor!;
    debtor.email = email;
    debtor.name = name;
    debtor.company = '';
    // The generator always writes an invoice address (the API may send [] for a missing one).
    const address = debtor.address as { invoice: Record<string, unknown>; delivery?: unknown };
    Object.assign(address.invoice, { name, company: '', street });
    address.delivery = { ...address.invoice };
    if (i === 3) order.currency = 'USD';
    (i === 3 ? parked : booked).push(name, email, street);
  });
  return { seed: shop as unknown as Record<string, unknown>, booked, parked };
}

describe('personal data in the state and the logs', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let customers: { booked: string[]; parked: string[] };

  beforeAll(async () => {
    const { seed, ...names } = shopSeed();
    customers = names;
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  function writeTenant(dir: string, name: string, state: Record<string, unknown> = {}): string {
    const file = join(dir, `${name}.yaml`);
    const prefix = name.slice(0, 3).toUpperCase();
    writeFileSync(
      file,
      stringify({
        tenant: name,
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
        state,
        log: { level: 'debug' },
      }),
    );
    return file;
  }

  const mutations = () => bookkeeping.state().administraties.flatMap((a) => a.mutaties);

  it('creates the state database and the log file 0600 in 0700 folders, and tightens looser ones left by an older version', async () => {
    const dir = scratchDir('privacy-modes');
    const file = writeTenant(dir, 'prive');
    const first = await cli(['sync', file, '--json']);
    expect([0, 1]).toContain(first.code);
    const state = join(dir, 'state');
    const expected = {
      [state]: 0o700,
      [join(state, 'logs')]: 0o700,
      [join(state, 'prive.sqlite')]: 0o600,
      [join(state, 'logs', 'prive.log')]: 0o600,
    };
    const modes = () => Object.fromEntries(Object.keys(expected).map((path) => [path, modeOf(path)]));
    expect(modes()).toEqual(expected);

    // As an older version left them: readable by everyone.
    chmodSync(join(state, 'logs'), 0o755);
    chmodSync(join(state, 'prive.sqlite'), 0o644);
    chmodSync(join(state, 'logs', 'prive.log'), 0o644);
    const again = await cli(['sync', file, '--json']);
    expect([0, 1]).toContain(again.code);
    expect(modes()).toEqual(expected);
  });

  it('creates a missing folder for state.path privately too', async () => {
    const dir = scratchDir('privacy-path');
    mkdirSync(join(dir, 'data'), { mode: 0o755 });
    const file = writeTenant(dir, 'elders', { path: 'data/nested/elders.sqlite' });
    const result = await cli(['sync', file, '--json']);
    expect([0, 1]).toContain(result.code);
    expect(modeOf(join(dir, 'data', 'nested'))).toBe(0o700);
    expect(modeOf(join(dir, 'data', 'nested', 'elders.sqlite'))).toBe(0o600);
    expect(modeOf(join(dir, 'data', 'nested', 'logs', 'elders.log'))).toBe(0o600);
  });

  it('reads state.retainDays: 90 days unless set, `forever` to keep, and a clear problem for anything else', () => {
    const registry = createRegistry();
    const tenant = (state?: Record<string, unknown>) => ({
      tenant: 'regels',
      source: { connector: 'mijnwebwinkel', settings: { token: 't', partner_token: 'p' } },
      sink: { connector: 'eboekhouden', settings: { username: 'webshop.owner', securityCode1: 'a'.repeat(32), securityCode2: bookkeeping.credentials.securityCode2 } },
      ...(state ? { state } : {}),
    });
    const load = (state?: Record<string, unknown>) => tenantConfigFromObject(tenant(state), join(scratchDir('privacy-config'), 'regels.yaml'), registry);
    expect(load().retainDays).toBe(DEFAULT_RETAIN_DAYS);
    expect(DEFAULT_RETAIN_DAYS).toBe(90);
    expect(load({ retainDays: 7 }).retainDays).toBe(7);
    expect(load({ retainDays: 'forever' }).retainDays).toBe('forever');
    for (const wrong of [0, 2.5, 'never']) {
      let problems: ConfigurationError['problems'] = [];
      try {
        load({ retainDays: wrong });
      } catch (error) {
        problems = (error as ConfigurationError).problems;
      }
      expect(problems).toEqual([{ path: 'state.retainDays', message: expect.stringMatching(/whole number of days .* or `forever`/), code: 'CONFIG_OWN', params: { en: expect.any(String), nl: expect.stringMatching(/heel aantal dagen/) } }]);
    }
  });

  it('keeps everything with retainDays: forever', async () => {
    const dir = scratchDir('privacy-forever');
    const file = writeTenant(dir, 'bewaar', { retainDays: 'forever' });
    const clock = new MovableClock();
    for (const days of [0, 4000]) {
      clock.time += days * DAY;
      const runtime = await openTenant(file, createRegistry(), { clock });
      try {
        await runtime.engine.sync();
      } finally {
        await runtime.close();
      }
    }
    const bytes = databaseBytes(join(dir, 'state', 'bewaar.sqlite'));
    for (const text of customers.booked) expect([text, bytes.includes(text)]).toEqual([text, true]);
  });

  it('removes booked customers from the database file after state.retainDays; a replay books nothing twice', async () => {
    const dir = scratchDir('privacy-retention');
    const file = writeTenant(dir, 'vergeet', { retainDays: 30 });
    const statePath = join(dir, 'state', 'vergeet.sqlite');
    const clock = new MovableClock();
    const registry = createRegistry();
    const run = async (work: (runtime: Awaited<ReturnType<typeof openTenant>>) => Promise<void>) => {
      const runtime = await openTenant(file, registry, { clock });
      try {
        await work(runtime);
      } finally {
        await runtime.close();
      }
    };
    const ours = () => mutations().filter((m) => String(m.Factuurnummer ?? '').startsWith('VER-'));

    await run(async (runtime) => {
      const summary = await runtime.engine.sync();
      expect(summary.counts).toMatchObject({ booked: 3, parked: 1 });
    });
    const bookedCount = ours().length;
    expect(bookedCount).toBe(3);
    for (const text of [...customers.booked, ...customers.parked]) expect([text, databaseBytes(statePath).includes(text)]).toEqual([text, true]);

    // 31 days later, the next run ends with the retention pass.
    clock.time += 31 * DAY;
    await run(async (runtime) => {
      await runtime.engine.sync();
    });
    const after = databaseBytes(statePath);
    for (const text of customers.booked) expect([text, after.includes(text)]).toEqual([text, false]);
    // The parked order is still open in the error queue: its data stays for a retry.
    for (const text of customers.parked) expect([text, after.includes(text)]).toEqual([text, true]);
    expect(readFileSync(join(dir, 'state', 'logs', 'vergeet.log'), 'utf8')).toMatch(/removed personal data older than 30 days/);

    // A replay from the first order: everything is recognised as booked by its keys.
    await run(async (runtime) => {
      await runtime.store.forgetCursors();
      const replay = await runtime.engine.sync();
      // The parked one is read again: still parked, not announced again as newly parked.
      expect(replay.counts).toMatchObject({ booked: 0, skipped: 3, parked: 0, stillParked: 1 });
      expect(replay.outcome).toBe('ok');
      const ledger = await runtime.store.listLedger({ state: 'booked' });
      expect(ledger.map((row) => [row.invoiceNumber, row.sinkId !== null, row.payloadHash !== null, row.bookingJson])).toEqual(
        ledger.map((row) => [row.invoiceNumber, true, true, null]),
      );
    });
    expect(ours().length).toBe(bookedCount);
  });
});
