import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { createRegistry, loadTenantConfig } from '@koppelwerk/runtime';
import { captureOutput, scratchDir } from '@koppelwerk/runtime/testing';
import { disconnectCommand } from './disconnect-command';

const CODE1 = 'a'.repeat(32);
const CODE2 = '12345678-1234-1234-1234-123456789abc';

const TENANT = `# the shop of the bakery
tenant: bakery
source:
  connector: mijnwebwinkel
  settings:
    token: \${env:BAKERY_SHOP_TOKEN}   # kept in the environment
    partner_token: partner-canary-0042
sink:
  connector: eboekhouden
  settings:
    username: bakkerij01
    securityCode1: ${CODE1}   # from Beheer > Inrichting
    securityCode2: "${CODE2}"
mapping:
  relations: { codePrefix: BAK }
`;

function setup(): { file: string; store: () => SqliteStateStore } {
  const dir = scratchDir('disconnect');
  const file = join(dir, 'bakery.yaml');
  writeFileSync(file, TENANT);
  return { file, store: () => new SqliteStateStore({ path: join(dir, 'state', 'bakery.sqlite') }) };
}

const capture = () => captureOutput();

async function seedState(store: SqliteStateStore): Promise<void> {
  await store.saveCursor('documents', 'changed-since:2025-03-01');
  await store.saveCheck('source', { ok: true });
  await store.saveCheck('sink', { ok: false, reason: 'credentials refused' });
  await store.recordIntent({ documentKey: '1001', kind: 'sales-order', invoiceNumber: 'BAK-1001', payloadHash: 'h', bookingJson: '{}', mappingVersion: 'm', runId: 'r' });
  await store.recordBooked({ documentKey: '1001', kind: 'sales-order', sinkId: '17', acknowledgeRequired: false, runId: 'r' });
  await store.close();
}

describe('koppelwerk disconnect', () => {
  const registry = createRegistry();

  it('without --yes only lists what it would remove, removes nothing, and exits 64', async () => {
    const { file, store } = setup();
    await seedState(store());
    const { output, text } = capture();
    const code = await disconnectCommand(registry, file, { side: 'sink' }, output);
    expect(code).toBe(64);
    expect(text()).toMatch(/would remove:/);
    expect(text()).toContain('sink.settings.securityCode1: the value written in the tenant file');
    expect(text()).toContain('sink.settings.securityCode2');
    expect(text()).not.toContain('sink.settings.username');
    expect(text()).toMatch(/nothing was removed: run .*--yes/);
    expect(text()).not.toContain(CODE1);
    expect(readFileSync(file, 'utf8')).toBe(TENANT);
    const reopened = store();
    expect((await reopened.getChecks()).map((c) => c.side)).toEqual(['sink', 'source']);
    await reopened.close();
  });

  it('with --yes empties the sink codes in the file, keeps comments and the rest, and forgets only the sink dot', async () => {
    const { file, store } = setup();
    await seedState(store());
    const { output, text } = capture();
    expect(await disconnectCommand(registry, file, { side: 'sink', yes: true }, output)).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain(CODE1);
    expect(written).not.toContain(CODE2);
    expect(written).toMatch(/securityCode1: ""\s+# from Beheer > Inrichting/);
    expect(written).toContain('username: bakkerij01');
    expect(written).toContain('# the shop of the bakery');
    expect(written).toContain('partner-canary-0042');
    expect(text()).toMatch(/to reconnect: fill in the sink's settings/);

    const reopened = store();
    expect((await reopened.getChecks()).map((c) => c.side)).toEqual(['source']);
    expect(await reopened.getCursor('documents')).toBe('changed-since:2025-03-01');
    expect(await reopened.getLedgerEntry({ documentKey: '1001', kind: 'sales-order' })).toMatchObject({ state: 'booked' });
    await reopened.close();

    // The tenant no longer runs: its config says what is missing.
    expect(() => loadTenantConfig(file, registry, { env: { BAKERY_SHOP_TOKEN: 'shop-canary-0099' } })).toThrow(/sink\.settings\.securityCode1/);
    // A second disconnect has nothing left to remove.
    expect(await disconnectCommand(registry, file, { side: 'sink' }, capture().output)).toBe(0);
  });

  it('disconnecting the source forgets its cursor and dot, and names the environment variable to remove', async () => {
    const { file, store } = setup();
    await seedState(store());
    const { output, text } = capture();
    expect(await disconnectCommand(registry, file, { side: 'source', yes: true }, output)).toBe(0);
    expect(text()).toContain('source.settings.token: the reference to environment variable BAKERY_SHOP_TOKEN');
    expect(text()).toMatch(/the documents cursor/);
    expect(text()).not.toContain('partner-canary-0042');
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('BAKERY_SHOP_TOKEN');
    expect(written).not.toContain('partner-canary-0042');
    expect(written).toContain(CODE1);

    const reopened = store();
    expect(await reopened.getCursor('documents')).toBeNull();
    expect((await reopened.getChecks()).map((c) => c.side)).toEqual(['sink']);
    expect(await reopened.getLedgerEntry({ documentKey: '1001', kind: 'sales-order' })).toMatchObject({ state: 'booked' });
    await reopened.close();
  });

  it('refuses while a run of the tenant holds the lock', async () => {
    const { file, store } = setup();
    const busy = store();
    await busy.acquireLock({ runId: 'busy-run', pid: process.pid, host: hostname() }, 60_000);
    const { output, text } = capture();
    expect(await disconnectCommand(registry, file, { side: 'source', yes: true }, output)).toBe(5);
    expect(text()).toMatch(/cannot disconnect now: another run of this tenant is busy/);
    expect(readFileSync(file, 'utf8')).toBe(TENANT);
    await busy.close();
  });

  it('asks which side', async () => {
    const { file } = setup();
    await expect(disconnectCommand(registry, file, {}, capture().output)).rejects.toThrow(/--side source or --side sink/);
  });
});
