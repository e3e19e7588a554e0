/**
 * The metrics as Prometheus reads them: the text of `/metrics` (served on its own port, as
 * `daemon --metrics-port` does) parsed back into samples.
 */
import { AuthenticationError, TransientError } from '@koppelwerk/core';
import { emptyCounts, type SyncSummary } from '@koppelwerk/engine';
import { KoppelwerkMetrics, type TenantGaugeState } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { parsePrometheusText } from './prometheus-text';

function summary(overrides: Omit<Partial<SyncSummary>, 'counts'> & { counts?: Partial<SyncSummary['counts']> } = {}): SyncSummary {
  const { counts, ...rest } = overrides;
  return {
    runId: 'run-1',
    mode: 'sync',
    counts: { ...emptyCounts(), ...counts },
    outcome: 'ok',
    exitCode: 0,
    stopped: false,
    reached: { source: true, sink: true },
    startedAt: '2025-03-03T08:00:00.000Z',
    endedAt: '2025-03-03T08:00:12.500Z',
    ...rest,
  };
}

async function scrape(metrics: KoppelwerkMetrics) {
  return parsePrometheusText(await metrics.text());
}

describe('metrics', () => {
  it('counts booked, parked and skipped documents per tenant and times each run by its outcome', async () => {
    const metrics = new KoppelwerkMetrics({ defaultMetrics: false });
    metrics.recordRun('bakkerij', summary({ counts: { read: 9, booked: 5, parked: 2, skipped: 1 } }));
    metrics.recordRun('bakkerij', summary({ outcome: 'parked', counts: { booked: 1, parked: 1 }, endedAt: '2025-03-03T08:03:00.000Z' }));
    metrics.recordRun('slagerij', summary({ outcome: 'authentication', counts: { read: 4 } }));
    // A dry run books nothing: it is left out.
    metrics.recordRun('slagerij', summary({ mode: 'dry-run', counts: { booked: 40 } }));

    const parsed = await scrape(metrics);
    expect(parsed.types.koppelwerk_documents_total).toBe('counter');
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'booked' })).toBe(6);
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'parked' })).toBe(3);
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'skipped' })).toBe(1);
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'slagerij', outcome: 'booked' })).toBe(0);

    expect(parsed.types.koppelwerk_run_duration_seconds).toBe('histogram');
    expect(parsed.value('koppelwerk_run_duration_seconds_count', { tenant: 'bakkerij', outcome: 'ok' })).toBe(1);
    expect(parsed.value('koppelwerk_run_duration_seconds_sum', { tenant: 'bakkerij', outcome: 'ok' })).toBe(12.5);
    expect(parsed.value('koppelwerk_run_duration_seconds_sum', { tenant: 'bakkerij', outcome: 'parked' })).toBe(180);
    // 12.5 s falls in the 30 s bucket, not in the 10 s one.
    expect(parsed.value('koppelwerk_run_duration_seconds_bucket', { tenant: 'bakkerij', outcome: 'ok', le: '10' })).toBe(0);
    expect(parsed.value('koppelwerk_run_duration_seconds_bucket', { tenant: 'bakkerij', outcome: 'ok', le: '30' })).toBe(1);
    expect(parsed.value('koppelwerk_run_duration_seconds_count', { tenant: 'slagerij', outcome: 'authentication' })).toBe(1);
  });

  it('gives the last reconciliation\'s differences per kind, every kind named', async () => {
    const metrics = new KoppelwerkMetrics({ defaultMetrics: false });
    metrics.recordReconcile('bakkerij', [{ kind: 'deleted-in-books' }, { kind: 'missing-in-books' }, { kind: 'missing-in-books' }]);
    let parsed = await scrape(metrics);
    expect(parsed.types.koppelwerk_reconcile_differences).toBe('gauge');
    expect(parsed.value('koppelwerk_reconcile_differences', { tenant: 'bakkerij', kind: 'missing-in-books' })).toBe(2);
    expect(parsed.value('koppelwerk_reconcile_differences', { tenant: 'bakkerij', kind: 'deleted-in-books' })).toBe(1);
    expect(parsed.value('koppelwerk_reconcile_differences', { tenant: 'bakkerij', kind: 'unknown-in-books' })).toBe(0);
    // The next reconciliation replaces the last one's figures.
    metrics.recordReconcile('bakkerij', []);
    parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_reconcile_differences', { tenant: 'bakkerij', kind: 'missing-in-books' })).toBe(0);
  });

  it('counts connector calls and their errors by class, with nothing but low-cardinality labels', async () => {
    const metrics = new KoppelwerkMetrics({ defaultMetrics: false });
    const call = { tenant: 'bakkerij', side: 'sink' as const, connector: 'eboekhouden', method: 'bookJournalEntry' };
    metrics.recordCall({ ...call, seconds: 0.2 });
    metrics.recordCall({ ...call, seconds: 0.3, error: new TransientError('HTTP 503') });
    metrics.recordCall({ ...call, seconds: 0.1, error: new AuthenticationError('codes refused') });
    metrics.recordCall({ ...call, method: 'check', seconds: 0.05, error: new Error('socket hang up') });

    const parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', call)).toBe(3);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_sum', call)).toBeCloseTo(0.6, 9);
    expect(parsed.value('koppelwerk_connector_call_errors_total', { ...call, error_class: 'transient' })).toBe(1);
    expect(parsed.value('koppelwerk_connector_call_errors_total', { ...call, error_class: 'authentication' })).toBe(1);
    expect(parsed.value('koppelwerk_connector_call_errors_total', { ...call, method: 'check', error_class: 'other' })).toBe(1);
    const labelNames = new Set(parsed.samples.filter((s) => s.name.startsWith('koppelwerk_connector')).flatMap((s) => Object.keys(s.labels)));
    expect([...labelNames].sort()).toEqual(['connector', 'error_class', 'le', 'method', 'side', 'tenant']);
  });

  it('shows the dots and open errors observed last, and forgets a tenant that is gone', async () => {
    const metrics = new KoppelwerkMetrics({ defaultMetrics: false });
    metrics.observeTenantState({ tenant: 'bakkerij', sourceDot: 'green', sinkDot: 'red', openErrors: 3 });
    metrics.observeTenantState({ tenant: 'slagerij', sourceDot: 'grey', sinkDot: 'green', openErrors: 0 });
    let parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_open_errors', { tenant: 'bakkerij' })).toBe(3);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'sink', state: 'red' })).toBe(1);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'sink', state: 'green' })).toBe(0);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'slagerij', side: 'source', state: 'grey' })).toBe(1);

    metrics.observeTenantState({ tenant: 'bakkerij', sourceDot: 'green', sinkDot: 'green', openErrors: 0 });
    metrics.forgetTenant('slagerij');
    parsed = await scrape(metrics);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'sink', state: 'red' })).toBe(0);
    expect(parsed.value('koppelwerk_open_errors', { tenant: 'bakkerij' })).toBe(0);
    expect(parsed.find('koppelwerk_open_errors', { tenant: 'slagerij' })).toEqual([]);
  });

  it('asks a callback for the dots on every scrape (the dashboard), and shows none for a worker', async () => {
    let states: TenantGaugeState[] = [{ tenant: 'a', sourceDot: 'green', sinkDot: 'green', openErrors: 1 }];
    const fromDirectory = new KoppelwerkMetrics({ defaultMetrics: false, tenantStates: async () => states });
    expect((await scrape(fromDirectory)).value('koppelwerk_open_errors', { tenant: 'a' })).toBe(1);
    states = [{ tenant: 'b', sourceDot: 'red', sinkDot: 'green', openErrors: 7 }];
    const parsed = await scrape(fromDirectory);
    expect(parsed.find('koppelwerk_open_errors', { tenant: 'a' })).toEqual([]);
    expect(parsed.value('koppelwerk_open_errors', { tenant: 'b' })).toBe(7);

    const worker = new KoppelwerkMetrics({ defaultMetrics: false, tenantStates: 'none' });
    worker.observeTenantState({ tenant: 'a', sourceDot: 'red', sinkDot: 'red', openErrors: 9 });
    expect((await scrape(worker)).find('koppelwerk_open_errors')).toEqual([]);
  });

  describe('served on its own port', () => {
    let server: MetricsServer;
    const metrics = new KoppelwerkMetrics();

    beforeAll(async () => {
      metrics.recordRun('bakkerij', summary({ counts: { booked: 2 } }));
      server = await startMetricsServer({ port: 0, registry: metrics.registry });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers GET /metrics with every metric, the process metrics included, all prefixed koppelwerk_', async () => {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const parsed = parsePrometheusText(await response.text());
      expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'booked' })).toBe(2);
      expect(parsed.find('koppelwerk_process_resident_memory_bytes').length + parsed.find('koppelwerk_nodejs_heap_size_used_bytes').length).toBeGreaterThan(0);
      expect(parsed.samples.filter((s) => !s.name.startsWith('koppelwerk_'))).toEqual([]);
    });

    it('answers 404 elsewhere and 405 to anything but GET and HEAD', async () => {
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST', body: 'x' })).status).toBe(405);
      const head = await fetch(server.url, { method: 'HEAD' });
      expect(head.status).toBe(200);
    });
  });
});
