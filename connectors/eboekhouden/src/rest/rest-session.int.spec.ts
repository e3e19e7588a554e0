/** The REST session over the simulator: one per run, renewed before it ends and once on 401, revoked at the end; the token never shows. */
import { AccountingSink, AuthenticationError, MemoryLogger, Redactor, collectSecrets, createTenantContainer, parseConfig, type Booking } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, simulatorSettings } from '../__fixtures__/sink-harness';
import { eboekhoudenConfigSchema, type EboekhoudenConfigInput } from '../eboekhouden-config';
import { eboekhoudenManifest } from '../eboekhouden-manifest';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '../simulator/eboekhouden-simulator';
import { RestClient } from './rest-client';

jest.setTimeout(60_000);

let clock = Date.UTC(2025, 4, 1, 9, 0, 0);
let sim: EboekhoudenSimulator;

function open(extra: Partial<EboekhoudenConfigInput> = {}) {
  const config = parseConfig(eboekhoudenConfigSchema, { ...simulatorSettings(sim), ...extra });
  const redactor = new Redactor(collectSecrets(eboekhoudenConfigSchema, config));
  const logger = new MemoryLogger([], {}, redactor);
  const container = createTenantContainer({ tenant: 't', runId: 'r', logger, redactor, sink: { manifest: eboekhoudenManifest, config } });
  const client = container.get(RestClient);
  client.now = () => clock;
  return { sink: container.get<AccountingSink>(AccountingSink), client, logger };
}

const lookup = (invoiceNumber: string): Booking => ({ documentKey: `x:${invoiceNumber}`, relation: relationToEnsure('K1'), entry: journalEntry(invoiceNumber, 'K1'), warnings: [], explain: [] });
const calls = (key: string) => sim.calls()[key] ?? 0;

beforeEach(async () => {
  sim = await startEboekhoudenSimulator({ api: 'rest', now: () => clock, restSessionSeconds: 600 });
});
afterEach(() => sim.close());

it('opens one session for a whole run, whatever the number of calls, and revokes it at the end', async () => {
  const { sink, client } = open();
  expect(await sink.check({ ledgers: ['1300', '8000'], vatCodes: ['HOOG_VERK_21'] })).toEqual({ ok: true });
  await Promise.all(['A-1', 'A-2', 'A-3'].map((n) => sink.findBooked(lookup(n))));
  await sink.ensureRelation(relationToEnsure('K1'));
  expect(calls('POST /v1/session')).toBe(1);
  expect(client.opened).toBe(1);
  await sink.close();
  await sink.close();
  expect(calls('DELETE /v1/session')).toBe(1);
  expect(sim.sources()).toContain('Koppelwerk');
});

it('names itself with the configured source', async () => {
  const { sink } = open({ source: 'Webwinkel1' });
  await sink.findBooked(lookup('S-1'));
  expect(sim.sources()).toContain('Webwinkel1');
});

it('renews the session shortly before expiresIn ends, without waiting for a 401', async () => {
  const { sink, client } = open();
  await sink.findBooked(lookup('R-1'));
  clock += 580_000; // 20 s before the 10 minutes end: inside the renewal margin, still valid
  await sink.findBooked(lookup('R-2'));
  expect(client.opened).toBe(2);
  expect(calls('POST /v1/session')).toBe(2);
  // No call was refused on the way: each of the two look-ups reached the API once.
  expect(calls('GET /v1/mutation')).toBe(2);
});

it('opens a new session once when a call answers 401, and carries the call out', async () => {
  const { sink, client } = open();
  await sink.findBooked(lookup('E-1'));
  sim.expireSessions();
  await sink.ensureRelation(relationToEnsure('K2'));
  const booked = await sink.bookJournalEntry(journalEntry('E-2', 'K2'));
  expect(booked.sinkId).toMatch(/^\d+$/);
  expect(client.opened).toBe(2);
});

it('stops at an authentication error when the token itself was revoked (no loop), and check turns red with where to get a token', async () => {
  const { sink, logger } = open();
  await sink.findBooked(lookup('V-1'));
  sim.revokeAccessToken();
  const sessionsBefore = calls('POST /v1/session');
  await expect(sink.findBooked(lookup('V-2'))).rejects.toBeInstanceOf(AuthenticationError);
  expect(calls('POST /v1/session')).toBe(sessionsBefore + 1);
  const red = await open().sink.check();
  expect(red).toMatchObject({ ok: false, errorClass: 'authentication', reason: 'e-Boekhouden refused the API token' });
  expect(red.hint).toContain('Beheer > Inrichting > Koppelingen > API');
  expect(JSON.stringify(red) + logger.text()).not.toContain(sim.accessToken);
});

it('never lets the API token or a session token reach a log line or an error', async () => {
  const { sink, logger } = open();
  await sink.findBooked(lookup('L-1'));
  sim.expireSessions();
  await sink.findBooked(lookup('L-2'));
  await sink.close();
  const text = logger.text();
  expect(text).toContain('e-Boekhouden session opened');
  expect(text).not.toContain(sim.accessToken);
  expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/); // a session token (32 random bytes, base64url)
});
