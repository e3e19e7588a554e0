import { AuthenticationError, TransientError } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

describe('e-Boekhouden sessions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('opens one session per run, reuses it across calls, identifies Koppelwerk and closes it at the end', async () => {
    await h.sink.ensureRelation(relationToEnsure('K1'));
    await Promise.all([1, 2, 3, 4].map((n) => h.sink.bookJournalEntry(journalEntry(`F-${n}`, 'K1'))));
    await h.sink.listLedgers();
    expect(h.sim.calls().OpenSession).toBe(1);
    expect(h.sim.sources()).toEqual(['Koppelwerk']);
    expect(h.sim.state().openSessions).toBe(1);
    await h.sink.close();
    await h.sink.close();
    expect(h.sim.state().openSessions).toBe(0);
    expect(h.sim.calls().CloseSession).toBe(1);
  });

  it('reopens once after the service expires the session (E0023) and retries the call', async () => {
    await h.sink.ensureRelation(relationToEnsure('K1'));
    h.sim.expireSessions();
    await expect(h.sink.bookJournalEntry(journalEntry('F-1', 'K1'))).resolves.toEqual({ sinkId: '1' });
    expect(h.sim.calls().OpenSession).toBe(2);
    expect(h.sim.calls().AddMutatie).toBe(2);
    expect(h.logger.text()).toMatch(/session expired; opening a new one/);
  });

  it('renews an idle session once for concurrent callers', async () => {
    // The simulator's sessions age by a clock the test moves: no waiting, however busy the machine.
    let now = 0;
    await h.close();
    h = await startHarness({ sessionIdleMs: 20 * 60_000, now: () => now });
    await h.sink.listLedgers();
    now += 20 * 60_000 + 1;
    await Promise.all([h.sink.listLedgers(), h.sink.listRelations(), h.sink.listArticles()]);
    expect(h.sim.calls().OpenSession).toBe(2);
    expect(h.logger.text()).toMatch(/session expired; opening a new one/);
  });

  it('turns a changed password into an authentication error with where to find the new codes', async () => {
    await h.sink.listLedgers();
    h.sim.rotateCredentials();
    const error = await h.sink.bookJournalEntry(journalEntry('F-1', 'K1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).hint).toMatch(/Beheer > Inrichting > Instellingen > Koppelingen > API\/SOAP/);
  });

  it('keeps the dot red until the new codes are saved, then green again', async () => {
    const newCodes = h.sim.rotateCredentials();
    const red = await h.sink.check();
    expect(red).toMatchObject({ ok: false, errorClass: 'authentication', reason: 'e-Boekhouden refused the username and security codes' });
    expect(red.hint).toMatch(/password changes/);
    expect(await h.sink.check()).toMatchObject({ ok: false });
    const renewed = h.connect({ securityCode1: newCodes.securityCode1, securityCode2: newCodes.securityCode2 });
    expect(await renewed.check()).toEqual({ ok: true });
  });

  it('reports a revoked login as red, not as a network problem', async () => {
    h.sim.revokeCredentials();
    expect(await h.sink.check()).toMatchObject({ ok: false, errorClass: 'authentication' });
  });

  it('fails with a transient error when the session expires again right after renewal', async () => {
    h.sim.setSessionIdleMs(-1);
    // A write reopens once and then gives up (reads would also be retried with backoff).
    await h.sink.ensureRelation(relationToEnsure('K9')).catch(() => undefined);
    const before = h.sim.calls().OpenSession;
    const error = await h.sink.bookJournalEntry(journalEntry('F-EXP', 'K9')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe('E0023');
    expect(h.sim.calls().OpenSession - before).toBe(1);
  });
});

describe('administrations (accountants)', () => {
  const other = { Bedrijf: 'Bakkerij De Korenschoof', Plaats: 'Zwolle', Guid: 'A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF', StartBoekjaar: '2022' };
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: { administraties: [other] } }, { administration: 'Bakkerij De Korenschoof' });
  });
  afterEach(() => h.close());

  it('opens a sub-administration by name (GetAdministraties + OpenSessionSub) and books there', async () => {
    await h.sink.ensureRelation(relationToEnsure('K1'));
    await h.sink.bookJournalEntry(journalEntry('F-1', 'K1'));
    const [main, bakery] = h.sim.state().administraties;
    expect(main.mutaties).toHaveLength(0);
    expect(bakery.mutaties).toHaveLength(1);
    expect(h.sim.calls().OpenSessionSub).toBe(1);
    expect(h.sim.state().openSessions).toBe(1);
  });

  it('says which administrations exist when the configured one does not', async () => {
    const sink = h.connect({ administration: 'Slagerij' });
    const result = await sink.check();
    expect(result).toMatchObject({ ok: false, errorClass: 'configuration' });
    expect(result.reason).toMatch(/no administration "Slagerij"; it has: .*"Bakkerij De Korenschoof"/);
  });

  it('accepts the administration GUID too', async () => {
    expect(await h.connect({ administration: other.Guid.toLowerCase() }).check()).toEqual({ ok: true });
  });
});
