/**
 * The measuring proxies around a tenant's source and sink: every call is timed until it settles,
 * every throw is counted (and passed on unchanged), pages of `read` are calls, and the wrapped
 * connectors behave exactly like the bare ones.
 */
import { AuthenticationError, RejectedError, type AccountingSink, type CheckResult, type ShopSource, type SourcePage } from '@koppelwerk/core';
import { instrumentConnectors } from './instrument-connectors';
import { KoppelwerkMetrics } from './metrics';
import { parsePrometheusText } from './prometheus-text';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

class FakeSource implements ShopSource {
  // A private field: the proxy must call methods on the real object.
  readonly #pages: SourcePage[] = [
    { items: [], nextCursor: '1' },
    { items: [], nextCursor: '2' },
  ];
  checkAnswer = deferred<CheckResult>();

  check(): Promise<CheckResult> {
    return this.checkAnswer.promise;
  }

  async *read(): AsyncIterable<SourcePage> {
    for (const page of this.#pages) yield page;
    throw new RejectedError('page 3 refused by the shop');
  }
}

function fakeSink(): AccountingSink {
  return {
    check: async () => ({ ok: true }),
    ensureRelation: async (relation) => ({ code: relation.code, created: true }),
    bookJournalEntry: async () => {
      throw new AuthenticationError('security codes refused');
    },
    findBooked: async () => null,
    listLedgers: async () => [],
    listVatCodes: async () => ['HOOG_VERK_21'],
    listArticles: async () => [],
    listRelations: async () => [],
    close: async () => undefined,
  };
}

async function scrape(metrics: KoppelwerkMetrics) {
  return parsePrometheusText(await metrics.text());
}

describe('instrumentConnectors', () => {
  const labels = (side: 'source' | 'sink', method: string) => ({ tenant: 'bakkerij', side, connector: side === 'source' ? 'mijnwebwinkel' : 'eboekhouden', method });

  function setup() {
    const metrics = new KoppelwerkMetrics({ defaultMetrics: false });
    const bare = { source: new FakeSource(), sink: fakeSink() };
    const measured = instrumentConnectors({ ...bare, sourceConnector: 'mijnwebwinkel', sinkConnector: 'eboekhouden' }, metrics, 'bakkerij');
    return { metrics, bare, ...measured };
  }

  it('times a call until its promise settles and passes its result on', async () => {
    const { metrics, bare, source } = setup();
    const answer = source.check();
    // Still in flight: nothing recorded yet.
    expect((await scrape(metrics)).value('koppelwerk_connector_call_duration_seconds_count', labels('source', 'check'))).toBeUndefined();
    bare.source.checkAnswer.resolve({ ok: false, reason: 'token refused' });
    await expect(answer).resolves.toEqual({ ok: false, reason: 'token refused' });
    const parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', labels('source', 'check'))).toBe(1);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_sum', labels('source', 'check'))).toBeGreaterThan(0);
    expect(parsed.find('koppelwerk_connector_call_errors_total')).toEqual([]);
  });

  it('counts a call that throws by its error class and throws the same error on', async () => {
    const { metrics, sink } = setup();
    const entry = {} as Parameters<AccountingSink['bookJournalEntry']>[0];
    await expect(sink.bookJournalEntry(entry)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(sink.bookJournalEntry(entry)).rejects.toThrow('security codes refused');
    await expect(sink.listVatCodes()).resolves.toEqual(['HOOG_VERK_21']);
    const parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', labels('sink', 'bookJournalEntry'))).toBe(2);
    expect(parsed.value('koppelwerk_connector_call_errors_total', { ...labels('sink', 'bookJournalEntry'), error_class: 'authentication' })).toBe(2);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', labels('sink', 'listVatCodes'))).toBe(1);
  });

  it('times each step of read as a call of read, and counts the page that fails', async () => {
    const { metrics, source } = setup();
    const seen: (string | null)[] = [];
    await expect(
      (async () => {
        for await (const page of source.read({ cursor: null })) seen.push(page.nextCursor);
      })(),
    ).rejects.toThrow('page 3 refused');
    expect(seen).toEqual(['1', '2']);
    const parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', labels('source', 'read'))).toBe(3);
    expect(parsed.value('koppelwerk_connector_call_errors_total', { ...labels('source', 'read'), error_class: 'rejected' })).toBe(1);
  });

  it('keeps optional methods absent and leaves the bare connectors unmeasured', async () => {
    const { metrics, bare, source, sink } = setup();
    expect(source.fetch).toBeUndefined();
    expect(source.acknowledge).toBeUndefined();
    expect(sink.createInvoice).toBeUndefined();
    expect(source.check).toBe(source.check); // one wrapper per method, not one per access
    await bare.sink.listLedgers();
    expect((await scrape(metrics)).find('koppelwerk_connector_call_duration_seconds_count')).toEqual([]);
  });
});
