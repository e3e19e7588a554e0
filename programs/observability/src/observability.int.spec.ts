/**
 * Metrics and alerts through the real path: a tenant runtime against the MijnWebwinkel and
 * e-Boekhouden simulators over loopback, its source and sink instrumented as tenant-runtime.ts
 * does it, a real run and real checks, the observer after each; then /metrics parsed and the
 * webhook receiver's alerts read. The codes change in e-Boekhouden: the sink's dot turns red,
 * one alert says so, and the metrics show it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryLogger } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SyncEngine } from '@koppelwerk/engine';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { checkTenant, createRegistry, openTenant, type TenantRuntime } from '@koppelwerk/runtime';
import { scratchDir } from '@koppelwerk/runtime/testing';
import type { Alert } from './alert';
import { AlertNotifier } from './alert-notifier';
import { instrumentConnectors } from './instrument-connectors';
import { KoppelwerkMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { parsePrometheusText } from './prometheus-text';
import { TenantObserver } from './tenant-observer';

describe('metrics and alerts of a real tenant run', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let server: MetricsServer;
  const alerts: Alert[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      alerts.push(JSON.parse(body) as Alert);
      response.writeHead(204).end();
    });
  });
  const metrics = new KoppelwerkMetrics();
  const logger = new MemoryLogger();

  beforeAll(async () => {
    const seed = generateBookableOrders(4, 17);
    seed.orders[3].currency = 'USD'; // booked in euros only: this one is parked
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: seed as unknown as Record<string, unknown> });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    server = await startMetricsServer({ port: 0, registry: metrics.registry });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close(), server?.close(), new Promise<void>((resolve) => receiver.close(() => resolve()))]);
  });

  /** The tenant's runtime with its engine on the measured source and sink (the wiring tenant-runtime.ts gets). */
  async function openMeasured(file: string): Promise<TenantRuntime> {
    const runtime = await openTenant(file, createRegistry());
    const { source, sink } = instrumentConnectors(
      { source: runtime.source, sink: runtime.sink, sourceConnector: runtime.config.source.manifest.id, sinkConnector: runtime.config.sink.manifest.id },
      metrics,
      runtime.config.tenant,
    );
    const engine = new SyncEngine({
      source,
      sink,
      mapper: runtime.config.mapping,
      store: runtime.store,
      logger: runtime.logger,
      redactor: runtime.redactor,
      loadMappingContext: async () => ({ articles: await sink.listArticles() }),
    });
    return { ...runtime, source, sink, engine };
  }

  const scrape = async () => parsePrometheusText(await (await fetch(server.url)).text());

  it('counts the documents, times the run and every call, shows the dots and tells the red sink once', async () => {
    const dir = scratchDir('observability');
    const file = join(dir, 'bakkerij.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'bakkerij',
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { relations: { codePrefix: 'BAK' }, texts: { invoiceNumber: 'BAK-{number}' } },
      }),
    );
    const webhook = AlertNotifier.fromSettings(
      { openErrorsAbove: 0, webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, timeoutMs: 10_000, retries: 1 }, secrets: [] },
      { logger, sleep: async () => undefined },
    );
    expect(webhook.channelNames).toEqual([expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+$/)]);
    const observer = new TenantObserver({ metrics, notifier: webhook, logger });

    const runtime = await openMeasured(file);
    try {
      await checkTenant(runtime);
      await observer.afterCheck(runtime);
      const summary = await runtime.engine.sync({ runId: runtime.runId });
      expect(summary.counts).toMatchObject({ booked: 3, parked: 1 });
      await observer.afterRun(runtime, summary);
    } finally {
      await runtime.close();
    }
    await webhook.settled();

    let parsed = await scrape();
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'booked' })).toBe(3);
    expect(parsed.value('koppelwerk_documents_total', { tenant: 'bakkerij', outcome: 'parked' })).toBe(1);
    expect(parsed.value('koppelwerk_run_duration_seconds_count', { tenant: 'bakkerij', outcome: 'parked' })).toBe(1);
    const sinkCalls = (method: string) => parsed.value('koppelwerk_connector_call_duration_seconds_count', { tenant: 'bakkerij', side: 'sink', connector: 'eboekhouden', method });
    expect(sinkCalls('bookJournalEntry')).toBe(3);
    expect(sinkCalls('check')).toBe(1);
    expect(parsed.value('koppelwerk_connector_call_duration_seconds_count', { tenant: 'bakkerij', side: 'source', connector: 'mijnwebwinkel', method: 'read' })).toBeGreaterThanOrEqual(1);
    expect(parsed.value('koppelwerk_open_errors', { tenant: 'bakkerij' })).toBe(1);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'sink', state: 'green' })).toBe(1);
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'source', state: 'green' })).toBe(1);
    // One parked order is more than 0 open errors: told once; both dots green: nothing to tell.
    expect(alerts.map((a) => [a.event, a.openErrors])).toEqual([['errors-above', 1]]);
    expect(JSON.stringify(parsed.samples)).not.toContain('BAK-'); // no document keys in labels

    // The password changes in e-Boekhouden: the codes in the tenant file are refused.
    const { securityCode1, securityCode2 } = bookkeeping.credentials;
    bookkeeping.rotateCredentials();
    for (let i = 0; i < 2; i++) {
      const again = await openMeasured(file);
      try {
        await checkTenant(again);
        await observer.afterCheck(again);
      } finally {
        await again.close();
      }
    }
    await webhook.settled();
    parsed = await scrape();
    expect(parsed.value('koppelwerk_dot_state', { tenant: 'bakkerij', side: 'sink', state: 'red' })).toBe(1);
    expect(alerts.slice(1)).toEqual([expect.objectContaining({ tenant: 'bakkerij', event: 'dot-red', side: 'sink', reason: expect.any(String) })]);
    expect(alerts[1].reason).not.toMatch(/undefined/);
    for (const secret of [securityCode1, securityCode2]) expect(JSON.stringify(alerts) + logger.text()).not.toContain(secret);
  });
});
