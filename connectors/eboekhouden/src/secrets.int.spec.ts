import { AccountingSink, MemoryLogger, Redactor, createTenantContainer, parseConfig, type LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure } from './__fixtures__/sink-harness';
import { eboekhoudenConfigSchema } from './eboekhouden-config';
import { eboekhoudenManifest } from './eboekhouden-manifest';
import { startEboekhoudenSimulator } from './simulator/eboekhouden-simulator';

const CANARY_1 = 'c0ffee11c0ffee22c0ffee33c0ffee44';
const CANARY_2 = 'DEADBEEF-CAFE-4BAD-BEEF-0123456789AB';
const SESSION_ID = /\{?[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}?/i;

describe('secrets never reach a log line or an error', () => {
  it('keeps the security codes and the session id out of logs and errors, whatever goes wrong', async () => {
    const sim = await startEboekhoudenSimulator({ seed: { users: [{ Username: 'canary.user', SecurityCode1: CANARY_1, SecurityCode2: CANARY_2 }] } });
    // A logger that does NOT redact: what the sink logs must already be clean.
    const logger = new MemoryLogger();
    const config = parseConfig(eboekhoudenConfigSchema, { username: 'canary.user', securityCode1: CANARY_1, securityCode2: CANARY_2, endpoint: sim.endpoint, timeoutMs: 2000 });
    const container = createTenantContainer({ tenant: 't', runId: 'r', logger, redactor: new Redactor(), sink: { manifest: eboekhoudenManifest, config } });
    const sink = container.get<AccountingSink>(AccountingSink);
    const errors: unknown[] = [];
    const collect = (promise: Promise<unknown>) => promise.catch((error: unknown) => errors.push(error));

    await sink.ensureRelation(relationToEnsure('K1'));
    await sink.bookJournalEntry(journalEntry('F-1', 'K1'));
    await collect(sink.bookJournalEntry(journalEntry('F-1', 'K1')));
    sim.faults.set({ failNext: 1 });
    await collect(sink.bookJournalEntry(journalEntry('F-3', 'K1')));
    sim.faults.set({ dropNext: 1 });
    await collect(sink.bookJournalEntry(journalEntry('F-4', 'K1')));
    sim.closePeriodUntil('2030-01-01');
    await collect(sink.bookJournalEntry(journalEntry('F-2', 'K1', { date: '2024-01-01' as LocalDate })));
    sim.expireSessions();
    await sink.listLedgers();
    sim.revokeCredentials();
    await collect(sink.listRelations());
    const check = await sink.check();
    await sink.close();
    await sim.close();

    expect(errors.length).toBeGreaterThanOrEqual(5);
    const everything = [
      logger.text(),
      JSON.stringify(check),
      ...errors.map((e) => JSON.stringify({ message: (e as Error).message, stack: (e as Error).stack, hint: (e as { hint?: string }).hint, cause: String((e as Error).cause ?? '') })),
    ].join('\n');
    expect(everything).not.toContain(CANARY_1);
    expect(everything.toLowerCase()).not.toContain(CANARY_2.toLowerCase());
    expect(everything).not.toMatch(SESSION_ID);
  });
});
