/// <reference types="jest" />
/**
 * The conformance suite every sink connector runs: config, DI wiring, the dot, idempotent
 * relation find-or-create, no repeated booking, transient faults, secrets, and the lookups the
 * manifest declares (describe-lookups.ts).
 */
import { AccountingSink, RejectedError, hasCapability, type Booking, type RunningSimulator } from '@koppelwerk/core';
import { describeConfigSchema, expectNoSecrets, injectFaults, openConnector, UNREACHABLE_ENDPOINT, type ConnectorUnderTest } from './conformance-support';
import { describeLookups } from './describe-lookups';

export interface AccountingSinkUnderTest extends ConnectorUnderTest {
  /** A journal booking the simulator's demo administration accepts, for a new relation. */
  sampleBooking(invoiceNumber: string, relationCode: string): Booking;
}

export function describeAccountingSink(subject: AccountingSinkUnderTest): void {
  describe(`${subject.manifest.id} conforms to AccountingSink`, () => {
    let simulator: RunningSimulator;
    const sinks: AccountingSink[] = [];
    const sinkFor = (settings = subject.configFor(simulator)) => {
      const opened = openConnector(subject, settings);
      const sink = opened.container.get<AccountingSink>(AccountingSink);
      sinks.push(sink);
      return { ...opened, sink };
    };

    beforeAll(async () => {
      simulator = await subject.startSimulator();
    });

    afterAll(async () => {
      await Promise.all(sinks.map((s) => s.close().catch(() => undefined)));
      await simulator?.close();
    });

    describeConfigSchema(subject);
    describeLookups(subject);

    it('declares the journal capability and binds what its manifest declares', () => {
      expect(subject.manifest.kind).toBe('sink');
      expect(hasCapability(subject.manifest, 'journal')).toBe(true);
      const { sink } = sinkFor();
      expect(typeof sink.createInvoice === 'function').toBe(hasCapability(subject.manifest, 'invoice'));
    });

    it('is green with good credentials, red with a reason on bad ones and on an unreachable endpoint', async () => {
      expect(await sinkFor().sink.check()).toMatchObject({ ok: true });
      const wrong = sinkFor(subject.withWrongCredentials(subject.configFor(simulator)));
      const refused = await wrong.sink.check();
      expect(refused).toMatchObject({ ok: false, errorClass: 'authentication' });
      expect(refused.reason).toEqual(expect.any(String));
      const away = await sinkFor({ ...subject.configFor(simulator), endpoint: UNREACHABLE_ENDPOINT }).sink.check();
      expect(away.ok).toBe(false);
      expectNoSecrets([JSON.stringify(refused), JSON.stringify(away), wrong.logger.text()], wrong.secrets);
    });

    it('finds or creates a relation once, also when asked concurrently and by a second run', async () => {
      const booking = subject.sampleBooking('KIT-REL-1', 'KITREL1');
      const { sink } = sinkFor();
      const results = await Promise.all(Array.from({ length: 5 }, () => sink.ensureRelation(booking.relation)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.code))).toEqual(new Set(['KITREL1']));
      expect(await sinkFor().sink.ensureRelation(booking.relation)).toMatchObject({ code: 'KITREL1', created: false });
      const relations = await sink.listRelations();
      expect(relations.filter((r) => r.code === 'KITREL1')).toHaveLength(1);
    });

    it('never repeats a booking the sink already has, and finds it by invoice number', async () => {
      const booking = subject.sampleBooking('KIT-BOOK-1', 'KITBOOK1');
      const { sink } = sinkFor();
      expect(await sink.findBooked(booking)).toBeNull();
      await sink.ensureRelation(booking.relation);
      if (booking.entry.type !== 'journal') throw new Error('sampleBooking must return a journal entry');
      const first = await sink.bookJournalEntry(booking.entry);
      expect(first.sinkId).toEqual(expect.any(String));
      let repeated: unknown;
      try {
        await sinkFor().sink.bookJournalEntry(booking.entry);
      } catch (error) {
        repeated = error;
      }
      expect(repeated).toBeInstanceOf(RejectedError);
      expect((repeated as RejectedError).alreadyBooked).toBe(true);
      expect(await sinkFor().sink.findBooked(booking)).toEqual({ sinkId: first.sinkId });
    });

    it('retries transient faults on reads', async () => {
      const { sink, logger, secrets } = sinkFor();
      await injectFaults(simulator, { failNext: 2 });
      expect((await sink.listLedgers()).length).toBeGreaterThan(0);
      expectNoSecrets([logger.text()], secrets);
    });
  });
}
