/**
 * A link made without a file: a Mijnwebwinkel -> e-Boekhouden draft becomes init's tenant file with
 * the typed values (comments kept, secrets encrypted), is checked as the CLI checks a file, and is
 * tried against the simulators (both dots, a dry run) without leaving anything behind.
 */
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { createRegistry } from './connectors';
import { encryptionKey } from './secrets/secret-key';
import { encryptSecret } from './secrets/secret-box';
import { checkDraftFile, draftTenantFile, tryDraftFile, type TenantDraft } from './tenant-draft';
import { scratchDir } from './testing/scratch-dir';

const registry = createRegistry();
let shop: RunningMijnwebwinkelSimulator;
let books: EboekhoudenSimulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [shop, books] = await Promise.all([startMijnwebwinkelSimulator({ port: 0 }), startEboekhoudenSimulator({ port: 0 })]);
  env = { ...process.env, KOPPELWERK_SECRET_KEY: undefined, KOPPELWERK_SECRET_KEY_FILE: join(scratchDir('draft-key'), 'secret.key') };
});

afterAll(async () => {
  await Promise.all([shop?.close(), books?.close()]);
});

function draft(overrides: Partial<TenantDraft> = {}): TenantDraft {
  return {
    tenant: 'bakkerij-jansen',
    source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { ...shop.credentials } },
    sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: { ...books.credentials } },
    ledgers: { debtors: '1300', sales: '8010' },
    everyMinutes: 30,
    ...overrides,
  };
}

const encrypt = (plaintext: string) => encryptSecret(plaintext, encryptionKey(env).key);

describe('a tenant link drafted without a file', () => {
  it('becomes the tenant file init writes, with the typed values set, the comments kept and every secret encrypted', () => {
    const text = draftTenantFile(draft(), registry, encrypt);
    expect(text).toContain('tenant: bakkerij-jansen');
    expect(text).toMatch(/^#/m); // init's comments are still there
    expect(text).toContain('everyMinutes: 30');
    expect(text).toMatch(/debtors: "?1300"?/);
    expect(text).toMatch(/default: "?8010"?/);
    for (const secret of [shop.credentials.token, shop.credentials.partner_token, books.credentials.securityCode1, books.credentials.securityCode2]) {
      expect(text).not.toContain(secret);
    }
    expect(text.match(/\$\{encrypted:v1:/g)).toHaveLength(4);
    expect(text).toContain(`username: ${books.credentials.username}`); // no secret: stays as typed
    const config = checkDraftFile(text, registry, join(tmpdir(), 'bakkerij-jansen.yaml'), env);
    expect(config.everyMinutes).toBe(30);
    expect(config.secrets).toEqual(expect.arrayContaining([shop.credentials.token, books.credentials.securityCode1]));
  });

  it('keeps a reference a reference', () => {
    const text = draftTenantFile(draft({ source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: '${file:partner.txt}' } } }), registry, encrypt);
    expect(text).toContain('token: ${env:SHOP_TOKEN}');
    expect(text).toContain('partner_token: ${file:partner.txt}');
    expect(text.match(/\$\{encrypted:v1:/g)).toHaveLength(2);
  });

  it('names what is wrong at its field: an unknown connector, a bad tenant name, and then the settings as the CLI checks them', () => {
    let refused: unknown;
    try {
      draftTenantFile(draft({ tenant: 'Bakkerij Jansen!', source: { connector: 'no-such-shop', settings: {} } }), registry, encrypt);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect((refused as ConfigurationError).problems.map((p) => p.path)).toEqual(['tenant', 'source.connector']);

    const text = draftTenantFile(draft({ sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: { username: 'x', securityCode1: 'tooShortCode1', securityCode2: 'tooShortCode2' } } }), registry, encrypt);
    expect(() => checkDraftFile(text, registry, join(tmpdir(), 'b.yaml'), env)).toThrow(ConfigurationError);
    try {
      checkDraftFile(text, registry, join(tmpdir(), 'b.yaml'), env);
    } catch (error) {
      const paths = (error as ConfigurationError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/^sink\.settings\./)]));
      expect((error as Error).message).not.toMatch(/tooShortCode/);
    }
  });

  it('is tried against the simulators, both dots and a dry run, and leaves nothing behind', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('koppelwerk-draft-'));
    const text = draftTenantFile(draft(), registry, encrypt);
    const trial = await tryDraftFile(text, registry, { dryRun: true, env });
    expect(trial.checks.source.ok).toBe(true);
    expect(trial.checks.sink.ok).toBe(true);
    expect(trial.dryRun?.mode).toBe('dry-run');
    expect(trial.dryRun?.dryRun?.wouldSend.length).toBeGreaterThan(0);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('koppelwerk-draft-'))).toEqual(before);
    // Nothing was booked: the simulator's administration is as it started.
    const state = (await (await fetch(`${books.url}/_sim/state`)).json()) as { administraties: Array<{ mutaties: unknown[] }> };
    expect(state.administraties[0].mutaties).toHaveLength(0);
  });

  it('turns the sink red with the reason when its codes are refused', async () => {
    const text = draftTenantFile(draft({ sink: { connector: 'eboekhouden', endpoint: books.endpoint, settings: { ...books.credentials, securityCode2: 'AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA' } } }), registry, encrypt);
    const trial = await tryDraftFile(text, registry, { env });
    expect(trial.checks.source.ok).toBe(true);
    expect(trial.checks.sink.ok).toBe(false);
    expect(trial.checks.sink.reason ?? '').not.toBe('');
    expect(trial.dryRun).toBeUndefined();
  });

  it('writes the key file privately on the first encryption', () => {
    draftTenantFile(draft(), registry, encrypt);
    expect(statSync(env.KOPPELWERK_SECRET_KEY_FILE!).mode & 0o777).toBe(0o600);
  });
});
