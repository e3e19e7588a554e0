/**
 * `koppelwerk daemon` as a process: a directory with two tenants, both run, and SIGTERM ends it
 * cleanly (exit 0) with nothing in doubt, also in the middle of a run. The daemon keeps each
 * tenant's runtime between runs, and its next run still sees a changed tenant file or secret.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { parsePrometheusText } from '@koppelwerk/observability';
import { cli, startCli } from './testing/cli-process';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';

const TIMEOUT_MS = 90_000;

describe('koppelwerk daemon', () => {
  let sink: EboekhoudenSimulator;
  let shops: RunningMijnwebwinkelSimulator[];
  let dir: string;

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0 });
    shops = await Promise.all([
      startMijnwebwinkelSimulator({ port: 0 }),
      startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: 300, randomSeed: 31 }) as unknown as Record<string, unknown> }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([sink?.close(), ...(shops ?? []).map((shop) => shop.close())]);
  });

  beforeEach(() => {
    dir = scratchDir('daemon');
    sink.faults.reset();
  });

  function writeTenant(name: string, prefix: string, shop: RunningMijnwebwinkelSimulator): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      stringify({
        tenant: name,
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
        mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
      }),
    );
    return file;
  }

  function bookedWith(prefix: string): string[] {
    return sink
      .state()
      .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
      .filter((n) => n.startsWith(`${prefix}-`));
  }

  async function inDoubt(tenant: string): Promise<number> {
    const store = new SqliteStateStore({ path: join(dir, 'state', `${tenant}.sqlite`) });
    try {
      return (await store.listLedger({ state: 'in-doubt' })).length;
    } finally {
      await store.close();
    }
  }

  it('runs both tenants of the directory and stops cleanly on SIGTERM', async () => {
    writeTenant('alpha', 'ALP', shops[0]);
    writeTenant('beta', 'BET', shops[0]);
    const daemon = startCli(['daemon', dir, '--run-at-start']);
    await daemon.waitFor(/"tenant":"alpha"[^\n]*"msg":"sync finished: (ok|parked)"/);
    await daemon.waitFor(/"tenant":"beta"[^\n]*"msg":"sync finished: (ok|parked)"/);
    await daemon.waitFor(/"tenant":"alpha"[^\n]*"msg":"connections checked"/);
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"daemon stopped"/);

    for (const prefix of ['ALP', 'BET']) {
      const numbers = bookedWith(prefix);
      expect(numbers.length).toBeGreaterThan(10);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
    expect(await inDoubt('alpha')).toBe(0);
    expect(await inDoubt('beta')).toBe(0);
    // Every line is a JSON object; no secret reaches the log.
    for (const line of result.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    for (const secret of [shops[0].credentials.token, sink.credentials.securityCode1, sink.credentials.securityCode2]) expect(result.stdout).not.toContain(secret);
  }, TIMEOUT_MS);

  it('on SIGTERM in the middle of a run finishes the documents in flight, leaves nothing in doubt, and exits 0', async () => {
    writeTenant('gamma', 'GAM', shops[1]);
    sink.faults.set({ latencyMs: 5 });
    const before = sink.calls().AddMutatie ?? 0;
    const daemon = startCli(['daemon', dir, '--run-at-start']);
    await daemon.waitFor(/"tenant":"gamma"[^\n]*"msg":"sync started"/);
    while ((sink.calls().AddMutatie ?? 0) < before + 20) await new Promise((resolve) => setTimeout(resolve, 2));
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"stopped":true/);
    expect(await inDoubt('gamma')).toBe(0);
    const stoppedAt = bookedWith('GAM').length;
    expect(stoppedAt).toBeGreaterThanOrEqual(20);

    // The rest is booked by the next run, nothing twice.
    sink.faults.reset();
    const rest = await cli(['sync', join(dir, 'gamma.yaml'), '--json']);
    expect([0, 1]).toContain(rest.code);
    const numbers = bookedWith('GAM');
    expect(numbers.length).toBeGreaterThan(stoppedAt);
    expect(new Set(numbers).size).toBe(numbers.length);
  }, TIMEOUT_MS);

  it('serves its metrics with --metrics-port and sends an alert to the webhook of koppelwerk.yaml', async () => {
    writeTenant('delta', 'DEL', shops[0]);
    // A receiver for the alerts: the threshold 0 makes the first parked document alert.
    const received: Array<{ tenant: string; event: string }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(JSON.parse(body) as { tenant: string; event: string });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    writeFileSync(join(dir, 'koppelwerk.yaml'), stringify({ alerts: { openErrorsAbove: 0, webhook: { url: hook } } }));
    try {
      const daemon = startCli(['daemon', dir, '--run-at-start', '--metrics-port', '0']);
      await daemon.waitFor(/"msg":"metrics on (http:\/\/[^"]+)"/);
      const url = /"msg":"metrics on (http:\/\/[^"]+)"/.exec(daemon.stdout())![1];
      await daemon.waitFor(/"tenant":"delta"[^\n]*"msg":"sync finished: (ok|parked)"/);
      const metrics = parsePrometheusText(await (await fetch(url)).text());
      daemon.child.kill('SIGTERM');
      expect((await daemon.done).code).toBe(0);

      expect(metrics.value('koppelwerk_documents_total', { tenant: 'delta', outcome: 'booked' })).toBe(bookedWith('DEL').length);
      // Every sink call was timed, by method.
      const timed = metrics.find('koppelwerk_connector_call_duration_seconds_count', { tenant: 'delta', side: 'sink' });
      expect(timed.reduce((sum, sample) => sum + sample.value, 0)).toBeGreaterThan(0);
      // The seed parks its foreign-currency orders: the open errors rose past 0, told once.
      const parked = metrics.value('koppelwerk_documents_total', { tenant: 'delta', outcome: 'parked' }) ?? 0;
      if (parked > 0) expect(received.filter((alert) => alert.tenant === 'delta' && alert.event === 'errors-above')).toHaveLength(1);
      else expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, TIMEOUT_MS);

  /** Resolves with the first stdout line written from now on that matches (an event, not a wait). */
  function nextLine(daemon: ReturnType<typeof startCli>, pattern: RegExp): Promise<string> {
    const from = daemon.stdout().length;
    return new Promise((resolve, reject) => {
      const look = () => {
        const found = daemon.stdout().slice(from).split('\n').find((line) => pattern.test(line));
        if (!found) return false;
        daemon.child.stdout!.off('data', onData);
        daemon.child.off('exit', onExit);
        resolve(found);
        return true;
      };
      const onData = () => void setImmediate(look);
      const onExit = () => (look() ? undefined : reject(new Error(`the daemon ended before a line matched ${pattern}`)));
      daemon.child.stdout!.on('data', onData);
      daemon.child.on('exit', onExit);
    });
  }

  /** The contra ledgers of a tenant's mutations, by invoice number. */
  function ledgersOf(simulator: EboekhoudenSimulator, prefix: string): Map<string, string[]> {
    const ledgers = new Map<string, string[]>();
    for (const mutatie of simulator.state().administraties[0].mutaties) {
      const number = String(mutatie.Factuurnummer);
      if (!number.startsWith(`${prefix}-`)) continue;
      const rows = (mutatie.MutatieRegels as { cMutatieListRegel?: unknown } | undefined)?.cMutatieListRegel;
      const list = (Array.isArray(rows) ? rows : rows ? [rows] : []) as { TegenrekeningCode?: unknown }[];
      ledgers.set(number, [...new Set(list.map((row) => String(row.TegenrekeningCode)))]);
    }
    return ledgers;
  }

  it("keeps each tenant's runtime between runs, and its next run uses a changed tenant file and a changed ${file:} secret", async () => {
    // Lambda's ledger changes in its file; kappa's REST token is a secret file that is rotated.
    const shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: 6, randomSeed: 5, quirks: false, creditShare: 0 }) as unknown as Record<string, unknown> });
    const rest = await startEboekhoudenSimulator({ port: 0, api: 'rest' });
    try {
      const lambda = (ledger: string) =>
        stringify({
          tenant: 'lambda',
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
          mapping: { relations: { codePrefix: 'LAM' }, texts: { invoiceNumber: 'LAM-{number}' }, currency: { foreign: 'book-as-euro' }, ledgers: { sales: { default: ledger } } },
          schedule: { everyMinutes: 1 },
        });
      writeFileSync(join(dir, 'lambda.yaml'), lambda('8000'));
      writeFileSync(join(dir, 'kappa-token.txt'), rest.accessToken);
      writeFileSync(
        join(dir, 'kappa.yaml'),
        stringify({
          tenant: 'kappa',
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: rest.url, settings: { api: 'rest', accessToken: '${file:kappa-token.txt}' } },
          mapping: { relations: { codePrefix: 'KAP' }, texts: { invoiceNumber: 'KAP-{number}' }, currency: { foreign: 'book-as-euro' } },
          schedule: { everyMinutes: 1 },
        }),
      );
      const daemon = startCli(['daemon', dir, '--run-at-start'], {}, 170_000);
      const firstRuns = [nextLine(daemon, /"tenant":"lambda"[^\n]*"msg":"sync finished: ok"/), nextLine(daemon, /"tenant":"kappa"[^\n]*"msg":"sync finished: ok"/)];
      await Promise.all(firstRuns);
      const booked = { lambda: ledgersOf(sink, 'LAM'), kappa: ledgersOf(rest, 'KAP') };
      expect(booked.lambda.size).toBeGreaterThan(0);
      expect([...booked.lambda.values()].flat()).not.toContain('8010');
      expect(booked.kappa.size).toBeGreaterThan(0);

      // Both changes, each seen by a scan of the directory; the token is rotated before its file
      // is rewritten, so a runtime kept with the old token could no longer book.
      const changed = [nextLine(daemon, /"tenant":"lambda"[^\n]*"msg":"tenant changed"/), nextLine(daemon, /"secretFile":"[^"]*kappa-token\.txt"/)];
      writeFileSync(join(dir, 'lambda.yaml.new'), lambda('8010'));
      renameSync(join(dir, 'lambda.yaml.new'), join(dir, 'lambda.yaml'));
      const token = rest.rotateAccessToken();
      writeFileSync(join(dir, 'kappa-token.txt.new'), token);
      renameSync(join(dir, 'kappa-token.txt.new'), join(dir, 'kappa-token.txt'));
      await Promise.all(changed);

      // New orders, booked by each tenant's next run.
      const nextRuns = [
        nextLine(daemon, /"tenant":"lambda"[^\n]*"booked":[1-9][^\n]*"msg":"sync finished/),
        nextLine(daemon, /"tenant":"kappa"[^\n]*"booked":[1-9][^\n]*"msg":"sync finished/),
      ];
      const arrived = new ArrivingOrders(shop).add(2);
      const [lambdaRun, kappaRun] = await Promise.all(nextRuns);
      daemon.child.kill('SIGTERM');
      const result = await daemon.done;
      expect(result.code).toBe(0);

      expect(JSON.parse(lambdaRun)).toMatchObject({ outcome: 'ok' });
      expect(JSON.parse(kappaRun)).toMatchObject({ outcome: 'ok' });
      const lambdaNow = ledgersOf(sink, 'LAM');
      for (const number of arrived) expect(lambdaNow.get(`LAM-${number}`)).toEqual(['8010']);
      const kappaNow = ledgersOf(rest, 'KAP');
      for (const number of arrived) expect(kappaNow.has(`KAP-${number}`)).toBe(true);
      // The old token never reached a run: no run of kappa failed to log in.
      expect(result.stdout).not.toMatch(/"tenant":"kappa"[^\n]*"msg":"sync finished: authentication"/);
      expect(result.stdout).not.toContain(token);
      // Each run has its own runId, on a runtime kept between them.
      const runIds = result.stdout.split('\n').filter((line) => line.includes('"tenant":"kappa"') && line.includes('"msg":"sync finished')).map((line) => (JSON.parse(line) as { runId: string }).runId);
      expect(new Set(runIds).size).toBe(runIds.length);
    } finally {
      await Promise.all([shop.close(), rest.close()]);
    }
  }, 180_000);

  it('refuses a directory that does not exist with exit code 2', async () => {
    const result = await cli(['daemon', join(dir, 'missing')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read this directory/);
  });
});
